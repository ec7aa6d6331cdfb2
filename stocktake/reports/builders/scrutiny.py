"""The report to the council's scrutiny committee, in seed 004's shape.

Seed 004 is Blackpool's report of 7 February 2019 from the Director of Children's Services to
the scrutiny committee: what it is for, what the committee is asked to do, the latest
inspection's judgements in a table, its areas for improvement and the plan answering them,
and the risks. This builder writes the same report from the register and the plan: the latest
graded inspection of children's social care (with the authority's self-assessed grade and the
previous inspection's grade beside each judgement), each area for improvement with its planned
response and progress in a sentence or two, the plan's delivery by theme with counts out of
their totals, the overdue actions, and the exceptions worded as risks with their mitigation
(the last reportable update) and owner.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from django.db.models import Prefetch
from django.utils import timezone

from stocktake.documents.blocks import Block, Heading, Paragraph, ReportDocument, Table
from stocktake.findings.choices import Area, FindingKind, Grade, SourceKind
from stocktake.findings.models import Finding, Judgement, Source
from stocktake.governance.selectors import Reason, exceptions
from stocktake.people.models import Person
from stocktake.plans.choices import DeliveryStatus
from stocktake.plans.history import as_of_moment
from stocktake.reports.builders.common import (
    day,
    of_total,
    percent,
    plural,
    shorten,
    status_label,
    status_mark,
)
from stocktake.reports.builders.record import (
    ReportAction,
    classification,
    known_sources,
    report_actions,
)
from stocktake.reports.builders.sections import exception_label
from stocktake.reports.context import NoData, ReportContext

# Ofsted's inspections of children's social care, compared with one another; other graded
# sources (HMI Probation's youth justice inspections) are mentioned beside them.
SOCIAL_CARE = (SourceKind.ILACS_STANDARD, SourceKind.ILACS_SHORT, SourceKind.EARLIER_OFSTED)
ANSWERED = (FindingKind.AREA_FOR_IMPROVEMENT, FindingKind.RECOMMENDATION)
GRADE_MARKS: dict[str, str] = {
    Grade.INADEQUATE: "red",
    Grade.REQUIRES_IMPROVEMENT: "amber",
    Grade.GOOD: "green",
    Grade.OUTSTANDING: "green",
}
# The plan's delivery statuses as the status table's columns, in reading order.
STATUS_COLUMNS = [
    DeliveryStatus.COMPLETE,
    DeliveryStatus.ON_TRACK,
    DeliveryStatus.AT_RISK,
    DeliveryStatus.OFF_TRACK,
    DeliveryStatus.BLOCKED,
    DeliveryStatus.NOT_STARTED,
]


def _graded(ctx: ReportContext) -> list[Source]:
    """The authority's sources with judgements dated by the period's end and recorded by the
    report's day, oldest first."""
    moment = as_of_moment(ctx.as_of)
    sources = (
        known_sources(ctx)
        .filter(judgements__isnull=False, judgements__created_at__lte=moment)
        .distinct()
        .prefetch_related(
            Prefetch("judgements", queryset=Judgement.objects.filter(created_at__lte=moment))
        )
    )
    return sorted(
        (s for s in sources if s.date is not None and s.date <= ctx.period_end),
        key=lambda s: (s.date, s.pk),
    )


def _inspections(ctx: ReportContext) -> tuple[Source, Source | None, list[Source]]:
    """The latest graded inspection, the one before it of the same family, and the other
    graded sources since the one before."""
    graded = _graded(ctx)
    if not graded:
        raise NoData(
            f"{ctx.authority.name} has no inspection with graded judgements dated by the end "
            f"of {ctx.period_label}, so there are no judgements to report to the committee. "
            "Record the inspection and its judgements in the findings register first."
        )
    family = [s for s in graded if s.kind in SOCIAL_CARE] or graded
    latest = family[-1]
    previous = family[-2] if len(family) > 1 else None
    since = previous.date if previous is not None and previous.date else dt.date.min
    others = [s for s in graded if s not in family and s.date and s.date > since]
    return latest, previous, others


def _grade(judgement: Judgement | None) -> str:
    return judgement.get_grade_display() if judgement else "Not judged"


def _judgements_table(latest: Source, previous: Source | None) -> Table:
    judgements = sorted(latest.judgements.all(), key=lambda j: _area_order(j.area))
    before = {j.area: j for j in previous.judgements.all()} if previous else {}
    self_assessed = any(j.self_assessed_grade for j in judgements)
    columns = ["Judgement", "Grade"]
    if self_assessed:
        columns.append("Our self-assessment")
    if previous is not None:
        columns.append(f"Previous inspection ({_when(previous)})")
    rows: list[list[str | int | float | None]] = []
    for judgement in judgements:
        row: list[str | int | float | None] = [
            judgement.get_area_display(),
            judgement.get_grade_display(),
        ]
        if self_assessed:
            row.append(judgement.get_self_assessed_grade_display() or "Not given")
        if previous is not None:
            row.append(_grade(before.get(judgement.area)))
        rows.append(row)
    return Table(
        title=f"Judgements: {latest.title}",
        columns=columns,
        rows=rows,
        sheet="Judgements",
        widths=[4, 2, *([2] * (len(columns) - 2))],
        row_marks=[GRADE_MARKS.get(j.grade, "") for j in judgements],
    )


# Judgements in the order seed 004's table gives them: overall effectiveness last.
AREA_ORDER: list[str] = [Area.LEADERS, Area.HELP_AND_PROTECTION, Area.IN_CARE_AND_CARE_LEAVERS,
              Area.IN_CARE, Area.CARE_LEAVERS, Area.OVERALL]  # fmt: skip


def _area_order(area: str) -> int:
    return AREA_ORDER.index(area) if area in AREA_ORDER else len(AREA_ORDER)


def _when(source: Source) -> str:
    return f"{source.date:%B %Y}" if source.date else "undated"


def _sentences(text: str, count: int = 2, limit: int = 320) -> str:
    """The first `count` sentences of `text`, on one line, at most `limit` characters."""
    flat = " ".join(text.split())
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9“\"‘'(])", flat)
    return shorten(" ".join(parts[:count]), limit)


def _judgement_blocks(latest: Source, previous: Source | None, others: list[Source]) -> list[Block]:
    judgements = list(latest.judgements.all())
    grades = Counter(j.grade for j in judgements)
    counted = [f"{grades[g]:,} {label.lower()}" for g, label in Grade.choices[::-1] if grades[g]]
    published = f"published on {day(latest.published_on)}" if latest.published_on else _when(latest)
    body = latest.body or "The inspectorate"
    blocks: list[Block] = [
        Heading("The latest inspection", 1),
        Paragraph(
            f"{body}'s report, “{latest.title}”, was {published}. It made "
            f"{plural(len(judgements), 'graded judgement')}: "
            + _and(counted)
            + ". The table below gives each judgement"
            + (" beside the previous inspection's" if previous else "")
            + "."
        ),
        _judgements_table(latest, previous),
    ]
    if previous is not None:
        blocks.append(
            Paragraph(
                f"The previous inspection, “{previous.title}”, was published in "
                f"{_when(previous)}; "
                "“Not judged” means it did not grade that area."
            )
        )
    for other in others:
        others_judged = ", ".join(
            f"{j.get_area_display().lower()} {j.get_grade_display().lower()}"
            for j in other.judgements.all()
        )
        findings = other.findings.filter(kind__in=ANSWERED).count()
        blocks.append(
            Paragraph(
                f"Also since then: {other.body or 'an inspectorate'}'s “{other.title}” "
                f"({_when(other)}) judged {others_judged}"
                + (f", with {plural(findings, 'recommendation')}." if findings else ".")
            )
        )
    return blocks


def _and(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _afi_blocks(latest: Source, ctx: ReportContext, actions: list[ReportAction]) -> list[Block]:
    findings = list(
        latest.findings.filter(kind__in=ANSWERED, created_at__lte=as_of_moment(ctx.as_of))
        .order_by("position", "id")
        .prefetch_related("actions")
    )
    known = {a.pk: a for a in actions}
    noun = (
        "area for improvement"
        if all(f.kind == FindingKind.AREA_FOR_IMPROVEMENT for f in findings)
        else "recommendation"
    )
    nouns = "areas for improvement" if noun.startswith("area") else "recommendations"
    blocks: list[Block] = [Heading(nouns.capitalize(), 1)]
    if not findings:
        return [*blocks, Paragraph(f"The inspection made no {nouns}.")]
    blocks.append(
        Paragraph(
            f"The inspection identified {plural(len(findings), noun, nouns)}. Each is listed "
            f"with the planned response and progress so far, and the actions in the "
            f"{ctx.plan.name} that answer it."
        )
    )
    rows: list[list[str | int | float | None]] = []
    for number, finding in enumerate(findings, start=1):
        rows.append(
            [
                finding.reference or str(number),
                " ".join(finding.text.split()),
                _sentences(finding.planned_response) or "No planned response recorded",
                _progress(finding, ctx, known),
            ]
        )
    blocks.append(
        Table(
            title=nouns.capitalize(),
            columns=["No.", noun.capitalize(), "Planned response", "Progress"],
            rows=rows,
            sheet=nouns.capitalize()[:31],
            widths=[0.6, 3.5, 3.5, 3.5],
        )
    )
    return blocks


def _progress(finding: Finding, ctx: ReportContext, known: dict[int, ReportAction]) -> str:
    """The finding's progress narrative (kept without history, so quoted only in a report
    about today) and how many of the plan's actions answering it were complete then."""
    actions = [known[a.pk] for a in finding.actions.all() if a.pk in known]
    said = _sentences(finding.progress) if ctx.as_of >= timezone.localdate() else ""
    if not actions:
        delivery = "No action in the plan answers it yet."
    else:
        done = sum(a.is_complete for a in actions)
        delivery = f"{of_total(done, len(actions))} answering it complete."
    return f"{said} {delivery}".strip() if said else delivery


def _status_blocks(ctx: ReportContext, actions: list[ReportAction]) -> list[Block]:
    total = len(actions)
    blocks: list[Block] = [Heading("Progress with the plan", 1)]
    if not total:
        return [*blocks, Paragraph(f"The {ctx.plan.name} has no actions yet.")]
    counts = Counter(a.delivery_status for a in actions)
    overdue = [a for a in actions if _overdue(a, ctx.as_of)]
    blocks.append(
        Paragraph(
            f"On {day(ctx.as_of)} the {ctx.plan.name} had {plural(total, 'action')}: "
            + _and(
                [
                    f"{counts[s]:,} {status_label(s).lower()} ({percent(counts[s], total)})"
                    for s in STATUS_COLUMNS
                    if counts[s]
                ]
            )
            + f". {of_total(len(overdue), total)} are overdue (past their due date and not "
            "complete)."
        )
    )
    themes: dict[str, list[ReportAction]] = {}
    for action in actions:
        themes.setdefault(action.theme_name, []).append(action)
    # Complete always has a column; other statuses only when some action has them.
    shown = [s for s in STATUS_COLUMNS if s == DeliveryStatus.COMPLETE or counts[s]]
    columns = ["Theme", "Actions", *[status_label(s) for s in shown], "Overdue"]
    rows: list[list[str | int | float | None]] = []
    for name, own in [*themes.items(), ("All themes", actions)]:
        per = Counter(a.delivery_status for a in own)
        late = sum(_overdue(a, ctx.as_of) for a in own)
        rows.append(
            [
                name,
                len(own),
                *[_cell(per[s], len(own)) for s in shown],
                _cell(late, len(own)),
            ]
        )
    blocks.append(
        Table(
            title="Delivery by theme",
            columns=columns,
            rows=rows,
            sheet="Delivery by theme",
            widths=[3, 1.1, *([1.3] * len(shown)), 1.3],
        )
    )
    blocks.append(Paragraph("Each count is followed by its share of the theme's actions.", "small"))
    blocks.append(Heading("Overdue actions", 2))
    if not overdue:
        blocks.append(Paragraph(f"No action was overdue on {day(ctx.as_of)}."))
        return blocks
    blocks.append(
        Table(
            title="Overdue actions",
            columns=["Action", "Owner", "Due", "Days overdue", "Delivery status"],
            rows=[
                [
                    a.short_label(140),
                    a.owner_labels,
                    a.due,
                    (ctx.as_of - a.due_date).days if a.due_date else None,
                    status_label(a.delivery_status),
                ]
                for a in sorted(overdue, key=lambda a: (a.due_date, a.number, a.pk))
            ],
            sheet="Overdue actions",
            widths=[4, 2.5, 1.4, 1.2, 1.4],
            row_marks=[status_mark(a.delivery_status) for a in overdue],
        )
    )
    return blocks


def _cell(part: int, whole: int) -> str:
    return f"{part:,} ({percent(part, whole)})" if part else "0"


def _overdue(action: ReportAction, as_of: dt.date) -> bool:
    return action.overdue_on(as_of)


def _risk_blocks(ctx: ReportContext, actions: list[ReportAction]) -> list[Block]:
    known = {a.pk: a for a in actions}
    items = exceptions(
        ctx.plan,
        ctx.as_of,
        reportable_only=True,
        include_unreviewed=ctx.include_unreviewed,
    )
    blocks: list[Block] = [Heading("Risks", 1)]
    if not items:
        blocks.append(
            Paragraph(
                f"On {day(ctx.as_of)} no action in the plan was red, overdue, blocked or "
                "waiting for corporate help, so no delivery risk is reported."
            )
        )
        return blocks
    blocks.append(
        Paragraph(
            f"{plural(len(items), 'action')} in the plan "
            + ("is" if len(items) == 1 else "are")
            + f" a risk to delivery on {day(ctx.as_of)}: rated red, overdue, blocked, "
            "returned for a better update twice, or needing corporate help to unblock. Each "
            "is listed with what has been done about it (the latest accepted update) and who "
            "owns it, longest-standing first."
        )
    )
    rows: list[list[str | int | float | None]] = []
    for item in items:
        why = "; ".join(
            f"{reason if n == 0 else reason.lower()} {item.detail.get(reason, '')}".strip()
            for n, reason in enumerate(item.reasons)
        )
        found = known.get(item.action.pk)
        label = found.short_label(140) if found else exception_label(item)
        risk = f"{label}. {why}"
        if item.ask:
            risk += f"; help asked for: {shorten(item.ask, 200)}"
        update = found.latest if found else None
        mitigation = (
            f"{day(update.date)}: {shorten(update.text, 300)}"
            if update is not None
            else "No update reported yet"
        )
        rows.append([risk, mitigation, found.owner_labels if found else "No owner named"])
    blocks.append(
        Table(
            title="Risks to delivery",
            columns=["Risk", "Mitigation (latest update)", "Owner"],
            rows=rows,
            sheet="Risks",
            widths=[4, 4, 2],
            row_marks=[_risk_mark(i.reasons) for i in items],
        )
    )
    return blocks


def _risk_mark(reasons: list[str]) -> str:
    return "red" if {Reason.RED, Reason.BLOCKED, Reason.UNBLOCK} & set(reasons) else "amber"


def _director(ctx: ReportContext) -> str:
    person = (
        Person.objects.in_authority(ctx.authority)
        .filter(job_title__iregex=r"director of children.s services")
        .order_by("id")
        .first()
    )
    return person.label if person else "Director of Children's Services"


def build(ctx: ReportContext) -> ReportDocument:
    latest, previous, others = _inspections(ctx)
    actions = report_actions(ctx)
    blocks: list[Block] = [
        Table(
            title="About this report",
            columns=["Report to", "Relevant officer", "Date of meeting", "Period covered"],
            rows=[["Scrutiny committee", _director(ctx), day(ctx.as_of), ctx.period_label]],
            sheet="About this report",
            widths=[2, 3, 1.5, 1.5],
        ),
        Heading("Purpose of the report", 1),
        Paragraph(
            f"This report gives the committee an overview of the latest inspection of "
            f"children's services, “{latest.title}”: its judgements and "
            f"{'areas for improvement' if latest.findings.exists() else 'findings'}, and the "
            f"progress of the {ctx.plan.name} in place to answer them."
        ),
        Heading("Recommendation", 1),
        Paragraph(
            "The committee is asked to note the inspection's judgements, the progress of the "
            "plan and the risks to its delivery set out below, and to consider whether the "
            "plan is robust and fit for purpose."
        ),
        *_judgement_blocks(latest, previous, others),
        *_afi_blocks(latest, ctx, actions),
        *_status_blocks(ctx, actions),
        *_risk_blocks(ctx, actions),
    ]
    if ctx.include_unreviewed:
        blocks.insert(
            1, Paragraph("This draft quotes updates a lead has not yet reviewed.", "warning")
        )
    return ReportDocument(
        title="Children's services: inspection judgements and the improvement plan",
        authority=ctx.authority.name,
        subtitle=f"Report to the scrutiny committee, {day(ctx.as_of)}",
        period_label=ctx.period_label,
        prepared_on=day(ctx.as_of),
        classification=classification(ctx),
        blocks=blocks,
    )
