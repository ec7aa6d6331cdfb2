"""The chair's report pages: the notice's duties and the reports being written; one report's
sections; writing a section; signing; issuing it as a paper. Every member reads them; leads
and administrators write."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from stocktake.accounts.roles import Capability
from stocktake.chair import presenters, selectors, services
from stocktake.chair.forms import SignForm, StartForm, TextForm
from stocktake.chair.models import Part
from stocktake.core.scoping import AuthorityRequest, authority_view

WRITE = Capability.ISSUE_REPORTS


@require_http_methods(["GET", "POST"])
@authority_view(Capability.VIEW, write=WRITE)
def index(request: AuthorityRequest) -> HttpResponse:
    authority = request.authority
    form = StartForm(request.POST or None, authority=authority)
    if request.method == "POST" and form.is_valid():
        start, end = form.period
        try:
            report = services.chair_report_start(
                plan=form.cleaned_data["plan"],
                notice=form.cleaned_data["notice"],
                period_start=start,
                period_end=end,
                actor=request.user,
            )
        except services.ChairError as error:
            form.add_error(None, str(error))
        else:
            return redirect("chair:detail", authority.slug, report.pk)
    return render(
        request,
        "chair/index.html",
        {
            "form": form,
            "can_write": request.membership.can(WRITE),
            "reports": selectors.chair_reports(authority),
            "calendars": presenters.calendars(
                list(selectors.notices(authority)), timezone.localdate()
            ),
        },
    )


@require_safe
@authority_view(Capability.VIEW)
def detail(request: AuthorityRequest, draft_id: int) -> HttpResponse:
    report = selectors.chair_report(request.authority, draft_id)
    rows = presenters.sections(report, request.authority.slug)
    written = selectors.written(report)
    return render(
        request,
        "chair/detail.html",
        {
            "report": report,
            "rows": rows,
            "sign_off": written.sign_off,
            "unfinished": [r for r in rows if not r.is_final],
            "can_write": request.membership.can(WRITE),
        },
    )


def _write(
    request: AuthorityRequest, draft_id: int, part: str, finding_id: int | None
) -> HttpResponse:
    report = selectors.chair_report(request.authority, draft_id)
    finding = selectors.measure_of(report, finding_id) if finding_id is not None else None
    title = f"Commentary on measure {finding.reference}" if finding else presenters.part_title(part)
    latest = selectors.written(report).text(part, finding)
    initial = {"text": latest.text, "state": latest.state} if latest else {}
    form = TextForm(request.POST or None, initial=initial, label=title)
    if request.method == "POST" and form.is_valid():
        try:
            services.chair_text_record(
                report=report,
                part=part,
                finding=finding,
                text=form.cleaned_data["text"],
                final=form.cleaned_data["state"] == "final",
                actor=request.user,
            )
        except services.ChairError as error:
            form.add_error("text", str(error))
        else:
            return redirect("chair:detail", request.authority.slug, report.pk)
    return render(
        request,
        "chair/text_form.html",
        {
            "report": report,
            "form": form,
            "title": title,
            "finding": finding,
            "history": selectors.history(report, part, finding),
        },
    )


@require_http_methods(["GET", "POST"])
@authority_view(WRITE, write=WRITE)
def write(request: AuthorityRequest, draft_id: int, part: str) -> HttpResponse:
    if part not in {p.value for p in selectors.FIXED_PARTS}:
        raise Http404("There is no such section")
    return _write(request, draft_id, Part(part).value, None)


@require_http_methods(["GET", "POST"])
@authority_view(WRITE, write=WRITE)
def measure(request: AuthorityRequest, draft_id: int, finding_id: int) -> HttpResponse:
    return _write(request, draft_id, Part.MEASURE.value, finding_id)


@require_http_methods(["GET", "POST"])
@authority_view(WRITE, write=WRITE)
def sign(request: AuthorityRequest, draft_id: int) -> HttpResponse:
    report = selectors.chair_report(request.authority, draft_id)
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.chair_sign(report=report, actor=request.user, **form.cleaned_data)
        except services.ChairError as error:
            form.add_error(None, str(error))
        else:
            return redirect("chair:detail", request.authority.slug, report.pk)
    return render(request, "chair/sign_form.html", {"report": report, "form": form})


@require_POST
@authority_view(WRITE, write=WRITE)
def issue(request: AuthorityRequest, draft_id: int) -> HttpResponse:
    report = selectors.chair_report(request.authority, draft_id)
    paper = services.chair_report_issue(report=report, actor=request.user)
    return redirect("reports:detail", request.authority.slug, paper.pk)
