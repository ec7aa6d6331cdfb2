"""What the chair's report pages show: each section's state, who last wrote it and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from stocktake.chair import selectors
from stocktake.chair.duties import Duty, notice_duties
from stocktake.chair.models import ChairReport, ChairText, Part, TextState
from stocktake.findings.models import Finding, Source

TAGS = {"": ("Not written", "govuk-tag--grey"), "draft": ("Draft", "govuk-tag--yellow")}
TAGS["final"] = ("Final", "govuk-tag--green")


@dataclass
class SectionRow:
    name: str
    url: str
    text: ChairText | None
    finding: Finding | None = None

    @property
    def tag(self) -> tuple[str, str]:
        return TAGS[self.text.state if self.text else ""]

    @property
    def is_final(self) -> bool:
        return self.text is not None and self.text.state == TextState.FINAL


def part_title(part: str) -> str:
    return selectors.PART_NAMES[Part(part)]


def sections(report: ChairReport, slug: str) -> list[SectionRow]:
    """Every section in the report's reading order, with its newest text."""
    written = selectors.written(report)
    rows = []
    for part in selectors.FIXED_PARTS:
        url = reverse("chair:write", args=[slug, report.pk, part])
        rows.append(SectionRow(part_title(part), url, written.text(part)))
    for measure in selectors.notice_measures(report.notice):
        url = reverse("chair:measure", args=[slug, report.pk, measure.pk])
        name = f"Measure {measure.reference}" if measure.reference else "Measure"
        rows.append(SectionRow(name, url, written.text(Part.MEASURE, measure), measure))
    # The addressee opens the report and the Leader's report closes it.
    return [rows[0], *rows[3:], rows[1], rows[2]]


@dataclass
class NoticeCalendar:
    notice: Source
    duties: list[Duty]
    today: dt.date

    @property
    def rows(self) -> list[tuple[Duty, str]]:
        return [(duty, duty.when(self.today)) for duty in self.duties]


def calendars(notices: list[Source], today: dt.date) -> list[NoticeCalendar]:
    return [NoticeCalendar(n, notice_duties(n), today) for n in notices]
