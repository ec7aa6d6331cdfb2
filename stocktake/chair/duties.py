"""The calendar of an improvement notice's duties, counted from the notice's own date.

Seed 001 sets them: the chair's initial report 2 months after the notice commences and a
written 6-month progress report (8.1); reviews of progress by DfE officials after six and
twelve months (8.2); targets set at 6 and 12 month intervals, all to be met within 12 months
(7.3); and an Improvement Board meeting every 6 weeks (7.2). A notice held without a date has
no calendar: its months cannot be counted, and are never counted from anything else.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from stocktake.findings.choices import SourceKind
from stocktake.findings.models import Source
from stocktake.governance.models import Board, BoardMember
from stocktake.people.models import Person

AHEAD = dt.timedelta(days=14)  # how far ahead a reminder mentions a duty


@dataclass(frozen=True)
class Duty:
    due: dt.date
    kind: str  # "chair_report", "review", "targets", "board"
    title: str
    basis: str  # where in the notice the duty comes from

    def when(self, today: dt.date) -> str:
        days = (self.due - today).days
        if days == 0:
            return "Due today"
        if days > 0:
            return f"Due in {days} day{'s' * (days != 1)}"
        return f"{-days} day{'s' * (days != -1)} ago"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day if it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def notice_duties(notice: Source) -> list[Duty]:
    """Every duty of the notice in date order; none for an undated notice."""
    start = notice.date
    if start is None:
        return []
    duties = [
        Duty(add_months(start, 2), "chair_report", "The chair's initial (2-month) report", "8.1"),
        Duty(add_months(start, 6), "chair_report", "The chair's 6-month progress report", "8.1"),
        Duty(add_months(start, 6), "targets", "Targets at 6 months", "7.3"),
        Duty(add_months(start, 6), "review", "DfE review of progress at 6 months", "8.2"),
        Duty(add_months(start, 12), "targets", "All targets to be met (12 months)", "7.3"),
        Duty(add_months(start, 12), "review", "DfE review of progress at 12 months", "8.2"),
    ]
    weeks = max(1, settings.STOCKTAKE_IMPROVEMENT_BOARD_WEEKS)
    meeting, number = start + dt.timedelta(weeks=weeks), 1
    while meeting <= add_months(start, 12):
        duties.append(
            Duty(
                meeting, "board", f"Improvement Board meeting {number} (every {weeks} weeks)", "7.2"
            )
        )
        meeting, number = meeting + dt.timedelta(weeks=weeks), number + 1
    order = {"chair_report": 0, "targets": 1, "review": 2, "board": 3}
    return sorted(duties, key=lambda d: (d.due, order[d.kind]))


@dataclass(frozen=True)
class DutyLine:
    text: str
    url: str


def duty_reminder_lines(person: Person, today: dt.date) -> list[DutyLine]:
    """For a member of an improvement board: the notice's reports, reviews and target dates
    due within two weeks (board meetings are in the meetings calendar already)."""
    sits = BoardMember.objects.filter(
        person=person, board__kind=Board.Kind.IMPROVEMENT_BOARD
    ).exists()
    if not sits:
        return []
    slug = person.authority.slug
    url = settings.STOCKTAKE_BASE_URL + reverse("chair:index", args=[slug])
    lines = []
    for notice in Source.objects.filter(
        authority_id=person.authority_id, kind=SourceKind.IMPROVEMENT_NOTICE
    ):
        for duty in notice_duties(notice):
            if duty.kind != "board" and today <= duty.due <= today + AHEAD:
                lines.append(
                    DutyLine(f"{duty.title}: due {duty.due:%-d %B %Y} ({notice.title})", url)
                )
    return lines
