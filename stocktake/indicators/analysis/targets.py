"""Status against the target in force, tolerance, and Ofsted-style bands – polarity aware.

The target in force for a period is the latest target due on or before the period's last
day: a 6-month target stays in force, to be kept, until the 12-month target's date arrives.
A period before the first target's date has no target in force; it is compared with the
first target and marked "before the first target" rather than met or missed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from stocktake.indicators.analysis.spc import HIGHER, LOWER, NEUTRAL, Bools, Floats

Ints = npt.NDArray[np.int64]

# Status codes, as small integers so whole series are judged at once.
NO_TARGET, MET, WITHIN, MISSED = 0, 1, 2, 3
STATUS_NAMES = {NO_TARGET: "no_target", MET: "met", WITHIN: "within_tolerance", MISSED: "missed"}
# Band codes, best first.
NO_BAND, OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE = 0, 1, 2, 3, 4
BAND_NAMES = {
    NO_BAND: "",
    OUTSTANDING: "outstanding",
    GOOD: "good",
    REQUIRES_IMPROVEMENT: "requires_improvement",
    INADEQUATE: "inadequate",
}


@dataclass(frozen=True)
class Targets:
    """An indicator's targets in due-date order. Band thresholds are NaN where not set."""

    due: Ints  # date ordinals
    due_month: Ints  # month indexes (periods.month_index) of the due dates
    values: Floats
    tolerance: Floats  # absolute, already resolved from relative tolerances
    labels: tuple[str, ...]
    outstanding: Floats
    good: Floats
    requires_improvement: Floats

    @property
    def size(self) -> int:
        return int(self.values.size)

    @classmethod
    def empty(cls) -> Targets:
        nothing = np.zeros(0)
        return cls(
            np.zeros(0, np.int64), np.zeros(0, np.int64), nothing, nothing, (), *[nothing] * 3
        )


def resolve_tolerance(
    targets: npt.ArrayLike, tolerance: npt.ArrayLike, relative: npt.ArrayLike
) -> Floats:
    """Absolute tolerances: a relative tolerance is a percentage of its target."""
    t, tol = np.asarray(targets, np.float64), np.asarray(tolerance, np.float64)
    return np.where(np.asarray(relative, bool), np.abs(t) * tol / 100.0, tol)


def in_force(period_ends: npt.ArrayLike, due: npt.ArrayLike) -> Ints:
    """For each period, the index of the target in force (-1 before the first target)."""
    return np.searchsorted(np.asarray(due), np.asarray(period_ends), side="right") - 1


def shortfall(values: npt.ArrayLike, targets: npt.ArrayLike, polarity: str) -> Floats:
    """How far each value falls short of its target: positive is worse than target, zero
    or negative is on or better than it. With no good direction, any distance counts."""
    gap = np.asarray(values, np.float64) - np.asarray(targets, np.float64)
    if polarity == HIGHER:
        return -gap
    if polarity == LOWER:
        return gap
    return np.abs(gap)


def status(
    values: npt.ArrayLike, targets: npt.ArrayLike, tolerance: npt.ArrayLike, polarity: str
) -> Ints:
    """MET, WITHIN (missed by no more than the tolerance) or MISSED for each value; NO_TARGET
    where the target is NaN. With no good direction, a value within tolerance is met."""
    short = shortfall(values, targets, polarity)
    tol = np.asarray(tolerance, np.float64)
    met = short <= (tol if polarity == NEUTRAL else 0.0)
    codes = np.where(met, MET, np.where(short <= tol, WITHIN, MISSED))
    return np.where(np.isnan(short), NO_TARGET, codes).astype(np.int64)


def bands(
    values: npt.ArrayLike,
    outstanding: npt.ArrayLike,
    good: npt.ArrayLike,
    requires_improvement: npt.ArrayLike,
    polarity: str,
) -> Ints:
    """Ofsted-style band of each value from its thresholds (each the worst value that still
    earns the band; NaN where not set). NO_BAND where no threshold is set, or with no good
    direction. Thresholds may be one per value or one for all."""
    x = np.asarray(values, np.float64)
    limits = [
        np.broadcast_to(np.asarray(t, np.float64), x.shape)
        for t in (requires_improvement, good, outstanding)
    ]
    if polarity == NEUTRAL:
        return np.zeros(x.size, np.int64)
    sign = 1.0 if polarity == HIGHER else -1.0
    result = np.full(x.size, INADEQUATE, np.int64)
    for code, limit in zip((REQUIRES_IMPROVEMENT, GOOD, OUTSTANDING), limits, strict=True):
        result = np.where(sign * (x - limit) >= 0, code, result)  # NaN compares False
    unset = np.isnan(limits[0]) & np.isnan(limits[1]) & np.isnan(limits[2])
    return np.where(unset, NO_BAND, result).astype(np.int64)


def latest_streak(flags: Bools) -> int:
    """How many of the most recent values in a row are True."""
    if flags.size == 0 or not flags[-1]:
        return 0
    falses = np.flatnonzero(~flags)
    return int(flags.size - (falses[-1] + 1 if falses.size else 0))
