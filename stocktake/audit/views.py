from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from stocktake.accounts.roles import Capability
from stocktake.core.scoping import AuthorityRequest, authority_view


@authority_view(Capability.VIEW_AUTHORITY_AUDIT)
def authority_log(request: AuthorityRequest) -> HttpResponse:
    events = request.authority.audit_events.select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/authority_log.html", {"page": page})
