"""Dates as plans write them, read in the context of the plan's own year.

`plans.deadlines.parse_deadline` reads full dates, months and plan weeks. Plans also write
quarters ("Q3 2024/25"), financial years ("2024/25"), two-digit years ("Mar 25"),
week-commencing dates without a year ("w/c 3 June"), "by week 6" and "end of March". This
module reads those with what the document says about its year, and otherwise hands over to
`parse_deadline`. A period (a month, a quarter, a year) is never turned into an invented day:
its due date is the period's last day and its precision says what was written, with a note.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from stocktake.plans.deadlines import parse_deadline
from stocktake.plans.weeks import week_start

_MONTHS = {month[:3].lower(): index for index, month in enumerate(calendar.month_name) if month}
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_FY = re.compile(r"\b(?:fy\s*)?(20\d{2})\s*[/\-–]\s*(\d{2}|20\d{2})\b", re.I)
_QUARTER = re.compile(
    r"\b(?:(?:q|qtr\.?|quarter)\s*(?P<q>[1-4])|"
    r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)"
    r"(?:\s*(?:of\s+)?(?:fy\s*)?"
    r"(?P<year>20\d{2}(?:\s*[/\-–]\s*(?:\d{2}|20\d{2}))?|\d{2}\s*[/\-–]\s*\d{2}))?\b",
    re.I,
)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3}
_ORDINALS["4th"] = 4
_MONTH_YEAR2 = re.compile(
    rf"^(?:end\s+(?:of\s+)?)?(?P<month>{_MONTH})\s*[\-' ]\s*(?P<yy>\d{{2}})$", re.I
)
_MONTH_ONLY = re.compile(
    rf"^(?:(?:by|end|end of|by end of|by the end of|the end of|until)\s+)?(?P<month>{_MONTH})$",
    re.I,
)
_DAY_MONTH = re.compile(
    rf"^(?:w/?c|w\.c\.|week commencing|wc|by|from)?\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+"
    rf"(?:of\s+)?(?P<month>{_MONTH})$",
    re.I,
)
_NUMERIC_SHORT = re.compile(r"^(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<yy>\d{2})$")
_BY_WEEK = re.compile(r"^(?:by|in|end of|before)\s+(?:wk|week)\.?\s*(?P<week>\d{1,3})$", re.I)
_PHASE_LABEL = re.compile(r"\b(?:by\s+)?(?:phase|stage|sprint|tranche|wave)\s*\d+[a-z]?\b", re.I)
_FY_ONLY = re.compile(
    r"^(?:by\s+)?(?:end\s+of\s+)?(?:fy\s*)?20\d{2}\s*[/\-–]\s*(?:\d{2}|20\d{2})$", re.I
)
_YEAR = re.compile(r"\b(20[0-4]\d)\b")
_ISO_TIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)


@dataclass(frozen=True)
class PlanYear:
    """What the document says about its year: its commonest year, and any financial year."""

    year: int | None = None
    fy_start: int | None = None  # 2024 for "2024/25"

    @classmethod
    def of(cls, texts: list[str]) -> PlanYear:
        years: Counter[int] = Counter()
        fys: Counter[int] = Counter()
        for text in texts:
            for match in _FY.finditer(text):
                start = int(match.group(1))
                end = match.group(2)
                end_year = int(end) if len(end) == 4 else 2000 + int(end)
                if end_year == start + 1:
                    fys[start] += 1
            years.update(int(y) for y in _YEAR.findall(text))
        year = years.most_common(1)[0][0] if years else None
        fy = fys.most_common(1)[0][0] if fys else None
        return cls(year=year, fy_start=fy)


@dataclass(frozen=True)
class When:
    """A date read from text: the last day it allows, and how precisely it was written."""

    text: str
    due_start: dt.date | None = None
    due_date: dt.date | None = None
    precision: str = ""  # "day", "week", "month", "quarter", "year" or "" (no date)
    problem: str = ""
    notes: tuple[str, ...] = field(default=())


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_number(word: str) -> int | None:
    word = word.lower().rstrip(".")
    index = _MONTHS.get(word[:3])
    full = calendar.month_name[index].lower() if index else ""
    return index if index and (full.startswith(word) or word == "sept") else None


def _fy_of(text: str) -> int | None:
    match = _FY.search(text)
    if not match:
        short = re.search(r"\b(\d{2})\s*[/\-–]\s*(\d{2})\b", text)
        if short and int(short.group(2)) == int(short.group(1)) + 1:
            return 2000 + int(short.group(1))
        return None
    start, end = int(match.group(1)), match.group(2)
    end_year = int(end) if len(end) == 4 else 2000 + int(end)
    return start if end_year == start + 1 else None


def quarter_span(text: str, context: PlanYear) -> tuple[dt.date, dt.date, str] | None:
    """(first day, last day, note) of a quarter written in `text`, or None."""
    match = _QUARTER.search(text)
    if not match:
        return None
    number = int(match.group("q")) if match.group("q") else _ORDINALS[match.group("ord").lower()]
    written = match.group("year") or ""
    fy = _fy_of(written) if written else None
    note = ""
    if fy is None and written and re.fullmatch(r"20\d{2}", written.strip()):
        # "Q3 2024": a calendar quarter of that year.
        year = int(written)
        first_month = 3 * (number - 1) + 1
        start = dt.date(year, first_month, 1)
        return start, _last_day(year, first_month + 2), ""
    if fy is None:
        fy = context.fy_start
        if fy is None and context.year is not None:
            fy = context.year if number < 4 else context.year - 1
            note = f"taken as the financial year {fy}/{(fy + 1) % 100:02d}, the plan's year"
        elif fy is not None:
            note = f"taken as the plan's financial year {fy}/{(fy + 1) % 100:02d}"
    if fy is None:
        return None
    first_month = 3 * number + 1  # Q1 is April to June
    year = fy if first_month <= 12 else fy + 1
    first_month = first_month if first_month <= 12 else first_month - 12
    start = dt.date(year, first_month, 1)
    return start, _last_day(year, first_month + 2), note


def _month_in_context(month: int, context: PlanYear) -> tuple[int, str] | None:
    if context.fy_start is not None:
        year = context.fy_start if month >= 4 else context.fy_start + 1
        return year, f"the year taken from the plan's financial year {context.fy_start}/" + (
            f"{(context.fy_start + 1) % 100:02d}"
        )
    if context.year is not None:
        return context.year, f"the year taken from the plan's year {context.year}"
    return None


def read_when(text: str, *, week1: dt.date | None = None, context: PlanYear | None = None) -> When:
    """Read a deadline (or a heading's date) as written, in the plan's context."""
    context = context or PlanYear()
    wording = " ".join(text.split())
    if not wording:
        return When(text="")
    # "2024-09-30T00:00:00Z", as lists and trackers export a date: the day.
    wording = _ISO_TIME.sub(r"\1", wording)
    plain = wording.strip(" .;:")
    phase = _PHASE_LABEL.search(plain)
    if phase:
        # "Phase 1 June 2024": the 1 is the phase's, not a day of June.
        rest = _PHASE_LABEL.sub(" ", plain).strip(" -–—,:;()")
        note = f"“{wording}” names a phase; only the date beside it is read"
        if not rest:
            return When(text=wording, problem=f"“{wording}” is a phase, not a date")
        inner = read_when(rest, week1=week1, context=context)
        notes = (*inner.notes, note) if inner.due_date else inner.notes
        return When(wording, inner.due_start, inner.due_date, inner.precision, inner.problem, notes)
    fy_only = _FY_ONLY.match(plain)
    if fy_only and (fy := _fy_of(plain)) is not None:
        note = f"“{wording}” gives a financial year: due by its last day"
        return When(wording, None, dt.date(fy + 1, 3, 31), "year", "", (note,))
    found = _special(wording, plain, week1, context)
    if found is not None:
        return found
    deadline = parse_deadline(wording, week1=week1)
    precision = ""
    if deadline.due_date is not None:
        precision = "month" if any("month only" in n for n in deadline.notes) else "day"
        if _WEEKISH.match(wording):
            precision = "week"
    notes = deadline.notes
    if deadline.problem:
        quarter = quarter_span(plain, context)
        if quarter is not None:
            _start, end, note = quarter
            notes = (f"“{wording}” gives a quarter: due by its last day",)
            return When(wording, None, end, "quarter", "", (*notes, *([note] if note else [])))
    return When(
        text=wording,
        due_start=deadline.due_start,
        due_date=deadline.due_date,
        precision=precision,
        problem=deadline.problem,
        notes=notes,
    )


_WEEKISH = re.compile(r"^(?:wk|weeks?)\b", re.I)


def _special(wording: str, plain: str, week1: dt.date | None, context: PlanYear) -> When | None:
    by_week = _BY_WEEK.match(plain)
    if by_week:
        number = int(by_week.group("week"))
        if week1 is None:
            return When(wording, problem="Set the plan's week 1 date to resolve weeks")
        end = week_start(week1, number) + dt.timedelta(days=6)
        return When(wording, due_date=end, precision="week")
    month_year = _MONTH_YEAR2.match(plain)
    if month_year:
        month = _month_number(month_year.group("month"))
        if month:
            year = 2000 + int(month_year.group("yy"))
            note = f"“{plain}” gives a month only: due by the end of that month"
            return When(wording, due_date=_last_day(year, month), precision="month", notes=(note,))
    numeric = _NUMERIC_SHORT.match(plain)
    if numeric:
        try:
            day = dt.date(
                2000 + int(numeric.group("yy")), int(numeric.group("m")), int(numeric.group("d"))
            )
        except ValueError:
            return When(wording, problem=f"“{plain}” is not a real date")
        return When(wording, due_date=day, precision="day")
    month_only = _MONTH_ONLY.match(plain)
    day_month = _DAY_MONTH.match(plain)
    if month_only or day_month:
        matched = month_only or day_month
        assert matched is not None
        month = _month_number(matched.group("month"))
        if not month:
            return None
        year_note = _month_in_context(month, context)
        if year_note is None:
            return When(wording, problem=f"“{plain}” has no year")
        year, how = year_note
        if day_month:
            try:
                day = dt.date(year, month, int(day_month.group("day")))
            except ValueError:
                return When(wording, problem=f"“{plain}” is not a real date")
            end = day + dt.timedelta(days=6) if re.match(r"w", plain, re.I) else day
            return When(
                wording,
                due_date=end,
                due_start=day if end != day else None,
                precision="day",
                notes=(f"“{plain}” has no year: {how}",),
            )
        month_note = f"“{plain}” gives a month only: due by the end of that month; {how}"
        return When(
            wording, due_date=_last_day(year, month), precision="month", notes=(month_note,)
        )
    if _QUARTER.fullmatch(plain) or re.fullmatch(rf"(?:by\s+)?{_QUARTER.pattern}", plain, re.I):
        quarter = quarter_span(plain, context)
        if quarter is None:
            return When(
                wording, problem=f"“{plain}” names a quarter but the plan's year is not known"
            )
        _, end, note = quarter
        said = f"“{plain}” gives a quarter: due by its last day"
        return When(
            wording, due_date=end, precision="quarter", notes=(said, *([note] if note else []))
        )
    return None


def heading_date(
    heading: str, *, week1: dt.date | None, context: PlanYear
) -> tuple[dt.date, str] | None:
    """The date a column heading gives its cells ("Update May 2024", "Q2 review",
    "Progress at 31/03/2024", "Week 12 update"): the last day it allows, and its precision."""
    text = " ".join(heading.split())
    week = re.search(r"\b(?:wk|week)\.?\s*(\d{1,3})\b", text, re.I)
    if week and week1 is not None:
        return week_start(week1, int(week.group(1))), "week"
    quarter = quarter_span(text, context)
    if quarter is not None:
        return quarter[1], "quarter"
    day = re.search(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b", text)
    if day:
        when = read_when(day.group(0), week1=week1, context=context)
        if when.due_date:
            return when.due_date, "day"
    full = re.search(
        rf"\b(\d{{1,2}}(?:st|nd|rd|th)?\s+)?({_MONTH})\s*[\-' ]?\s*(\d{{4}}|\d{{2}})?\b", text, re.I
    )
    if full and _month_number(full.group(2)):
        month = _month_number(full.group(2))
        assert month is not None
        if full.group(3):
            year = int(full.group(3))
            year = year if year > 100 else 2000 + year
        else:
            found = _month_in_context(month, context)
            if found is None:
                return None
            year = found[0]
        if full.group(1):
            try:
                return dt.date(year, month, int(re.sub(r"\D", "", full.group(1)))), "day"
            except ValueError:
                return None
        return _last_day(year, month), "month"
    return None


_WEEK_ONE = re.compile(
    r"\bweek\s*(?:1|one)\b\s*(?:\(|:|=|–|-|—|is|was|of the plan)?\s*"
    r"(?:(?:begins?|began|starts?|started|starting|commencing|commences|from|w/?c|is|on)\s+)*"
    r"(?:(?:mon(?:day)?|tue(?:sday)?|wed(?:nesday)?|thu(?:rsday)?|fri(?:day)?)\s+)?"
    r"(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\.?\s+\d{4}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|"
    r"\d{4}-\d{2}-\d{2})",
    re.I,
)


def find_week1(texts: list[str]) -> dt.date | None:
    """The date the plan says its week 1 starts ("Week 1 begins 2 September 2024")."""
    from stocktake.plans.deadlines import parse_date

    for text in texts:
        match = _WEEK_ONE.search(text)
        if match:
            day = parse_date(match.group("date"))
            if day is not None:
                return day
    return None
