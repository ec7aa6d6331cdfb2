"""Indicator cards: the latest recorded figure with the date it is as at, which way it moved
on the figure before and whether that is better or worse for the indicator's polarity, the
target it is compared with, and a sparkline of the recent figures with the same figures as a
table for anyone who cannot see the line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from stocktake.core.charts import Sparkline, sparkline
from stocktake.indicators.choices import Polarity
from stocktake.indicators.formatting import difference_text
from stocktake.indicators.periods import label, period_end
from stocktake.indicators.presenters import fmt
from stocktake.indicators.selectors import Loaded

SPARK_POINTS = 12  # the most recent figures a card's line draws

POLARITY_WORDS = {
    Polarity.HIGHER: "higher is better",
    Polarity.LOWER: "lower is better",
    Polarity.NEUTRAL: "neither higher nor lower is better",
}


@dataclass(frozen=True)
class Point:
    period: str
    value: str


@dataclass(frozen=True)
class Card:
    name: str  # with "(illustrative)" for made-up figures
    latest: str  # "27.4%", or "" with no figures
    period: str  # the latest figure's period, "Jun 2019"
    as_at: dt.date | None  # the last day of that period
    change: str  # "Up 2 percentage points on May 2019", "No change on May 2019", ""
    verdict: str  # "better", "worse", "no change" or "" (neutral polarity, or one figure)
    polarity: str  # "higher is better"
    target: str  # "30% (6 months, due 1 Oct 2019)" or ""
    line: Sparkline | None
    points: list[Point] = field(default_factory=list)  # what the line draws, oldest first

    @property
    def line_label(self) -> str:
        if not self.points:
            return ""
        first, last = self.points[0], self.points[-1]
        target = f"; the dashed line is the target, {self.target}" if self.target else ""
        return (
            f"Sparkline of {self.name}: {len(self.points)} figures, from {first.value} in "
            f"{first.period} to {last.value} in {last.period}{target}"
        )


def _change(loaded: Loaded) -> tuple[str, str]:
    ind = loaded.indicator
    if len(loaded.values) < 2:
        return "", ""
    before, now = loaded.values[-2], loaded.values[-1]
    since = label(loaded.periods[-2], ind.frequency)
    if now == before:
        return f"No change on {since}", "no change"
    moved = difference_text(now - before, ind.unit, ind.decimals)
    words = f"{'Up' if now > before else 'Down'} {moved} on {since}"
    if ind.polarity == Polarity.NEUTRAL:
        return words, ""
    better = (now > before) == (ind.polarity == Polarity.HIGHER)
    return words, "better" if better else "worse"


def _target(loaded: Loaded) -> str:
    target = loaded.compared_target or loaded.next_target
    if target is None:
        return ""
    return (
        f"{fmt(loaded.indicator, target.value)} ({target.label}, due {target.due_date:%-d %b %Y})"
    )


def card(loaded: Loaded) -> Card:
    ind = loaded.indicator
    labelled = not ind.illustrative or "(illustrative)" in ind.name.lower()
    name = ind.name if labelled else f"{ind.name} (illustrative)"
    change, verdict = _change(loaded)
    periods, values = loaded.periods[-SPARK_POINTS:], loaded.values[-SPARK_POINTS:]
    target = loaded.compared_target or loaded.next_target
    latest = loaded.latest_period
    return Card(
        name=name,
        latest=fmt(ind, loaded.latest_value) if latest else "",
        period=label(latest, ind.frequency) if latest else "",
        as_at=period_end(latest, ind.frequency) if latest else None,
        change=change,
        verdict=verdict,
        polarity=POLARITY_WORDS[Polarity(ind.polarity)],
        target=_target(loaded),
        line=sparkline(values, target.value if target else None),
        points=[
            Point(label(p, ind.frequency), fmt(ind, v))
            for p, v in zip(periods, values, strict=True)
        ],
    )
