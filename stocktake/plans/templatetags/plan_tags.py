from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from stocktake.plans import presenters
from stocktake.plans.choices import DeliveryStatus, ImpactStatus, Rag

register = template.Library()

_DELIVERY = dict(DeliveryStatus.choices)
_IMPACT = dict(ImpactStatus.choices)
_RAG = dict(Rag.choices)


@register.filter
def delivery_tag(value: str) -> str:
    return presenters.DELIVERY_TAG.get(value, "govuk-tag--grey")


@register.filter
def delivery_label(value: str) -> str:
    return _DELIVERY.get(value, value)


@register.filter
def impact_tag(value: str) -> str:
    return presenters.IMPACT_TAG.get(value, "govuk-tag--grey")


@register.filter
def impact_label(value: str) -> str:
    return _IMPACT.get(value, value)


@register.filter
def rag_tag(value: str) -> str:
    return presenters.RAG_TAG.get(value, "govuk-tag--grey")


@register.filter
def rag_label(value: str) -> str:
    return _RAG.get(value, "Not rated")


@register.simple_tag
def due_phrase(due: dt.date | None, today: dt.date, complete: bool = False) -> str:
    return presenters.due_phrase(due, today, complete)


@register.simple_tag
def since_phrase(day: dt.date | None, today: dt.date) -> str:
    return presenters.since_phrase(day, today)


@register.simple_tag
def position_phrase(position: Any) -> str:
    week = position.week.number if position.week else None
    plan = position.plan
    return presenters.position_phrase(plan.start_date, plan.end_date, position.as_at, week)


@register.filter
def count(position: Any, test: str) -> int:
    """How many actions pass a dashboard test ("overdue", "stale"…) at the page's date."""
    return int(position.count(test))


@register.filter
def provisional_label(state: Any) -> str:
    """What awaits review, plainly: "Complete – awaiting review"."""
    if state is None or not state.provisional:
        return ""
    parts = []
    proposed = state.provisional
    if "delivery_status" in proposed:
        parts.append(_DELIVERY.get(proposed["delivery_status"], proposed["delivery_status"]))
    if "rag" in proposed and not (
        proposed["rag"] == Rag.BLUE and proposed.get("delivery_status") == DeliveryStatus.COMPLETE
    ):
        parts.append(f"RAG {_RAG.get(proposed['rag'], proposed['rag']).lower()}")
    if "impact_status" in proposed:
        parts.append(f"Impact: {_IMPACT.get(proposed['impact_status'], '')}")
    return f"{', '.join(parts)} – awaiting review"
