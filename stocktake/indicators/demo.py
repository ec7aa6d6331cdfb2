"""Illustrative indicators for the demo authority: 24 months of generated figures, to July 2019.

The figures are made up (and labelled so on every page): shaped like the improvement notice
and monitoring letters describe – rising referrals, slow improvement in timeliness,
caseloads too high, agency churn – with 6- and 12-month targets from a notice date, so the
dashboard shows targets met, missed and improving, and special-cause signals. Everything is
written through the services, and the benchmarks through the real DfE-layout loader. Last,
the demo's findings are linked to the indicators that evidence them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

import numpy as np
from django.apps import apps

from stocktake.accounts.models import Authority, User
from stocktake.indicators.benchmarks import places
from stocktake.indicators.models import CatalogueEntry, Indicator
from stocktake.indicators.periods import add_months, period_start
from stocktake.indicators.services import (
    TargetFields,
    benchmarks_load,
    indicator_adopt,
    indicator_link,
    observations_apply,
    target_create,
    targets_from_notice,
)
from stocktake.indicators.services.observations import Figure
from stocktake.plans.models import Action, Plan, Theme

MONTHS = 24
NOTICE_MONTH = 15  # the notice arrives at the start of month 15 of 24
# The demo plan is Blackpool's 2019 plan, so its figures run to July 2019 (from August 2017)
# and its targets date from November 2018: a June 2019 board pack has figures and targets.
LAST_MONTH = dt.date(2019, 7, 1)
NOTE = "Illustrative: generated for the demo, not real data"
SEED = 2012


@dataclass(frozen=True)
class Shape:
    code: str
    before: float  # level up to the notice
    after: float  # level reached by the last month
    noise: float
    denominator: int  # typical monthly denominator (0: no numerator/denominator)
    six: float  # 6- and 12-month targets
    twelve: float
    tolerance: float = 0.0
    rise: float = 0.0  # a steady change per month across the whole series
    step_at: int | None = None  # a step change at this month…
    step: float = 0.0  # …of this size
    bands: tuple[float, float, float] | None = None  # outstanding, good, RI from
    theme: str = ""  # words in the plan theme it belongs to


SHAPES = (
    Shape("REF_RATE", 560, 560, 18, 0, 0, 0, rise=4.0, step_at=12, step=70, theme="Front Door"),
    Shape("REREF12", 27.0, 23.5, 1.1, 180, 25.0, 22.0, tolerance=1.0, theme="Front Door"),
    Shape("ASSESS45", 68.0, 79.0, 2.0, 160, 78.0, 85.0, tolerance=2.0, theme="Front Door"),
    Shape("ICPC15", 71.0, 86.0, 2.5, 30, 80.0, 85.0, tolerance=3.0, theme="Front Door"),
    Shape("CPP_REPEAT", 24.0, 23.0, 2.2, 25, 22.0, 20.0, tolerance=1.0, theme="Front Door"),
    Shape("CP_VISITS", 79.0, 95.0, 1.8, 140, 90.0, 95.0, tolerance=2.0, theme="Front Door"),
    Shape("CLA_VISITS", 86.0, 94.0, 1.5, 200, 90.0, 95.0, tolerance=2.0, theme="Care"),
    Shape("RHI", 52.0, 71.0, 4.0, 18, 65.0, 80.0, tolerance=5.0, theme="Care"),
    Shape("PEP", 82.0, 91.0, 1.6, 160, 88.0, 95.0, bands=(95.0, 90.0, 80.0), theme="Care"),
    Shape("CASELOAD", 23.5, 22.5, 0.7, 0, 20.0, 18.0, tolerance=0.5, theme="Workforce"),
    Shape("AGENCY", 17.0, 27.0, 1.0, 150, 15.0, 12.0, tolerance=1.0, theme="Workforce"),
    Shape("TURNOVER", 21.0, 22.5, 1.2, 120, 18.0, 15.0, tolerance=1.0, theme="Workforce"),
    Shape("UNALLOCATED", 8.5, 4.0, 0.8, 900, 5.0, 3.0, tolerance=0.5, theme="Workforce"),
    Shape(
        "AUDIT_GOOD", 28.0, 46.0, 4.0, 40, 40.0, 55.0, tolerance=5.0,
        bands=(80.0, 60.0, 40.0), theme="Leadership",
    ),
)  # fmt: skip
QUARTERLY = Shape("PLACE_LONG", 61.0, 66.0, 1.2, 90, 65.0, 68.0, tolerance=1.0, theme="Care")
# Care leavers (seed 000's CCL1, the Care Leaver Strategy; the January 2019 area for
# improvement 11 names "education, employment and training"). The seeds set no target.
LEAVERS = Shape("CL_EET", 47.0, 50.0, 4.0, 15, 0, 0, theme="Care")
# The plan's actions whose impact each indicator measures, only where seed 000's words for
# the action name what the indicator counts:
ACTIONS: dict[str, list[str]] = {
    # LA12: "to stabilise the workforce and ensure caseload levels are maintained/reduced"
    "CASELOAD": ["LA12"],
    "AGENCY": ["LA12"],
    "TURNOVER": ["LA12"],
    # LA30: "Continue to deliver audit activity and develop the audit programme"
    "AUDIT_GOOD": ["LA30"],
    # LA31: "weekly focused data analysis… that identifies current and forecast demand"
    "REF_RATE": ["LA31"],
    # LA37: the Continuum of Need, the thresholds the notice (3.2) measures by re-referrals
    "REREF12": ["LA37"],
    # CCL10: "Better placement stability"
    "PLACE_LONG": ["CCL10"],
    # CCL1: "Co-produce, sign off and implement a Care Leaver Strategy"
    "CL_EET": ["CCL1"],
}


def _levels(shape: Shape, n: int, notice: int, rng: np.random.Generator) -> np.ndarray:
    months = np.arange(n, dtype=float)
    share = np.clip((months - notice + 1) / (n - notice), 0, 1)
    level = shape.before + (shape.after - shape.before) * share + shape.rise * months
    if shape.step_at is not None:
        level = level + np.where(months >= shape.step_at, shape.step, 0.0)
    return level + rng.normal(0, shape.noise, n)


def _figures(
    indicator: Indicator, shape: Shape, periods: list[dt.date], rng: np.random.Generator
) -> list[Figure]:
    notice = NOTICE_MONTH * len(periods) // MONTHS
    levels = _levels(shape, len(periods), notice, rng)
    figures = []
    for period, level in zip(periods, levels.tolist(), strict=True):
        if shape.denominator and indicator.unit == "percent":
            den = int(max(5, rng.normal(shape.denominator, shape.denominator * 0.08)))
            num = round(min(max(level, 0.0), 100.0) * den / 100)
            figures.append(Figure(indicator, period, 100 * num / den, num, den, NOTE))
        else:
            figures.append(Figure(indicator, period, round(max(level, 0.0), 1), note=NOTE))
    return figures


def _targets(indicator: Indicator, shape: Shape, notice: dt.date) -> None:
    made = targets_from_notice(
        indicator=indicator,
        actor=None,
        notice_date=notice,
        six_months=shape.six,
        twelve_months=shape.twelve,
        tolerance=shape.tolerance,
    )
    if shape.bands:
        for target in made:
            target.band_outstanding, target.band_good, target.band_requires_improvement = (
                shape.bands
            )
            target.save()


def _theme(plan: Plan | None, words: str) -> Theme | None:
    if plan is None or not words:
        return None
    return plan.themes.filter(name__icontains=words).first()


def _benchmark_csv(
    code: str, rng: np.random.Generator, centre: float, spread: float, own: str
) -> bytes:
    """An illustrative file in DfE's published layout, with every authority and some
    suppressed cells (never the demo authority's own, `own`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["time_period", "time_identifier", "geographic_level", "country_code", "region_code",
         "region_name", "old_la_code", "new_la_code", "la_name", code.lower()]
    )  # fmt: skip
    for year in (LAST_MONTH.year - 2, LAST_MONTH.year - 1, LAST_MONTH.year):
        period = f"{year - 1}{year % 100:02d}"
        writer.writerow([period, "Financial year", "National", "E92000001", "", "", "", "", "",
                         round(centre, 1)])  # fmt: skip
        values = {}
        for place in places().values():
            value = round(float(rng.normal(centre, spread)), 1)
            values[place.la_code] = value
            cell = "c" if rng.random() < 0.03 else "low" if rng.random() < 0.01 else value
            cell = value if place.la_code == own else cell
            writer.writerow([period, "Financial year", "Local authority", "E92000001",
                             place.region_code, place.region_name, place.la_code,
                             place.new_code, place.name, cell])  # fmt: skip
        regions = {p.region_code: p.region_name for p in places().values()}
        for region_code, region_name in sorted(regions.items()):
            members = [v for c, v in values.items() if places()[c].region_code == region_code]
            mean = round(sum(members) / len(members), 1)
            writer.writerow([period, "Financial year", "Regional", "E92000001", region_code,
                             region_name, "", "", "", mean])  # fmt: skip
    return buffer.getvalue().encode("utf-8")


def load_indicator_demo(
    authority: Authority, actor: User | None = None, plan: Plan | None = None
) -> list[Indicator]:
    """Adopt the demo indicators, fill in 24 months of illustrative figures to July 2019, set
    targets from a notice date 9 months before the latest figure, link them to the plan's
    themes and to the actions `ACTIONS` names, and load illustrative benchmarks. The plan's
    measures of success are its own (seed 000): the demo adds none."""
    rng = np.random.default_rng(SEED)
    plan = plan or Plan.objects.in_authority(authority).order_by("id").first()
    shapes = {s.code: s for s in (*SHAPES, QUARTERLY, LEAVERS)}
    entries = CatalogueEntry.objects.filter(code__in=shapes)
    indicator_adopt(authority=authority, actor=actor, entries=entries)
    indicators = {
        i.code: i for i in Indicator.objects.in_authority(authority).filter(code__in=shapes)
    }
    last = LAST_MONTH
    months = [add_months(last, k - MONTHS + 1) for k in range(MONTHS)]
    notice = months[NOTICE_MONTH]
    quarters = sorted({period_start(m, "quarterly") for m in months[2:]})
    figures: list[Figure] = []
    for code, shape in shapes.items():
        indicator = indicators[code]
        indicator.illustrative = True
        indicator.save(update_fields=["illustrative"])
        periods = quarters if indicator.frequency == "quarterly" else months
        figures += _figures(indicator, shape, periods, rng)
        if shape.six or shape.twelve:
            _targets(indicator, shape, notice)
        theme = _theme(plan, shape.theme)
        actions = _actions(plan, ACTIONS.get(code, []))
        indicator_link(
            indicator=indicator,
            actor=actor,
            actions=[*actions, *indicator.actions.all()],
            themes=[*([theme] if theme else []), *indicator.themes.all()],
        )
    observations_apply(authority=authority, actor=actor, figures=figures, filename=NOTE)
    trajectory = indicators["ASSESS45"]
    for k in range(1, 4):
        target_create(
            indicator=trajectory,
            actor=actor,
            fields=TargetFields(
                label=f"Trajectory: month {k}",
                kind="trajectory",
                due_date=add_months(notice, k) - dt.timedelta(days=1),
                value=70.0 + 2 * k,
                tolerance=2.0,
            ),
        )
    for code, centre, spread in (("REREF12", 22.6, 4.0), ("ASSESS45", 85.7, 7.0),
                                 ("CASELOAD", 15.2, 2.0)):  # fmt: skip
        benchmarks_load(
            indicator=indicators[code],
            actor=actor,
            filename=f"illustrative-{code.lower()}.csv",
            data=_benchmark_csv(code, rng, centre, spread, authority.la_code),
            source="Illustrative figures in DfE's layout, generated for the demo",
        )
    _link_findings(authority)
    return list(indicators.values())


def _actions(plan: Plan | None, references: list[str]) -> list[Action]:
    if plan is None or not references:
        return []
    wanted = {"".join(r.split()).upper() for r in references}
    return [a for a in plan.actions.all() if "".join(a.reference.split()).upper() in wanted]


def _link_findings(authority: Authority) -> None:
    """Link the demo's findings to the indicators that evidence them (findings app only)."""
    if apps.is_installed("stocktake.findings"):
        from stocktake.demo.findings_data import link_indicators

        link_indicators(authority)
