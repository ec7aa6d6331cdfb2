"""The chart module (SVG for pages, PNG for documents) and the demo's indicators."""

from __future__ import annotations

import math

import pytest

from stocktake.indicators import charts, selectors
from stocktake.indicators.analysis import spc
from stocktake.indicators.demo import load_indicator_demo
from stocktake.indicators.models import Indicator
from stocktake.indicators.presenters import chart_data, table_rows
from stocktake.plans.models import Measure


def sample(**kw) -> charts.ChartData:
    values = [float(v) for v in (5, 6, 5, 7, 6, 12, 6, 5)]
    base = {
        "description": "SPC chart of <Visits> & more",
        "y_label": "%",
        "x_labels": [f"M{k}" for k in range(8)],
        "values": values,
        "mean": 6.5,
        "ucl": 11.0,
        "lcl": 2.0,
        "target": [math.nan] * 4 + [6.0] * 4,
        "comparators": [charts.Line("England", [6.2] * 8, charts.BLUE)],
        "improving": [False] * 5 + [True] + [False] * 2,
        "concerning": [False] * 8,
        "neither": [],
    }
    return charts.ChartData(**{**base, **kw})


def test_the_svg_is_inline_described_and_escaped():
    svg = charts.spc_svg(sample())
    assert svg.startswith('<svg role="img" aria-label="SPC chart of &lt;Visits&gt; &amp; more"')
    assert "<?xml" not in svg and 'width="' not in svg.split(">", 1)[0]
    assert "Special cause: improving" in svg and "England" in svg
    assert charts.spc_svg(sample()) == svg  # the same chart, the same SVG


def test_the_png_is_a_picture():
    png = charts.spc_png(sample(), dpi=72)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5_000


@pytest.mark.django_db
def test_chart_data_from_an_indicator(world, iw):
    (loaded,) = selectors.load([iw.eet])
    data = chart_data(loaded)
    assert len(data.values) == len(data.x_labels) == len(data.target) == 12
    assert math.isnan(data.target[0]) and data.target[-1] == 65.0  # 12 months in force in Dec
    # Higher is better and the latest points fall below the lower limit: concern, not improvement.
    assert data.concerning[-1] and not data.improving[-1]
    assert data.comparators == [] or data.comparators[0].label.startswith("England")
    assert table_rows(loaded)[-1].signal == "beyond a process limit; 2 of 3 beyond two sigma"


@pytest.mark.django_db
def test_the_demo_shows_met_missed_improving_and_special_causes(world):
    world.authority.la_code = "890"
    world.authority.save()
    made = load_indicator_demo(world.authority)
    assert len(made) >= 12
    dash = selectors.dashboard(world.authority)
    assert len(dash.tiles) >= 12
    for tile in dash.tiles:
        assert tile.indicator.illustrative
        assert len(tile.periods) in (24, 8)  # 24 months, or 8 quarters for a quarterly one
    statuses = {t.analysis.status for t in dash.tiles}
    assert {"met", "missed"} <= statuses
    assert any(t.analysis.direction.code == "improving" for t in dash.tiles)
    assert any(t.analysis.variation == spc.IMPROVING for t in dash.tiles)
    assert any(t.analysis.variation == spc.CONCERNING for t in dash.tiles)
    # Every demo indicator with targets has the notice's 6- and 12-month pair.
    codes = {t.indicator.code: t for t in dash.tiles}
    assert [x.label for x in codes["CASELOAD"].targets] == ["6 months", "12 months"]
    assert codes["CASELOAD"].analysis.status == "missed"
    assert codes["AGENCY"].analysis.variation == spc.CONCERNING  # agency churn
    assert codes["REF_RATE"].analysis.variation == spc.NEITHER_HIGH  # rising referrals
    # The plan's measures of success are the plan's own: the demo adds none. Illustrative
    # benchmarks are loaded.
    assert Indicator.objects.get(authority=world.authority, code="REREF12").measure is None
    assert not Measure.objects.filter(plan__authority=world.authority).exists()
    benchmark = codes["REREF12"].latest_benchmark
    assert benchmark.neighbour_count > 0 and benchmark.rank is not None
