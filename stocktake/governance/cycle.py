"""The weekly update cycle: when a plan's window closes, and what each owner must update in it.

A window closes at the plan's usual day and time (Tuesday 17:00 by default, in the service's
time zone) and opens a week before. Reminders go out from `remind_hours_before` the close.
An owner's list for a window is their open actions that are:

- **overdue**: due before today;
- **due**: due from today until a week after the close (so next week's meeting sees them);
- **stale**: no update for `stale_after_days` days (counted from creation if none).

An action already updated in this window is left off: its owner has done what was asked.
An update the lead returned does not count: the owner still owes one. Nor does an update
imported with a plan: it was written before, elsewhere, whatever day it was imported on.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from stocktake.governance.models import Reminder, UpdateReview, UpdateWindow
from stocktake.governance.selectors import with_review_state
from stocktake.people.models import Person
from stocktake.plans.models import Action, ActionOwner, Plan, Update

WEEK = dt.timedelta(days=7)


class Why:
    OVERDUE = "overdue"
    DUE = "due"
    STALE = "stale"


WHY_LABELS = {
    Why.OVERDUE: "Overdue",
    Why.DUE: "Due soon",
    Why.STALE: "No recent update",
}


def window_for(plan: Plan) -> UpdateWindow:
    """The plan's window, or an unsaved default (Tuesday 17:00, remind 24 hours before)."""
    try:
        return plan.update_window
    except UpdateWindow.DoesNotExist:
        return UpdateWindow(plan=plan)


@dataclass(frozen=True)
class WindowTimes:
    opens_at: dt.datetime  # the previous close
    closes_at: dt.datetime
    remind_from: dt.datetime

    def reminding(self, now: dt.datetime) -> bool:
        return self.remind_from <= now < self.closes_at


def window_times(window: UpdateWindow, now: dt.datetime) -> WindowTimes:
    """The window that `now` falls in: the first close strictly after `now`."""
    local = timezone.localtime(now)
    days_ahead = (window.weekday - local.weekday()) % 7
    day = local.date() + dt.timedelta(days=days_ahead)
    closes = timezone.make_aware(dt.datetime.combine(day, window.time))
    if closes <= now:
        closes = timezone.make_aware(dt.datetime.combine(day + WEEK, window.time))
    opens = timezone.make_aware(dt.datetime.combine(closes.date() - WEEK, window.time))
    return WindowTimes(
        opens_at=opens,
        closes_at=closes,
        remind_from=closes - dt.timedelta(hours=window.remind_hours_before),
    )


@dataclass
class ListedAction:
    action: Action
    why: str
    last_update_on: dt.date | None

    @property
    def why_label(self) -> str:
        return WHY_LABELS[self.why]


@dataclass
class OwnerList:
    person: Person
    actions: list[ListedAction] = field(default_factory=list)


def _why(action: Action, today: dt.date, due_before: dt.date, stale_on: dt.date) -> str | None:
    if action.due_date and action.due_date < today:
        return Why.OVERDUE
    if action.due_date and action.due_date < due_before:
        return Why.DUE
    if getattr(action, "last_seen") <= stale_on:  # noqa: B009 - an annotation
        return Why.STALE
    return None


def _counted_updates(opens_at: dt.datetime, now: dt.datetime) -> QuerySet[Update]:
    """Updates posted in the window that count as the owner's update for it: a returned one
    does not (the owner still owes one), nor does an imported one."""
    posted = Update.objects.filter(
        origin=Update.Origin.POSTED, recorded_at__gte=opens_at, recorded_at__lte=now
    )
    return with_review_state(posted).filter(
        Q(review_decision__isnull=True) | Q(review_decision=UpdateReview.Decision.ACCEPTED)
    )


def actions_to_update(
    plan: Plan, now: dt.datetime, person_ids: list[int] | None = None
) -> dict[int, OwnerList]:
    """Each owner's list for the window `now` falls in, keyed by person id, in a fixed number
    of queries. With `person_ids`, only those owners."""
    window = window_for(plan)
    times = window_times(window, now)
    today = timezone.localtime(now).date()
    due_before = timezone.localtime(times.closes_at).date() + WEEK
    stale_on = today - dt.timedelta(days=window.stale_after_days)
    updated_in_window = _counted_updates(times.opens_at, now).filter(action=OuterRef("pk"))
    owners = ActionOwner.objects.select_related("person").order_by("person__name", "id")
    if person_ids is not None:
        owners = owners.filter(person_id__in=person_ids)
    actions = (
        plan.actions.open()
        .with_last_update()
        .filter(Q(due_date__lt=due_before) | Q(last_seen__lte=stale_on))
        .exclude(Exists(updated_in_window))
        .prefetch_related(Prefetch("owners", queryset=owners, to_attr="listed_owners"))
        .order_by("due_date", "number", "id")
    )
    lists: dict[int, OwnerList] = {}
    for action in actions:
        why = _why(action, today, due_before, stale_on)
        if why is None:
            continue
        for owner in action.listed_owners:
            entry = lists.setdefault(owner.person_id, OwnerList(owner.person))
            if all(item.action.pk != action.pk for item in entry.actions):
                entry.actions.append(ListedAction(action, why, action.last_update_on))
    return dict(sorted(lists.items(), key=lambda kv: kv[1].person.name.lower()))


@dataclass
class OwnerProgress:
    person: Person
    listed: int
    updated: int
    reminder: Reminder | None


def plan_progress(plan: Plan, now: dt.datetime) -> tuple[WindowTimes, list[OwnerProgress]]:
    """For leads: every owner in the plan, how many of their actions need an update this
    window, how many they have updated in it, and the reminder they were sent."""
    times = window_times(window_for(plan), now)
    lists = actions_to_update(plan, now)
    updated: dict[int, set[int]] = defaultdict(set)
    counted = _counted_updates(times.opens_at, now).filter(action__plan=plan)
    for person_id, action_id in ActionOwner.objects.filter(
        action__plan=plan, action__in=counted.values("action_id")
    ).values_list("person_id", "action_id"):
        updated[person_id].add(action_id)
    reminders = {
        r.person_id: r for r in Reminder.objects.filter(plan=plan, window_closes_at=times.closes_at)
    }
    people = Person.objects.filter(pk__in={*lists, *updated}).order_by("name")
    rows = [
        OwnerProgress(
            person=person,
            listed=len(lists[person.pk].actions) if person.pk in lists else 0,
            updated=len(updated.get(person.pk, ())),
            reminder=reminders.get(person.pk),
        )
        for person in people
    ]
    return times, rows
