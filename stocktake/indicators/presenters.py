"""Turn analysis results into what pages show: tag colours, words, chart data, table rows."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from stocktake.indicators import charts
from stocktake.indicators.analysis import spc, trend
from stocktake.indicators.analysis.targets import BAND_NAMES, STATUS_NAMES
from stocktake.indicators.formatting import difference_text, value_text
from stocktake.indicators.models import Indicator
from stocktake.indicators.periods import label
from stocktake.indicators.selectors import Loaded

STATUS = {
    "met": ("Target met", "govuk-tag--green"),
    "within_tolerance": ("Within tolerance", "govuk-tag--yellow"),
    "missed": ("Target missed", "govuk-tag--red"),
    "not_due": ("Before first target", "govuk-tag--grey"),
    "no_target": ("No target", "govuk-tag--grey"),
}
VARIATION = {
    spc.IMPROVING: ("Special cause: improving", "govuk-tag--blue"),
    spc.CONCERNING: ("Special cause: concerning", "govuk-tag--orange"),
    spc.NEITHER_HIGH: ("Special cause: higher", "govuk-tag--purple"),
    spc.NEITHER_LOW: ("Special cause: lower", "govuk-tag--purple"),
    spc.COMMON: ("Common cause", "govuk-tag--grey"),
}
ASSURANCE = {
    spc.MET: ("Consistently meets target", "govuk-tag--blue"),
    spc.HIT_AND_MISS: ("Hit and miss", "govuk-tag--grey"),
    spc.MISSED: ("Consistently misses target", "govuk-tag--orange"),
    spc.NO_TARGET: ("", ""),
}
DIRECTION = {
    trend.IMPROVING: "Improving",
    trend.WORSENING: "Getting worse",
    trend.RISING: "Rising",
    trend.FALLING: "Falling",
    trend.NO_CHANGE: "No clear change",
    trend.TOO_FEW: "Too few figures",
}
BANDS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement",
    "inadequate": "Inadequate",
    "": "",
}
RULES = {
    "beyond": "beyond a process limit",
    "run": "run of 7 on one side of the mean",
    "trend": "6 points rising or falling",
    "two_of_three": "2 of 3 beyond two sigma",
}


def fmt(indicator: Indicator, value: float | None) -> str:
    return value_text(value, indicator.unit, indicator.decimals)


def direction_text(loaded: Loaded) -> str:
    d = loaded.analysis.direction
    words = DIRECTION[d.code]
    if d.code in (trend.NO_CHANGE, trend.TOO_FEW):
        return words
    arrow = "up" if d.change > 0 else "down"
    moved = difference_text(d.change, loaded.indicator.unit, loaded.indicator.decimals)
    return f"{words} ({arrow} {moved} over {d.periods} periods)"


@dataclass
class Row:
    """One period in the accessible data table under the chart."""

    period: str
    value: str
    numerator: str
    denominator: str
    target: str
    status: str
    signal: str
    band: str
    source: str


def table_rows(loaded: Loaded) -> list[Row]:
    ind, a = loaded.indicator, loaded.analysis
    chart = a.chart
    rows = []
    for i, period in enumerate(loaded.periods):
        t = int(a.target_index[i])
        target = loaded.targets[t] if t >= 0 else None
        rules = chart.rules_at(i) if chart is not None else []
        rows.append(
            Row(
                period=label(period, ind.frequency),
                value=fmt(ind, loaded.values[i]),
                numerator=_plain(loaded.numerators[i]),
                denominator=_plain(loaded.denominators[i]),
                target=f"{fmt(ind, target.value)} ({target.label})" if target else "",
                status=STATUS[STATUS_NAMES[int(a.statuses[i])]][0] if target else "",
                signal="; ".join(RULES[r] for r in rules),
                band=BANDS[BAND_NAMES[int(a.bands[i])]],
                source=loaded.sources[i],
            )
        )
    return rows


def _plain(value: float | None) -> str:
    return "" if value is None else f"{value:,g}"


def _benchmark_line(loaded: Loaded, name: str, attribute: str, colour: str) -> charts.Line | None:
    points = [(b.period_end.toordinal(), getattr(b, attribute)) for b in loaded.benchmarks]
    points = [(end, v) for end, v in points if v is not None]
    if not points or not loaded.periods:
        return None
    ends = np.array([e for e, _ in points])
    values = []
    for end in loaded.series.ends:
        i = int(np.searchsorted(ends, end, side="left"))
        inside = i < len(points) and end > points[i][0] - 366
        values.append(points[i][1] if inside else points[-1][1] if i >= len(points) else math.nan)
    return charts.Line(name, values, colour)


def chart_data(loaded: Loaded) -> charts.ChartData:
    ind, a = loaded.indicator, loaded.analysis
    chart = a.chart
    n = len(loaded.values)
    target = [loaded.targets[t].value if t >= 0 else math.nan for t in a.target_index.tolist()]
    lines = [
        line
        for line in (
            _benchmark_line(loaded, "England", "england", charts.BLUE),
            _benchmark_line(loaded, "Region", "region", charts.GREEN),
            _benchmark_line(loaded, "Statistical neighbours", "neighbours", charts.ORANGE),
        )
        if line is not None
    ]
    england, england_year = loaded.england
    if not loaded.benchmarks and england is not None and n:
        lines.append(charts.Line(f"England ({england_year})", [england] * n, charts.BLUE))
    high = chart.high if chart is not None else np.zeros(n, bool)
    low = chart.low if chart is not None else np.zeros(n, bool)
    good, bad = (high, low) if ind.polarity == "higher" else (low, high)
    neutral = ind.polarity == "neutral"
    floor, ceiling = trend.series_floor_ceiling(ind.unit)
    return charts.ChartData(
        description=f"SPC chart of {ind.name}: {n} values, "
        f"latest {fmt(ind, loaded.latest_value)}. The table below gives every value.",
        y_label={"percent": "%", "rate_10k": "per 10,000", "days": "days"}.get(ind.unit, ""),
        x_labels=[label(p, ind.frequency) for p in loaded.periods],
        values=list(loaded.values),
        mean=chart.mean if chart else None,
        ucl=a.ucl,
        lcl=a.lcl,
        target=target,
        comparators=lines,
        improving=[] if neutral else good.tolist(),
        concerning=[] if neutral else bad.tolist(),
        neither=(high | low).tolist() if neutral else [],
        y_floor=floor,
        y_ceiling=ceiling,
    )


def due_text(day: dt.date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""
