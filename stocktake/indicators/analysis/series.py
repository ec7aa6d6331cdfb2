"""The full analysis of one indicator's series: status, direction, SPC, projection, bands.

`analyse` puts the pure functions of this package together; `analyse_many` runs it over a
whole authority. Nothing here touches the database: selectors build `Series` and `Targets`
from rows and hand them in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from stocktake.indicators.analysis import spc, targets, trend
from stocktake.indicators.analysis.spc import Floats, XmR
from stocktake.indicators.analysis.targets import Ints, Targets

NOT_DUE = "not_due"  # the latest period is before the first target's date


@dataclass(frozen=True)
class Series:
    """An indicator's observations in period order."""

    months: Ints  # month index of each period's start
    ends: Ints  # date ordinal of each period's last day
    values: Floats
    polarity: str
    unit: str

    @property
    def size(self) -> int:
        return int(self.values.size)


@dataclass(frozen=True)
class Analysis:
    statuses: Ints  # per period: targets.MET / WITHIN / MISSED / NO_TARGET
    target_index: Ints  # per period: the target in force (-1 before the first)
    status: str  # of the latest period: met, within_tolerance, missed, not_due, no_target
    compared_with: int | None  # the target the latest period is judged against
    shortfall: float | None  # how far the latest is worse than that target (<= 0: on or better)
    missing_for: int  # how many latest periods in a row missed their target
    chart: XmR | None
    lcl: float | None  # the natural process limits, kept to the values the unit allows
    ucl: float | None
    variation: str
    assurance: str
    assurance_from: int  # the first point of the limits assurance was judged on
    direction: trend.Direction
    next_target: int | None  # the first target due after the latest period
    projection: trend.Projection | None
    projected_status: str  # the projection against the next target
    bands: Ints
    good_for: int  # latest periods in a row in the good or outstanding band

    @property
    def band(self) -> str:
        return targets.BAND_NAMES[int(self.bands[-1])] if self.bands.size else ""


def _latest_status(
    series: Series, tg: Targets, index: Ints, statuses: Ints
) -> tuple[str, int | None, float | None]:
    if series.size == 0 or tg.size == 0:
        return targets.STATUS_NAMES[targets.NO_TARGET], None, None
    current = int(index[-1])
    compared = current if current >= 0 else 0
    gap = targets.shortfall(series.values[-1:], tg.values[compared : compared + 1], series.polarity)
    if current < 0:
        return NOT_DUE, compared, float(gap[0])
    return targets.STATUS_NAMES[int(statuses[-1])], compared, float(gap[0])


def _projection(series: Series, tg: Targets) -> tuple[int | None, trend.Projection | None, str]:
    if series.size == 0 or tg.size == 0:
        return None, None, ""
    following = int(np.searchsorted(tg.due, series.ends[-1], side="right"))
    if following >= tg.size:
        return None, None, ""
    floor, ceiling = trend.series_floor_ceiling(series.unit)
    projected = trend.projection(
        series.months, series.values, int(tg.due_month[following]), floor=floor, ceiling=ceiling
    )
    if projected is None:
        return following, None, ""
    code = targets.status(
        [projected.value],
        tg.values[following : following + 1],
        tg.tolerance[following : following + 1],
        series.polarity,
    )
    return following, projected, targets.STATUS_NAMES[int(code[0])]


def _assurance(chart: XmR | None, target: float | None, polarity: str) -> tuple[str, int]:
    """The assurance judgement, against limits recalculated from a sustained shift if the
    latest point is part of one (MDC's advice), else against the chart's own limits."""
    if chart is None:
        return spc.NO_TARGET, 0
    start = spc.shift_start(chart)
    if start:
        recent = spc.xmr(chart.values[start:])
        if recent is not None:
            return spc.assurance(recent, target, polarity), start
    return spc.assurance(chart, target, polarity), 0


def analyse(series: Series, tg: Targets) -> Analysis:
    index = targets.in_force(series.ends, tg.due) if tg.size else np.full(series.size, -1)
    safe = np.clip(index, 0, None)
    has = (index >= 0) & (tg.size > 0)
    pick = (
        (lambda a: np.where(has, a[safe], np.nan))
        if tg.size
        else (lambda a: np.full(series.size, np.nan))
    )
    statuses = targets.status(series.values, pick(tg.values), pick(tg.tolerance), series.polarity)
    status, compared, gap = _latest_status(series, tg, index, statuses)
    chart = spc.xmr(series.values)
    compared_value = float(tg.values[compared]) if compared is not None else None
    lcl, ucl = trend.clip_limits(series.unit, chart.lcl, chart.ucl) if chart else (None, None)
    following, projected, projected_status = _projection(series, tg)
    assured = _assurance(chart, compared_value, series.polarity)
    # Bands use the thresholds of the target in force, or of the first target before it.
    band_pick = (lambda a: a[safe]) if tg.size else (lambda a: np.full(series.size, np.nan))
    band_codes = targets.bands(
        series.values,
        band_pick(tg.outstanding),
        band_pick(tg.good),
        band_pick(tg.requires_improvement),
        series.polarity,
    )
    return Analysis(
        statuses=statuses,
        target_index=index,
        status=status,
        compared_with=compared,
        shortfall=gap,
        missing_for=targets.latest_streak(statuses == targets.MISSED),
        chart=chart,
        lcl=lcl,
        ucl=ucl,
        variation=spc.variation(chart, series.polarity) if chart else spc.COMMON,
        assurance=assured[0],
        assurance_from=assured[1],
        direction=trend.direction(
            series.months,
            series.values,
            series.polarity,
            noise=0.5 * chart.sigma if chart else 0.0,
        ),
        next_target=following,
        projection=projected,
        projected_status=projected_status,
        bands=band_codes,
        good_for=targets.latest_streak(
            (band_codes == targets.GOOD) | (band_codes == targets.OUTSTANDING)
        ),
    )


def analyse_many(items: Iterable[tuple[Series, Targets]]) -> list[Analysis]:
    """The full analysis of every indicator in `items`, series of the same length analysed
    together as a matrix (see batch.py); the same results as `analyse` one by one."""
    from stocktake.indicators.analysis.batch import analyse_batch

    return analyse_batch(list(items))
