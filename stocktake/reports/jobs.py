"""Requesting, building and issuing reports, outside the web request.

`report_request` records a queued report and hands it to the runner the
`STOCKTAKE_REPORT_RUNNER` setting names:

- ``thread`` (the default): a daemon thread started once the request's transaction has
  committed — works under runserver and gunicorn alike;
- ``worker``: only queued; `stocktake report-worker` claims and builds it;
- ``inline``: built at once, in the caller (tests, and the command line).

`report_build` takes the snapshot (the builder's `ReportDocument`), renders every format with
progress along the way, and issues the report — files, snapshot and "issued" written in one
transaction. Anything that goes wrong leaves the report "failed" with a plain-English reason
and no files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from stocktake.accounts.models import Authority, User
from stocktake.audit.services import audit_record
from stocktake.governance.models import Meeting
from stocktake.plans.models import Plan
from stocktake.reports.blocks import ReportDocument
from stocktake.reports.builders import KINDS, builder_for
from stocktake.reports.context import NoData, ReportContext
from stocktake.reports.models import FORMATS, Report, ReportFile
from stocktake.reports.render import RenderError, renderer
from stocktake.reports.render.pdf import docx_to_pdf

log = logging.getLogger(__name__)
GENERIC_FAILURE = (
    "Something went wrong while preparing this report, so it was not issued. Try again; if it "
    "fails again, tell your system administrator."
)
# How far through the job each step leaves the progress bar.
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


def runner() -> str:
    return str(getattr(settings, "STOCKTAKE_REPORT_RUNNER", "thread"))


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
    run: str | None = None,
) -> Report:
    """Queue a report and start it with the configured runner (or `run`): inline builds it
    before returning; a thread starts once the caller's transaction commits."""
    report = _queue(authority, plan, kind, period_start, period_end, as_of,
                    include_unreviewed, meeting, actor)  # fmt: skip
    how = run or runner()
    if how == "inline":
        return report_build(report.pk)
    if how == "thread":
        transaction.on_commit(lambda: start_thread(report.pk))
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


def start_thread(report_id: int) -> threading.Thread:
    thread = threading.Thread(
        target=_thread_main, args=(report_id,), name=f"report-{report_id}", daemon=True
    )
    thread.start()
    return thread


def _thread_main(report_id: int) -> None:
    try:
        report_build(report_id)
    finally:
        connection.close()


def _progress(report_id: int, percent: int, message: str) -> None:
    now = timezone.now()
    Report.objects.filter(pk=report_id).update(
        progress=percent, progress_message=message, heartbeat_at=now
    )


def claim(report_id: int) -> bool:
    """Mark a queued report as being built; False if another job already has it."""
    now = timezone.now()
    return bool(
        Report.objects.filter(pk=report_id, status=Report.Status.QUEUED).update(
            status=Report.Status.BUILDING,
            started_at=now,
            heartbeat_at=now,
            progress=5,
            progress_message="Gathering the figures",
        )
    )


def report_build(report_id: int, *, claimed: bool = False) -> Report:
    """Build, render and issue one report (claiming it first unless the caller did)."""
    if not claimed and not claim(report_id):
        return Report.objects.get(pk=report_id)
    report = Report.objects.select_related("authority", "plan", "requested_by").get(pk=report_id)
    try:
        document = builder_for(report.kind)(context_for(report))
        _progress(report_id, 25, "Laying out the report")
        files = render_all(document, lambda p, m: _progress(report_id, p, m))
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


def render_all(
    document: ReportDocument, progress: Callable[[int, str], None] | None = None
) -> dict[str, bytes]:
    """Every format of `document`; the PDF is made from the very Word file issued with it."""
    files: dict[str, bytes] = {}
    for fmt in FORMATS:
        if progress is not None:
            progress(*STEPS[fmt])
        files[fmt] = docx_to_pdf(files["docx"]) if fmt == "pdf" else renderer(fmt)(document)
    return files


@transaction.atomic
def report_issue(report: Report, document: ReportDocument, files: dict[str, bytes]) -> None:
    """Store the snapshot and every file, and mark the report issued — all or nothing."""
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
    ReportFile.objects.filter(report_id=report_id).delete()
    Report.objects.filter(pk=report_id).update(
        status=Report.Status.FAILED,
        error=message,
        progress_message="Not issued",
        heartbeat_at=timezone.now(),
    )


def reissue(report: Report, fmt: str) -> bytes:
    """An issued report's file made again from its frozen snapshot."""
    if not report.is_issued or report.snapshot is None:
        raise ValueError("Only an issued report can be produced again")
    return renderer(fmt)(ReportDocument.from_json(report.snapshot))


# The worker ----------------------------------------------------------------------------


def requeue_stale(stale_after: float | None = None) -> int:
    """Queue again the reports a dead worker left "being prepared"."""
    seconds = stale_after or float(getattr(settings, "STOCKTAKE_REPORT_STALE_SECONDS", 900))
    cutoff = timezone.now() - dt.timedelta(seconds=seconds)
    return Report.objects.filter(status=Report.Status.BUILDING, heartbeat_at__lt=cutoff).update(
        status=Report.Status.QUEUED, progress=0, progress_message="Waiting to start again"
    )


def claim_next() -> int | None:
    """Claim the oldest queued report (skipping ones another worker has locked)."""
    with transaction.atomic():
        queued = Report.objects.filter(status=Report.Status.QUEUED).order_by("requested_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            queued = queued.select_for_update(skip_locked=True)
        report_id = queued.values_list("pk", flat=True).first()
        if report_id is None:
            return None
        return report_id if claim(report_id) else None


def work(*, once: bool = False, poll: float = 2.0, stop: threading.Event | None = None) -> int:
    """Build queued reports until stopped (or, with `once`, until the queue is empty)."""
    done = 0
    stop = stop or threading.Event()
    while not stop.is_set():
        if not connection.in_atomic_block:  # a long-lived worker drops stale connections
            close_old_connections()
        requeue_stale()
        report_id = claim_next()
        if report_id is None:
            if once:
                break
            stop.wait(poll)
            continue
        report_build(report_id, claimed=True)
        done += 1
    return done
