"""Chart pictures for the Word file: the indicators app's `spc_png`, drawn from each chart's
frozen figures (so a report made again later shows the same pictures, byte for byte).

Drawing is most of a board pack's rendering time. Drawing in worker processes was tried and
dropped: on this two-core machine it saved little, and workers started by "spawn" or
"forkserver" re-import the parent's main module. This module imports neither Django nor the
database.
"""

from __future__ import annotations

import math
from typing import Any

from stocktake.indicators.charts import ChartData, Line, spc_png


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
    return spc_png(chart_from_dict(data), dpi=dpi)


def draw_all(charts: list[dict[str, Any]], dpi: int) -> list[bytes]:
    """Every chart's PNG, in order."""
    return [draw(chart, dpi) for chart in charts]
