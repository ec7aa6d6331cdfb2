"""Requesting, building and issuing reports, outside the web request.

`report_request` records a queued report and queues `report_build_task` on Django's task
framework (ADR 15): a database worker (`stocktake db_worker`) builds it in production and
development, the immediate backend at once in tests. `now=True` builds it in the caller instead
(the command line and the demo).

`report_build` takes the snapshot (the builder's `ReportDocument`), renders every format the
server issues (`stocktake.documents.document_formats`) with progress along the way, and issues
the report — files, snapshot and "issued" written in one transaction. Anything that goes wrong
leaves the report "failed" with a plain-English reason and no files.

A build is safe to run again: a worker that died part-way leaves the report "being prepared"
and no files (they are written only when it is issued); the task is run again (see
`stocktake.background.recovery`) and starts over, and a report already issued is never issued
twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from stocktake.accounts.models import Authority, User
from stocktake.audit.services import audit_record
from stocktake.background.services import queued_with
from stocktake.documents import RenderError, render, render_all
from stocktake.documents.blocks import ReportDocument
from stocktake.governance.models import Meeting
from stocktake.plans.models import Plan
from stocktake.reports.builders import KINDS, builder_for
from stocktake.reports.context import NoData, ReportContext
from stocktake.reports.models import Report, ReportFile

log = logging.getLogger(__name__)
GENERIC_FAILURE = (
    "Something went wrong while preparing this report, so it was not issued. Try again; if it "
    "fails again, tell your system administrator."
)
# How far through the build each step leaves the progress bar.
STEPS = {
    "docx": (30, "Writing the Word file"),
    "pdf": (50, "Making the PDF"),
    "xlsx": (85, "Writing the Excel file"),
}


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date


def month_period(year: int, month: int) -> Period:
    start = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return Period(start, following - dt.timedelta(days=1))


def context_for(report: Report) -> ReportContext:
    return ReportContext(
        authority=report.authority,
        plan=report.plan,
        period_start=report.period_start,
        period_end=report.period_end,
        as_of=report.as_of,
        include_unreviewed=report.include_unreviewed,
    )


def report_request(
    *,
    authority: Authority,
    plan: Plan,
    kind: str,
    period_start: dt.date,
    period_end: dt.date,
    as_of: dt.date | None = None,
    include_unreviewed: bool = False,
    meeting: Meeting | None = None,
    actor: User | None = None,
    now: bool = False,
) -> Report:
    """Queue a report on the task framework; with `now`, build it here before returning."""
    from stocktake.reports.tasks import report_build_task

    if now:
        report = _queue(authority, plan, kind, period_start, period_end, as_of,
                        include_unreviewed, meeting, actor)  # fmt: skip
        return report_build(report.pk)
    with queued_with(report_build_task) as queue:
        report = _queue(authority, plan, kind, period_start, period_end, as_of,
                        include_unreviewed, meeting, actor)  # fmt: skip
        queue(report.pk)
    report.refresh_from_db()
    return report


@transaction.atomic
def _queue(
    authority: Authority,
    plan: Plan,
    kind: str,
    period_start: dt.date,
    period_end: dt.date,
    as_of: dt.date | None,
    include_unreviewed: bool,
    meeting: Meeting | None,
    actor: User | None,
) -> Report:
    if kind not in KINDS:
        raise ValueError(f"There is no report called “{kind}”. Choose one of: {', '.join(KINDS)}")
    if plan.authority_id != authority.pk:
        raise ValueError("That plan belongs to another authority")
    if meeting is not None and meeting.board.authority_id != authority.pk:
        raise ValueError("That meeting belongs to another authority")
    report = Report.objects.create(
        authority=authority,
        plan=plan,
        kind=kind,
        title=KINDS[kind],
        period_start=period_start,
        period_end=period_end,
        as_of=as_of or min(period_end, timezone.localdate()),
        include_unreviewed=include_unreviewed,
        meeting=meeting,
        requested_by=actor,
        progress_message="Waiting to start",
    )
    audit_record(
        authority=authority,
        actor=actor,
        verb="report.requested",
        obj=report,
        changes={"kind": kind, "period": f"{period_start} to {period_end}"},
    )
    return report


def _progress(report_id: int, percent: int, message: str) -> None:
    now = timezone.now()
    Report.objects.filter(pk=report_id).update(
        progress=percent, progress_message=message, heartbeat_at=now
    )


def claim(report_id: int) -> bool:
    """Mark a report as being built: a queued one, or one a build that stopped part-way left
    being prepared (it is started again). False if it is issued or failed."""
    now = timezone.now()
    fields = {"status": Report.Status.BUILDING, "started_at": now, "heartbeat_at": now}
    reports = Report.objects.filter(pk=report_id)
    if reports.filter(status=Report.Status.QUEUED).update(
        **fields, progress=5, progress_message="Gathering the figures"
    ):
        return True
    return bool(
        reports.filter(status=Report.Status.BUILDING).update(
            **fields, progress=5, progress_message="Starting again: the last attempt stopped"
        )
    )


def report_build(report_id: int) -> Report:
    """Build, render and issue one report, unless it is already issued or failed."""
    if not claim(report_id):
        return Report.objects.get(pk=report_id)
    report = Report.objects.select_related("authority", "plan", "requested_by").get(pk=report_id)
    try:
        document = builder_for(report.kind)(context_for(report))
        _progress(report_id, 25, "Laying out the report")
        files = render_all(document, progress=lambda fmt: _progress(report_id, *STEPS[fmt]))
        _progress(report_id, 95, "Issuing the report")
        report_issue(report, document, files)
    except NoData as error:
        report_fail(report_id, str(error))
    except RenderError as error:
        report_fail(report_id, str(error))
    except Exception:
        log.exception("Report %s failed", report_id)
        report_fail(report_id, GENERIC_FAILURE)
    return Report.objects.get(pk=report_id)


@transaction.atomic
def report_issue(report: Report, document: ReportDocument, files: dict[str, bytes]) -> None:
    """Store the snapshot and every file, and mark the report issued — all or nothing, and
    only once (a second build of the same report, had one run, issues nothing)."""
    locked = Report.objects.select_for_update().filter(pk=report.pk).values_list("status")
    if locked.first() != (Report.Status.BUILDING,):
        log.warning("Report %s was no longer being prepared: not issued again", report.pk)
        return
    for fmt, content in files.items():
        ReportFile.objects.create(
            report=report,
            format=fmt,
            content=content,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
    report.snapshot = document.to_json()
    report.title = document.title
    report.status = Report.Status.ISSUED
    report.progress = 100
    report.progress_message = "Issued"
    report.error = ""
    report.issued_by = report.requested_by
    report.issued_at = timezone.now()
    report.save()
    audit_record(
        authority=report.authority,
        actor=report.requested_by,
        verb="report.issued",
        obj=report,
        changes={"formats": sorted(files)},
    )


@transaction.atomic
def report_fail(report_id: int, message: str) -> None:
    """Mark an unfinished report failed with `message` (an issued one is left alone)."""
    unfinished = Report.objects.filter(pk=report_id).exclude(status=Report.Status.ISSUED)
    if not unfinished.exists():
        return
    ReportFile.objects.filter(report_id=report_id).delete()
    unfinished.update(
        status=Report.Status.FAILED,
        error=message,
        progress_message="Not issued",
        heartbeat_at=timezone.now(),
    )


def reissue(report: Report, fmt: str) -> bytes:
    """An issued report's file made again from its frozen snapshot."""
    if not report.is_issued or report.snapshot is None:
        raise ValueError("Only an issued report can be produced again")
    return render(ReportDocument.from_json(report.snapshot), fmt)
