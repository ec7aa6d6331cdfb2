"""A background job's page and its status fragment (polled with htmx until it finishes)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from stocktake.accounts.roles import Capability
from stocktake.background import selectors
from stocktake.core.scoping import AuthorityRequest, authority_view


def _context(request: AuthorityRequest, job_id: int) -> dict[str, object]:
    job = selectors.job_for(request.membership, job_id)
    return {"job": job, "no_worker": selectors.waiting_for_a_worker(not job.is_finished)}


@require_safe
@authority_view(Capability.VIEW)
def job(request: AuthorityRequest, job_id: int) -> HttpResponse:
    return render(request, "background/job.html", _context(request, job_id))


@require_safe
@authority_view(Capability.VIEW)
def job_status(request: AuthorityRequest, job_id: int) -> HttpResponse:
    return render(request, "background/_job_status.html", _context(request, job_id))
