"""Template helpers for the governance pages and the action page's review states."""

from __future__ import annotations

from typing import Any

from django import template

from stocktake.governance import presenters
from stocktake.governance.models import UpdateReview
from stocktake.governance.selectors import review_states

register = template.Library()


@register.filter
def duration(days: int) -> str:
    return presenters.duration(days)


@register.inclusion_tag("governance/_review_state.html", takes_context=True)
def review_state(context: Any, update: Any) -> dict[str, Any]:
    """An update's review state on the action page: Awaiting review, Accepted, or Returned
    with the lead's comment. Imported updates show nothing. One query per page."""
    states = context.get("_review_states")
    if states is None:
        states = review_states(update.action)
        context.dicts[0]["_review_states"] = states
    review: UpdateReview | None = states.get(update.pk)
    return {"update": update, "review": review, "posted": update.origin == "posted"}
