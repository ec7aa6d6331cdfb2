"""Default deny: a view serves only if it declared its scope, and the declaration fits its URL.

Three guards, each tested: the start-up check (`manage.py check`, and the middleware refusing
to start), the middleware's 404 for an undeclared view reached anyway, and, on the project's
own URLs, that every page under an authority is an `authority_view` taking an
`AuthorityRequest`.
"""

from __future__ import annotations

import inspect

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client, override_settings

from stocktake.accounts.roles import Capability
from stocktake.core import middleware
from stocktake.core.checks import check_url_scopes, routes, url_scope_problems
from stocktake.core.scoping import Scoped, Unscoped, scope_of, unscoped_view
from stocktake.core.tests import scoping_urls

LOOKUP = "stocktake.core.tests.scoping_urls"


def test_the_projects_urls_pass_the_start_up_check():
    assert check_url_scopes() == []
    assert url_scope_problems() == []


def test_every_authority_url_is_an_authority_view_and_every_other_url_is_unscoped():
    project = list(routes())
    scoped = [r for r in project if "authority" in r.kwargs]

    assert len(project) > 80 and len(scoped) > 75  # the walk found every app's URLs
    for route in project:
        expected = Scoped if "authority" in route.kwargs else Unscoped
        assert isinstance(scope_of(route.view), expected), route.route
    unscoped = {r.name for r in project if r not in scoped}
    assert unscoped == {"core:home", "core:healthz", "accounts:login", "accounts:logout"}


def test_every_scoped_view_takes_an_authority_request():
    """mypy checks what a view does with `request`; this checks each one says what it is."""
    for route in routes():
        if isinstance(scope_of(route.view), Scoped):
            view = inspect.unwrap(route.view)
            first = next(iter(inspect.signature(view).parameters.values()))
            assert first.annotation == "AuthorityRequest", route.lookup


def test_the_check_names_each_mistake_and_what_to_do():
    assert url_scope_problems(scoping_urls.good) == []

    problems = url_scope_problems(scoping_urls.bad)

    undeclared = (
        "declares no scope: decorate it with @authority_view(Capability.…) from "
        'stocktake.core.scoping, or, if it belongs to no authority, @unscoped_view("why")'
    )
    assert problems == [
        f"URL “a/<slug:authority>/forgotten/” (forgotten) → {LOOKUP}.forgotten {undeclared}",
        f"URL “forgotten/” (forgotten_public) → {LOOKUP}.forgotten {undeclared}",
        f"URL “a/<slug:authority>/forgotten-class/” (forgotten_class) → "
        f"{LOOKUP}.ForgottenClassView {undeclared}",
        f"URL “a/<slug:authority>/public/” (public_under_authority) → {LOOKUP}.public_page "
        "is under an authority but @unscoped_view: use @authority_view",
        f"URL “scoped-without-authority/” (scoped_without_authority) → {LOOKUP}.scoped_page "
        "is @authority_view but its URL has no <slug:authority>",
        f"URL “inherits/” (inherits) → {LOOKUP}.InheritsPublicClassView {undeclared}",
    ]


@override_settings(ROOT_URLCONF=scoping_urls.Mixed)
def test_manage_py_check_fails_on_an_undeclared_view():
    with pytest.raises(SystemCheckError, match=r"stocktake\.E001.*forgotten"):
        call_command("check")


@override_settings(ROOT_URLCONF=scoping_urls.Mixed)
def test_the_app_refuses_to_start_with_an_undeclared_view(world):
    client = Client()
    client.force_login(world.users["admin"])

    with pytest.raises(ImproperlyConfigured, match="Views must declare their scope") as raised:
        client.get("/public/")
    assert "ForgottenClassView declares no scope" in str(raised.value)


@pytest.fixture
def started_anyway(monkeypatch):
    """As if the start-up check had been skipped: the middleware's 404 is the second line."""
    monkeypatch.setattr(middleware, "_problems_of", lambda resolver: ())


@override_settings(ROOT_URLCONF=scoping_urls.Mixed)
@pytest.mark.parametrize(
    "url",
    [
        "/a/testshire/forgotten/",
        "/forgotten/",
        "/a/testshire/forgotten-class/",
        "/a/testshire/public/",
        "/inherits/",
    ],
)
def test_an_undeclared_or_misplaced_view_is_not_found(world, started_anyway, url):
    client = Client()
    client.force_login(world.users["admin"])

    response = client.get(url)

    assert response.status_code == 404
    assert b"open to anyone" not in response.content
    assert b"open class view" not in response.content


@override_settings(ROOT_URLCONF=scoping_urls.Mixed)
def test_declared_views_are_served(world, started_anyway):
    client = Client()
    client.force_login(world.users["viewer"])

    assert client.get("/a/testshire/scoped/").content == b"page of Testshire"
    assert client.get("/a/testshire/nested/page/").content == b"page of Testshire"
    assert client.get("/public/").content == b"public"
    assert client.get("/public-class/").content == b"public class view"


@override_settings(ROOT_URLCONF=scoping_urls.Good)
def test_a_class_based_view_is_scoped_like_a_function(world):
    def status(role: str, method: str) -> int:
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
        return (client.get if method == "GET" else client.post)("/a/testshire/class/").status_code

    roles = [*world.users, "anonymous"]
    got = {(role, method): status(role, method) for role in roles for method in ("GET", "POST")}

    assert got == {
        ("admin", "GET"): 200,
        ("admin", "POST"): 200,
        ("lead", "GET"): 200,
        ("lead", "POST"): 200,
        ("owner", "GET"): 200,
        ("owner", "POST"): 403,
        ("partner", "GET"): 200,
        ("partner", "POST"): 403,
        ("viewer", "GET"): 200,
        ("viewer", "POST"): 403,
        ("outsider", "GET"): 404,
        ("outsider", "POST"): 404,
        ("anonymous", "GET"): 302,
        ("anonymous", "POST"): 302,
    }


def test_the_marks_record_the_capabilities():
    assert scope_of(scoping_urls.ScopedClassView.as_view()) == Scoped(
        Capability.VIEW, Capability.EDIT_PLAN
    )
    assert scope_of(scoping_urls.public_page) == Unscoped(
        "a test page that belongs to no authority"
    )
    assert scope_of(scoping_urls.forgotten) is None
    with pytest.raises(ValueError, match="Say why"):
        unscoped_view(" ")


def test_an_anonymous_request_reaching_a_scoped_view_is_not_found(world, rf):
    """Sign-in comes first (LoginRequiredMiddleware), but should an anonymous request reach a
    scoped view – say one also marked login_not_required – it is a 404, not a server error
    from looking up the memberships of AnonymousUser."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    request = rf.get("/a/testshire/scoped/")
    request.user = AnonymousUser()

    with pytest.raises(Http404):
        scoping_urls.scoped_page(request, world.authority.slug)
