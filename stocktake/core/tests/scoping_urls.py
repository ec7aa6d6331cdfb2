"""URL patterns for the default-deny tests: views declared every way, and each mistake."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.utils.decorators import method_decorator
from django.views import View

from stocktake.accounts.roles import Capability
from stocktake.core.scoping import AuthorityRequest, authority_view, unscoped_view


@authority_view(Capability.VIEW)
def scoped_page(request: AuthorityRequest) -> HttpResponse:
    return HttpResponse(f"page of {request.authority.name}")


@unscoped_view("a test page that belongs to no authority")
def public_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("public")


def forgotten(request: HttpRequest, authority: str = "") -> HttpResponse:
    """A view someone forgot to decorate: it would serve any authority's slug."""
    return HttpResponse(f"open to anyone: {authority}")


@method_decorator(authority_view(Capability.VIEW, write=Capability.EDIT_PLAN), name="dispatch")
class ScopedClassView(View):
    def get(self, request: AuthorityRequest) -> HttpResponse:
        return HttpResponse(f"class page of {request.authority.name}")

    def post(self, request: AuthorityRequest) -> HttpResponse:
        return HttpResponse(f"saved for {request.authority.name}")


class ForgottenClassView(View):
    def get(self, request: HttpRequest, authority: str = "") -> HttpResponse:
        return HttpResponse("open class view")


@unscoped_view("a test class view that belongs to no authority")
class PublicClassView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse("public class view")


class InheritsPublicClassView(PublicClassView):
    """A subclass is a new view: its parent's declaration does not carry over."""


A = "a/<slug:authority>/"

good = [
    path("", include("stocktake.core.urls")),  # the error pages link home
    path("", include("stocktake.accounts.urls")),
    path(A + "scoped/", scoped_page, name="scoped"),
    path(A + "class/", ScopedClassView.as_view(), name="scoped_class"),
    path("public/", public_page, name="public"),
    path("public-class/", PublicClassView.as_view(), name="public_class"),
    # An include under the authority prefix: the kwarg comes from the outer pattern.
    path(A + "nested/", include([path("page/", scoped_page, name="nested")])),
]
bad = [
    path(A + "forgotten/", forgotten, name="forgotten"),
    path("forgotten/", forgotten, name="forgotten_public"),
    path(A + "forgotten-class/", ForgottenClassView.as_view(), name="forgotten_class"),
    path(A + "public/", public_page, name="public_under_authority"),
    path("scoped-without-authority/", scoped_page, name="scoped_without_authority"),
    path("inherits/", InheritsPublicClassView.as_view(), name="inherits"),
]


class Good:
    urlpatterns = good


class Mixed:
    urlpatterns = good + bad
