"""Report sections the weekly highlight and the board pack share: the plan's actions as read
once, the exceptions table, status changes and updates in a period, and action tables."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from stocktake.documents.blocks import Block, Heading, Paragraph, Table
from stocktake.governance.selectors import ExceptionItem, exceptions, reportable_updates
from stocktake.plans.choices import DeliveryStatus
from stocktake.plans.models import Action, StatusChange, Update
from stocktake.reports.builders.common import (
    action_label,
    day,
    due_label,
    latest_reportable_updates,
    owner_names,
    plural,
    rag_label,
    rag_mark,
    short_day,
    shorten,
    status_label,
    status_mark,
    update_line,
)
from stocktake.reports.context import ReportContext


@dataclass
class PlanState:
    """Everything about a plan's actions a report needs, read once."""

    actions: list[Action]
    latest: dict[int, Update]  # each action's newest reportable update on or before as_of
    exceptions: list[ExceptionItem]

    @property
    def open(self) -> list[Action]:
        return [a for a in self.actions if a.delivery_status != DeliveryStatus.COMPLETE]

    @property
    def complete(self) -> list[Action]:
        return [a for a in self.actions if a.delivery_status == DeliveryStatus.COMPLETE]

    def overdue(self, today: dt.date) -> list[Action]:
        return [a for a in self.open if a.due_date and a.due_date < today]

    def due_between(self, start: dt.date, end: dt.date) -> list[Action]:
        return [a for a in self.actions if a.due_date and start <= a.due_date <= end]

    def rag_counts(self, actions: list[Action] | None = None) -> Counter[str]:
        return Counter(a.rag or "" for a in (self.actions if actions is None else actions))


def plan_state(ctx: ReportContext) -> PlanState:
    actions = list(
        ctx.plan.actions.select_related("theme")
        .prefetch_related("owners__person")
        .order_by("theme__position", "theme_id", "number", "id")
    )
    latest = latest_reportable_updates(
        ctx.plan, include_unreviewed=ctx.include_unreviewed, on_or_before=ctx.as_of
    )
    return PlanState(
        actions,
        latest,
        exceptions(
            ctx.plan,
            ctx.as_of,
            reportable_only=True,
            include_unreviewed=ctx.include_unreviewed,
        ),
    )


def _local(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def updates_between(ctx: ReportContext, start: dt.date, end: dt.date) -> list[Update]:
    """Reportable updates dated in [start, end], oldest first."""
    return list(
        reportable_updates(ctx.plan, include_unreviewed=ctx.include_unreviewed)
        .filter(date__gte=start, date__lte=end)
        .select_related("action")
        .order_by("date", "action__number", "id")
    )


def changes_between(ctx: ReportContext, start: dt.date, end: dt.date) -> list[StatusChange]:
    """Delivery status changes made in [start, end] that a report may show: made by hand, or
    with an update the report may quote."""
    quotable = reportable_updates(ctx.plan, include_unreviewed=ctx.include_unreviewed)
    changes = (
        StatusChange.objects.filter(action__plan=ctx.plan, field=StatusChange.Field.DELIVERY)
        .filter(Q(update__isnull=True) | Q(update__in=quotable.values("pk")))
        .select_related("action")
        .order_by("changed_at", "id")
    )
    return [c for c in changes if start <= _local(c.changed_at) <= end]


def completed_between(state: PlanState, changes: list[StatusChange]) -> list[Action]:
    """Actions marked complete by one of `changes` and still complete."""
    ids = {c.action_id for c in changes if c.new_value == DeliveryStatus.COMPLETE}
    return [a for a in state.complete if a.pk in ids]


def exceptions_blocks(state: PlanState, as_of: dt.date, level: int = 1) -> list[Block]:
    items = state.exceptions
    blocks: list[Block] = [Heading("Exceptions", level)]
    if not items:
        blocks.append(Paragraph(f"There are no exceptions on {day(as_of)}."))
        return blocks
    reasons = Counter(reason for item in items for reason in item.reasons)
    summary = ", ".join(f"{reason.lower()} {count}" for reason, count in reasons.most_common())
    blocks.append(
        Paragraph(
            f"{plural(len(items), 'action')} "
            f"{'is an exception' if len(items) == 1 else 'are exceptions'} on {day(as_of)} "
            f"({summary}). Longest-standing first."
        )
    )
    blocks.append(
        Table(
            title="Exceptions",
            columns=["Action", "Status", "Since", "Days", "Owner", "Ask or last said"],
            rows=[
                [
                    action_label(item.action),
                    "; ".join(item.reasons),
                    short_day(item.since),
                    item.days,
                    "; ".join(item.owners) or "No owner named",
                    f"Ask: {item.ask}"
                    if item.ask
                    else update_line(state.latest.get(item.action.pk), 200),
                ]
                for item in items
            ],
            sheet="Exceptions",
            widths=[3.2, 1.6, 1.4, 1.0, 2, 3.5],
            row_marks=["red"] * len(items),
        )
    )
    return blocks


def actions_table(
    title: str, actions: list[Action], state: PlanState, sheet: str, *, with_update: bool = True
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
            action_label(action),
            owner_names(action),
            due_label(action),
            status_label(action.delivery_status),
            rag_label(action.rag),
        ]
        if with_update:
            row.append(update_line(state.latest.get(action.pk), 200))
        rows.append(row)
        marks.append(rag_mark(action.rag) or status_mark(action.delivery_status))
    # The RAG column carries the colour; with no rating the status word still shows.
    return Table(title, columns, rows, sheet=sheet, widths=widths, row_marks=marks)


def change_rows(changes: list[StatusChange]) -> list[list[str | int | float | None]]:
    return [
        [
            action_label(c.action),
            f"{status_label(c.old_value) if c.old_value else 'Not set'} to "
            f"{status_label(c.new_value)}",
            short_day(_local(c.changed_at)),
            shorten(c.reason, 200) or "No reason given",
        ]
        for c in changes
    ]
