"""Plan weeks: "Week N" as a council writes it, mapped to dates through the week-1 date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class PlanWeek:
    number: int
    start: dt.date

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def week_start(week1: dt.date, number: int) -> dt.date:
    return week1 + dt.timedelta(weeks=number - 1)


def week_number(week1: dt.date, day: dt.date) -> int:
    """The plan week a date falls in (week 1 starts on the week-1 date)."""
    return (day - week1).days // 7 + 1


def weeks_between(week1: dt.date, start: dt.date, end: dt.date) -> list[PlanWeek]:
    first, last = week_number(week1, start), week_number(week1, end)
    return [PlanWeek(n, week_start(week1, n)) for n in range(first, last + 1)]


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())
