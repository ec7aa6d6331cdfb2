"""Every request for an authority's data passes through here.

A view names the capability it needs; `authority_view` finds the signed-in user's membership
of the authority in the URL (404 if there is none, so another authority's data is never even
confirmed to exist) and refuses with 403 a member whose role lacks the capability. The view
then reaches every object through `request.authority`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from stocktake.accounts.models import Authority, Membership, User
from stocktake.accounts.roles import Capability


class AuthorityRequest(HttpRequest):
    """The request a scoped view receives: a signed-in member, their membership and the
    authority in the URL, already resolved and checked."""

    user: User  # signed in: never AnonymousUser here
    membership: Membership
    authority: Authority


def membership_for(request: HttpRequest, authority_slug: str) -> Membership:
    try:
        return Membership.objects.for_user(request.user).get(  # type: ignore[arg-type]
            authority__slug=authority_slug
        )
    except Membership.DoesNotExist:
        raise Http404("No such authority") from None


def authority_view(
    capability: Capability = Capability.VIEW, *, write: Capability | None = None
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Resolve the member's authority; require `capability` to read and `write` to POST.

    The view is called with an `AuthorityRequest`."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, authority: str, *args: Any, **kwargs: Any) -> Any:
            membership = membership_for(request, authority)
            needed = write if (write and request.method == "POST") else capability
            if not membership.can(needed):
                raise PermissionDenied("Your role does not allow this")
            scoped = cast(AuthorityRequest, request)
            scoped.membership = membership
            scoped.authority = membership.authority
            return view(scoped, *args, **kwargs)

        return wrapper

    return decorate
