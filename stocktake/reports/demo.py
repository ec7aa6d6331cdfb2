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

from django.utils import timezone

from stocktake.accounts.models import Authority, User
from stocktake.findings.models import Finding, Judgement, Source
from stocktake.governance.models import Meeting
from stocktake.indicators.models import Benchmark, Commentary, Indicator, Observation, Target
from stocktake.indicators.periods import period_end
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


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


# When the demo says its register and figures were recorded, after what they describe.
FIGURES_ENTERED_AFTER = dt.timedelta(days=10)  # a month's figures, ten days after it ends
BENCHMARKS_LOADED_AFTER = dt.timedelta(days=240)  # DfE publishes about eight months on
COMMENTARY_WRITTEN_AFTER = dt.timedelta(days=12)


def record_register_in_its_time(authority: Authority) -> None:
    """Date the demo's findings register, indicators and figures to when the demo says they
    were recorded (ADR 18 lets the demo record its simulated history at realistic times), so
    a paper as of a 2019 day holds what was known then: a source on the day it was published
    (its findings and judgements with it); a figure ten days after its period ended; an
    indicator and its targets before its first figure; benchmarks when DfE published them;
    commentary soon after the period it was written about. Times only ever move earlier."""
    now = timezone.now()
    for source in Source.objects.filter(authority=authority):
        day = source.published_on or source.fieldwork_end or source.fieldwork_start
        if day is None:
            continue
        when = min(_at(day, 17), source.created_at)
        Source.objects.filter(pk=source.pk).update(created_at=when)
        Finding.objects.filter(source=source).update(created_at=when)
        Judgement.objects.filter(source=source).update(created_at=when)
    for indicator in Indicator.objects.filter(authority=authority):
        first = None
        for observation in indicator.observations.all():
            end = period_end(observation.period, indicator.frequency)
            entered = min(_at(end + FIGURES_ENTERED_AFTER, 10), now)
            Observation.objects.filter(pk=observation.pk).update(
                entered_at=min(entered, observation.entered_at)
            )
            first = observation.period if first is None else min(first, observation.period)
        if first is not None:
            opened = min(_at(first, 9), indicator.created_at)
            Indicator.objects.filter(pk=indicator.pk).update(created_at=opened)
            Target.objects.filter(indicator=indicator, created_at__gt=opened).update(
                created_at=opened
            )
        for benchmark in Benchmark.objects.filter(indicator=indicator):
            loaded = min(_at(benchmark.period_end + BENCHMARKS_LOADED_AFTER, 10), now)
            Benchmark.objects.filter(pk=benchmark.pk, loaded_at__gt=loaded).update(loaded_at=loaded)
        for commentary in Commentary.objects.filter(indicator=indicator):
            end = period_end(commentary.as_of, indicator.frequency)
            written = min(_at(end + COMMENTARY_WRITTEN_AFTER, 11), commentary.created_at)
            Commentary.objects.filter(pk=commentary.pk).update(created_at=written)


def issue_demo_reports(
    authority: Authority,
    plan: Plan,
    actor: User | None = None,
    reports: list[tuple[str, int, int, dt.date, str]] | None = None,
) -> list[Report]:
    """Build and issue each report now, in this process, in the order given, once the
    register and figures are dated to when the demo says they were recorded."""
    record_register_in_its_time(authority)
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
