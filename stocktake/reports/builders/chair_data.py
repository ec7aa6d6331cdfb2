"""What the chair's progress report says, gathered from the database: the improvement notice,
its measures in their clause hierarchy, and for each the actions answering it in this plan
and the targets evidencing it (read as known at the end of the period). The report's blocks
are written from these in `chair_report`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch

from stocktake.chair.selectors import end_of
from stocktake.findings.choices import FindingKind, ImpactReading, SourceKind
from stocktake.findings.impact import Impact, read
from stocktake.findings.models import Finding, ImpactLink, Source
from stocktake.indicators.analysis.suppression import MARK, masks
from stocktake.indicators.exports import default_rule
from stocktake.indicators.models import Commentary, Indicator
from stocktake.indicators.periods import label as period_label
from stocktake.indicators.presenters import fmt
from stocktake.indicators.querysets import FINDING_ROUTES
from stocktake.indicators.selectors import Loaded, load
from stocktake.plans.models import Action
from stocktake.reports.builders.common import (
    day,
    shorten,
)
from stocktake.reports.context import NoData, ReportContext


def _heading_text(finding: Finding, limit: int = 90, sep: str = " ") -> str:
    """ "3.1 Work collaboratively with partner agencies…" ("3. The effectiveness…" for a
    clause, with `sep` ". ")."""
    if not finding.reference:
        return shorten(finding.text, limit)
    return f"{finding.reference.rstrip('.')}{sep}{shorten(finding.text, limit)}"


# What the latest figure says about its target, in the report's words, and its row colour.
READINGS: dict[str, tuple[str, str]] = {
    "met": ("Met", "green"),
    "within_tolerance": ("Not met (within tolerance)", "amber"),
    "missed": ("Not met", "red"),
    "not_due": ("Not yet due", "grey"),
    "no_target": ("No target set", "grey"),
    "no_figures": ("No figures yet", "grey"),
}


@dataclass
class TargetRow:
    loaded: Loaded
    reading: str  # a READINGS key
    latest: str
    target: str
    commentary: Commentary | None

    @property
    def met(self) -> bool:
        return self.reading == "met"

    @property
    def has_target(self) -> bool:
        return bool(self.loaded.targets)


@dataclass
class MeasureSection:
    finding: Finding
    actions: list[Action] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    typed: list[Impact] = field(default_factory=list)  # measures with no indicator, as typed

    @property
    def all_complete(self) -> bool:
        return bool(self.actions) and all(a.is_complete for a in self.actions)

    @property
    def with_targets(self) -> list[TargetRow]:
        return [t for t in self.targets if t.has_target]

    @property
    def measured(self) -> bool:
        return bool(self.with_targets or self.typed)

    @property
    def targets_met(self) -> bool:
        return self.measured and (
            all(t.met for t in self.with_targets)
            and all(i.reading == ImpactReading.MET for i in self.typed)
        )


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end` (1 October to 30 April is 6)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def notice_for(ctx: ReportContext) -> Source:
    """The authority's improvement notice: the latest dated one issued by the period's end,
    or (when none is dated) the one added last."""
    notices = list(
        Source.objects.in_authority(ctx.authority).filter(kind=SourceKind.IMPROVEMENT_NOTICE)
    )
    if not notices:
        raise NoData(
            f"{ctx.authority.name} has no DfE improvement notice in its findings register, so "
            "there is no chair's progress report to write. Add the notice and its measures first."
        )
    dated = [n for n in notices if n.date is not None]
    if not dated:
        return max(notices, key=lambda n: (n.created_at, n.pk))
    issued = [n for n in dated if n.date <= ctx.period_end]
    if not issued:
        first = min(n.date for n in dated)
        raise NoData(
            f"The improvement notice is dated {day(first)}, after the period asked for "
            f"({ctx.period_label}). Choose a period after the notice was issued."
        )
    return max(issued, key=lambda n: (n.date, n.pk))


def report_label(notice: Source, ctx: ReportContext) -> str:
    """ "6-month ": whole months from the notice's own date to the end of the period. A
    notice held without a date gives no label: its months are never counted from anything
    else (a 2012 notice is not 80 months old in 2019 because a plan started then)."""
    if notice.date is None:
        return ""
    return f"{max(months_between(notice.date, ctx.period_end), 1)}-month "


def measure_tree(findings: list[Finding]) -> list[tuple[Finding, list[Finding]]]:
    """Clauses in order, each with its measures in order (measures of a missing clause are
    shown as clauses of their own)."""
    ids = {f.pk for f in findings}
    children: dict[int, list[Finding]] = {}
    tops: list[Finding] = []
    for finding in findings:
        if finding.parent_id in ids:
            children.setdefault(finding.parent_id, []).append(finding)
        else:
            tops.append(finding)

    def flat(finding: Finding) -> list[Finding]:
        out = []
        for child in children.get(finding.pk, []):
            out += [child, *flat(child)]
        return out

    return [(top, flat(top)) for top in tops]


def _latest_text(item: Loaded) -> str:
    """ "21.0% (42 of 200) in March 2019", small numbers shown as "c"."""
    ind = item.indicator
    if not item.periods:
        return "No figures yet"
    numerator, denominator = item.numerators[-1], item.denominators[-1]
    hide_value, hide_num, hide_den = (
        bool(m[0])
        for m in masks(
            [item.values[-1]],
            [float("nan") if numerator is None else numerator],
            [float("nan") if denominator is None else denominator],
            ind.unit,
            default_rule(),
        )
    )
    text = MARK if hide_value else fmt(ind, item.values[-1])
    if denominator is not None:
        den = MARK if hide_den else f"{denominator:,.0f}"
        num = "" if numerator is None else (MARK if hide_num else f"{numerator:,.0f}")
        text += f" ({num} of {den})" if num else f" (of {den})"
    period = item.periods[-1]
    when = f"{period:%B %Y}" if ind.frequency == "monthly" else period_label(period, ind.frequency)
    return f"{text} in {when}"


def _target_text(item: Loaded) -> str:
    target = item.compared_target if item.periods else None
    target = target or item.next_target or (item.targets[0] if item.targets else None)
    if target is None:
        return "No target set"
    return f"{fmt(item.indicator, target.value)} by {day(target.due_date)} ({target.label})"


def _target_row(item: Loaded, commentary: Commentary | None) -> TargetRow:
    reading = item.analysis.status if item.periods else "no_figures"
    return TargetRow(item, reading, _latest_text(item), _target_text(item), commentary)


def _indicator_ids(ctx: ReportContext, findings: list[Finding]) -> dict[int, set[int]]:
    """Each finding's indicators by every route `for_finding` follows, read for all the
    findings at once: three queries, however many measures the notice has."""
    ids: dict[int, set[int]] = {finding.pk: set() for finding in findings}
    indicators = Indicator.objects.in_authority(ctx.authority)
    for route in FINDING_ROUTES:
        pairs = indicators.filter(**{f"{route}__in": findings}).values_list(route, "pk")
        for finding_id, indicator_id in pairs:
            ids[finding_id].add(indicator_id)
    return ids


def measure_sections(ctx: ReportContext, findings: list[Finding]) -> dict[int, MeasureSection]:
    """Every notice finding's actions (in this plan), indicators and typed measures."""
    indicator_ids = _indicator_ids(ctx, findings)
    wanted = sorted(set().union(*indicator_ids.values()))
    indicators = list(Indicator.objects.filter(pk__in=wanted).order_by("name", "id"))
    # Figures known by the report's date: none entered later, for any month.
    known = load(indicators, until=ctx.period_end, known_on=ctx.as_of)
    loaded = {item.indicator.pk: item for item in known}
    commentary: dict[int, Commentary] = {}
    # Commentary about the period, written by the report's date (nothing written later).
    notes = Commentary.objects.filter(
        indicator_id__in=wanted, as_of__lte=ctx.period_end, created_at__lt=end_of(ctx.as_of)
    )
    for note in notes.order_by("-created_at", "-id"):
        commentary.setdefault(note.indicator_id, note)
    typed: dict[int, list[Impact]] = {}
    for link in ImpactLink.objects.filter(
        finding__in=findings, indicator__isnull=True, measure__indicator__isnull=True
    ).select_related("measure"):
        typed.setdefault(link.finding_id, []).append(read(link, {}, default_rule()))
    sections = {}
    for finding in findings:
        rows = [
            _target_row(loaded[i.pk], commentary.get(i.pk))
            for i in indicators
            if i.pk in indicator_ids[finding.pk]
        ]
        sections[finding.pk] = MeasureSection(
            finding, list(finding.actions.all()), rows, typed.get(finding.pk, [])
        )
    return sections


def notice_findings(notice: Source, ctx: ReportContext) -> list[Finding]:
    actions = (
        Action.objects.filter(plan=ctx.plan)
        .select_related("theme")
        .prefetch_related("owners__person")
        .order_by("number", "id")
    )
    return list(
        notice.findings.filter(kind=FindingKind.NOTICE_MEASURE)
        .order_by("position", "id")
        .prefetch_related(Prefetch("actions", queryset=actions))
    )
