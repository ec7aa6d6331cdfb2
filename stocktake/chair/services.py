"""Writing the chair's report: starting one for a period, saving a section (insert-only, as a
draft or as final wording), signing it, and issuing it as a paper. Every write is audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from stocktake.accounts.models import User
from stocktake.audit.services import audit_record
from stocktake.chair import selectors
from stocktake.chair.models import ChairReport, ChairSignOff, ChairText, Part, TextState
from stocktake.findings.choices import SourceKind
from stocktake.findings.models import Finding, Source
from stocktake.plans.models import Plan
from stocktake.reports.models import Report
from stocktake.reports.services import report_request

TEXT_LIMIT = 20_000  # characters in one section


class ChairError(ValueError):
    """A write refused, with the reason in plain English."""


@transaction.atomic
def chair_report_start(
    *,
    plan: Plan,
    notice: Source,
    period_start: dt.date,
    period_end: dt.date,
    actor: User | None,
) -> ChairReport:
    """The chair's report for this plan, notice and period, started if there is none."""
    if notice.kind != SourceKind.IMPROVEMENT_NOTICE:
        raise ChairError("Choose an improvement notice")
    if notice.authority_id != plan.authority_id:
        raise ChairError("That notice belongs to another authority")
    if period_end < period_start:
        raise ChairError("The period must end on or after the day it starts")
    report, created = ChairReport.objects.get_or_create(
        plan=plan,
        notice=notice,
        period_start=period_start,
        period_end=period_end,
        defaults={"authority_id": plan.authority_id, "created_by": actor},
    )
    if created:
        audit_record(
            authority=plan.authority,
            actor=actor,
            verb="chair_report.started",
            obj=report,
            changes={"period": f"{period_start} to {period_end}", "notice": notice.title},
        )
    return report


@transaction.atomic
def chair_text_record(
    *,
    report: ChairReport,
    part: str,
    text: str,
    final: bool,
    actor: User | None,
    finding: Finding | None = None,
    at: dt.datetime | None = None,
) -> ChairText:
    """Save a new version of one section. `at` is for the demo, which records 2019 writing
    at its 2019 time; people's writing is recorded now."""
    if part not in Part.values:
        raise ChairError("Choose a section of the report")
    if (part == Part.MEASURE) != (finding is not None):
        raise ChairError("Commentary is written against one of the notice's measures")
    if finding is not None and finding.pk not in {
        m.pk for m in selectors.notice_measures(report.notice)
    }:
        raise ChairError("That is not one of the notice's measures")
    cleaned = text.strip()
    if not cleaned:
        raise ChairError("Enter the text")
    if len(cleaned) > TEXT_LIMIT:
        raise ChairError(f"The text must be {TEXT_LIMIT:,} characters or fewer")
    saved = ChairText.objects.create(
        report=report,
        part=part,
        finding=finding,
        text=cleaned,
        state=TextState.FINAL if final else TextState.DRAFT,
        written_by=actor,
        recorded_at=at or timezone.now(),
    )
    audit_record(
        authority=report.authority,
        actor=actor,
        verb="chair_report.written",
        obj=report,
        changes={
            "section": part if finding is None else f"measure {finding.reference}",
            "state": saved.state,
        },
    )
    return saved


@transaction.atomic
def chair_sign(
    *,
    report: ChairReport,
    name: str,
    role: str,
    signed_on: dt.date,
    actor: User | None,
    at: dt.datetime | None = None,
) -> ChairSignOff:
    """Sign the report: only once every section is written as final, on a date no later
    than the day it is recorded."""
    recorded_at = at or timezone.now()
    if not name.strip():
        raise ChairError("Enter the name of the person signing")
    if not role.strip():
        raise ChairError("Enter the role of the person signing")
    if signed_on > timezone.localtime(recorded_at).date():
        raise ChairError("The date signed must be today or in the past")
    if signed_on < report.period_start:
        raise ChairError("The date signed must be on or after the start of the period reported")
    unfinished = selectors.written(report).unfinished(selectors.notice_measures(report.notice))
    if unfinished:
        raise ChairError(
            "Write every section as final before signing. Still to finish: "
            + "; ".join(unfinished[:5])
            + (f" and {len(unfinished) - 5} more" if len(unfinished) > 5 else "")
        )
    sign_off = ChairSignOff.objects.create(
        report=report,
        name=name.strip(),
        role=role.strip(),
        signed_on=signed_on,
        recorded_by=actor,
        recorded_at=recorded_at,
    )
    audit_record(
        authority=report.authority,
        actor=actor,
        verb="chair_report.signed",
        obj=report,
        changes={"name": sign_off.name, "role": sign_off.role, "signed_on": signed_on},
    )
    return sign_off


def chair_report_issue(
    *, report: ChairReport, actor: User | None, as_of: dt.date | None = None, now: bool = False
) -> Report:
    """Issue the report as a paper as at `as_of`: by default the day its signature was
    recorded (so the paper is the one the chair signed), or today if it is not signed. It is
    final if finished by then, and otherwise marked DRAFT on every page."""
    if as_of is None:
        sign_off = selectors.written(report).sign_off
        as_of = (
            timezone.localtime(sign_off.recorded_at).date()
            if sign_off is not None
            else timezone.localdate()
        )
    return report_request(
        authority=report.authority,
        plan=report.plan,
        kind="chair-report",
        period_start=report.period_start,
        period_end=report.period_end,
        as_of=as_of,
        actor=actor,
        now=now,
    )
