"""Display helpers for indicator pages, and the list of an action's indicators for plans."""

from __future__ import annotations

from typing import Any

from django import template

from stocktake.indicators import presenters
from stocktake.indicators.formatting import difference_text

register = template.Library()


@register.simple_tag
def ind_value(indicator: Any, value: float | None) -> str:
    """A value in the indicator's unit: "27.4%", "633.1 per 10,000"."""
    return presenters.fmt(indicator, value)


@register.simple_tag
def ind_difference(indicator: Any, value: float | None) -> str:
    if value is None:
        return ""
    return difference_text(value, indicator.unit, indicator.decimals)


@register.filter
def status_label(code: str) -> str:
    return presenters.STATUS.get(code, ("", ""))[0]


@register.filter
def status_tag(code: str) -> str:
    return presenters.STATUS.get(code, ("", ""))[1]


@register.filter
def variation_label(code: str) -> str:
    return presenters.VARIATION.get(code, ("", ""))[0]


@register.filter
def variation_tag(code: str) -> str:
    return presenters.VARIATION.get(code, ("", ""))[1]


@register.filter
def assurance_label(code: str) -> str:
    return presenters.ASSURANCE.get(code, ("", ""))[0]


@register.filter
def assurance_tag(code: str) -> str:
    return presenters.ASSURANCE.get(code, ("", ""))[1]


@register.filter
def band_label(code: str) -> str:
    return presenters.BANDS.get(code, "")


@register.simple_tag
def direction(loaded: Any) -> str:
    return presenters.direction_text(loaded)


@register.simple_tag
def action_indicators(action: Any) -> list[Any]:
    """The indicators that measure an action's impact (for the action page)."""
    from stocktake.indicators.selectors import action_indicators as select

    return select(action)
