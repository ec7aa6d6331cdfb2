"""Statistical process control: the XmR chart and the special-cause rules.

The rules are those of NHS England's "Making Data Count" (MDC):

1. **beyond** – a point above the upper or below the lower natural process limit;
2. **run** – 7 or more consecutive points on the same side of the mean (a point exactly on
   the mean ends a run);
3. **trend** – 6 or more consecutive points each higher than the one before (or each lower):
   that is, 5 or more consecutive increases or decreases. An unchanged value ends a trend;
4. **two of three** – 2 out of 3 consecutive points beyond two sigma on the same side of the
   mean (the two points beyond are marked).

Limits: mean ± 2.66 * the average moving range (2.66 = 3 / d2, d2 = 1.128 for ranges of two),
so sigma = MR̄ / 1.128 and the two-sigma lines sit at mean ± (2/3) * 2.66 * MR̄. The mean and
moving range come from the first `baseline` points (all of them by default).

Everything here is vectorised with numpy and free of Django, so it can be tested and
benchmarked on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

E2 = 2.66  # 3 / 1.128
D2 = 1.128
RUN_LENGTH = 7
TREND_POINTS = 6

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

HIGHER, LOWER, NEUTRAL = "higher", "lower", "neutral"
IMPROVING, CONCERNING, NEITHER_HIGH, NEITHER_LOW, COMMON = (
    "improving",
    "concerning",
    "neither_high",
    "neither_low",
    "common_cause",
)
MET, HIT_AND_MISS, MISSED, NO_TARGET = (
    "consistently_met",
    "hit_and_miss",
    "consistently_missed",
    "no_target",
)


@dataclass(frozen=True)
class XmR:
    values: Floats
    mean: float
    mr_bar: float
    ucl: float
    lcl: float
    beyond: Bools
    run: Bools
    trend: Bools
    two_of_three: Bools
    high: Bools  # points in a signal pointing upwards (above the mean, or rising)
    low: Bools

    @property
    def sigma(self) -> float:
        return self.mr_bar / D2

    @property
    def upper_two_sigma(self) -> float:
        return self.mean + 2 * E2 / 3 * self.mr_bar

    @property
    def lower_two_sigma(self) -> float:
        return self.mean - 2 * E2 / 3 * self.mr_bar

    @property
    def special(self) -> Bools:
        return self.beyond | self.run | self.trend | self.two_of_three

    def rules_at(self, index: int) -> list[str]:
        """The names of the rules the point at `index` is part of."""
        names = ("beyond", "run", "trend", "two_of_three")
        return [n for n, mask in zip(names, self.masks, strict=True) if mask[index]]

    @property
    def masks(self) -> tuple[Bools, Bools, Bools, Bools]:
        return self.beyond, self.run, self.trend, self.two_of_three


def runs_at_least(flags: Bools, length: int) -> Bools:
    """True for every element inside a run of `length` or more consecutive True values,
    along the last axis (one series, or one series per row)."""
    n = flags.shape[-1]
    if n < length or length < 1:
        return np.zeros(flags.shape, dtype=bool)
    pad = np.zeros((*flags.shape[:-1], 1), dtype=np.int64)
    # full[i]: the window of `length` starting at i is all True (from running totals)…
    totals = np.concatenate((pad, np.cumsum(flags, axis=-1, dtype=np.int64)), axis=-1)
    full = (totals[..., length:] - totals[..., :-length]) == length
    covered = np.concatenate((pad, np.cumsum(full, axis=-1)), axis=-1)
    # …and an element is inside a long run if any full window covers it.
    ends = np.minimum(np.arange(1, n + 1), n - length + 1)
    starts = np.maximum(np.arange(n) - length + 1, 0)
    return np.asarray(covered[..., ends] - covered[..., starts] > 0)


def _trend(values: Floats, points: int) -> tuple[Bools, Bools]:
    """Points in a run of `points` or more, each higher (first) or lower (second) than the
    one before."""
    up, down = np.zeros(values.shape, dtype=bool), np.zeros(values.shape, dtype=bool)
    if values.shape[-1] < 2:
        return up, down
    steps = np.diff(values, axis=-1)
    for target, rising in ((up, steps > 0), (down, steps < 0)):
        inside = runs_at_least(rising, points - 1)  # step i joins points i and i + 1
        target[..., :-1] |= inside
        target[..., 1:] |= inside
    return up, down


def _two_of_three(beyond_two_sigma: Bools) -> Bools:
    """Points beyond two sigma that are one of at least two such in 3 consecutive points."""
    n = beyond_two_sigma.shape[-1]
    marked = np.zeros(beyond_two_sigma.shape, dtype=bool)
    if n < 2:
        return marked
    width = min(3, n)
    windows_count = n - width + 1
    flags = beyond_two_sigma.astype(np.int64)
    counts = sum(flags[..., o : o + windows_count] for o in range(width))
    windows = counts >= 2
    for offset in range(width):
        marked[..., offset : offset + windows_count] |= (
            windows & beyond_two_sigma[..., offset : offset + windows_count]
        )
    return marked


def _rules(
    x: Floats,
    mean: Floats | np.float64,
    mr_bar: Floats | np.float64,
    run_length: int,
    trend_points: int,
) -> dict[str, Bools]:
    """The four rules for each point; `mean` and `mr_bar` broadcast against `x`."""
    ucl, lcl = mean + E2 * mr_bar, mean - E2 * mr_bar
    two_up, two_down = mean + 2 * E2 / 3 * mr_bar, mean - 2 * E2 / 3 * mr_bar
    above, below = x > mean, x < mean
    beyond = (x > ucl) | (x < lcl)
    run_up, run_down = runs_at_least(above, run_length), runs_at_least(below, run_length)
    trend_up, trend_down = _trend(x, trend_points)
    two_high, two_low = _two_of_three(x > two_up), _two_of_three(x < two_down)
    level = beyond | two_high | two_low
    return {
        "beyond": beyond,
        "run": run_up | run_down,
        "trend": trend_up | trend_down,
        "two_of_three": two_high | two_low,
        "high": (level & above) | run_up | trend_up,
        "low": (level & below) | run_down | trend_down,
    }


def xmr(
    values: npt.ArrayLike,
    *,
    baseline: int | None = None,
    run_length: int = RUN_LENGTH,
    trend_points: int = TREND_POINTS,
) -> XmR | None:
    """The XmR chart of `values` (in time order), or None with fewer than two points."""
    x = np.asarray(values, dtype=np.float64)
    if x.size < 2:
        return None
    base = x[: baseline if baseline and baseline >= 2 else x.size]
    mean = float(base.mean())
    mr_bar = float(np.abs(np.diff(base)).mean())
    rules = _rules(x, np.float64(mean), np.float64(mr_bar), run_length, trend_points)
    return XmR(x, mean, mr_bar, mean + E2 * mr_bar, mean - E2 * mr_bar, **rules)


def xmr_rows(matrix: npt.ArrayLike) -> list[XmR]:
    """The XmR chart of each row of `matrix` (series of the same length), computed at once:
    the same charts as `xmr` gives row by row."""
    x = np.asarray(matrix, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] < 2:
        raise ValueError("xmr_rows needs a matrix of series with two or more points each")
    mean = x.mean(axis=1, keepdims=True)
    mr_bar = np.abs(np.diff(x, axis=1)).mean(axis=1, keepdims=True)
    rules = _rules(x, mean, mr_bar, RUN_LENGTH, TREND_POINTS)
    means, ranges = mean[:, 0].tolist(), mr_bar[:, 0].tolist()
    return [
        XmR(
            x[r],
            means[r],
            ranges[r],
            means[r] + E2 * ranges[r],
            means[r] - E2 * ranges[r],
            **{name: mask[r] for name, mask in rules.items()},
        )
        for r in range(x.shape[0])
    ]


def shift_start(chart: XmR) -> int | None:
    """Where a sustained shift still going on began: the first point of the run of
    RUN_LENGTH or more on one side of the mean that the latest point belongs to, if any.

    Making Data Count advises recalculating the limits from such a shift: the process has
    changed, and limits from before it describe a process that no longer exists.
    """
    x = chart.values
    side = x > chart.mean if x[-1] > chart.mean else x < chart.mean
    if not side[-1]:
        return None
    breaks = np.flatnonzero(~side)
    start = int(breaks[-1] + 1) if breaks.size else 0
    return start if x.size - start >= RUN_LENGTH else None


def variation(chart: XmR, polarity: str, index: int = -1) -> str:
    """MDC's variation judgement for the point at `index` (the latest by default)."""
    high, low = bool(chart.high[index]), bool(chart.low[index])
    if high and low:  # a point in two signals pointing different ways: its side decides
        high, low = chart.values[index] > chart.mean, chart.values[index] < chart.mean
    if not (high or low):
        return COMMON
    if polarity == NEUTRAL:
        return NEITHER_HIGH if high else NEITHER_LOW
    return IMPROVING if high == (polarity == HIGHER) else CONCERNING


def assurance(chart: XmR, target: float | None, polarity: str) -> str:
    """MDC's assurance judgement: where the target sits against the natural process limits.

    If the target lies beyond the limit on the bad side of the process, every point can be
    expected to meet it ("consistently met"); beyond the good side, none will ("consistently
    missed"); between the limits, the process will hit and miss it at random.
    """
    if target is None or polarity == NEUTRAL:
        return NO_TARGET
    if polarity == HIGHER:
        if target <= chart.lcl:
            return MET
        return MISSED if target > chart.ucl else HIT_AND_MISS
    if target >= chart.ucl:
        return MET
    return MISSED if target < chart.lcl else HIT_AND_MISS
