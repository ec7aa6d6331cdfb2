"""The one chart pipeline: SPC charts as SVG for pages and PNG bytes for Word and PDF.

Charts are drawn server-side with matplotlib's object interface (no pyplot, no global
state, safe in threads). Pages always show the same data as an accessible table beside the
chart; the SVG carries a text description for screen readers.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

# matplotlib is imported when a chart is first drawn: it takes a moment to load, and most
# pages (the dashboard among them) draw no chart.

# GOV.UK Design System colours.
BLACK, GREY, MID_GREY, BLUE, ORANGE, PURPLE, RED, GREEN = (
    "#0b0c0c",
    "#505a5f",
    "#b1b4b6",
    "#1d70b8",
    "#f47738",
    "#4c2c92",
    "#d4351c",
    "#00703c",
)
STYLE: dict[RcKeyType, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # ships with matplotlib: the same text widths everywhere
    "font.size": 10,
    "svg.fonttype": "none",  # keep text as text: smaller, selectable, uses the page's font
    "svg.hashsalt": "stocktake",  # the same chart gives the same SVG
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@dataclass
class Line:
    label: str
    values: list[float]  # one per point; NaN where there is none
    colour: str
    style: str = ":"


@dataclass
class ChartData:
    description: str  # what the chart shows, for screen readers
    y_label: str
    x_labels: list[str]
    values: list[float]
    mean: float | None = None
    ucl: float | None = None
    lcl: float | None = None
    target: list[float] = field(default_factory=list)  # the target in force at each point
    comparators: list[Line] = field(default_factory=list)
    improving: list[bool] = field(default_factory=list)
    concerning: list[bool] = field(default_factory=list)
    neither: list[bool] = field(default_factory=list)
    y_floor: float | None = None
    y_ceiling: float | None = None


def _marked(ax: Any, xs: list[int], data: ChartData) -> None:
    for mask, colour, name in (
        (data.improving, BLUE, "Special cause: improving"),
        (data.concerning, ORANGE, "Special cause: concerning"),
        (data.neither, PURPLE, "Special cause: neither better nor worse"),
    ):
        points = [(x, v) for x, v, m in zip(xs, data.values, mask, strict=False) if m]
        if points:
            px, py = zip(*points, strict=True)
            ax.plot(px, py, "o", color=colour, markersize=7, label=name, zorder=4)


def spc_figure(data: ChartData, width: float = 8.0, height: float = 3.6) -> Figure:
    """The XmR chart: data, mean, process limits, target, comparators, signals marked."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(width, height), layout="constrained")
        ax = figure.add_subplot()
        xs = list(range(len(data.values)))
        ax.plot(xs, data.values, "-o", color=GREY, markersize=3.5, linewidth=1.4, label="Value")
        if data.mean is not None:
            ax.axhline(data.mean, color=BLACK, linewidth=1, label="Mean")
        for limit, name in ((data.ucl, "Process limits"), (data.lcl, None)):
            if limit is not None:
                ax.axhline(limit, color=MID_GREY, linewidth=1, linestyle="--", label=name)
        if data.target and any(not math.isnan(v) for v in data.target):
            ax.step(
                xs,
                data.target,
                where="mid",
                color=RED,
                linewidth=1.5,
                linestyle="--",
                label="Target",
            )
        for line in data.comparators:
            ax.plot(xs, line.values, line.style, color=line.colour, linewidth=1.3, label=line.label)
        _marked(ax, xs, data)
        step = max(1, math.ceil(len(xs) / 8))  # at most 8 period labels: they stay apart
        ax.set_xticks(xs[::step], data.x_labels[::step], rotation=0, fontsize=8)
        ax.set_ylabel(data.y_label)
        bottom, top = ax.get_ylim()
        ax.set_ylim(
            bottom if data.y_floor is None else max(bottom, data.y_floor),
            top if data.y_ceiling is None else min(top, data.y_ceiling),
        )
        ax.grid(axis="y", color="#f3f2f1")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return figure


def spc_svg(data: ChartData) -> str:
    """The chart as an inline SVG element, sized to its container, described for screen
    readers."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buffer = io.StringIO()
    with matplotlib.rc_context(STYLE):
        figure = spc_figure(data)
        FigureCanvasSVG(figure)
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    # Inline, a <style> would apply to the whole page: drop it and the metadata block.
    svg = re.sub(r"\s*<metadata>.*?</metadata>|\s*<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "",
                 svg, flags=re.S)  # fmt: skip
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)
    label = escape(data.description, quote=True)
    return svg.replace(
        "<svg",
        f'<svg role="img" aria-label="{label}" focusable="false" '
        'style="max-width: 100%; height: auto"',
        1,
    )


def spc_png(data: ChartData, dpi: int = 150) -> bytes:
    """The chart as PNG bytes, for Word and PDF documents."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buffer = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        figure = spc_figure(data)
        FigureCanvasAgg(figure)
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()
