"""Realistic recorded times for the history the demo simulates.

Seed 000 is the Phase 2 plan as it stood at the end of the phase, with its weekly "Week 20 –"
entries. The demo shows the phase as it would have run in Stocktake: the plan recorded on
the phase's first day, and each dated entry recorded on the day it is dated (heads of
service updating weekly). An entry the source gives no date stays recorded when it was
imported. When the importer can record a plan "as at" a stated date, the demo should use
that instead of re-dating rows here.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from stocktake.plans.models import Action, ActionRevision, Plan, StatusChange, Update


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware local time on `day`."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def record_plan_in_its_time(plan: Plan, today: dt.date) -> None:
    """Re-date an imported plan's history to when the demo says it happened (see above)."""
    opened = at(plan.start_date, 9)
    Action.objects.filter(plan=plan).update(recorded_at=opened)
    ActionRevision.objects.filter(action__plan=plan).update(recorded_at=opened)
    StatusChange.objects.filter(action__plan=plan, update__isnull=True).update(recorded_at=opened)
    imported = Update.objects.filter(action__plan=plan, origin=Update.Origin.IMPORTED)
    days = imported.filter(date__lt=today).values_list("date", flat=True).distinct()
    for day in sorted(days):
        imported.filter(date=day).update(recorded_at=at(day, 17))
