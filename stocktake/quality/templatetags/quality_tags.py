"""Template helpers for the case-audit pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from stocktake.accounts.models import Membership
from stocktake.accounts.roles import Capability
from stocktake.quality.presenters import grade_colour, grade_label

register = template.Library()


@register.filter
def grade_tag(grade: str) -> SafeString:
    if not grade:
        return format_html('<strong class="govuk-tag govuk-tag--grey">{}</strong>', "Not graded")
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>', grade_colour(grade), grade_label(grade)
    )


@register.filter
def grade_words(grade: str) -> str:
    return grade_label(grade)


@register.filter
def audits_home(membership: Membership | None) -> str:
    """Which case-audit page the menu links to for this member ("" for none)."""
    if membership is None:
        return ""
    if membership.can(Capability.VIEW_AUDITS):
        return "overview"
    if membership.can(Capability.RECORD_AUDITS):
        return "my_audits"
    return ""


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)


@register.filter
def can_do(membership: Membership | None, capability: str) -> bool:
    return membership is not None and membership.can(Capability(capability))
