from __future__ import annotations

import datetime as dt

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
