"""The workforce return: the month's rows and indicators, a team's row entered by hand, a
CSV upload, and applying the month's figures to the indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from stocktake.accounts.roles import Capability
from stocktake.childdata import workforce
from stocktake.childdata.forms import WorkforceForm, WorkforceUploadForm
from stocktake.childdata.models import WorkforceReturn
from stocktake.core.scoping import AuthorityRequest, authority_view
from stocktake.core.tenancy import scoped

MANAGE = Capability.MANAGE_CHILD_DATA


def _month(text: str | None, authority_months: list[dt.date]) -> dt.date | None:
    try:
        return dt.datetime.strptime(text or "", "%Y-%m").date()
    except ValueError:
        return authority_months[0] if authority_months else None


@require_safe
@authority_view(Capability.VIEW)
def workforce_page(request: AuthorityRequest) -> HttpResponse:
    returns = scoped(WorkforceReturn, request.authority)
    months = sorted(set(returns.values_list("month", flat=True)), reverse=True)
    month = _month(request.GET.get("month"), months)
    figures = workforce.workforce_figures(request.authority, month) if month else {}
    return render(
        request,
        "childdata/workforce.html",
        {
            "month": month,
            "months": months,
            "rows": returns.filter(month=month) if month else [],
            "figures": figures,
            "can_manage": request.membership.can(MANAGE),
        },
    )


@require_http_methods(["GET", "POST"])
@authority_view(MANAGE, write=MANAGE)
def workforce_entry(request: AuthorityRequest) -> HttpResponse:
    form = WorkforceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        zero = Decimal(0)
        figures = workforce.TeamFigures(
            team=data["team"], case_holding_fte=data["case_holding_fte"], cases=data["cases"],
            agency_fte=data["agency_fte"] or zero, employed_fte=data["employed_fte"],
            vacant_fte=data["vacant_fte"] or zero, leavers_fte=data["leavers_fte"] or zero,
            newly_qualified=data["newly_qualified"] or 0,
            newly_qualified_cases=data["newly_qualified_cases"] or 0,
        )  # fmt: skip
        workforce.workforce_record(
            authority=request.authority, actor=request.user, month=data["month"], figures=figures
        )
        messages.success(request, f"{figures.team}'s return for {data['month']:%B %Y} saved")
        return redirect(
            f"{_url(request)}?month={data['month']:%Y-%m}",
        )
    return render(request, "childdata/workforce_form.html", {"form": form, "upload": False})


@require_http_methods(["GET", "POST"])
@authority_view(MANAGE, write=MANAGE)
def workforce_upload(request: AuthorityRequest) -> HttpResponse:
    form = WorkforceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = workforce.workforce_upload(
                authority=request.authority, actor=request.user,
                data=form.cleaned_data["file"].read(),
            )  # fmt: skip
        except ValidationError as error:
            for message in error.messages[:50]:
                form.add_error("file", message)
        else:
            messages.success(request, f"{count} team rows saved")
            return redirect(_url(request))
    return render(request, "childdata/workforce_form.html", {"form": form, "upload": True})


@require_POST
@authority_view(MANAGE, write=MANAGE)
def workforce_apply(request: AuthorityRequest) -> HttpResponse:
    months = sorted(
        set(scoped(WorkforceReturn, request.authority).values_list("month", flat=True)),
        reverse=True,
    )
    month = _month(request.POST.get("month"), months)
    if month is None or month not in months:
        messages.error(request, "There is no return for that month")
        return redirect(_url(request))
    applied = workforce.workforce_apply(
        authority=request.authority, actor=request.user, month=month
    )
    messages.success(request, f"{applied.created + applied.updated} workforce figures written")
    return redirect(f"{_url(request)}?month={month:%Y-%m}")


def _url(request: AuthorityRequest) -> str:
    return reverse("childdata:workforce", args=[request.authority.slug])
