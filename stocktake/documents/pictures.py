"""Chart pictures for the Word file: the indicators app's `spc_png`, drawn from each chart's
frozen figures (so a report made again later shows the same pictures, byte for byte).

Drawing is most of a board pack's rendering time. Drawing in worker processes was tried and
dropped: on this two-core machine it saved little, and workers started by "spawn" or
"forkserver" re-import the parent's main module. This module imports neither Django nor the
database.
"""

from __future__ import annotations

import io
import math
from typing import Any

from stocktake.indicators.charts import STYLE, ChartData, Line, spc_png

# Bars are told apart by pattern and by the count written on them, not by colour alone.
HATCHES = ["", "//", "..", "xx", "\\\\", "--", "++"]


def chart_from_dict(data: dict[str, Any]) -> ChartData:
    """The chart back from JSON, None turned back into NaN where a series needs a number."""

    def numbers(values: list[Any]) -> list[float]:
        return [math.nan if v is None else float(v) for v in values]

    fields = dict(data)
    fields["values"] = numbers(fields.get("values", []))
    fields["target"] = numbers(fields.get("target", []))
    fields["comparators"] = [
        Line(c["label"], numbers(c["values"]), c["colour"], c.get("style", ":"))
        for c in fields.get("comparators", [])
    ]
    return ChartData(**fields)


def draw(data: dict[str, Any], dpi: int) -> bytes:
    if data.get("chart") == "bars":
        return bars_png(data, dpi=dpi)
    return spc_png(chart_from_dict(data), dpi=dpi)


def bars_png(data: dict[str, Any], dpi: int = 110) -> bytes:
    """Horizontal stacked bars, one per category, each segment labelled with its count:
    `{"chart": "bars", "description", "x_label", "categories": [...], "series": [{"label",
    "values", "colour"}]}` (matplotlib's object interface, no global state)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    categories: list[str] = list(data.get("categories", []))
    series: list[dict[str, Any]] = list(data.get("series", []))
    buffer = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(8.0, 1.2 + 0.45 * max(len(categories), 1)))
        FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        rows = list(range(len(categories)))
        left = [0.0] * len(categories)
        for k, line in enumerate(series):
            values = [float(v or 0) for v in line["values"]]
            hatch = HATCHES[k % len(HATCHES)]
            bars = ax.barh(rows, values, left=left, color=line["colour"], edgecolor="#0b0c0c",
                           linewidth=0.6, hatch=hatch, label=line["label"])  # fmt: skip
            labels = [f"{v:g}" if v else "" for v in values]
            ax.bar_label(bars, labels=labels, label_type="center", fontsize=8,
                         bbox={"boxstyle": "round,pad=0.15", "fc": "white", "lw": 0})  # fmt: skip
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_yticks(rows, [_wrap(c) for c in categories])
        ax.invert_yaxis()
        ax.set_xlabel(str(data.get("x_label", "")))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=min(len(series), 5),
                  frameon=False, fontsize=8)  # fmt: skip
        figure.tight_layout()
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def _wrap(text: str, width: int = 28) -> str:
    """A long category name on two lines at most."""
    if len(text) <= width:
        return text
    cut = text[:width].rsplit(" ", 1)[0]
    rest = text[len(cut) :].strip()
    return cut + "\n" + (rest if len(rest) <= width else rest[: width - 1] + "…")


def draw_all(charts: list[dict[str, Any]], dpi: int) -> list[bytes]:
    """Every chart's PNG, in order."""
    return [draw(chart, dpi) for chart in charts]
