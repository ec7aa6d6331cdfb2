"""What a report builder is given: whose report, which period, and as of when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from stocktake.accounts.models import Authority
from stocktake.documents.blocks import ReportDocument
from stocktake.plans.models import Plan


class NoData(Exception):
    """The period asked for has nothing to report; the message says so in plain English."""


@dataclass(frozen=True)
class ReportContext:
    authority: Authority
    plan: Plan
    period_start: dt.date  # the first day of the reporting period (a month for --period YYYY-MM)
    period_end: dt.date  # the last day of the period, inclusive
    as_of: dt.date  # "today" for the report: exceptions, overdue and stale are judged on it
    include_unreviewed: bool = False  # quote posted updates still waiting for review

    @property
    def period_label(self) -> str:
        if self.period_start.day == 1 and self.period_end.month == self.period_start.month:
            return f"{self.period_start:%B %Y}"
        return f"{self.period_start:%-d %B %Y} to {self.period_end:%-d %B %Y}"


Builder = Callable[[ReportContext], ReportDocument]
