"""The QA papers as report blocks: the monthly audit report for the management team, and the
quality assurance section the Improvement Board pack prints. Both read `qa_period` (nothing
recorded after the report's day) and use only the report engine's blocks.

The board pack's section names no case: grades over time, overdue actions by owner and the
learning themes. The monthly report is for the management team that chases the actions, so
its overdue actions and open concerns are listed by case reference (never a name)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from stocktake.quality.choices import GOOD_OR_BETTER, Grade
from stocktake.quality.report_data import QaPeriod, qa_period
from stocktake.reports.blocks import Block, Bullets, Heading, Paragraph, Table
from stocktake.reports.builders.common import day, of_total, plural, short_day, shorten
from stocktake.reports.context import ReportContext

ILLUSTRATIVE = (
    "Illustrative: the case audits in this paper are made up for the demonstration. They "
    "are not real audits and say nothing about real children or practice."
)
Row = list[str | int | float | None]


def period_for(ctx: ReportContext) -> QaPeriod:
    return qa_period(ctx.authority, ctx.period_start, ctx.period_end, ctx.as_of)


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "No audits"


def grades_over_time(period: QaPeriod) -> Table:
    rows: list[Row] = []
    for month, audited in period.months():
        counts = period.grade_counts(audited)
        good = sum(counts[g] for g in GOOD_OR_BETTER)
        rows.append([f"{month:%B %Y}", len(audited), counts[Grade.OUTSTANDING],
                     counts[Grade.GOOD], counts[Grade.REQUIRES_IMPROVEMENT],
                     counts[Grade.INADEQUATE], _share(good, len(audited))])  # fmt: skip
    return Table(
        "Audits completed each month, by overall grade",
        ["Month", "Audits", "Outstanding", "Good", "Requires improvement", "Inadequate",
         "Good or better"],
        rows,
        sheet="Grades over time",
        widths=[2.2, 1.2, 2.0, 1.1, 2.1, 1.8, 1.6],
    )  # fmt: skip


def summary_points(period: QaPeriod, label: str) -> list[str]:
    audited = period.in_period
    counts = period.grade_counts()
    good = sum(counts[g] for g in GOOD_OR_BETTER)
    agreed = sum(m.overall_agreed for m in period.moderated)
    return [
        f"{plural(len(audited), 'audit')} completed in {label}"
        + (f", of {plural(period.due, 'audit')} due in the month "
           f"({period.due_done} of them done by {day(period.as_of)})." if period.due else "."),
        f"Graded good or better overall: {of_total(good, len(audited), 'audits')}; "
        f"inadequate: {of_total(counts[Grade.INADEQUATE], len(audited), 'audits')}.",
        f"Moderated: {plural(len(period.moderated), 'audit')}; the moderator agreed the overall "
        f"grade in {of_total(agreed, len(period.moderated), 'audits')}.",
        f"Audit actions: {period.actions_raised} raised and {period.actions_done} completed "
        f"in the month; {plural(len(period.overdue), 'action')} overdue on {day(period.as_of)}.",
        f"Immediate safeguarding concerns: {period.concerns_raised} raised in the month; "
        f"{len(period.concerns_open)} open on {day(period.as_of)}.",
    ]  # fmt: skip


def domain_table(period: QaPeriod, label: str) -> Table:
    return Table(
        f"Grades by domain, {label}",
        ["Domain", "Audits grading it", "Good or better", "Inadequate"],
        [[name, n, _share(good, n), _share(bad, n)] for name, n, good, bad in period.domain_rows()],
        sheet="Domains",
        widths=[4, 1.5, 1.5, 1.5],
    )


def themes_blocks(period: QaPeriod, label: str, level: int) -> list[Block]:
    blocks: list[Block] = [Heading("Learning", level)]
    if not period.themes:
        return [*blocks, Paragraph(f"No learning themes were tagged in audits completed in "
                                   f"{label}.")]  # fmt: skip
    blocks.append(Paragraph(f"Themes seen in the audits completed in {label}, most often first:"))
    blocks.append(Bullets([f"{name}: {plural(n, 'audit')}" for name, n in
                           period.themes.most_common()]))  # fmt: skip
    return blocks


def _overdue_rows(period: QaPeriod) -> list[Row]:
    return [
        [a.audit.case_reference, shorten(a.text, 160), a.owner.name, short_day(a.due_date),
         (period.as_of - a.due_date).days]
        for a in period.overdue
    ]  # fmt: skip


def _changed_table(period: QaPeriod) -> Table:
    return Table(
        "Grades the moderator changed (both grades are kept)",
        ["Case", "Grade for", "Auditor's grade", "Moderator's grade", "Reason"],
        [[c.case, c.what, c.auditor, c.moderator, shorten(c.reason, 300)] for c in period.changed],
        sheet="Moderation",
        widths=[1.7, 2, 1.7, 1.7, 3.6],
    )


def audit_report_blocks(ctx: ReportContext, period: QaPeriod) -> list[Block]:
    label = ctx.period_label
    blocks: list[Block] = []
    if period.illustrative:
        blocks.append(Paragraph(ILLUSTRATIVE, style="warning"))
    blocks += [
        Heading("Summary"),
        Paragraph(f"Case-file audits for {label}, as known on {day(ctx.as_of)}: audits "
                  "completed and recorded by then, graded on Ofsted's four-point scale. Where "
                  "moderation changed a grade, the moderator's grade is counted and both are "
                  "shown below.", style="lead"),
        Bullets(summary_points(period, label)),
        Heading("Grades over time"),
        grades_over_time(period),
        Heading("Grades by domain"),
        domain_table(period, label) if period.in_period
        else Paragraph(f"No audits were completed in {label}."),
        Heading("Moderation"),
    ]  # fmt: skip
    if period.changed:
        blocks.append(_changed_table(period))
    else:
        blocks.append(Paragraph(f"No grade was changed by moderation in {label}."))
    blocks.append(Heading("Overdue audit actions"))
    if period.overdue:
        blocks.append(Table("Audit actions overdue on " + day(ctx.as_of),
                            ["Case", "Action", "Owner", "Due", "Days overdue"],
                            _overdue_rows(period), sheet="Overdue actions",
                            widths=[1.7, 4.2, 2, 1.4, 1.1],
                            row_marks=["red"] * len(period.overdue)))  # fmt: skip
    else:
        blocks.append(Paragraph(f"No audit action is overdue on {day(ctx.as_of)}."))
    blocks.append(Heading("Immediate safeguarding concerns"))
    if period.concerns_open:
        blocks.append(Bullets([f"Case {c.audit.case_reference}: raised {day(c.raised_at.date())}, "
                               "not yet closed" for c in period.concerns_open]))  # fmt: skip
    else:
        blocks.append(Paragraph(f"No concern is open on {day(ctx.as_of)}."))
    blocks += themes_blocks(period, label, 1)
    return blocks


def _overdue_by_owner(overdue: list[Any]) -> list[Row]:
    owners: dict[str, list[int]] = {}
    for action in overdue:
        owners.setdefault(action.owner.name, []).append(action.due_date.toordinal())
    return [[name, len(dues), short_day(dt.date.fromordinal(min(dues)))]
            for name, dues in sorted(owners.items())]  # fmt: skip


def qa_section(ctx: ReportContext) -> list[Block]:
    """The board pack's QA section: nothing at all for an authority with no audits known by
    the pack's day."""
    period = period_for(ctx)
    if not period.audited and not period.due:
        return []
    label = ctx.period_label
    blocks: list[Block] = [Heading("Quality assurance: case audits")]
    if period.illustrative:
        blocks.append(Paragraph(ILLUSTRATIVE, style="warning"))
    blocks += [Bullets(summary_points(period, label)), grades_over_time(period)]
    blocks.append(Heading("Audit actions overdue", 2))
    if period.overdue:
        blocks.append(Table("Overdue audit actions by owner", ["Owner", "Overdue", "Oldest due"],
                            _overdue_by_owner(period.overdue), sheet="QA overdue actions",
                            widths=[4, 1.2, 1.6]))  # fmt: skip
    else:
        blocks.append(Paragraph(f"No audit action is overdue on {day(ctx.as_of)}."))
    blocks += themes_blocks(period, label, 2)
    return blocks
