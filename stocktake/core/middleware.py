"""Default deny: a view that has not declared its scope is not served.

`authority_view` does the work for an authority's pages (membership, role, 404/403); this
middleware makes sure nothing reaches a view that skipped it. A resolved view with neither
`@authority_view` nor `@unscoped_view` is refused with 404, as is an `@unscoped_view` reached
through a URL with an authority in it. At start-up it refuses to run at all on such URL
patterns (the same check as `manage.py check`), so the 404 is only a second line (ADR 0012).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.urls import URLResolver, get_resolver

from stocktake.core.checks import AUTHORITY_KWARG, url_scope_problems
from stocktake.core.scoping import Scoped, Unscoped, scope_of


@functools.lru_cache(maxsize=4)
def _problems_of(resolver: URLResolver) -> tuple[str, ...]:
    """The scope problems of a URLconf, found once per process: Django builds the middleware
    again for every test client, and the URL patterns do not change while a process runs."""
    return tuple(url_scope_problems(resolver.url_patterns))


class ScopingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        problems = _problems_of(get_resolver())
        if problems:
            raise ImproperlyConfigured(
                "Views must declare their scope (ADR 0012):\n" + "\n".join(problems)
            )

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        scope = scope_of(view_func)
        under_authority = AUTHORITY_KWARG in view_kwargs
        if isinstance(scope, Scoped) and under_authority:
            return None
        if isinstance(scope, Unscoped) and not under_authority:
            return None
        raise Http404("Not found")
