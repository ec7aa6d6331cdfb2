"""Board reports: the list, the "Generate" form, a report's progress page and its status
fragment (polled with htmx), and downloads. Viewers list and download issued reports; leads
and admins generate them and see the ones that failed."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from stocktake.accounts.roles import Capability
from stocktake.background.selectors import waiting_for_a_worker
from stocktake.core.scoping import AuthorityRequest, authority_view
from stocktake.reports import selectors, services
from stocktake.reports.forms import GenerateForm
from stocktake.reports.models import Report


def _can_issue(request: AuthorityRequest) -> bool:
    return request.membership.can(Capability.ISSUE_REPORTS)


def _report(request: AuthorityRequest, report_id: int) -> Report:
    """A report as this member may see it: viewers only issued ones."""
    return selectors.report_for(
        request.authority,
        report_id,
        issued_only=not _can_issue(request),
    )


@require_safe
@authority_view(Capability.VIEW)
def index(request: AuthorityRequest) -> HttpResponse:
    authority = request.authority
    can_issue = _can_issue(request)
    return render(
        request,
        "reports/index.html",
        {
            "reports": selectors.issued_reports(authority),
            "unfinished": selectors.unfinished_reports(authority) if can_issue else [],
            "can_issue": can_issue,
        },
    )


@require_http_methods(["GET", "POST"])
@authority_view(Capability.ISSUE_REPORTS, write=Capability.ISSUE_REPORTS)
def generate(request: AuthorityRequest) -> HttpResponse:
    authority = request.authority
    form = GenerateForm(request.POST or None, authority=authority)
    if request.method == "POST" and form.is_valid():
        start, end = form.period
        report = services.report_request(
            authority=authority,
            plan=form.cleaned_data["plan"],
            kind=form.cleaned_data["kind"],
            period_start=start,
            period_end=end,
            include_unreviewed=form.cleaned_data["include_unreviewed"],
            meeting=form.cleaned_data["meeting"],
            actor=request.user,
        )
        return redirect("reports:detail", authority.slug, report.pk)
    return render(request, "reports/generate.html", {"form": form})


def _status(request: AuthorityRequest, report_id: int) -> dict[str, object]:
    report = _report(request, report_id)
    return {
        "report": report,
        "can_issue": _can_issue(request),
        "no_worker": waiting_for_a_worker(not report.is_finished),
    }


@require_safe
@authority_view(Capability.VIEW)
def detail(request: AuthorityRequest, report_id: int) -> HttpResponse:
    return render(request, "reports/detail.html", _status(request, report_id))


@require_safe
@authority_view(Capability.VIEW)
def status(request: AuthorityRequest, report_id: int) -> HttpResponse:
    return render(request, "reports/_status.html", _status(request, report_id))


@require_safe
@authority_view(Capability.VIEW)
def download(request: AuthorityRequest, report_id: int, fmt: str) -> HttpResponse:
    file = selectors.file_for(request.authority, report_id, fmt)
    report = file.report
    name = f"{report.kind}-{report.period_start:%Y-%m}-{report.pk}.{file.format}"
    response = HttpResponse(bytes(file.content), content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Content-Length"] = str(file.size)
    return response
