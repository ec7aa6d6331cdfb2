"""The batch analysis (series stacked into a matrix) gives exactly what the one-at-a-time
analysis gives, for any mix of lengths, targets, polarities and units."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stocktake.indicators.analysis import spc
from stocktake.indicators.analysis.batch import analyse_batch
from stocktake.indicators.analysis.series import Analysis, Series, analyse, analyse_many
from stocktake.indicators.analysis.targets import Targets
from stocktake.indicators.periods import add_months, month_index, period_end

START = dt.date(2020, 1, 1)


def build(values: list[int], polarity: str, unit: str, offsets: list[int], banded: bool):
    periods = [add_months(START, k) for k in range(len(values))]
    dues = sorted({period_end(add_months(START, k), "monthly") for k in offsets})
    nan = np.full(len(dues), np.nan)
    bands = [np.full(len(dues), v) for v in ((90.0, 70.0, 50.0) if polarity != "lower"
                                             else (10.0, 30.0, 50.0))]  # fmt: skip
    series = Series(
        months=np.array([month_index(p) for p in periods], np.int64),
        ends=np.array([period_end(p, "monthly").toordinal() for p in periods], np.int64),
        values=np.array(values, np.float64),
        polarity=polarity,
        unit=unit,
    )
    tg = Targets(
        due=np.array([d.toordinal() for d in dues], np.int64),
        due_month=np.array([month_index(d) for d in dues], np.int64),
        values=np.array([40.0 + 3 * k for k in range(len(dues))]),
        tolerance=np.array([1.5] * len(dues)),
        labels=tuple(str(d) for d in dues),
        outstanding=bands[0] if banded else nan,
        good=bands[1] if banded else nan,
        requires_improvement=bands[2] if banded else nan,
    )
    return series, tg


def same(a: Analysis, b: Analysis) -> None:
    for name in ("statuses", "target_index", "bands"):
        assert getattr(a, name).tolist() == getattr(b, name).tolist(), name
    for name in ("status", "compared_with", "missing_for", "variation", "assurance",
                 "assurance_from", "next_target", "projected_status", "good_for"):  # fmt: skip
        assert getattr(a, name) == getattr(b, name), name
    for name in ("shortfall", "lcl", "ucl"):
        x, y = getattr(a, name), getattr(b, name)
        assert (x is None and y is None) or math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9), name
    assert (a.direction.code, a.direction.periods) == (b.direction.code, b.direction.periods)
    assert math.isclose(a.direction.change, b.direction.change, abs_tol=1e-9)
    assert (a.projection is None) == (b.projection is None)
    if a.projection is not None and b.projection is not None:
        assert math.isclose(a.projection.value, b.projection.value, abs_tol=1e-9)
    assert (a.chart is None) == (b.chart is None)
    if a.chart is not None and b.chart is not None:
        assert math.isclose(a.chart.mean, b.chart.mean, rel_tol=1e-12)
        for mask in ("beyond", "run", "trend", "two_of_three", "high", "low"):
            assert getattr(a.chart, mask).tolist() == getattr(b.chart, mask).tolist(), mask


indicator = st.tuples(
    st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=40),
    st.sampled_from(["higher", "lower", "neutral"]),
    st.sampled_from(["percent", "ratio"]),
    st.lists(st.integers(min_value=-5, max_value=50), max_size=3),
    st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(indicator, min_size=1, max_size=8), st.integers(min_value=1, max_value=40))
def test_the_batch_agrees_with_one_at_a_time(specs, length):
    # Force several series to the same length so that they are analysed as one matrix.
    items = [build((values * 40)[:length] if k % 2 else values, *rest)
             for k, (values, *rest) in enumerate(specs)]  # fmt: skip
    for batch, single in zip(analyse_batch(items), [analyse(s, t) for s, t in items], strict=True):
        same(batch, single)


def test_analyse_many_uses_the_batch_and_keeps_the_order():
    items = [build([10, 12, 11, 13, 30, 12, 11], "higher", "percent", [3], False),
             build([5, 6], "lower", "percent", [], False),
             build([50, 52, 51, 55, 56, 58, 60], "lower", "ratio", [2, 9], True)]  # fmt: skip
    results = analyse_many(items)
    assert [r.chart.values.size for r in results] == [7, 2, 7]
    assert results[0].chart.beyond.tolist() == spc.xmr([10, 12, 11, 13, 30, 12, 11]).beyond.tolist()


def test_xmr_rows_matches_xmr():
    rows = np.array([[10, 12, 11, 13, 12, 30, 11, 12, 13, 12],
                     [16, 8, 16, 8, 16, 8, 11, 11, 11, 11]], float)  # fmt: skip
    for row, chart in zip(rows, spc.xmr_rows(rows), strict=True):
        single = spc.xmr(row)
        assert chart.mean == pytest.approx(single.mean) and chart.ucl == pytest.approx(single.ucl)
        assert chart.special.tolist() == single.special.tolist()
    with pytest.raises(ValueError):
        spc.xmr_rows(np.array([1.0, 2.0]))
