"""Reading a deadline as written ("Week 13 – 24", "30/06/2019", "Ongoing") into dates.

The original wording is always kept on the action; this only resolves what can be resolved
without guessing. Anything it cannot read, or a date that does not exist ("31 Sept 2017"),
is reported in `problem` and given no date: nothing is silently invented.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from dateutil import parser as date_parser

from stocktake.plans.weeks import week_start

_WEEK = re.compile(
    r"^(?:wk|weeks?)\.?\s*(\d{1,3})"
    r"(?:\s*(?:[\u2012\u2013\u2014-]|to)\s*(?:(?:wk|weeks?)\.?\s*)?(\d{1,3}))?$",
    re.I,
)
_OPEN_ENDED = re.compile(
    r"^(ongoing|on-going|monthly|weekly|fortnightly|quarterly|annually|yearly|continuous|"
    r"as required|as needed|tbc|tba|n/?a)\.?$",
    re.I,
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_CANDIDATES = re.compile(
    rf"\b\d{{1,2}}[/.\-]\s?\d{{1,2}}[/.\-]\d{{2,4}}\b"
    rf"|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\b(?:\d{{1,2}}\s*(?:st|nd|rd|th)?\s+(?:of\s+)?)?{_MONTH},?\s+\d{{4}}\b",
    re.I,
)
# Two different defaults show which parts of a date were really written.
_DEFAULTS = (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2))


@dataclass(frozen=True)
class Deadline:
    text: str
    due_start: dt.date | None = None
    due_date: dt.date | None = None
    problem: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def resolved(self) -> bool:
        return self.due_date is not None


def _read_one(candidate: str) -> tuple[dt.date | None, bool, str]:
    """(date, month_only, problem) for one date-like piece of text."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", candidate):  # ISO, as spreadsheets give dates
        try:
            return dt.date.fromisoformat(candidate), False, ""
        except ValueError:
            return None, False, f"“{candidate}” is not a real date"
    cleaned = re.sub(r"(\d)\s*(st|nd|rd|th)\b", r"\1", candidate, flags=re.I)
    cleaned = re.sub(r"\bof\b", " ", cleaned, flags=re.I).replace(". ", ".").strip()
    try:
        first, second = (date_parser.parse(cleaned, dayfirst=True, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError, date_parser.ParserError):
        return None, False, f"“{candidate}” is not a real date"
    if first.year != second.year and first.month != second.month:
        return None, False, f"“{candidate}” has no year"
    if first.year < 1900 or first.year > 2100:
        return None, False, f"“{candidate}” is not a real date"
    if first.day != second.day:  # no day given: the month is meant
        last = calendar.monthrange(first.year, first.month)[1]
        return dt.date(first.year, first.month, last), True, ""
    return first.date(), False, ""


def parse_date(text: str) -> dt.date | None:
    """One full date written in any common UK form, or None."""
    matches = _CANDIDATES.findall(text)
    if len(matches) != 1:
        return None
    day, month_only, problem = _read_one(matches[0])
    return None if problem or month_only else day


def _weeks(wording: str, week1: dt.date | None) -> Deadline | None:
    week = _WEEK.match(wording)
    if not week:
        return None
    if week1 is None:
        return Deadline(text=wording, problem="Set the plan's week 1 date to resolve weeks")
    first, last = int(week.group(1)), int(week.group(2) or week.group(1))
    if last < first:
        return Deadline(text=wording, problem=f"Week {last} comes before week {first}")
    end = week_start(week1, last) + dt.timedelta(days=6)
    start = week_start(week1, first) if last != first else None
    return Deadline(text=wording, due_start=start, due_date=end)


def parse_deadline(text: str, *, week1: dt.date | None) -> Deadline:
    wording = " ".join(text.split())
    if not wording:
        return Deadline(text="")
    if _OPEN_ENDED.match(wording):
        return Deadline(text=wording)
    weeks = _weeks(wording, week1)
    if weeks is not None:
        return weeks
    candidates = _CANDIDATES.findall(wording)
    if not candidates:
        return Deadline(text=wording, problem=f"“{wording}” is not a date or week that can be read")
    dates, notes = [], []
    for candidate in candidates:
        day, month_only, problem = _read_one(candidate)
        if day is None:  # _read_one gives a date or says what is wrong with the text
            return Deadline(text=wording, problem=problem)
        if month_only:
            notes.append(f"“{candidate}” gives a month only: due by the end of that month")
        dates.append(day)
    if len(dates) > 1:
        notes.append(f"{len(dates)} dates in one deadline: due by the last of them")
    start = min(dates) if len(dates) > 1 else None
    return Deadline(text=wording, due_start=start, due_date=max(dates), notes=tuple(notes))
