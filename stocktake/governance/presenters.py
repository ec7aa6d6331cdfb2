"""Display text for the governance pages: how long something has lasted, meetings by month."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from itertools import groupby

from stocktake.core import charts
from stocktake.core.charts import BarChart, Category
from stocktake.governance.models import Meeting
from stocktake.governance.selectors import REASON_ORDER, ExceptionItem, Reason

# The exceptions list filtered to one reason: ?reason=unblock and so on.
REASON_KEYS = {
    "unblock": Reason.UNBLOCK,
    "blocked": Reason.BLOCKED,
    "red": Reason.RED,
    "overdue": Reason.OVERDUE,
    "returned": Reason.RETURNED,
}


def reason_key(reason: str) -> str:
    return next(key for key, value in REASON_KEYS.items() if value == reason)


def duration(days: int) -> str:
    """ "3 days", "1 week", "6 weeks", "4 months" – how long an exception has stood."""
    if days < 7:
        return "today" if days == 0 else f"{days} day{'s' if days != 1 else ''}"
    if days < 7 * 13:
        weeks = days // 7
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    months = round(days / 30.4)
    return f"{months} months"


@dataclass
class MonthOfMeetings:
    label: str
    meetings: list[Meeting]


def by_month(meetings: list[Meeting]) -> list[MonthOfMeetings]:
    return [
        MonthOfMeetings(f"{month:%B %Y}", list(items))
        for month, items in groupby(meetings, key=lambda m: m.date.replace(day=1))
    ]


def split_calendar(
    meetings: list[Meeting], today: dt.date
) -> tuple[list[MonthOfMeetings], list[MonthOfMeetings]]:
    """Upcoming meetings (soonest first) and past ones (most recent first), by month."""
    upcoming = [m for m in meetings if m.date >= today]
    past = sorted((m for m in meetings if m.date < today), key=lambda m: m.date, reverse=True)
    return by_month(upcoming), by_month(past)


def reason_counts(items: list[ExceptionItem]) -> list[tuple[str, int]]:
    counts = Counter(reason for item in items for reason in item.reasons)
    return [(reason, counts[reason]) for reason in REASON_ORDER]


# How long exceptions have stood: (label, fewest days, most days or None for no limit).
AGE_BUCKETS: list[tuple[str, int, int | None]] = [
    ("Under 2 weeks", 0, 13),
    ("2 to 4 weeks", 14, 27),
    ("4 weeks to 3 months", 28, 90),
    ("3 to 6 months", 91, 182),
    ("Over 6 months", 183, None),
]
REASON_LOOKS = {
    Reason.UNBLOCK: (charts.PURPLE, "horizontal"),
    Reason.BLOCKED: (charts.DARK_GREY, "cross"),
    Reason.RED: (charts.RED, "plain"),
    Reason.OVERDUE: (charts.ORANGE, "hatch"),
    Reason.RETURNED: (charts.BLUE, "vertical"),
}
REASON_CATEGORIES = [Category(reason_key(r), r, *REASON_LOOKS[r]) for r in REASON_ORDER]


def age_bucket(days: int) -> int:
    """The index of the `AGE_BUCKETS` entry `days` falls in."""
    return next(
        n
        for n, (_, low, high) in enumerate(AGE_BUCKETS)
        if days >= low and (high is None or days <= high)
    )


def exceptions_by_age(items: list[ExceptionItem]) -> BarChart | None:
    """One bar per age band (every band, empty ones too, youngest first), each exception
    counted once under its first reason in `REASON_ORDER`; None with no exceptions."""
    if not items:
        return None
    counts = [[0] * len(REASON_ORDER) for _ in AGE_BUCKETS]
    for item in items:
        counts[age_bucket(item.days)][REASON_ORDER.index(item.reasons[0])] += 1
    return charts.stacked_bars(
        REASON_CATEGORIES,
        [(name, row) for (name, _, _), row in zip(AGE_BUCKETS, counts, strict=True)],
    )
