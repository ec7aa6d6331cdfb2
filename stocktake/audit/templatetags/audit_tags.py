from __future__ import annotations

from typing import Any

from django import template

from stocktake.audit import presenters

register = template.Library()


@register.filter
def verb_label(verb: str) -> str:
    return presenters.verb_label(verb)


@register.filter
def change_rows(changes: dict[str, Any], object_type: str = "") -> list[presenters.ChangeRow]:
    return presenters.change_rows(changes, object_type)


@register.simple_tag
def record_label(object_type: str, object_repr: str) -> str:
    return presenters.record_label(object_type, object_repr)
