"""The independent chair's progress report to the DfE, in the improvement notice's structure.

Seed 001: "The Board Chair must provide … a written, 6 month progress report including specific
commentary against the targets set out in this Notice. The Chair must also provide an initial
report 2 months after the commencement of this Notice." This builder drafts that report for
the chair: for each of the notice's measures (3.1 … 8.2, under their clauses), the measure in
full, the actions answering it with their delivery status, due date and latest reportable
update, each target evidencing it (latest figure against target, met or missed only where a
target exists), a chart per indicator, and the chair's commentary on it. It opens with the
addressee and a summary and closes with the chair's overall assessment, the Leader of the
Council's supplementary report (8.2) and the chair's signature.

What the chair writes comes from the chair's report being written in Stocktake for the same
plan, notice and period (`stocktake.chair`), as it stood at the end of the report's as-of day:
nothing written later appears. The paper is final only if by then every section was written
as final and the report signed; otherwise its title, and so the header of every page, says
DRAFT, and its opening lists what is still to be written.

The report's label comes from the notice's own date and the period: a report for the month in
which the notice turns two months old is the "2-month" report, and so on. A notice held
without a date gives no label; its months are never counted from anything else.
"""

from __future__ import annotations

import datetime as dt

from stocktake.chair.models import Part
from stocktake.chair.selectors import Written, notice_measures, report_for_period, written
from stocktake.documents.blocks import (
    Block,
    Bullets,
    Chart,
    Heading,
    Paragraph,
    ReportDocument,
    Table,
)
from stocktake.findings.choices import ImpactReading
from stocktake.findings.models import Finding, Source
from stocktake.indicators.presenters import chart_data
from stocktake.plans.models import Action, Update
from stocktake.reports.builders.chair_data import (
    READINGS,
    MeasureSection,
    measure_sections,
    measure_tree,
    months_between,
    notice_findings,
    notice_for,
    report_label,
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

NO_COMMENTARY = "The chair's commentary on this measure is not yet written."
DRAFT = "DRAFT"

__all__ = ["build", "months_between"]


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
    chair: Written,
    ask: bool = True,
) -> list[Block]:
    """`ask`: whether the chair's commentary is asked for (every measure with no measures
    beneath it; a clause shown for its own actions is not)."""
    finding = section.finding
    blocks: list[Block] = [
        Heading(f"Measure {_heading_text(finding, sep=': ')}", level),
        Paragraph(" ".join(finding.text.split()), "lead"),
    ]
    commentary = _commentary_blocks(section, level + 1, chair, ask)
    if not section.actions and not section.targets and not section.typed:
        blocks.append(
            Paragraph(
                "No action in the plan answers this measure yet and no target evidences it.",
                "warning",
            )
        )
        return blocks + commentary
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
    return blocks + commentary


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


def _commentary_blocks(
    section: MeasureSection, level: int, chair: Written, ask: bool
) -> list[Block]:
    """The chair's commentary on the measure (marked if still a draft), then the indicators'
    commentary written by the report's date."""
    blocks: list[Block] = []
    if ask:
        blocks.append(Heading("Chair's commentary", level))
        text = chair.text(Part.MEASURE, section.finding)
        if text is None:
            blocks.append(Paragraph(NO_COMMENTARY, "warning"))
        else:
            if text.state != "final":
                blocks.append(Paragraph("Draft wording, not yet final.", "warning"))
            blocks += [Paragraph(p) for p in _paragraphs(text.text)]
    notes = [
        f"{row.loaded.indicator.name} ({day(row.commentary.as_of)}): "
        + " ".join(row.commentary.text.split())
        for row in section.targets
        if row.commentary is not None and row.commentary.text.strip()
    ]
    if notes:
        blocks += [Heading("Commentary on the indicators", level), *(Paragraph(n) for n in notes)]
    return blocks


def _paragraphs(text: str) -> list[str]:
    """Paragraphs as written: split on blank lines, each paragraph's lines joined."""
    return [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _summary(sections: list[MeasureSection]) -> list[Block]:
    answered = [s for s in sections if s.actions]
    complete = [s for s in answered if s.all_complete]
    measured = [s for s in sections if s.measured]
    met = [s for s in measured if s.targets_met]
    # Only a measure with a target can be said not to have met it.
    delivered_not_different = [s for s in complete if s.measured and not s.targets_met]
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
    findings = notice_findings(notice, ctx)
    if not findings:
        raise NoData(
            f"The {notice.title} has no measures recorded in the findings register, so there "
            "is nothing to report against. Add its measures first."
        )
    label = report_label(notice, ctx)
    tree = measure_tree(findings)
    sections = measure_sections(ctx, findings)
    updates = latest_reportable_updates(
        ctx.plan, include_unreviewed=ctx.include_unreviewed, on_or_before=ctx.period_end
    )
    draft = report_for_period(ctx.plan, notice, ctx.period_start, ctx.period_end)
    chair = written(draft, ctx.as_of)
    unfinished = chair.unfinished(notice_measures(notice))
    final = not unfinished and chair.sign_off is not None
    measures: list[MeasureSection] = []
    body: list[Block] = []
    charted: dict[int, str] = {}
    for clause, children in tree:
        if not children:
            measures.append(sections[clause.pk])
            body += _measure_blocks(sections[clause.pk], 1, updates, ctx, charted, chair)
            continue
        body.append(Heading(_heading_text(clause, sep=". "), 1))
        if len(" ".join(clause.text.split())) > 90:
            body.append(Paragraph(" ".join(clause.text.split())))
        own = sections[clause.pk]
        if own.actions or own.targets:
            measures.append(own)
            body += _measure_blocks(own, 2, updates, ctx, charted, chair, ask=False)
        for child in children:
            measures.append(sections[child.pk])
            body += _measure_blocks(sections[child.pk], 2, updates, ctx, charted, chair)
    title = f"Chair's {label}progress report"
    return ReportDocument(
        title=title if final else f"{DRAFT}: {title}",
        authority=ctx.authority.name,
        subtitle=f"Progress against the {notice.title}",
        period_label=ctx.period_label,
        prepared_on=day(ctx.as_of),
        blocks=[
            *_draft_blocks(unfinished, chair, final),
            *_addressee_blocks(chair),
            *_introduction(notice, label, measures, ctx),
            *_summary(measures),
            *body,
            *_closing_blocks(chair),
        ],
    )


def _draft_blocks(unfinished: list[str], chair: Written, final: bool) -> list[Block]:
    if final:
        return []
    missing = [*unfinished] if unfinished else []
    if chair.sign_off is None:
        missing.append("The chair's signature")
    return [
        Paragraph(
            "DRAFT. This report is not finished, so it is not the chair's report: "
            f"{plural(len(missing), 'part')} still to be written or signed.",
            "warning",
        ),
        Bullets(missing),
    ]


def _addressee_blocks(chair: Written) -> list[Block]:
    text = chair.text(Part.ADDRESSEE)
    if text is None:
        return [Paragraph("To: the addressee is not yet written.", "warning")]
    draft = [] if text.state == "final" else [Paragraph("Draft wording, not yet final.", "warning")]
    return [*draft, Paragraph(f"To: {' '.join(text.text.split())}", "lead")]


def _introduction(
    notice: Source, label: str, measures: list[MeasureSection], ctx: ReportContext
) -> list[Block]:
    issued = (
        f", issued on {day(notice.date)}"
        if notice.date
        else (
            " (the copy of the notice held is not dated, so the months since it commenced "
            "are not counted)"
        )
    )
    which = f"the {label}progress report"
    blocks: list[Block] = [
        Heading("Introduction", 1),
        Paragraph(
            f"This is {which} from the independent chair of the Improvement Board on the "
            f"{notice.title}{issued}. It covers {ctx.period_label} and sets out progress "
            f"against each of the notice's {plural(len(measures), 'measure')}: the actions "
            f"in the {ctx.plan.name} that answer it, the targets that show whether it is "
            "making a difference for children, and the chair's commentary on both."
        ),
    ]
    if ctx.include_unreviewed:
        blocks.append(
            Paragraph(
                "This report also quotes progress updates that a lead has not yet reviewed.",
                "warning",
            )
        )
    else:
        blocks.append(Paragraph("Only progress updates a lead has accepted are quoted.", "small"))
    return blocks


def _written_blocks(chair: Written, part: str, missing: str) -> list[Block]:
    text = chair.text(part)
    if text is None:
        return [Paragraph(missing, "warning")]
    blocks: list[Block] = []
    if text.state != "final":
        blocks.append(Paragraph("Draft wording, not yet final.", "warning"))
    return blocks + [Paragraph(p) for p in _paragraphs(text.text)]


def _closing_blocks(chair: Written) -> list[Block]:
    sign_off = chair.sign_off
    signature: list[Block] = (
        [
            Table(
                title="Signed",
                columns=["Name", "Role", "Date signed"],
                rows=[[sign_off.name, sign_off.role, day(sign_off.signed_on)]],
                sheet="Sign-off",
                widths=[3, 4, 2],
            )
        ]
        if sign_off is not None
        else [Paragraph("Not yet signed by the chair.", "warning")]
    )
    return [
        Heading("Chair's overall assessment", 1),
        *_written_blocks(chair, Part.ASSESSMENT, "The chair's assessment is not yet written."),
        Heading("Supplementary report from the Leader of the Council", 1),
        Paragraph(
            "The notice (8.2): \u201cThe Chair's report will be supplemented by a report on "
            "progress from the Leader of the Council.\u201d",
            "small",
        ),
        *_written_blocks(chair, Part.LEADER, "The Leader's report is not yet written."),
        Heading("Sign-off", 1),
        *signature,
    ]
