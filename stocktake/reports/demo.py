"""Issue the demo's board papers from the seeds' content, as the Improvement Board would have
had them in 2019:

- the Improvement Board pack for June 2019, a paper for the board's meeting on 21 June 2019
  ("the first meeting of the Getting to Good Executive (IB)", seed 000), prepared on
  19 June, once the management team had scrutinised the week-24 updates;
- the weekly highlight report for the week to 23 June 2019;
- the chair's progress report for July 2019, finished and signed (`stocktake.demo.chair`;
  the notice held is undated, so its months are not counted);
- the scrutiny committee report for June 2019, in seed 004's shape.

`stocktake load-demo` calls this after the rest of the demo is loaded.
"""

from __future__ import annotations

import datetime as dt

from stocktake.accounts.models import Authority, User
from stocktake.governance.models import Meeting
from stocktake.plans.models import Plan
from stocktake.reports.models import Report
from stocktake.reports.services import month_period, report_request

# (kind, year, month, as of, the board whose meeting on that day takes it as a paper)
DEMO_REPORTS: list[tuple[str, int, int, dt.date, str]] = [
    ("board-pack", 2019, 6, dt.date(2019, 6, 19), "improvement_board"),
    ("weekly-highlight", 2019, 6, dt.date(2019, 6, 23), ""),
    ("chair-report", 2019, 7, dt.date(2019, 7, 31), ""),
    ("scrutiny", 2019, 6, dt.date(2019, 6, 30), ""),
]
BOARD_MEETING = dt.date(2019, 6, 21)


def issue_demo_reports(
    authority: Authority,
    plan: Plan,
    actor: User | None = None,
    reports: list[tuple[str, int, int, dt.date, str]] | None = None,
) -> list[Report]:
    """Build and issue each report now, in this process, in the order given."""
    issued = []
    for kind, year, month, as_of, board_kind in reports or DEMO_REPORTS:
        period = month_period(year, month)
        meeting = (
            Meeting.objects.filter(
                board__authority=authority, board__kind=board_kind, date=BOARD_MEETING
            ).first()
            if board_kind
            else None
        )
        issued.append(
            report_request(
                authority=authority,
                plan=plan,
                kind=kind,
                period_start=period.start,
                period_end=period.end,
                as_of=as_of,
                meeting=meeting,
                actor=actor,
                now=True,
            )
        )
    return issued
