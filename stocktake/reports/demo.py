"""Issue the demo's board papers: the June 2019 Improvement Board pack and weekly highlight
for Blackpool's Phase 2 plan (`load-demo` calls this once the governance demo is loaded)."""

from __future__ import annotations

import datetime as dt

from stocktake.accounts.models import Authority, User
from stocktake.plans.models import Plan
from stocktake.reports.jobs import month_period, report_request
from stocktake.reports.models import Report

DEMO_REPORTS = [
    ("board-pack", 2019, 6, dt.date(2019, 6, 30)),
    ("weekly-highlight", 2019, 6, dt.date(2019, 6, 23)),
]


def issue_demo_reports(
    authority: Authority,
    plan: Plan,
    actor: User | None = None,
    reports: list[tuple[str, int, int, dt.date]] | None = None,
) -> list[Report]:
    """Build and issue each (kind, year, month, as of) report now, in this process."""
    issued = []
    for kind, year, month, as_of in reports or DEMO_REPORTS:
        period = month_period(year, month)
        issued.append(
            report_request(
                authority=authority,
                plan=plan,
                kind=kind,
                period_start=period.start,
                period_end=period.end,
                as_of=as_of,
                actor=actor,
                run="inline",
            )
        )
    return issued
