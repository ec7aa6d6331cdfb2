"""Charts drawn as SVG by the templates from these figures, each shown with its table.

Two shapes, shared by every page that draws one: horizontal stacked bars (one bar per row,
one segment per category, scaled to the longest bar) and sparklines (a small line of a
series, with its last point marked). No chart library and no JavaScript: the presenter works
out the geometry, `core/_bar_chart.html` and `core/_sparkline.html` draw it.

Colour is never the only cue: each category also has its own fill pattern (hatching, dots,
crosses), shown in the key, and every figure is in the table beside the chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 600  # a bar chart's drawing width; it scales to the page
LABEL_HEIGHT = 22
BAR_HEIGHT = 24
GAP = 14

# GOV.UK colours.
GREY, GREEN, ORANGE, RED, PURPLE, BLUE, DARK_GREY, YELLOW = (
    "#b1b4b6",
    "#00703c",
    "#f47738",
    "#d4351c",
    "#4c2c92",
    "#1d70b8",
    "#505a5f",
    "#ffdd00",
)
# The overlay each pattern draws on its colour, in an 8 by 8 tile ("" for a plain fill).
PATTERNS = {
    "plain": "",
    "hatch": "M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6",
    "backhatch": "M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2",
    "cross": "M0,0 L8,8 M0,8 L8,0",
    "vertical": "M4,0 L4,8",
    "horizontal": "M0,4 L8,4",
}


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    colour: str
    pattern: str = "plain"

    @property
    def overlay(self) -> str:
        return PATTERNS[self.pattern]


@dataclass(frozen=True)
class Segment:
    category: Category
    count: int
    x: float
    width: float

    @property
    def label(self) -> str:
        return self.category.label


@dataclass(frozen=True)
class Bar:
    name: str
    total: int
    counts: list[int]  # per category, in the chart's order (the table's cells)
    segments: list[Segment]
    y: float  # top of the name; the bar sits below it

    @property
    def bar_y(self) -> float:
        return self.y + LABEL_HEIGHT

    @property
    def text_y(self) -> float:
        return self.y + LABEL_HEIGHT - 6

    def words(self, categories: Sequence[Category]) -> str:
        """ "2 on time, 1 late" – the non-zero counts, for the chart's description."""
        said = [f"{n} {c.label.lower()}" for c, n in zip(categories, self.counts, strict=True) if n]
        return ", ".join(said) or "none"


@dataclass(frozen=True)
class BarChart:
    categories: list[Category]
    bars: list[Bar]
    height: float
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def statuses(self) -> list[tuple[str, str, str]]:
        """(key, label, colour) per category, for the key and the table's headings."""
        return [(c.key, c.label, c.colour) for c in self.categories]

    @property
    def totals(self) -> list[int]:
        return [sum(bar.counts[i] for bar in self.bars) for i in range(len(self.categories))]

    @property
    def total(self) -> int:
        return sum(bar.total for bar in self.bars)

    @property
    def description(self) -> str:
        return "; ".join(f"{bar.name}: {bar.words(self.categories)}" for bar in self.bars)


def stacked_bars(
    categories: Sequence[Category], rows: Sequence[tuple[str, Sequence[int]]]
) -> BarChart | None:
    """One bar per (name, counts) row, its segments in the categories' order, scaled so the
    longest bar fills the width; None when there are no rows."""
    if not rows:
        return None
    largest = max(sum(counts) for _, counts in rows) or 1
    bars = []
    for n, (name, counts) in enumerate(rows):
        x = 0.0
        segments = []
        for category, count in zip(categories, counts, strict=True):
            width = WIDTH * count / largest
            if width:
                segments.append(Segment(category, count, x, width))
            x += width
        bars.append(
            Bar(
                name=name,
                total=sum(counts),
                counts=list(counts),
                segments=segments,
                y=n * (LABEL_HEIGHT + BAR_HEIGHT + GAP),
            )
        )
    return BarChart(list(categories), bars, height=len(bars) * (LABEL_HEIGHT + BAR_HEIGHT + GAP))


SPARK_WIDTH = 160
SPARK_HEIGHT = 40
SPARK_PAD = 4  # room for the last point's marker


@dataclass(frozen=True)
class Sparkline:
    points: str  # "x,y x,y …" for a polyline
    last_x: float
    last_y: float
    target_y: float | None  # the latest target's height, if it is in range
    width: int = SPARK_WIDTH
    height: int = SPARK_HEIGHT


def sparkline(values: Sequence[float], target: float | None = None) -> Sparkline | None:
    """A small line through `values` (oldest first), scaled to fit the box with the target
    (when there is one) inside it too; None with fewer than two values."""
    finite = [v for v in values if not math.isnan(v)]
    if len(finite) < 2 or len(finite) != len(values):
        return None
    span = [*finite, target] if target is not None else finite
    low, high = min(span), max(span)
    if high == low:
        low, high = low - 1, high + 1
    inner_w, inner_h = SPARK_WIDTH - 2 * SPARK_PAD, SPARK_HEIGHT - 2 * SPARK_PAD

    def y(value: float) -> float:
        return round(SPARK_PAD + inner_h * (high - value) / (high - low), 2)

    step = inner_w / (len(values) - 1)
    xy = [(round(SPARK_PAD + i * step, 2), y(v)) for i, v in enumerate(values)]
    return Sparkline(
        points=" ".join(f"{x:g},{y_:g}" for x, y_ in xy),
        last_x=xy[-1][0],
        last_y=xy[-1][1],
        target_y=y(target) if target is not None else None,
    )
