"""The weekly highlight report for the management team: what moved this plan week (status
changes and the updates a report may quote), what is due next week, and the exceptions with
their counts.

The week is the plan week containing the report's "as of" day when that day falls in the
period asked for; otherwise the whole period (a month from the command line) is reported.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from stocktake.documents.blocks import Block, Bullets, Heading, Paragraph, ReportDocument, Table
from stocktake.reports.builders.common import (
    day,
    of_total,
    plural,
    rag_label,
    rag_mark,
    shorten,
)
from stocktake.reports.builders.record import classification
from stocktake.reports.builders.sections import (
    PlanState,
    actions_table,
    change_rows,
    changes_between,
    exceptions_blocks,
    plan_state,
    updates_between,
)
from stocktake.reports.context import NoData, ReportContext

TITLE = "Weekly highlight report"


def reporting_week(ctx: ReportContext) -> tuple[dt.date, dt.date, str]:
    """(first day, last day, label) of the week or period reported."""
    if ctx.period_start <= ctx.as_of <= ctx.period_end:
        week = ctx.plan.week_containing(ctx.as_of)
        return week.start, week.end, f"Week {week.number} ({day(week.start)} to {day(week.end)})"
    return ctx.period_start, ctx.period_end, ctx.period_label


def _label(state: PlanState, action_id: int) -> str:
    found = state.by_id.get(action_id)
    return found.label if found else "An action recorded later"


def build(ctx: ReportContext) -> ReportDocument:
    state = plan_state(ctx)
    if not state.actions:
        raise NoData(f"There is nothing to report: {ctx.plan.name} has no actions.")
    if ctx.period_end < ctx.plan.start_date:
        raise NoData(
            f"There is nothing to report for {ctx.period_label}: {ctx.plan.name} starts on "
            f"{day(ctx.plan.start_date)}."
        )
    start, end, label = reporting_week(ctx)
    changes = changes_between(ctx, start, end)
    updates = updates_between(ctx, start, end)
    next_start = end + dt.timedelta(days=1)
    next_end = next_start + dt.timedelta(days=6)
    due_next = [a for a in state.due_between(next_start, next_end) if not a.is_complete]
    if not changes and not updates and not due_next and not state.exceptions:
        raise NoData(
            f"There is nothing to report for {label}: no action moved, none is due the week "
            "after and there are no exceptions."
        )
    moved = {c.action_id for c in changes} | {u.action_id for u in updates}
    reasons = Counter(reason for item in state.exceptions for reason in item.reasons)
    glance = [
        f"{of_total(len(moved), len(state.actions))} moved: "
        f"{plural(len(changes), 'status change')} and "
        f"{plural(len(updates), 'update')} reported.",
        f"{plural(len(due_next), 'action')} due next week ({day(next_start)} to {day(next_end)}).",
        f"{plural(len(state.exceptions), 'exception')}"
        + (
            ": " + ", ".join(f"{r.lower()} {n}" for r, n in reasons.most_common())
            if reasons
            else ""
        )
        + ".",
        f"{of_total(len(state.complete), len(state.actions))} are complete in all.",
    ]
    blocks: list[Block] = [
        Heading("This week at a glance"),
        Bullets([line[0].upper() + line[1:] for line in glance]),
        Heading("What moved"),
        Heading("Status changes", 2),
    ]
    if changes:
        blocks.append(
            Table(
                "Status changes",
                ["Action", "Change", "When", "Reason"],
                change_rows(changes, state.by_id),
                sheet="Status changes",
                widths=[3.5, 2.2, 1.3, 3.5],
            )
        )
    else:
        blocks.append(Paragraph(f"No delivery status changed in {label}."))
    blocks.append(Heading("Updates reported", 2))
    if updates:
        blocks.append(
            Table(
                "Updates reported",
                ["Action", "Date", "RAG", "Update"],
                [
                    [
                        _label(state, u.action_id),
                        day(u.date),
                        rag_label(u.rag),
                        shorten(u.text, 400),
                    ]
                    for u in updates
                ],
                sheet="Updates",
                widths=[3, 1.3, 1, 5],
                row_marks=[rag_mark(u.rag) for u in updates],
            )
        )
    else:
        blocks.append(Paragraph(f"No update a report may quote was posted in {label}."))
    blocks.append(Heading("Due next week"))
    if due_next:
        blocks.append(actions_table("Due next week", due_next, sheet="Due next week"))
    else:
        blocks.append(Paragraph(f"No actions are due from {day(next_start)} to {day(next_end)}."))
    blocks.extend(exceptions_blocks(state, ctx.as_of))
    if not ctx.include_unreviewed:
        blocks.append(
            Paragraph(
                "Only updates a lead has accepted (and those imported with the plan) are quoted.",
                style="small",
            )
        )
    return ReportDocument(
        title=TITLE,
        authority=ctx.authority.name,
        subtitle=f"{ctx.plan.name}: {label}",
        period_label=label,
        prepared_on=day(ctx.as_of),
        classification=classification(ctx),
        blocks=blocks,
    )
