"""The shared chart geometry, worked by hand."""

from __future__ import annotations

import math

from stocktake.core.charts import Category, sparkline, stacked_bars

A = Category("a", "On time", "#00703c")
B = Category("b", "Late", "#f47738", "hatch")


def test_stacked_bars_scale_to_the_longest_bar_and_say_each_count():
    chart = stacked_bars([A, B], [("Olive", [3, 1]), ("Pat", [0, 2])])

    assert chart is not None
    olive, pat = chart.bars
    # Olive's 4 fill the 600 units: 3 is 450, 1 is 150; Pat's 2 Late start where Late does.
    assert [(s.label, s.x, s.width) for s in olive.segments] == [
        ("On time", 0.0, 450.0),
        ("Late", 450.0, 150.0),
    ]
    assert [(s.label, s.x, s.width) for s in pat.segments] == [("Late", 0.0, 300.0)]
    assert (olive.y, pat.y, chart.height) == (0, 60, 120)
    assert chart.totals == [3, 3] and chart.total == 6
    assert chart.description == "Olive: 3 on time, 1 late; Pat: 2 late"


def test_no_rows_is_no_chart_and_empty_rows_draw_nothing():
    assert stacked_bars([A, B], []) is None
    chart = stacked_bars([A, B], [("Nobody", [0, 0])])
    assert chart is not None and chart.bars[0].segments == []
    assert chart.description == "Nobody: none"


def test_a_sparkline_spans_its_box_lowest_at_the_bottom():
    line = sparkline([10.0, 20.0, 15.0])

    assert line is not None
    # x from 4 to 156 in two steps of 76; y from 4 (20, the highest) to 36 (10, the lowest).
    assert line.points == "4,36 80,4 156,20"
    assert (line.last_x, line.last_y, line.target_y) == (156, 20, None)


def test_a_sparkline_makes_room_for_its_target():
    line = sparkline([10.0, 20.0], target=30.0)

    assert line is not None
    # The box runs from 10 to 30: 20 sits halfway, the target at the top.
    assert line.points == "4,36 156,20" and line.target_y == 4


def test_a_flat_or_short_series_draws_a_middle_line_or_nothing():
    flat = sparkline([5.0, 5.0])
    assert flat is not None and flat.points == "4,20 156,20"
    assert sparkline([5.0]) is None
    assert sparkline([5.0, math.nan]) is None
