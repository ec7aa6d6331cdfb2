"""The plain-English paragraph about an indicator, for the board.

Generated from the analysis, so it always agrees with the tiles and the chart; a performance
officer can edit it before it goes to the board (see services.commentary).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stocktake.indicators.analysis import spc, trend
from stocktake.indicators.analysis.series import NOT_DUE, Analysis
from stocktake.indicators.formatting import difference_text, value_text

RULE_PHRASES = {
    "beyond": "a point beyond the process limits",
    "run": "a run of 7 or more points on one side of the mean",
    "trend": "6 or more points in a row each rising or each falling",
    "two_of_three": "2 of 3 points beyond two sigma",
}
POLARITY_PHRASES = {"higher": "higher is better", "lower": "lower is better"}
PERIOD_WORDS = {"monthly": "month", "quarterly": "quarter", "annual": "year"}


@dataclass(frozen=True)
class Facts:
    """What the paragraph names, beyond the analysis itself."""

    name: str
    unit: str
    decimals: int
    polarity: str
    frequency: str
    latest_label: str = ""
    latest_value: float | None = None
    period_labels: tuple[str, ...] = ()
    target_labels: tuple[str, ...] = ()
    target_values: tuple[float, ...] = ()
    target_dues: tuple[dt.date, ...] = ()
    target_tolerances: tuple[float, ...] = ()
    missing_since_label: str = ""
    england: float | None = None
    england_year: str = ""


def _v(facts: Facts, value: float | None) -> str:
    return value_text(value, facts.unit, facts.decimals)


def _d(facts: Facts, value: float) -> str:
    return difference_text(value, facts.unit, facts.decimals)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _target(facts: Facts, index: int) -> str:
    label = facts.target_labels[index]
    return (
        f"the “{label}” target of {_v(facts, facts.target_values[index])} "
        f"(due {facts.target_dues[index]:%-d %B %Y})"
    )


def _status(facts: Facts, a: Analysis) -> list[str]:
    i = a.compared_with
    if i is None or a.shortfall is None:
        return ["It has no target yet."]
    polarity = POLARITY_PHRASES.get(facts.polarity, "")
    where = f"{_target(facts, i)}{f', where {polarity}' if polarity else ''}"
    if a.status == NOT_DUE:
        gap = (
            f"{_d(facts, a.shortfall)} short of it"
            if a.shortfall > 0
            else ("already meeting it" if facts.polarity != "neutral" else "close to it")
        )
        return [f"Its first target is {where}; it is {gap}."]
    if a.status == "met":
        return [f"That meets {where}."]
    sentence = f"That is {_d(facts, a.shortfall)} worse than {where}"
    tolerance = facts.target_tolerances[i]
    if a.status == "within_tolerance":
        return [f"{sentence}, within the tolerance of {_d(facts, tolerance)}."]
    if tolerance:
        sentence += f", outside the tolerance of {_d(facts, tolerance)}"
    word = PERIOD_WORDS.get(facts.frequency, "period")
    streak = f"It has missed its target for {_plural(a.missing_for, word)} in a row"
    since = f", since {facts.missing_since_label}" if facts.missing_since_label else ""
    return [sentence + ".", streak + since + "."]


def _direction(facts: Facts, a: Analysis) -> str:
    d = a.direction
    word = PERIOD_WORDS.get(facts.frequency, "period")
    if d.code == trend.TOO_FEW:
        return "There are too few figures yet to show a direction of travel."
    window = f"Over the last {_plural(d.periods, word)}"
    if d.code == trend.NO_CHANGE:
        return f"{window} there has been no clear change."
    moved = f"{'up' if d.change > 0 else 'down'} {_d(facts, d.change)}"
    return f"{window} it has been {d.code} ({moved})."


def _spc(facts: Facts, a: Analysis) -> str:
    if a.chart is None:
        return ""
    rules = [RULE_PHRASES[r] for r in a.chart.rules_at(-1)]
    why = f" ({'; '.join(rules)})" if rules else ""
    text = {
        spc.IMPROVING: f"The SPC chart shows special-cause improving variation{why}.",
        spc.CONCERNING: f"The SPC chart shows special-cause concerning variation{why}.",
        spc.NEITHER_HIGH: f"The SPC chart shows special-cause variation upwards{why}.",
        spc.NEITHER_LOW: f"The SPC chart shows special-cause variation downwards{why}.",
        spc.COMMON: "The SPC chart shows only common-cause variation: the latest figure is "
        "within what the process normally produces.",
    }[a.variation]
    assurance = {
        spc.MET: " The target lies outside the process limits on the safe side, so it will "
        "be met consistently.",
        spc.HIT_AND_MISS: " The target lies inside the process limits, so it will be hit and "
        "missed at random unless the process changes.",
        spc.MISSED: " The target lies outside the process limits, so it will not be met "
        "without a change to the process.",
        spc.NO_TARGET: "",
    }[a.assurance]
    if a.assurance_from and assurance and facts.period_labels:
        start = facts.period_labels[a.assurance_from]
        assurance += f" (Judged on limits recalculated from the shift that began in {start}.)"
    return text + assurance


def _projection(facts: Facts, a: Analysis) -> str:
    if a.next_target is None or a.projection is None:
        return ""
    i = a.next_target
    verdict = {
        "met": "would be met",
        "within_tolerance": "would be missed, but within tolerance",
        "missed": "would not be met",
    }.get(a.projected_status, "cannot be judged")
    return (
        f"On the current trend it would reach {_v(facts, a.projection.value)} by "
        f"{facts.target_dues[i]:%-d %B %Y}, so {_target(facts, i)} {verdict}."
    )


def describe(facts: Facts, a: Analysis) -> str:
    """The paragraph: the latest figure, status, direction, SPC, projection, England."""
    if a.statuses.size == 0:
        return f"{facts.name} has no figures yet."
    opening = f"{facts.name} was {_v(facts, facts.latest_value)} in {facts.latest_label}."
    parts = [
        opening,
        *_status(facts, a),
        _direction(facts, a),
        _spc(facts, a),
        _projection(facts, a),
    ]
    if facts.england is not None:
        parts.append(f"England: {_v(facts, facts.england)} ({facts.england_year}).")
    return " ".join(p for p in parts if p)
