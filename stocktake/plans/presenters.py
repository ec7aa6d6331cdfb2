"""Turn plan values into what a page shows: tag colours, "3 days overdue", week labels."""

from __future__ import annotations

import datetime as dt

from stocktake.plans.choices import DeliveryStatus, ImpactStatus, Rag

DELIVERY_TAG: dict[str, str] = {
    DeliveryStatus.NOT_STARTED: "govuk-tag--grey",
    DeliveryStatus.ON_TRACK: "govuk-tag--green",
    DeliveryStatus.AT_RISK: "govuk-tag--yellow",
    DeliveryStatus.OFF_TRACK: "govuk-tag--red",
    DeliveryStatus.BLOCKED: "govuk-tag--purple",
    DeliveryStatus.COMPLETE: "govuk-tag--blue",
}
IMPACT_TAG: dict[str, str] = {
    ImpactStatus.NOT_YET_EVIDENCED: "govuk-tag--grey",
    ImpactStatus.EMERGING: "govuk-tag--light-blue",
    ImpactStatus.EVIDENCED: "govuk-tag--green",
}
RAG_TAG: dict[str, str] = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--orange",
    Rag.GREEN: "govuk-tag--green",
    Rag.BLUE: "govuk-tag--blue",
}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def due_phrase(due: dt.date | None, today: dt.date, complete: bool = False) -> str:
    """How a due date reads today: "3 days overdue", "Due today", "Due in 2 weeks"."""
    if due is None:
        return "No due date"
    if complete:
        return f"Due {due:%-d %B %Y}"
    days = (due - today).days
    if days < 0:
        late = -days
        return (
            f"{_plural(late // 7, 'week')} overdue"
            if late >= 14
            else (f"{_plural(late, 'day')} overdue")
        )
    if days == 0:
        return "Due today"
    if days < 14:
        return f"Due in {_plural(days, 'day')}"
    return f"Due in {_plural(days // 7, 'week')}"


def since_phrase(day: dt.date | None, today: dt.date) -> str:
    if day is None:
        return "Never"
    days = (today - day).days
    if days <= 0:
        return "Today"
    if days < 14:
        return f"{_plural(days, 'day')} ago"
    return f"{_plural(days // 7, 'week')} ago"


def position_phrase(
    plan_start: dt.date, plan_end: dt.date, as_at: dt.date, week: int | None
) -> str:
    """How the dashboard names its date: "Position at the end of Sunday 23 June 2019 (plan
    week 24)"; outside the plan's dates it says so instead of giving a week number."""
    day = f"Position at the end of {as_at:%A %-d %B %Y}"
    if as_at < plan_start:
        return f"{day}, before the plan started on {plan_start:%-d %B %Y}"
    if as_at > plan_end:
        return f"{day}, after the plan ended on {plan_end:%-d %B %Y}"
    return f"{day} (plan week {week})"
