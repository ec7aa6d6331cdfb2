"""Report sections the weekly highlight and the board pack share: the plan's actions as read
once, the exceptions table, status changes and updates in a period, and action tables."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from stocktake.documents.blocks import Block, Heading, Paragraph, Table
from stocktake.governance.selectors import ExceptionItem, exceptions
from stocktake.plans.history import local_date
from stocktake.plans.models import StatusChange
from stocktake.reports.builders.common import (
    day,
    rag_label,
    rag_mark,
    short_day,
    shorten,
    status_label,
    status_mark,
    update_line,
)
from stocktake.reports.builders.record import (
    ReportAction,
    changes_between,
    report_actions,
    updates_between,
)
from stocktake.reports.context import ReportContext

__all__ = ["changes_between", "updates_between"]


@dataclass
class PlanState:
    """Everything about a plan's actions a report needs, read once, as at the paper's day."""

    actions: list[ReportAction]
    exceptions: list[ExceptionItem]

    @property
    def by_id(self) -> dict[int, ReportAction]:
        return {a.pk: a for a in self.actions}

    @property
    def open(self) -> list[ReportAction]:
        return [a for a in self.actions if not a.is_complete]

    @property
    def complete(self) -> list[ReportAction]:
        return [a for a in self.actions if a.is_complete]

    def overdue(self, today: dt.date) -> list[ReportAction]:
        return [a for a in self.actions if a.overdue_on(today)]

    def due_between(self, start: dt.date, end: dt.date) -> list[ReportAction]:
        return [a for a in self.actions if a.due_date and start <= a.due_date <= end]

    def rag_counts(self, actions: list[ReportAction] | None = None) -> Counter[str]:
        return Counter(a.rag or "" for a in (self.actions if actions is None else actions))


def plan_state(ctx: ReportContext) -> PlanState:
    return PlanState(
        report_actions(ctx),
        exceptions(
            ctx.plan,
            ctx.as_of,
            reportable_only=True,
            include_unreviewed=ctx.include_unreviewed,
        ),
    )


def completed_between(state: PlanState, changes: list[StatusChange]) -> list[ReportAction]:
    """Actions marked complete by one of `changes` and still complete."""
    ids = {c.action_id for c in changes if c.new_value == "complete"}
    return [a for a in state.complete if a.pk in ids]


def exception_label(item: ExceptionItem) -> str:
    """The action as it stood on the paper's day ("LA3: Ensure all referrals…")."""
    source = item.state or item.action
    text = shorten(source.text, 90)
    return f"{source.reference}: {text}" if source.reference else text


def exceptions_blocks(state: PlanState, as_of: dt.date, level: int = 1) -> list[Block]:
    items = state.exceptions
    actions = state.by_id
    blocks: list[Block] = [Heading("Exceptions", level)]
    if not items:
        blocks.append(Paragraph(f"There are no exceptions on {day(as_of)}."))
        return blocks
    reasons = Counter(reason for item in items for reason in item.reasons)
    summary = ", ".join(f"{reason.lower()} {count}" for reason, count in reasons.most_common())
    blocks.append(
        Paragraph(
            f"{len(items):,} {'action' if len(items) == 1 else 'actions'} "
            f"{'is an exception' if len(items) == 1 else 'are exceptions'} on {day(as_of)} "
            f"({summary}). Longest-standing first."
        )
    )
    rows: list[list[str | int | float | None]] = []
    for item in items:
        found = actions.get(item.action.pk)
        rows.append(
            [
                exception_label(item),
                "; ".join(item.reasons),
                short_day(item.since),
                item.days,
                found.owner_names if found else "No owner named",
                f"Ask: {item.ask}"
                if item.ask
                else update_line(found.latest if found else None, 200),
            ]
        )
    blocks.append(
        Table(
            title="Exceptions",
            columns=["Action", "Status", "Since", "Days", "Owner", "Ask or last said"],
            rows=rows,
            sheet="Exceptions",
            widths=[3.2, 1.6, 1.4, 1.0, 2, 3.5],
            row_marks=["red"] * len(items),
        )
    )
    return blocks


def actions_table(
    title: str,
    actions: list[ReportAction],
    sheet: str,
    *,
    with_update: bool = True,
) -> Table:
    columns = ["Action", "Owner", "Due", "Delivery status", "RAG"]
    widths = [3.5, 2, 1.3, 1.3, 1]
    if with_update:
        columns.append("Latest update")
        widths.append(3.5)
    rows: list[list[str | int | float | None]] = []
    marks = []
    for action in actions:
        row: list[str | int | float | None] = [
            action.label,
            action.owner_names,
            action.due,
            status_label(action.delivery_status),
            rag_label(action.rag),
        ]
        if with_update:
            row.append(update_line(action.latest, 200))
        rows.append(row)
        marks.append(rag_mark(action.rag) or status_mark(action.delivery_status))
    # The RAG column carries the colour; with no rating the status word still shows.
    return Table(title, columns, rows, sheet=sheet, widths=widths, row_marks=marks)


def change_rows(
    changes: list[StatusChange], actions: dict[int, ReportAction]
) -> list[list[str | int | float | None]]:
    rows: list[list[str | int | float | None]] = []
    for c in changes:
        found = actions.get(c.action_id)
        rows.append(
            [
                found.label if found else "An action recorded later",
                f"{status_label(c.old_value) if c.old_value else 'Not set'} to "
                f"{status_label(c.new_value)}",
                short_day(local_date(c.recorded_at)),
                shorten(c.reason, 200) or "No reason given",
            ]
        )
    return rows
