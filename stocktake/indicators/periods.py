"""Reporting periods: reading them as people write them, and checking them against a frequency.

A period is stored as the date it starts: the 1st of the month, of a calendar quarter
(January, April, July, October) or of a financial year (1 April). People write periods in many
ways ("2024-05", "May 2024", "31/05/2024", "2024 Q2", "2024-25"); `parse_period` reads them
all and says in words why one does not fit the indicator's frequency.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

MONTHLY, QUARTERLY, ANNUAL = "monthly", "quarterly", "annual"
STEP_MONTHS = {MONTHLY: 1, QUARTERLY: 3, ANNUAL: 12}
_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_UK_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})[-/](\d{1,2})$")
_UK_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")
_NAMED_MONTH = re.compile(r"^([a-z]+)[\s\-]+'?(\d{2}|\d{4})$")
_QUARTER = re.compile(r"^(?:(\d{4})\s*-?\s*q([1-4])|q([1-4])\s*-?\s*(\d{4}))$")
_YEAR = re.compile(r"^(?:fy\s*)?(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")


class PeriodError(ValueError):
    """The text is not a period, or not one that fits the frequency; the message says why."""


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("–", "-").replace("—", "-")).strip().lower()


def read_period(text: str, prefer_year: bool = False) -> tuple[str, dt.date]:
    """What `text` names: ("day" | "month" | "quarter" | "year", the date it starts).

    "2011-12" is both December 2011 and the financial year 2011–12: it is read as the year
    when `prefer_year` (an annual indicator), else as the month. "2024-25" can only be a year.
    """
    raw = _clean(str(text))
    if not raw:
        raise PeriodError("Enter the period")
    month, year = _ISO_MONTH.match(raw), _YEAR.match(raw)
    if month and year:
        is_year = (int(year[1]) + 1) % 100 == int(year[2][-2:])
        if int(month[2]) > 12 or (prefer_year and is_year):
            return _financial_year(text, year)
    try:
        if m := _ISO_DAY.match(raw):
            return "day", dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _UK_DAY.match(raw):
            return "day", dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := _ISO_MONTH.match(raw):
            return "month", dt.date(int(m[1]), int(m[2]), 1)
        if m := _UK_MONTH.match(raw):
            return "month", dt.date(int(m[2]), int(m[1]), 1)
    except ValueError:
        raise PeriodError(f"“{text}” is not a real date or month") from None
    if (m := _NAMED_MONTH.match(raw)) and m[1] in _MONTHS:
        named_year = int(m[2]) + (2000 if len(m[2]) == 2 else 0)
        return "month", dt.date(named_year, _MONTHS[m[1]], 1)
    if m := _QUARTER.match(raw):
        quarter_year, quarter = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
        return "quarter", dt.date(quarter_year, 3 * quarter - 2, 1)
    if m := _YEAR.match(raw):
        return _financial_year(text, m)
    raise PeriodError(
        f"“{text}” is not a period. Write a month as 2024-05 or May 2024, a quarter as "
        "2024 Q2, or a financial year as 2024-25"
    )


def _financial_year(text: str, m: re.Match[str]) -> tuple[str, dt.date]:
    start, end = int(m[1]), int(m[2][-2:])
    if (start + 1) % 100 != end:
        raise PeriodError(f"“{text}” is not a financial year: write it like 2024-25")
    return "year", dt.date(start, 4, 1)


def period_start(day: dt.date, frequency: str) -> dt.date:
    """The start of the period of `frequency` that contains `day`."""
    if frequency == MONTHLY:
        return day.replace(day=1)
    if frequency == QUARTERLY:
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    year = day.year if day.month >= 4 else day.year - 1
    return dt.date(year, 4, 1)


def period_end(start: dt.date, frequency: str) -> dt.date:
    """The last day of the period that starts on `start`."""
    months = start.year * 12 + start.month - 1 + STEP_MONTHS[frequency]
    return dt.date(months // 12, months % 12 + 1, 1) - dt.timedelta(days=1)


def parse_period(text: str, frequency: str, name: str = "This indicator") -> dt.date:
    """The start date of the period `text` names, if it is a period of `frequency`."""
    kind, day = read_period(text, prefer_year=frequency == ANNUAL)
    start = period_start(day, frequency)
    noun = {MONTHLY: "month", QUARTERLY: "quarter", ANNUAL: "year"}[frequency]
    fits = {
        MONTHLY: {"month"},
        QUARTERLY: {"quarter"} | ({"month"} if day == start else set()),
        ANNUAL: {"year"} | ({"month"} if day == start else set()),
    }[frequency]
    if kind == "day" and day in (start, period_end(start, frequency)):
        return start
    if kind in fits:
        return start
    what = {
        "day": f"{day:%-d %B %Y} is a single day, not the start or end of a {noun}",
        "month": f"{day:%B %Y} is a month",
        "quarter": f"{label(day, QUARTERLY)} is a quarter",
        "year": f"{label(day, ANNUAL)} is a year",
    }[kind]
    example = {MONTHLY: "2024-05", QUARTERLY: "2024 Q2", ANNUAL: "2024-25"}[frequency]
    raise PeriodError(f"{what}, but {name} is reported {frequency}: give a {noun}, like {example}")


def label(start: dt.date, frequency: str) -> str:
    """How a period reads: "May 2024", "Apr–Jun 2024", "2024–25"."""
    if frequency == MONTHLY:
        return f"{start:%b %Y}"
    if frequency == QUARTERLY:
        end = period_end(start, frequency)
        return f"{start:%b}–{end:%b %Y}"
    return f"{start.year}–{(start.year + 1) % 100:02d}"


def month_index(day: dt.date) -> int:
    """Months since year 0: the x axis every trend and projection uses."""
    return day.year * 12 + day.month - 1


def from_month_index(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, kept inside shorter months (31 Jan + 1 → 28/29 Feb)."""
    index = month_index(day) + months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
