"""Update-cycle compliance by owner: in the plan's recent update windows, how often each
owner updated their actions on time, late, or not at all.

For each of the last `RECENT_WINDOWS` windows that had closed by the plan's date (today for
a live plan, its last day once it has ended), every action open when the window opened,
with the owners it had then, owed an update in it. For each owner of such an action, that
window's update was:

- **on time**: an update counted in the window (opened < recorded ≤ closed);
- **late**: none in the window, but one in the week after it closed (by the plan's date);
- **missing**: neither.

An update counts as the cycle counts it (`cycle._counted_updates`): posted and not returned.
An update imported from the plan counts in the window its own date falls in (it was written
elsewhere, whatever day it was imported), a date on a closing day counting in the window that
closes that day; an undated one counts in none. Nothing recorded
after the plan's date counts. A fixed number of queries, whatever the plan's size.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from stocktake.core import charts
from stocktake.core.charts import BarChart, Category
from stocktake.governance.cycle import WEEK, WindowTimes, window_for, window_times
from stocktake.governance.models import UpdateReview
from stocktake.governance.selectors import with_review_state
from stocktake.people.models import Person
from stocktake.plans.history import as_of_moment, default_as_at, local_date, plan_state_as_of
from stocktake.plans.models import Plan, Update

RECENT_WINDOWS = 6
ON_TIME, LATE, MISSING = "on_time", "late", "missing"
CATEGORIES = [
    Category(ON_TIME, "On time", charts.GREEN, "plain"),
    Category(LATE, "Late", charts.ORANGE, "hatch"),
    Category(MISSING, "Missing", charts.RED, "cross"),
]


@dataclass(frozen=True)
class Compliance:
    windows: list[WindowTimes]  # oldest first
    as_at: dt.date
    chart: BarChart | None  # one bar per owner, on time / late / missing

    @property
    def first_close(self) -> dt.datetime | None:
        return self.windows[0].closes_at if self.windows else None

    @property
    def last_close(self) -> dt.datetime | None:
        return self.windows[-1].closes_at if self.windows else None


def recent_windows(plan: Plan, end: dt.datetime, count: int = RECENT_WINDOWS) -> list[WindowTimes]:
    """The last `count` windows that closed by `end` and after the plan began, oldest first."""
    current = window_times(window_for(plan), end)
    start = _start_of(plan.start_date)
    windows: list[WindowTimes] = []
    closes = current.opens_at  # the latest close at or before `end`
    while len(windows) < count and closes > start:
        windows.append(WindowTimes(closes - WEEK, closes, closes))
        closes -= WEEK
    return windows[::-1]


def _update_moments(
    plan: Plan, since: dt.datetime, end: dt.datetime
) -> dict[int, list[dt.datetime]]:
    """When each action was updated, as the cycle counts updates, from `since` to `end`
    (sorted): posted ones when recorded; imported ones at the start of their own date."""
    posted = with_review_state(
        Update.objects.filter(
            action__plan=plan,
            origin=Update.Origin.POSTED,
            recorded_at__gt=since,
            recorded_at__lte=end,
        ),
        as_of=end,
    ).filter(Q(review_decision__isnull=True) | Q(review_decision=UpdateReview.Decision.ACCEPTED))
    imported = Update.objects.filter(
        action__plan=plan,
        origin=Update.Origin.IMPORTED,
        date__isnull=False,
        date__gte=local_date(since),
        date__lte=local_date(end),
        recorded_at__lte=end,
    )
    moments: dict[int, list[dt.datetime]] = defaultdict(list)
    for action_id, recorded in posted.values_list("action_id", "recorded_at"):
        moments[action_id].append(recorded)
    for action_id, date in imported.values_list("action_id", "date"):
        if date is not None:
            moments[action_id].append(_start_of(date))
    return {pk: sorted(found) for pk, found in moments.items()}


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _verdict(moments: list[dt.datetime], window: WindowTimes, end: dt.datetime) -> str:
    first = bisect.bisect_right(moments, window.opens_at)
    if first < len(moments) and moments[first] <= window.closes_at:
        return ON_TIME
    if first < len(moments) and moments[first] <= min(window.closes_at + WEEK, end):
        return LATE
    return MISSING


def update_compliance(plan: Plan, now: dt.datetime) -> Compliance:
    as_at = default_as_at(plan, local_date(now))
    end = min(now, as_of_moment(as_at))
    windows = recent_windows(plan, end)
    if not windows:
        return Compliance(windows, as_at, None)
    moments = _update_moments(plan, windows[0].opens_at, end)
    tally: dict[int, Counter[str]] = defaultdict(Counter)
    for window in windows:
        for state in plan_state_as_of(plan, window.opens_at).values():
            if state.is_complete:
                continue
            verdict = _verdict(moments.get(state.action_id, []), window, end)
            for person_id in state.owner_ids:
                tally[person_id][verdict] += 1
    people = Person.objects.filter(pk__in=list(tally)).order_by("name", "id")
    rows = [(p.label, [tally[p.pk][c.key] for c in CATEGORIES]) for p in people]
    return Compliance(windows, as_at, charts.stacked_bars(CATEGORIES, rows))
