"""Start-up checks: every URL pattern's view declares its scope, and the declaration fits.

A view under `a/<slug:authority>/` must be `@authority_view`; every other view must be
`@unscoped_view("reason")`; an `@authority_view` on a URL without an authority could never
be reached. `manage.py check` and `runserver` report these as errors, and the scoping
middleware refuses to start on them, so a forgotten decorator stops the app rather than
opening a page (ADR 0012).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.checks import CheckMessage, Error, register
from django.urls import URLPattern, URLResolver, get_resolver

from stocktake.core.scoping import Scoped, Unscoped, scope_of

AUTHORITY_KWARG = "authority"


@dataclass(frozen=True)
class Route:
    """One URL pattern, with the whole route and every named argument of its path."""

    route: str
    name: str
    kwargs: frozenset[str]
    view: Any
    lookup: str


def _kwargs_of(pattern: URLPattern | URLResolver) -> set[str]:
    return set(pattern.pattern.regex.groupindex)


def routes(
    patterns: Sequence[URLPattern | URLResolver] | None = None,
    prefix: str = "",
    namespace: str = "",
    kwargs: frozenset[str] = frozenset(),
) -> Iterator[Route]:
    """Every URL pattern of the project (or of `patterns`), includes followed."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        here = kwargs | _kwargs_of(pattern)
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace or "") if n)
            yield from routes(pattern.url_patterns, route, inner, here)
        else:
            name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
            yield Route(route, name, here, pattern.callback, pattern.lookup_str)


def problem_of(route: Route) -> str | None:
    """What is wrong with how this route's view declares its scope, if anything."""
    scope = scope_of(route.view)
    where = f"URL “{route.route}” ({route.name or 'unnamed'}) → {route.lookup}"
    under_authority = AUTHORITY_KWARG in route.kwargs
    if scope is None:
        return (
            f"{where} declares no scope: decorate it with @authority_view(Capability.…) "
            "from stocktake.core.scoping, or, if it belongs to no authority, "
            '@unscoped_view("why")'
        )
    if under_authority and isinstance(scope, Unscoped):
        return f"{where} is under an authority but @unscoped_view: use @authority_view"
    if not under_authority and isinstance(scope, Scoped):
        return f"{where} is @authority_view but its URL has no <slug:authority>"
    return None


def url_scope_problems(patterns: Sequence[URLPattern | URLResolver] | None = None) -> list[str]:
    return [p for route in routes(patterns) if (p := problem_of(route)) is not None]


@register("urls")
def check_url_scopes(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [
        Error(problem, hint="See ADR 0012: every view declares its scope.", id="stocktake.E001")
        for problem in url_scope_problems()
    ]
