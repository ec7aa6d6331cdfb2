from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from stocktake.accounts.models import Membership, Visit
from stocktake.accounts.roles import Capability
from stocktake.accounts.services import visit_record
from stocktake.core import this_week as week_reads
from stocktake.core.scoping import AuthorityRequest, authority_view, unscoped_view
from stocktake.plans.selectors import plans_for_user


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's validation errors against the form's fields (or at the top)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            field = name if name in form.fields else None
            for e in errors:
                form.add_error(field, e.message % (e.params or {}) if e.params else e.message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _visit(request: HttpRequest, membership: Membership) -> Visit | None:
    """A GET is a look at "This week" (noted); any other method only reads the last visit."""
    if request.method == "GET":
        return visit_record(membership=membership, now=timezone.now())
    return week_reads.last_visit(membership)


@unscoped_view("lists the authorities the signed-in user is a member of, with their week")
def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    authorities = [
        (member, plans, week_reads.this_week(member, now, visit=_visit(request, member)))
        for member, plans in plans_for_user(request.user)
    ]
    return render(request, "core/home.html", {"authorities": authorities})


@authority_view(Capability.VIEW)
def this_week(request: AuthorityRequest) -> HttpResponse:
    """What needs the member this week, across the authority's running plans."""
    membership = request.membership
    week = week_reads.this_week(membership, timezone.now(), visit=_visit(request, membership))
    return render(request, "core/this_week.html", {"week": week})


@unscoped_view("a health check for load balancers: reads nothing")
@login_not_required
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """A trivial page for load balancers (and the benchmark's baseline)."""
    return HttpResponse("ok", content_type="text/plain")


def error_404(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_403(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
