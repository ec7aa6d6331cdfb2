"""Status, tolerance, bands, direction of travel, projection and the full analysis – with
polarity honoured everywhere: a falling re-referral rate is improving, a falling EET rate
is not."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from stocktake.indicators.analysis import series, spc, targets, trend
from stocktake.indicators.analysis.suppression import SuppressionRule, masks, small
from stocktake.indicators.periods import month_index, period_end

MET, WITHIN, MISSED, NONE = targets.MET, targets.WITHIN, targets.MISSED, targets.NO_TARGET


def test_status_against_a_target_honours_polarity_and_tolerance():
    values = [20.0, 21.0, 22.5, 23.0, np.nan]
    target = [22.0, 22.0, 22.0, 22.0, 22.0]
    tolerance = [1.0] * 5
    # Re-referrals: lower is better. 20 and 21 meet 22; 22.5 is 0.5 over (within 1); 23 is 1
    # over (within); NaN has no figure to judge.
    assert targets.status(values[:4], target[:4], tolerance[:4], "lower").tolist() == [
        MET,
        MET,
        WITHIN,
        WITHIN,
    ]
    # Care leavers in EET: higher is better, so the same numbers read the other way.
    assert targets.status(values[:4], target[:4], tolerance[:4], "higher").tolist() == [
        MISSED,
        WITHIN,
        MET,
        MET,
    ]
    # With no good direction, within tolerance either side is met.
    assert targets.status(values[:4], target[:4], tolerance[:4], "neutral").tolist() == [
        MISSED,
        MET,
        MET,
        MET,
    ]
    assert targets.status([1.0], [np.nan], [0.0], "higher").tolist() == [NONE]


def test_relative_tolerance_is_a_percentage_of_the_target():
    tolerance = targets.resolve_tolerance([20.0, 80.0], [10.0, 2.0], [True, False])
    assert tolerance.tolist() == [pytest.approx(2.0), 2.0]
    assert targets.status([21.9, 22.1], [20.0, 20.0], [2.0, 2.0], "lower").tolist() == [
        WITHIN,
        MISSED,
    ]


def test_the_target_in_force_is_the_latest_due_by_the_end_of_the_period():
    due = [dt.date(2025, 6, 30).toordinal(), dt.date(2025, 12, 31).toordinal()]
    ends = [dt.date(2025, m, 28).toordinal() for m in (5, 6, 7)] + [
        dt.date(2025, 12, 31).toordinal(),
        dt.date(2026, 3, 31).toordinal(),
    ]
    assert targets.in_force(ends, due).tolist() == [-1, -1, 0, 1, 1]


def test_bands_like_ofsted_grades_honour_polarity():
    # Higher is better: outstanding from 95, good from 90, requires improvement from 80.
    codes = targets.bands([96, 95, 91, 85, 70], 95, 90, 80, "higher")
    assert codes.tolist() == [
        targets.OUTSTANDING,
        targets.OUTSTANDING,
        targets.GOOD,
        targets.REQUIRES_IMPROVEMENT,
        targets.INADEQUATE,
    ]
    # Lower is better (repeat CP plans): outstanding up to 10, good up to 15, RI up to 20.
    codes = targets.bands([9, 12, 18, 25], 10, 15, 20, "lower")
    assert codes.tolist() == [
        targets.OUTSTANDING,
        targets.GOOD,
        targets.REQUIRES_IMPROVEMENT,
        targets.INADEQUATE,
    ]
    assert targets.bands([50], np.nan, np.nan, np.nan, "higher").tolist() == [targets.NO_BAND]
    assert targets.bands([50], 95, 90, 80, "neutral").tolist() == [targets.NO_BAND]


def test_latest_streak():
    assert targets.latest_streak(np.array([True, False, True, True])) == 2
    assert targets.latest_streak(np.array([True, True])) == 2
    assert targets.latest_streak(np.array([True, False])) == 0
    assert targets.latest_streak(np.array([], bool)) == 0


def test_direction_of_travel_honours_polarity():
    x = np.arange(6)
    falling = [30.0, 29.0, 28.0, 27.0, 26.0, 25.0]  # down 5 over the window
    assert trend.direction(x, falling, "lower").code == trend.IMPROVING  # re-referrals
    assert trend.direction(x, falling, "higher").code == trend.WORSENING  # EET
    assert trend.direction(x, falling, "neutral").code == trend.FALLING
    result = trend.direction(x, falling, "lower")
    assert result.change == pytest.approx(-5.0) and result.periods == 6
    assert trend.direction(x, falling, "lower", noise=5.0).code == trend.NO_CHANGE
    assert trend.direction([0, 1], [1.0, 2.0], "higher").code == trend.TOO_FEW


def test_direction_uses_only_the_last_n_periods():
    # Long decline, then six periods rising: the direction is the recent one.
    values = [50.0 - k for k in range(12)] + [38.0, 39.0, 40.0, 41.0, 42.0, 43.0]
    assert trend.direction(np.arange(18), values, "higher").code == trend.IMPROVING


def test_projection_reaches_the_target_month_on_the_current_trend():
    # 10, 12, 14 … at months 0–5: slope 2 a month; by month 11 the line reaches 32.
    months = np.arange(6)
    projected = trend.projection(months, [10.0, 12.0, 14.0, 16.0, 18.0, 20.0], at_month=11)
    assert projected.value == pytest.approx(32.0)
    assert projected.per_month == pytest.approx(2.0)
    capped = trend.projection(months, [90.0, 92, 94, 96, 98, 99], at_month=24, ceiling=100.0)
    assert capped.value == 100.0
    assert trend.projection([0, 1], [1.0, 2.0], at_month=5) is None


def _monthly(values: list[float], start: dt.date, polarity: str, unit: str = "percent"):
    periods = [dt.date(start.year + (start.month - 1 + k) // 12, (start.month - 1 + k) % 12 + 1, 1)
               for k in range(len(values))]  # fmt: skip
    return series.Series(
        months=np.array([month_index(p) for p in periods]),
        ends=np.array([period_end(p, "monthly").toordinal() for p in periods]),
        values=np.array(values, float),
        polarity=polarity,
        unit=unit,
    )


def _targets(*items: tuple[dt.date, float, float]) -> targets.Targets:
    due = [d for d, _, _ in items]
    nan = np.full(len(items), np.nan)
    return targets.Targets(
        due=np.array([d.toordinal() for d in due]),
        due_month=np.array([month_index(d) for d in due]),
        values=np.array([v for _, v, _ in items]),
        tolerance=np.array([t for _, _, t in items]),
        labels=tuple(f"target {k}" for k in range(len(items))),
        outstanding=nan,
        good=nan,
        requires_improvement=nan,
    )


def test_full_analysis_of_a_falling_re_referral_rate_is_improving():
    values = [30.0, 29.5, 29.0, 28.0, 27.5, 27.0, 26.0, 25.5, 25.0, 24.0, 23.5, 23.0]
    s = _monthly(values, dt.date(2025, 1, 1), "lower")
    tg = _targets((dt.date(2025, 6, 30), 28.0, 1.0), (dt.date(2026, 6, 30), 20.0, 1.0))
    a = series.analyse(s, tg)
    assert a.status == "met"  # 23 against the 6-month target of 28
    assert a.compared_with == 0 and a.next_target == 1
    assert a.shortfall == pytest.approx(-5.0)
    assert a.direction.code == trend.IMPROVING
    # Falling steadily: points 6 onwards are a run below the mean and a falling trend.
    assert a.variation == spc.IMPROVING
    assert a.statuses.tolist()[:5] == [NONE] * 5  # before the first target's date
    assert a.projection is not None and a.projected_status == "met"  # 23 - 0.64 * 6 < 20


def test_full_analysis_of_a_falling_eet_rate_is_not_improving():
    values = [60.0, 59.5, 59.0, 58.0, 57.5, 57.0, 56.0, 55.5, 55.0, 54.0, 53.5, 53.0]
    s = _monthly(values, dt.date(2025, 1, 1), "higher")
    tg = _targets((dt.date(2025, 6, 30), 58.0, 1.0), (dt.date(2026, 6, 30), 65.0, 1.0))
    a = series.analyse(s, tg)
    assert a.status == "missed"
    assert a.missing_for == 6  # every period since the target came into force (Jun–Dec)
    assert a.direction.code == trend.WORSENING
    assert a.variation == spc.CONCERNING
    assert a.projected_status == "missed"


def test_before_the_first_target_the_status_is_not_due():
    s = _monthly([50.0, 51.0, 52.0], dt.date(2025, 1, 1), "higher")
    a = series.analyse(s, _targets((dt.date(2025, 12, 31), 60.0, 0.0)))
    assert a.status == series.NOT_DUE
    assert a.shortfall == pytest.approx(8.0)
    assert a.next_target == 0


def test_analysis_without_targets_or_figures():
    a = series.analyse(_monthly([5.0], dt.date(2025, 1, 1), "lower"), targets.Targets.empty())
    assert a.status == "no_target" and a.chart is None and a.projection is None
    empty = series.analyse(_monthly([], dt.date(2025, 1, 1), "lower"), targets.Targets.empty())
    assert empty.statuses.size == 0 and empty.variation == spc.COMMON


def test_percentage_limits_are_kept_between_0_and_100():
    s = _monthly([98.0, 100.0, 97.0, 100.0, 96.0, 100.0], dt.date(2025, 1, 1), "higher")
    a = series.analyse(s, targets.Targets.empty())
    assert a.ucl == 100.0 and a.chart.ucl > 100.0


def test_assurance_is_judged_on_limits_from_a_sustained_shift():
    # A step up that is still going on: against the whole series' limits the target of 90
    # looks out of reach; against the new process it is met most of the time.
    values = [70.0, 72, 71, 73, 70, 72, 71, 73, 70, 90, 92, 91, 93, 90, 92, 91]
    s = _monthly(values, dt.date(2024, 1, 1), "higher")
    a = series.analyse(s, _targets((dt.date(2024, 6, 30), 90.0, 0.0)))
    assert a.assurance_from == 9
    assert a.assurance == spc.HIT_AND_MISS


def test_small_numbers_are_suppressed_and_so_are_rates_made_from_them():
    rule = SuppressionRule()
    assert small([0, 1, 5, 6, np.nan], rule).tolist() == [False, True, True, False, False]
    value, numerator, denominator = masks([50.0, 10.0], [3, 30], [6, 300], "percent", rule)
    assert value.tolist() == [True, False]  # 3 of 6: the 50% gives the 3 away
    assert numerator.tolist() == [True, False] and denominator.tolist() == [False, False]
    counts, _, _ = masks([4.0, 12.0], [np.nan, np.nan], [np.nan, np.nan], "count", rule)
    assert counts.tolist() == [True, False]
    wider = SuppressionRule.parse("1-9")
    assert small([7], wider).tolist() == [True]
    off = SuppressionRule.parse("none")
    assert small([3], off).tolist() == [False] and str(off) == "none"
    with pytest.raises(ValueError):
        SuppressionRule.parse("lots")
