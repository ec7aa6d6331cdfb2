"""A closed phase is final: nothing more is written to it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from stocktake.plans.models import PhaseClosure, Plan


def refuse_if_closed(plan: Plan, instead: str = "") -> None:
    """Raise a ValidationError if `plan` is a closed phase; `instead` says what to do."""
    closure = PhaseClosure.objects.select_related("next_plan").filter(plan_id=plan.pk).first()
    if closure is None:
        return
    on = timezone.localtime(closure.recorded_at)
    message = f"{plan.name} was closed on {on:%-d %B %Y} and its record is final"
    if instead:
        where = f" in {closure.next_plan.name}" if closure.next_plan else ""
        message += f". {instead}{where}"
    raise ValidationError(message)
