"""The XmR chart and special-cause rules: hand-computed examples, and agreement with a
plain-Python implementation written independently below."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stocktake.indicators.analysis import spc


def flagged(mask) -> list[int]:
    return [int(i) for i in np.flatnonzero(mask)]


# --- Hand-computed examples ------------------------------------------------------------


def test_a_point_beyond_the_upper_limit():
    # x = 10 12 11 13 12 30 11 12 13 12
    # mean = 136 / 10 = 13.6
    # moving ranges = 2 1 2 1 18 19 1 1 1, sum 46, MR-bar = 46 / 9 = 5.1111
    # UCL = 13.6 + 2.66 * 5.1111 = 27.1956;  LCL = 13.6 - 13.5956 = 0.0044
    # two sigma = 13.6 +/- (2/3)(2.66)(5.1111) = 13.6 +/- 9.0637 → 22.6637 and 4.5363
    chart = spc.xmr([10, 12, 11, 13, 12, 30, 11, 12, 13, 12])
    assert chart.mean == pytest.approx(13.6)
    assert chart.mr_bar == pytest.approx(46 / 9)
    assert chart.ucl == pytest.approx(27.195556, abs=1e-5)
    assert chart.lcl == pytest.approx(0.004444, abs=1e-5)
    assert chart.upper_two_sigma == pytest.approx(22.663704, abs=1e-5)
    assert chart.sigma == pytest.approx(46 / 9 / 1.128)
    assert flagged(chart.beyond) == [5]  # only 30
    assert flagged(chart.run) == []  # 5 below, then 30, then 4 below: no run of 7
    assert flagged(chart.trend) == []
    assert flagged(chart.two_of_three) == []  # only 30 is beyond two sigma
    assert flagged(chart.high) == [5] and flagged(chart.low) == []


def test_a_run_of_seven_or_more_below_the_mean():
    # x = 16 8 16 8 16 8 11 11 11 11 11 11 11 19; sum 168, mean = 12
    # moving ranges: 8 8 8 8 8 3 0 0 0 0 0 0 8 = 51; MR-bar = 51 / 13 = 3.9231
    # UCL = 12 + 2.66 * 3.9231 = 22.4354; LCL = 1.5646 → nothing beyond
    # two sigma: 12 +/- 6.9569 → 18.9569 and 5.0431: only 19 is beyond → no 2 of 3
    # below the mean: index 5 (8) then indexes 6–12 (11s): a run of 8 → indexes 5–12
    x = [16, 8, 16, 8, 16, 8, 11, 11, 11, 11, 11, 11, 11, 19]
    chart = spc.xmr(x)
    assert chart.mean == pytest.approx(12.0)
    assert chart.mr_bar == pytest.approx(51 / 13)
    assert chart.ucl == pytest.approx(22.435385, abs=1e-5)
    assert flagged(chart.beyond) == []
    assert flagged(chart.run) == list(range(5, 13))
    assert flagged(chart.low) == list(range(5, 13))
    assert flagged(chart.trend) == [] and flagged(chart.two_of_three) == []
    # The latest point (19) is in no signal: common cause, whatever the polarity.
    assert spc.variation(chart, "lower") == spc.COMMON
    # At index 12, the run below the mean is good news only when lower is better.
    assert spc.variation(chart, "lower", index=12) == spc.IMPROVING
    assert spc.variation(chart, "higher", index=12) == spc.CONCERNING
    assert spc.variation(chart, "neutral", index=12) == spc.NEITHER_LOW


def test_six_on_one_side_is_not_a_run():
    # mean = (6 * 5 + 3 * 1 + 3 * 2) / 12 = 3.25: six above, then six below, neither is 7
    chart = spc.xmr([5, 5, 5, 5, 5, 5, 1, 2, 1, 2, 1, 2])
    assert chart.mean == pytest.approx(3.25)
    assert flagged(chart.run) == []
    # One more low point makes seven below the mean (now 3.0769): indexes 6–12.
    assert flagged(spc.xmr([5, 5, 5, 5, 5, 5, 1, 2, 1, 2, 1, 2, 1]).run) == list(range(6, 13))


def test_a_point_on_the_mean_ends_a_run():
    # mean 0: six below, one exactly on the mean, six below → no run of 7
    x = [-1, -1, -1, -1, -1, -1, 0, -1, -1, -1, -1, -1, -1, 12]
    chart = spc.xmr(x)
    assert chart.mean == pytest.approx(0.0)
    assert flagged(chart.run) == []


def test_a_trend_of_six_points_rising():
    # x = 10 11 12 13 14 15 12 11 10 11: 10→15 is six points, each higher (5 increases)
    # mean = 119 / 10 = 11.9; MR-bar = 11 / 9; UCL = 15.1511 → 15 is not beyond
    chart = spc.xmr([10, 11, 12, 13, 14, 15, 12, 11, 10, 11])
    assert chart.ucl == pytest.approx(11.9 + 2.66 * 11 / 9)
    assert flagged(chart.trend) == [0, 1, 2, 3, 4, 5]
    assert flagged(chart.high) == [0, 1, 2, 3, 4, 5]  # a rising trend points upwards
    assert flagged(chart.beyond) == [] and flagged(chart.run) == []
    assert flagged(chart.two_of_three) == []  # only 15 is beyond 14.0674


def test_five_points_rising_is_not_a_trend_and_a_tie_breaks_one():
    assert flagged(spc.xmr([12, 11, 12, 13, 14, 15, 12, 11, 10, 11]).trend) == []
    assert flagged(spc.xmr([10, 11, 12, 12, 13, 14, 15, 12, 11, 10]).trend) == []


def test_a_trend_of_six_points_falling():
    chart = spc.xmr([20, 30, 28, 26, 24, 22, 20, 25, 24, 25])
    assert flagged(chart.trend) == [1, 2, 3, 4, 5, 6]
    assert set(flagged(chart.low)) >= {1, 2, 3, 4, 5, 6}


def test_two_of_three_beyond_two_sigma_with_a_baseline():
    # Limits from the first 10 points (9, 11 alternating): mean 10, MR-bar 2
    # UCL = 10 + 5.32 = 15.32; two sigma = 10 + (2/3)(2.66)(2) = 13.5467
    # 14 (index 10) and 14 (index 12) are beyond two sigma but inside the limit: 2 of 3
    x = [9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 14, 10, 14, 11]
    chart = spc.xmr(x, baseline=10)
    assert (chart.mean, chart.mr_bar) == (pytest.approx(10.0), pytest.approx(2.0))
    assert chart.ucl == pytest.approx(15.32)
    assert chart.upper_two_sigma == pytest.approx(13.546667, abs=1e-5)
    assert flagged(chart.two_of_three) == [10, 12]
    assert flagged(chart.beyond) == [] and flagged(chart.run) == []
    assert spc.variation(chart, "higher", index=12) == spc.IMPROVING


def test_too_few_points_for_a_chart():
    assert spc.xmr([]) is None
    assert spc.xmr([4.0]) is None
    chart = spc.xmr([4.0, 6.0])
    assert chart.mean == 5.0 and chart.mr_bar == 2.0


@pytest.mark.parametrize(
    ("target", "polarity", "expected"),
    [
        # limits for x = 10 12 11 13 12 30 11 12 13 12: 0.0044 to 27.1956
        (0.0, "higher", spc.MET),  # at or below the lower limit: every point passes
        (15.0, "higher", spc.HIT_AND_MISS),
        (28.0, "higher", spc.MISSED),  # above the upper limit: no point will reach it
        (28.0, "lower", spc.MET),
        (15.0, "lower", spc.HIT_AND_MISS),
        (-1.0, "lower", spc.MISSED),
        (15.0, "neutral", spc.NO_TARGET),
        (None, "higher", spc.NO_TARGET),
    ],
)
def test_assurance_depends_on_where_the_target_sits_and_on_polarity(target, polarity, expected):
    chart = spc.xmr([10, 12, 11, 13, 12, 30, 11, 12, 13, 12])
    assert spc.assurance(chart, target, polarity) == expected


def test_a_sustained_shift_is_found_for_recalculating_limits():
    chart = spc.xmr([16, 8, 16, 8, 16, 8, 11, 11, 11, 11, 11, 11, 11])
    assert spc.shift_start(chart) == 5  # the run below the mean began at index 5
    assert spc.shift_start(spc.xmr([10, 12, 11, 13, 12, 30, 11, 12, 13, 12])) is None


# --- An independent plain-Python implementation ----------------------------------------


def plain_xmr(xs: list[float], baseline: int | None = None) -> dict[str, Any]:
    """The same rules, written with loops from the rule descriptions alone."""
    n = len(xs)
    base = xs[:baseline] if baseline else xs
    mean = sum(base) / len(base)
    ranges = [abs(base[i] - base[i - 1]) for i in range(1, len(base))]
    mr_bar = sum(ranges) / len(ranges)
    ucl, lcl = mean + 2.66 * mr_bar, mean - 2.66 * mr_bar
    hi2, lo2 = mean + 2 / 3 * 2.66 * mr_bar, mean - 2 / 3 * 2.66 * mr_bar
    beyond = [x > ucl or x < lcl for x in xs]

    run = [False] * n
    i = 0
    while i < n:
        side = (xs[i] > mean) - (xs[i] < mean)
        j = i
        while j + 1 < n and side != 0 and (xs[j + 1] > mean) - (xs[j + 1] < mean) == side:
            j += 1
        if side != 0 and j - i + 1 >= 7:
            for k in range(i, j + 1):
                run[k] = True
        i = j + 1

    trend = [False] * n
    for direction in (1, -1):
        start = 0
        for k in range(1, n + 1):
            going = k < n and (xs[k] - xs[k - 1]) * direction > 0
            if not going:
                if k - start >= 6:  # points start..k-1, each beyond the one before
                    for m in range(start, k):
                        trend[m] = True
                start = k

    two = [False] * n
    width = min(3, n)
    for k in range(n - width + 1):
        window = range(k, k + width)
        for test in (lambda x: x > hi2, lambda x: x < lo2):
            hits = [m for m in window if test(xs[m])]
            if len(hits) >= 2:
                for m in hits:
                    two[m] = True
    return {
        "mean": mean,
        "mr_bar": mr_bar,
        "ucl": ucl,
        "lcl": lcl,
        "beyond": beyond,
        "run": run,
        "trend": trend,
        "two_of_three": two,
    }


def agrees(xs: list[float], baseline: int | None = None) -> None:
    chart = spc.xmr(xs, baseline=baseline)
    plain = plain_xmr(xs, baseline)
    for name in ("mean", "mr_bar", "ucl", "lcl"):
        assert math.isclose(getattr(chart, name), plain[name], rel_tol=1e-9, abs_tol=1e-9), name
    for name in ("beyond", "run", "trend", "two_of_three"):
        assert getattr(chart, name).tolist() == plain[name], name


@pytest.mark.parametrize(
    "xs",
    [
        [10, 12, 11, 13, 12, 30, 11, 12, 13, 12],
        [16, 8, 16, 8, 16, 8, 11, 11, 11, 11, 11, 11, 11, 19],
        [10, 11, 12, 13, 14, 15, 12, 11, 10, 11],
        [20, 30, 28, 26, 24, 22, 20, 25, 24, 25],
        [1, 2],
        [3, 3, 3],
        list(range(30)),
    ],
)
def test_agrees_with_the_plain_implementation_on_the_examples(xs):
    agrees([float(x) for x in xs])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=60))
def test_agrees_with_the_plain_implementation_on_any_series(values):
    # Small integers give plenty of ties, runs and trends.
    agrees([float(v) for v in values])


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(min_value=-1e4, max_value=1e4, allow_nan=False), min_size=4, max_size=40),
    st.integers(min_value=2, max_value=4),
)
def test_agrees_with_the_plain_implementation_with_a_baseline(values, baseline):
    agrees(values, baseline)
