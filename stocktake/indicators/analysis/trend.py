"""Direction of travel and projection to the next target, from least-squares lines.

x is the month index of each period (see periods.month_index), so quarterly and annual
series have gaps of 3 and 12, and a projection lands on the target's month.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from stocktake.indicators.analysis.spc import HIGHER, NEUTRAL, Floats

IMPROVING, WORSENING, RISING, FALLING, NO_CHANGE, TOO_FEW = (
    "improving",
    "worsening",
    "rising",
    "falling",
    "no_clear_change",
    "not_enough_data",
)
DIRECTION_PERIODS = 6
PROJECTION_PERIODS = 12
MIN_POINTS = 3


def slope(x: npt.ArrayLike, y: npt.ArrayLike) -> float:
    """The least-squares slope of y on x (y per unit of x)."""
    xs, ys = np.asarray(x, np.float64), np.asarray(y, np.float64)
    dx = xs - xs.mean()
    denominator = float((dx * dx).sum())
    return float((dx * (ys - ys.mean())).sum() / denominator) if denominator else 0.0


@dataclass(frozen=True)
class Direction:
    code: str
    change: float  # the fitted change across the window, in the indicator's units
    periods: int


def direction(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    polarity: str,
    *,
    periods: int = DIRECTION_PERIODS,
    noise: float = 0.0,
) -> Direction:
    """Which way the last `periods` values are going. A fitted change no bigger than `noise`
    (for example half a sigma from the XmR chart) is "no clear change"."""
    xs, ys = np.asarray(x, np.float64)[-periods:], np.asarray(y, np.float64)[-periods:]
    if ys.size < MIN_POINTS:
        return Direction(TOO_FEW, 0.0, int(ys.size))
    change = slope(xs, ys) * float(xs[-1] - xs[0])
    if abs(change) <= noise:
        return Direction(NO_CHANGE, change, int(ys.size))
    if polarity == NEUTRAL:
        return Direction(RISING if change > 0 else FALLING, change, int(ys.size))
    better = (change > 0) == (polarity == HIGHER)
    return Direction(IMPROVING if better else WORSENING, change, int(ys.size))


@dataclass(frozen=True)
class Projection:
    value: float  # the trend line's value at the target's month
    at_month: int
    periods: int  # how many recent values the line was fitted to
    per_month: float  # the trend's change per month


def projection(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    at_month: int,
    *,
    periods: int = PROJECTION_PERIODS,
    floor: float | None = None,
    ceiling: float | None = None,
) -> Projection | None:
    """Where the straight-line trend of the last `periods` values reaches by `at_month`,
    kept within [floor, ceiling] (a percentage cannot pass 100)."""
    xs, ys = np.asarray(x, np.float64)[-periods:], np.asarray(y, np.float64)[-periods:]
    if ys.size < MIN_POINTS:
        return None
    per_month = slope(xs, ys)
    value = float(ys.mean() + per_month * (at_month - xs.mean()))
    value = float(
        np.clip(value, -np.inf if floor is None else floor, np.inf if ceiling is None else ceiling)
    )
    return Projection(value, at_month, int(ys.size), per_month)


def series_floor_ceiling(unit: str) -> tuple[float | None, float | None]:
    """The values an indicator of `unit` can take: 0–100 for percentages, 0 up otherwise."""
    return (0.0, 100.0) if unit == "percent" else (0.0, None)


def clip_limits(unit: str, lcl: float, ucl: float) -> tuple[float, float]:
    floor, ceiling = series_floor_ceiling(unit)
    low = max(lcl, floor) if floor is not None else lcl
    high = min(ucl, ceiling) if ceiling is not None else ucl
    return low, high


def linear_fit(x: Floats, y: Floats) -> tuple[float, float]:
    """(intercept, slope) of the least-squares line; used by charts for the trend line."""
    b = slope(x, y)
    return float(y.mean() - b * x.mean()), b
