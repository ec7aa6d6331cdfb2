"""Reading a deadline as written ("Week 13 – 24", "30/06/2019", "Ongoing") into dates.

The original wording is always kept on the action; this only resolves what can be resolved
without guessing. Anything it cannot read is reported, never silently turned into a date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from stocktake.plans.weeks import week_start

_WEEK = re.compile(
    r"^(?:wk|weeks?)\.?\s*(\d{1,3})(?:\s*(?:[\u2012\u2013\u2014-]|to)\s*(?:(?:wk|weeks?)\.?\s*)?(\d{1,3}))?$",
    re.I,
)
_OPEN_ENDED = re.compile(r"^(ongoing|monthly|weekly|quarterly|annually|continuous)$", re.I)
_DATE_FORMATS = (
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%d-%m-%Y",
    "%Y-%m-%d",
    "%d %B %Y",
    "%d %b %Y",
    "%A %d %B %Y",
)
_ORDINAL = re.compile(r"(\d{1,2})\s*(st|nd|rd|th)\b", re.I)


@dataclass(frozen=True)
class Deadline:
    text: str
    due_start: dt.date | None = None
    due_date: dt.date | None = None
    problem: str = ""

    @property
    def resolved(self) -> bool:
        return self.due_date is not None


def parse_date(text: str) -> dt.date | None:
    cleaned = _ORDINAL.sub(r"\1", " ".join(text.replace(",", " ").split()))
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def parse_deadline(text: str, *, week1: dt.date | None) -> Deadline:
    wording = " ".join(text.split())
    if not wording:
        return Deadline(text="")
    if _OPEN_ENDED.match(wording):
        return Deadline(text=wording)
    week = _WEEK.match(wording)
    if week:
        if week1 is None:
            return Deadline(text=wording, problem="Set the plan's week 1 date to resolve weeks")
        first = int(week.group(1))
        last = int(week.group(2) or first)
        if last < first:
            return Deadline(text=wording, problem=f"Week {last} comes before week {first}")
        end = week_start(week1, last) + dt.timedelta(days=6)
        start = week_start(week1, first) if last != first else None
        return Deadline(text=wording, due_start=start, due_date=end)
    day = parse_date(wording)
    if day:
        return Deadline(text=wording, due_date=day)
    return Deadline(text=wording, problem=f"“{wording}” is not a date or week that can be read")
