"""Charts for the plan pages, drawn as SVG by the template from these figures, each shown
with its table: delivery status by theme as stacked bars."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import cast

from stocktake.plans.choices import DeliveryStatus
from stocktake.plans.position import PlanPosition

WIDTH = 600  # the SVG's drawing width; it scales to the page
LABEL_HEIGHT = 22
BAR_HEIGHT = 24
GAP = 14
# GOV.UK colours, one per status, in the order the statuses run.
COLOURS = {
    DeliveryStatus.NOT_STARTED: "#b1b4b6",
    DeliveryStatus.ON_TRACK: "#00703c",
    DeliveryStatus.AT_RISK: "#f47738",
    DeliveryStatus.OFF_TRACK: "#d4351c",
    DeliveryStatus.BLOCKED: "#4c2c92",
    DeliveryStatus.COMPLETE: "#1d70b8",
}


@dataclass(frozen=True)
class Segment:
    label: str
    count: int
    x: float
    width: float
    colour: str


@dataclass(frozen=True)
class Bar:
    name: str
    total: int
    counts: list[int]  # per status, in `statuses` order (the table's cells)
    segments: list[Segment]
    y: float  # top of the name; the bar sits below it

    @property
    def bar_y(self) -> float:
        return self.y + LABEL_HEIGHT

    @property
    def text_y(self) -> float:
        return self.y + LABEL_HEIGHT - 6


@dataclass(frozen=True)
class StatusChart:
    statuses: list[tuple[str, str, str]]  # value, label, colour
    bars: list[Bar]
    height: float
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def description(self) -> str:
        parts = [
            f"{bar.name}: {bar.total} action{'s' if bar.total != 1 else ''}" for bar in self.bars
        ]
        return "; ".join(parts)


def status_by_theme(position: PlanPosition) -> StatusChart | None:
    """Each theme's actions by accepted delivery status as at the position's date (actions
    with no theme last), scaled to the largest theme; None for a plan with no actions."""
    names = {cast(int, t["id"]): str(t["name"]) for t in position.themes}
    counts: dict[int | None, Counter[str]] = {pk: Counter() for pk in names}
    for row in position.rows:
        theme = row.state.theme_id if row.state.theme_id in names else None
        counts.setdefault(theme, Counter())[row.state.delivery_status] += 1
    if not position.rows:
        return None
    largest = max(sum(c.values()) for c in counts.values()) or 1
    bars = []
    for n, (theme_id, counted) in enumerate(counts.items()):
        x = 0.0
        segments = []
        for status in DeliveryStatus:
            width = WIDTH * counted[status.value] / largest
            if width:
                segments.append(
                    Segment(status.label, counted[status.value], x, width, COLOURS[status])
                )
            x += width
        name = names.get(theme_id, "No theme") if theme_id is not None else "No theme"
        bars.append(
            Bar(
                name=name,
                total=sum(counted.values()),
                counts=[counted[s.value] for s in DeliveryStatus],
                segments=segments,
                y=n * (LABEL_HEIGHT + BAR_HEIGHT + GAP),
            )
        )
    statuses = [(s.value, s.label, COLOURS[s]) for s in DeliveryStatus]
    return StatusChart(statuses, bars, height=len(bars) * (LABEL_HEIGHT + BAR_HEIGHT + GAP))
