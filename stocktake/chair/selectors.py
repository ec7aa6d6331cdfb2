"""Reads for the chair's report: the notice's measures that need commentary, what was written
as at a date, and the pages' lists (every object reached through its authority)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from stocktake.accounts.models import Authority
from stocktake.chair.models import ChairReport, ChairSignOff, ChairText, Part, TextState
from stocktake.core.tenancy import get_scoped, scoped
from stocktake.findings.choices import FindingKind, SourceKind
from stocktake.findings.models import Finding, Source
from stocktake.plans.models import Plan

# The sections every report has besides one commentary per measure, in reading order.
FIXED_PARTS = [Part.ADDRESSEE, Part.ASSESSMENT, Part.LEADER]
Key = tuple[str, int | None]


def end_of(day: dt.date) -> dt.datetime:
    """The first moment after `day` ends, in the service's time zone."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def notice_measures(notice: Source) -> list[Finding]:
    """The notice's measures that each need the chair's commentary: every measure with no
    measure beneath it (3.1 … 8.2, and a clause with no numbered measures), in order."""
    findings = list(
        notice.findings.filter(kind=FindingKind.NOTICE_MEASURE).order_by("position", "id")
    )
    parents = {f.parent_id for f in findings if f.parent_id is not None}
    return [f for f in findings if f.pk not in parents]


@dataclass
class Written:
    """What had been written in a chair's report by a moment: the newest text of each
    section and the newest sign-off."""

    texts: dict[Key, ChairText] = field(default_factory=dict)
    sign_off: ChairSignOff | None = None

    def text(self, part: str, finding: Finding | None = None) -> ChairText | None:
        return self.texts.get((part, finding.pk if finding else None))

    def is_final(self, part: str, finding: Finding | None = None) -> bool:
        text = self.text(part, finding)
        return text is not None and text.state == TextState.FINAL

    def unfinished(self, measures: list[Finding]) -> list[str]:
        """Every section not yet written as final, by name ("Commentary on measure 3.1")."""
        names = [PART_NAMES[p] for p in FIXED_PARTS if not self.is_final(p)]
        names += [
            f"Commentary on measure {m.reference or m.pk}"
            for m in measures
            if not self.is_final(Part.MEASURE, m)
        ]
        return names

    def complete(self, measures: list[Finding]) -> bool:
        return not self.unfinished(measures)

    def finished(self, measures: list[Finding]) -> bool:
        """Every section final and the report signed: it can be issued as final."""
        return self.complete(measures) and self.sign_off is not None


PART_NAMES = {
    Part.ADDRESSEE: "Addressee",
    Part.ASSESSMENT: "The chair's overall assessment",
    Part.LEADER: "The Leader of the Council's supplementary report",
}


def written(report: ChairReport | None, as_of: dt.date | None = None) -> Written:
    """The newest text of each section and the newest sign-off recorded by the end of
    `as_of` (everything so far when None). Two queries."""
    if report is None:
        return Written()
    texts = report.texts.select_related("written_by", "finding")
    sign_offs = report.sign_offs.select_related("recorded_by")
    if as_of is not None:
        texts = texts.filter(recorded_at__lt=end_of(as_of))
        sign_offs = sign_offs.filter(recorded_at__lt=end_of(as_of), signed_on__lte=as_of)
    found = Written()
    for text in texts.order_by("recorded_at", "id"):
        found.texts[(text.part, text.finding_id)] = text
    sign_off = sign_offs.order_by("recorded_at", "id").last()
    # A signature covers what was written before it: a section saved since unsigns it.
    if sign_off is not None and all(
        t.recorded_at <= sign_off.recorded_at for t in found.texts.values()
    ):
        found.sign_off = sign_off
    return found


def report_for_period(
    plan: Plan, notice: Source, start: dt.date, end: dt.date
) -> ChairReport | None:
    return ChairReport.objects.filter(
        plan=plan, notice=notice, period_start=start, period_end=end
    ).first()


def notices(authority: Authority) -> QuerySet[Source]:
    return scoped(Source, authority).filter(kind=SourceKind.IMPROVEMENT_NOTICE).order_by("id")


def chair_reports(authority: Authority) -> QuerySet[ChairReport]:
    return scoped(ChairReport, authority).select_related("plan", "notice", "created_by")


def chair_report(authority: Authority, draft_id: int) -> ChairReport:
    return get_scoped(chair_reports(authority), authority, draft_id)


def measure_of(report: ChairReport, finding_id: int) -> Finding:
    """One of the report's notice's measures that needs commentary (404 otherwise)."""
    for finding in notice_measures(report.notice):
        if finding.pk == finding_id:
            return finding
    raise Http404("That is not one of the notice's measures")


def history(report: ChairReport, part: str, finding: Finding | None = None) -> list[ChairText]:
    """Every saved version of one section, newest first."""
    return list(
        report.texts.filter(part=part, finding=finding)
        .select_related("written_by")
        .order_by("-recorded_at", "-id")
    )
