"""Every request for an authority's data passes through here.

A view declares its scope with one of two decorators, and nothing else is served:

- `@authority_view(capability, write=...)` for every page under `a/<slug:authority>/`: it
  finds the signed-in user's membership of the authority in the URL (404 if there is none,
  so another authority's data is never even confirmed to exist), refuses with 403 a member
  whose role lacks the capability (for a POST, the `write` capability if given), and calls
  the view with an `AuthorityRequest`. The view then reaches every object through
  `request.authority`.
- `@unscoped_view("reason")` for the few pages that belong to no authority (signing in, the
  health check, the list of the user's own authorities).

`ScopingMiddleware` (`stocktake.core.middleware`) refuses with 404 any resolved view that
carries neither mark, and a system check (`stocktake.core.checks`) refuses to start when a URL
pattern's view is unmarked, when an `authority` URL leads to an unscoped view, or when a
scoped view sits on a URL without an authority. Class-based views are marked the same way:
`@unscoped_view(...)` on the class, or `@method_decorator(authority_view(...),
name="dispatch")`. See ADR 0002 and ADR 0012.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from stocktake.accounts.models import Authority, Membership, User
from stocktake.accounts.roles import Capability

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)
T = TypeVar("T")

# The attribute both decorators set on the view (or, for `unscoped_view`, on the class).
MARK = "stocktake_scope"


class AuthorityRequest(HttpRequest):
    """The request a scoped view receives: a signed-in member, their membership and the
    authority in the URL, already resolved and checked."""

    user: User  # signed in: never AnonymousUser here
    membership: Membership
    authority: Authority


@dataclass(frozen=True)
class Scoped:
    """An authority's page: who may read it, and who may POST to it."""

    capability: Capability
    write: Capability | None = None

    def needed(self, method: str | None) -> Capability:
        return self.write if (self.write and method == "POST") else self.capability


@dataclass(frozen=True)
class Unscoped:
    """A page that belongs to no authority, and why."""

    reason: str


def membership_for(request: HttpRequest, authority_slug: str) -> Membership:
    """The signed-in user's membership of the authority with this slug; 404 otherwise."""
    user = request.user
    if not isinstance(user, User):  # anonymous: LoginRequiredMiddleware sends them away first
        raise Http404("No such authority")
    try:
        return Membership.objects.for_user(user).get(authority__slug=authority_slug)
    except Membership.DoesNotExist:
        raise Http404("No such authority") from None


def authority_view(
    capability: Capability = Capability.VIEW, *, write: Capability | None = None
) -> Callable[
    [Callable[Concatenate[AuthorityRequest, P], R]], Callable[Concatenate[HttpRequest, str, P], R]
]:
    """Resolve the member's authority; require `capability` to read and `write` to POST.

    The view is called with an `AuthorityRequest`, without the `authority` URL argument."""
    scope = Scoped(capability, write)

    def decorate(
        view: Callable[Concatenate[AuthorityRequest, P], R],
    ) -> Callable[Concatenate[HttpRequest, str, P], R]:
        @wraps(view)
        def wrapper(request: HttpRequest, authority: str, *args: P.args, **kwargs: P.kwargs) -> R:
            membership = membership_for(request, authority)
            if not membership.can(scope.needed(request.method)):
                raise PermissionDenied("Your role does not allow this")
            scoped = cast(AuthorityRequest, request)
            scoped.membership = membership
            scoped.authority = membership.authority
            return view(scoped, *args, **kwargs)

        setattr(wrapper, MARK, scope)
        return wrapper

    return decorate


def unscoped_view(reason: str) -> Callable[[T], T]:
    """Declare that a view (a function, or a class-based view's class) reads nothing of any
    authority's, and say why. Sign-in still applies unless the view opts out of it too."""
    if not reason.strip():
        raise ValueError("Say why the view belongs to no authority")

    def decorate(view: T) -> T:
        setattr(view, MARK, Unscoped(reason))
        return view

    return decorate


def scope_of(view: Any) -> Scoped | Unscoped | None:
    """How a resolved view (a function, or what `as_view()` returned) declares its scope."""
    mark = getattr(view, MARK, None)
    view_class = getattr(view, "view_class", None)
    if mark is None and view_class is not None:  # marked on its own class, not a parent's
        mark = vars(view_class).get(MARK)
    return mark if isinstance(mark, Scoped | Unscoped) else None
