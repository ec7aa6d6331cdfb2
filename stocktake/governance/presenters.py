"""Display text for the governance pages: how long something has lasted, meetings by month."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from itertools import groupby

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
