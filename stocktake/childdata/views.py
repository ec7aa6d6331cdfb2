"""Child-level data pages: extracts, upload, an extract's KPIs, and record level (analysts
and administrators only, every look written to the audit log)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from stocktake.accounts.roles import Capability
from stocktake.background.services import job_start
from stocktake.childdata import kpis, selectors, services, storage
from stocktake.childdata.forms import UploadForm
from stocktake.childdata.presenters import kpi_rows
from stocktake.childdata.tasks import extract_ingest
from stocktake.core.scoping import AuthorityRequest, authority_view

VIEW, MANAGE, RECORDS = (
    Capability.VIEW,
    Capability.MANAGE_CHILD_DATA,
    Capability.VIEW_CHILD_RECORDS,
)


@require_safe
@authority_view(VIEW)
def extracts(request: AuthorityRequest) -> HttpResponse:
    return render(
        request,
        "childdata/extracts.html",
        {
            "extracts": selectors.extracts(request.authority),
            "can_manage": request.membership.can(MANAGE),
        },
    )


@require_http_methods(["GET", "POST"])
@authority_view(MANAGE, write=MANAGE)
def upload(request: AuthorityRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        name = str(data["file"].name)
        suffix = Path(name).suffix.lower()  # one of UploadForm's: the name itself is not used
        incoming = default_storage.save(
            f"{storage.new_folder(request.authority.pk)}/incoming/upload{suffix}", data["file"]
        )
        job = job_start(
            extract_ingest,
            authority=request.authority,
            actor=request.user,
            title="Checking an Annex A extract",
            capability=MANAGE,
            incoming=incoming,
            filename=name,
            extract_date=data["extract_date"].isoformat(),
        )
        return redirect("background:job", request.authority.slug, job.pk)
    return render(request, "childdata/upload.html", {"form": form})


@require_safe
@authority_view(VIEW)
def extract(request: AuthorityRequest, extract_id: int) -> HttpResponse:
    found = selectors.extract(request.authority, extract_id)
    return render(
        request,
        "childdata/extract.html",
        {
            "extract": found,
            "rows": kpi_rows(found.results),
            "teams": found.results.get("by_team", {}),
            "can_manage": request.membership.can(MANAGE),
            "can_see_records": request.membership.can(RECORDS),
        },
    )


@require_POST
@authority_view(MANAGE, write=MANAGE)
def apply(request: AuthorityRequest, extract_id: int) -> HttpResponse:
    found = selectors.extract(request.authority, extract_id)
    applied = services.extract_apply(extract=found, actor=request.user)
    messages.success(
        request, f"{applied.created + applied.updated} figures written to the indicators"
    )
    return redirect("childdata:extract", request.authority.slug, found.pk)


@require_POST
@authority_view(MANAGE, write=MANAGE)
def delete(request: AuthorityRequest, extract_id: int) -> HttpResponse:
    found = selectors.extract(request.authority, extract_id)
    services.extract_delete(extract=found, actor=request.user)
    messages.success(request, "The extract and its records were deleted")
    return redirect("childdata:extracts", request.authority.slug)


def _kpi(code: str) -> kpis.Kpi:
    if code not in kpis.BY_CODE:
        raise Http404("No such KPI")
    return kpis.BY_CODE[code]


@require_safe
@authority_view(RECORDS)
def records(request: AuthorityRequest, extract_id: int, code: str) -> HttpResponse:
    kpi = _kpi(code)
    found = selectors.extract(request.authority, extract_id)
    rows = selectors.kpi_records(found, code)
    services.records_viewed(extract=found, actor=request.user, what=code, count=len(rows))
    columns = selectors.RECORD_COLUMNS[kpi.list_number]
    return render(
        request,
        "childdata/records.html",
        {"extract": found, "kpi": kpi, "rows": rows, "columns": columns},
    )


@require_safe
@authority_view(RECORDS)
def records_csv(request: AuthorityRequest, extract_id: int, code: str) -> HttpResponse:
    kpi = _kpi(code)
    found = selectors.extract(request.authority, extract_id)
    rows = selectors.kpi_records(found, code)
    services.records_viewed(
        extract=found, actor=request.user, what=code, count=len(rows), export=True
    )
    columns = [*selectors.RECORD_COLUMNS[kpi.list_number], "in_numerator"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_safe(row[c]) for c in columns])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"{code}-{found.extract_date:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _safe(value: object) -> str:
    """A cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


@require_safe
@authority_view(RECORDS)
def rejected(request: AuthorityRequest, extract_id: int) -> HttpResponse:
    found = selectors.extract(request.authority, extract_id)
    rows = list(selectors.rejected_rows(found))
    services.records_viewed(extract=found, actor=request.user, what="rejected", count=len(rows))
    return render(request, "childdata/rejected.html", {"extract": found, "rows": rows})
