"""The independent chair's progress report to the DfE, in the improvement notice's structure.

Seed 001: "The Board Chair must provide … a written, 6 month progress report including specific
commentary against the targets set out in this Notice. The Chair must also provide an initial
report 2 months after the commencement of this Notice." This builder drafts that report for
the chair: for each of the notice's measures (3.1 … 8.2, under their clauses), the measure in
full, the actions answering it with their delivery status, due date and latest reportable
update, each target evidencing it (latest figure against target, met or not), a chart per
indicator, and the commentary already written. It opens with a summary and closes with blank
lines for the chair's own assessment.

The report's label comes from the notice's date and the period: a report for the month in
which the notice turns two months old is the "2-month" report, and so on. For a notice held
without a date, months are counted from the plan's week 1, when the programme started.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch

from stocktake.findings.choices import FindingKind, ImpactReading, SourceKind
from stocktake.findings.impact import Impact, read
from stocktake.findings.models import Finding, ImpactLink, Source
from stocktake.indicators.analysis.suppression import MARK, masks
from stocktake.indicators.exports import default_rule
from stocktake.indicators.models import Commentary, Indicator
from stocktake.indicators.periods import label as period_label
from stocktake.indicators.presenters import chart_data, fmt
from stocktake.indicators.selectors import Loaded, load
from stocktake.plans.models import Action, Update
from stocktake.reports.blocks import (
    Block,
    Bullets,
    Chart,
    Heading,
    Paragraph,
    ReportDocument,
    Table,
)
from stocktake.reports.builders.common import (
    action_label,
    chart_to_dict,
    day,
    due_label,
    latest_reportable_updates,
    of_total,
    percent,
    plural,
    rag_mark,
    shorten,
    status_label,
    status_mark,
    update_line,
)
from stocktake.reports.context import NoData, ReportContext

# What the latest figure says about its target, in the report's words, and its row colour.
READINGS: dict[str, tuple[str, str]] = {
    "met": ("Met", "green"),
    "within_tolerance": ("Not met (within tolerance)", "amber"),
    "missed": ("Not met", "red"),
    "not_due": ("Not yet due", "grey"),
    "no_target": ("No target set", "grey"),
    "no_figures": ("No figures yet", "grey"),
}
CHAIR_LINES = 8  # blank lines left for the chair's commentary
BLANK_LINE = "_" * 60
NO_COMMENTARY = "No commentary has been written yet."


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
    """ "6-month": whole months from the notice's date (or, when the copy held is undated,
    from the plan's week 1, when the programme started) to the end of the period."""
    start = notice.date or ctx.plan.week1_date
    return f"{max(months_between(start, ctx.period_end), 1)}-month"


def _tree(findings: list[Finding]) -> list[tuple[Finding, list[Finding]]]:
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
    """Each finding's indicators: through the actions answering it or a measure made into an
    indicator (`for_finding`), or linked to it directly as impact evidence."""
    ids: dict[int, set[int]] = {}
    for finding in findings:
        ids[finding.pk] = set(
            Indicator.objects.in_authority(ctx.authority)
            .for_finding(finding.pk)
            .values_list("pk", flat=True)
        )
    direct = ImpactLink.objects.filter(
        finding__in=findings, indicator__authority=ctx.authority
    ).values_list("finding_id", "indicator_id")
    for finding_id, indicator_id in direct:
        ids[finding_id].add(indicator_id)
    return ids


def _sections(ctx: ReportContext, findings: list[Finding]) -> dict[int, MeasureSection]:
    """Every notice finding's actions (in this plan), indicators and typed measures."""
    indicator_ids = _indicator_ids(ctx, findings)
    wanted = sorted(set().union(*indicator_ids.values()))
    indicators = list(Indicator.objects.filter(pk__in=wanted).order_by("name", "id"))
    loaded = {item.indicator.pk: item for item in load(indicators, until=ctx.period_end)}
    commentary: dict[int, Commentary] = {}
    notes = Commentary.objects.filter(indicator_id__in=wanted, as_of__lte=ctx.period_end)
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


def _findings(notice: Source, ctx: ReportContext) -> list[Finding]:
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


def _heading_text(finding: Finding, limit: int = 90, sep: str = " ") -> str:
    """ "3.1 Work collaboratively with partner agencies…" ("3. The effectiveness…" for a
    clause, with `sep` ". ")."""
    if not finding.reference:
        return shorten(finding.text, limit)
    return f"{finding.reference.rstrip('.')}{sep}{shorten(finding.text, limit)}"


def _action_row(
    action: Action, updates: dict[int, Update], as_of: dt.date
) -> list[str | int | float | None]:
    status = status_label(action.delivery_status)
    if action.due_date and action.due_date < as_of and not action.is_complete:
        status += " (overdue)"
    return [
        action_label(action, 160),
        _owners(action),
        status,
        due_label(action),
        update_line(updates.get(action.pk), 400),
    ]


def _owners(action: Action) -> str:
    """Owners' names only: the table's column is narrow (prefetch `owners__person`)."""
    names = dict.fromkeys(owner.person.name for owner in action.owners.all())
    return "; ".join(names) or "No owner named"


def _progress_sentence(actions: list[Action], as_of: dt.date) -> str:
    if not actions:
        return "No action in the plan answers this measure yet."
    total = len(actions)
    complete = sum(a.is_complete for a in actions)
    overdue = sum(1 for a in actions if a.due_date and a.due_date < as_of and not a.is_complete)
    if total == 1:
        action = actions[0]
        text = "The one action answering this measure is " + (
            "complete" if action.is_complete else status_label(action.delivery_status).lower()
        )
        return text + (", and overdue." if overdue else ".")
    text = f"Of the {total} actions answering this measure, "
    if complete:
        verb = "is" if complete == 1 else "are"
        text += f"{complete} ({percent(complete, total)}) {verb} complete"
    else:
        text += "none is complete yet"
    if overdue:
        text += f" and {overdue} of the {total} {'is' if overdue == 1 else 'are'} overdue"
    return text + "."


def _measure_blocks(
    section: MeasureSection,
    level: int,
    updates: dict[int, Update],
    ctx: ReportContext,
    charted: dict[int, str],
) -> list[Block]:
    finding = section.finding
    blocks: list[Block] = [
        Heading(f"Measure {_heading_text(finding, sep=': ')}", level),
        Paragraph(" ".join(finding.text.split()), "lead"),
    ]
    commentary = _commentary_blocks(section, level + 1)
    if not section.actions and not section.measured and not commentary:
        blocks.append(
            Paragraph(
                "No action in the plan answers this measure yet, no target evidences it and "
                "no commentary has been written.",
                "warning",
            )
        )
        return blocks
    blocks += [
        Heading("Progress", level + 1),
        Paragraph(_progress_sentence(section.actions, ctx.as_of)),
    ]
    if section.actions:
        blocks.append(
            Table(
                title=f"Actions answering measure {finding.reference}",
                columns=["Action", "Owner", "Delivery status", "Due", "Latest update"],
                rows=[_action_row(a, updates, ctx.as_of) for a in section.actions],
                sheet="Actions",
                widths=[3, 2, 1.3, 1.2, 4],
                row_marks=[
                    rag_mark(a.rag) or status_mark(a.delivery_status) for a in section.actions
                ],
            )
        )
    blocks += _target_blocks(section, level + 1, charted)
    return blocks + (commentary or [Heading("Commentary", level + 1), Paragraph(NO_COMMENTARY)])


TYPED_MARKS: dict[str, str] = {ImpactReading.MET: "green", ImpactReading.NOT_MET: "red"}


def _target_blocks(section: MeasureSection, level: int, charted: dict[int, str]) -> list[Block]:
    """The targets table (indicators read from their figures; measures with no indicator as
    a person recorded them) and a chart of each indicator with figures, the first time it
    appears (`charted`: indicator → the measure whose section has its chart)."""
    blocks: list[Block] = [Heading("Targets", level)]
    if not section.targets and not section.typed:
        return [*blocks, Paragraph("No indicator or target evidences this measure yet.")]
    rows: list[list[str | int | float | None]] = [
        [t.loaded.indicator.name, t.latest, t.target, READINGS[t.reading][0]]
        for t in section.targets
    ]
    rows += [
        [i.label, i.latest or "Not recorded", "As the plan sets it", i.reading_label]
        for i in section.typed
    ]
    blocks.append(
        Table(
            title=f"Targets for measure {section.finding.reference}",
            columns=["Indicator", "Latest figure", "Target", "Met?"],
            rows=rows,
            sheet="Targets",
            widths=[3, 2.5, 2.5, 1.5],
            row_marks=[READINGS[t.reading][1] for t in section.targets]
            + [TYPED_MARKS.get(i.reading, "grey") for i in section.typed],
        )
    )
    shown_before = []
    for row in section.targets:
        ind = row.loaded.indicator
        if not row.loaded.periods:
            continue
        if ind.pk in charted:
            shown_before.append(f"{ind.name} (measure {charted[ind.pk]})")
            continue
        charted[ind.pk] = section.finding.reference
        blocks.append(
            Chart(
                title=ind.name,
                data=chart_to_dict(chart_data(row.loaded)),
                caption=f"{ind.name}: {row.latest}; target {row.target}. "
                f"{READINGS[row.reading][0]}.",
            )
        )
    if shown_before:
        blocks.append(Paragraph(f"Charted earlier: {'; '.join(shown_before)}.", "small"))
    return blocks


def _commentary_blocks(section: MeasureSection, level: int) -> list[Block]:
    texts = []
    if section.finding.progress.strip():
        texts.append(" ".join(section.finding.progress.split()))
    for row in section.targets:
        if row.commentary is not None and row.commentary.text.strip():
            note = " ".join(row.commentary.text.split())
            texts.append(f"{row.loaded.indicator.name} ({day(row.commentary.as_of)}): {note}")
    if not texts:
        return []
    return [Heading("Commentary", level), *(Paragraph(t) for t in texts)]


def _summary(sections: list[MeasureSection]) -> list[Block]:
    answered = [s for s in sections if s.actions]
    complete = [s for s in answered if s.all_complete]
    measured = [s for s in sections if s.measured]
    met = [s for s in measured if s.targets_met]
    delivered_not_different = [s for s in complete if not s.targets_met]
    total = len(sections)
    items = []
    if answered:
        items.append(
            f"Delivery: {of_total(len(complete), len(answered), 'measures')} answered by "
            "actions in the plan have all those actions complete."
        )
    if measured:
        items.append(
            f"Impact: {of_total(len(met), len(measured), 'measures')} with targets have met "
            "every one of them."
        )
    if len(answered) < total:
        items.append(
            f"{of_total(total - len(answered), total, 'measures')} have no action in the plan "
            "answering them yet."
        )
    if len(measured) < total:
        items.append(
            f"{of_total(total - len(measured), total, 'measures')} have no target evidencing "
            "their impact yet."
        )
    blocks: list[Block] = [Heading("Summary", 1), Bullets(items)]
    blocks.append(Heading("Delivered, not yet different", 2))
    if delivered_not_different:
        blocks.append(
            Paragraph(
                "Every action answering these measures is complete, but their targets are "
                "not yet met, so the difference for children is not yet shown:"
            )
        )
        blocks.append(Bullets([_heading_text(s.finding, 120) for s in delivered_not_different]))
    else:
        blocks.append(
            Paragraph("No measure has all its actions complete while its targets are unmet.")
        )
    return blocks


def build(ctx: ReportContext) -> ReportDocument:
    notice = notice_for(ctx)
    findings = _findings(notice, ctx)
    if not findings:
        raise NoData(
            f"The {notice.title} has no measures recorded in the findings register, so there "
            "is nothing to report against. Add its measures first."
        )
    label = report_label(notice, ctx)
    tree = _tree(findings)
    sections = _sections(ctx, findings)
    updates = latest_reportable_updates(
        ctx.plan, include_unreviewed=ctx.include_unreviewed, on_or_before=ctx.period_end
    )
    measures: list[MeasureSection] = []
    body: list[Block] = []
    charted: dict[int, str] = {}
    for clause, children in tree:
        if not children:
            measures.append(sections[clause.pk])
            body += _measure_blocks(sections[clause.pk], 1, updates, ctx, charted)
            continue
        body.append(Heading(_heading_text(clause, sep=". "), 1))
        if len(" ".join(clause.text.split())) > 90:
            body.append(Paragraph(" ".join(clause.text.split())))
        own = sections[clause.pk]
        if own.actions or own.targets:
            measures.append(own)
            body += _measure_blocks(own, 2, updates, ctx, charted)
        for child in children:
            measures.append(sections[child.pk])
            body += _measure_blocks(sections[child.pk], 2, updates, ctx, charted)
    title = f"Chair's {label} progress report"
    return ReportDocument(
        title=title,
        authority=ctx.authority.name,
        subtitle=f"Progress against the {notice.title}",
        period_label=ctx.period_label,
        prepared_on=day(ctx.as_of),
        blocks=[
            *_introduction(notice, label, measures, ctx),
            *_summary(measures),
            *body,
            *_chair_blocks(),
        ],
    )


def _introduction(
    notice: Source, label: str, measures: list[MeasureSection], ctx: ReportContext
) -> list[Block]:
    issued = (
        f", issued on {day(notice.date)}"
        if notice.date
        else (
            " (the copy of the notice held is not dated, so months are counted from the "
            f"start of the programme, week 1 of the {ctx.plan.name}, {day(ctx.plan.week1_date)})"
        )
    )
    which = f"the {label} progress report"
    blocks: list[Block] = [
        Heading("Introduction", 1),
        Paragraph(
            f"This is {which} from the independent chair of the Improvement Board on the "
            f"{notice.title}{issued}. It covers {ctx.period_label} and sets out progress "
            f"against each of the notice's {plural(len(measures), 'measure')}: the actions "
            f"in the {ctx.plan.name} that answer it, the targets that show whether it is "
            "making a difference for children, and the commentary on both."
        ),
        Paragraph(
            "This is a draft for the chair. The chair's own assessment is to be written in "
            "the last section."
        ),
    ]
    if ctx.include_unreviewed:
        blocks.append(
            Paragraph(
                "This draft also quotes progress updates that a lead has not yet reviewed.",
                "warning",
            )
        )
    else:
        blocks.append(Paragraph("Only progress updates a lead has accepted are quoted.", "small"))
    return blocks


def _chair_blocks() -> list[Block]:
    return [
        Heading("Chair's overall assessment", 1),
        Paragraph(
            "The chair's assessment of overall progress against the notice, the risks to "
            "improvement and the support needed, for the Minister and the Department for "
            "Education."
        ),
        Heading("Chair's commentary", 2),
        *(Paragraph(BLANK_LINE) for _ in range(CHAIR_LINES)),
    ]
