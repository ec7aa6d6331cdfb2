"""What each impact link shows: read from its indicator's figures, or as a person typed it.

A link to an indicator (its own, or its measure's once the measure has been made into an
indicator) is read from the indicator's latest observation against the target in force,
through the indicators app's own analysis (`selectors.load`):

- met: the analysis says the latest figure meets its target;
- not met: the latest figure misses its target, even within tolerance;
- not yet evidenced: no figure yet, no target, or the latest figure comes before the first
  target is due.

The "latest" text says the figure, the period, the denominator where known and the target
("21.0% (42 of 200) in March 2019 against a target of 18.0% by June 2019"). Small numbers
are shown as "c" by the same rule the indicators app's exports use, because the matrix is
published to the board, the DfE and Ofsted. Only a link to a measure with no indicator keeps
the reading and latest value a person typed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from stocktake.findings.choices import ImpactReading
from stocktake.findings.models import ImpactLink
from stocktake.indicators.analysis.suppression import MARK, SuppressionRule, masks
from stocktake.indicators.exports import default_rule
from stocktake.indicators.models import Indicator
from stocktake.indicators.periods import MONTHLY, label
from stocktake.indicators.presenters import STATUS, fmt
from stocktake.indicators.selectors import Loaded, load

# The indicator analysis's status of the latest figure → what it says about the finding.
READINGS = {
    "met": ImpactReading.MET,
    "within_tolerance": ImpactReading.NOT_MET,
    "missed": ImpactReading.NOT_MET,
    "not_due": ImpactReading.NOT_YET_EVIDENCED,
    "no_target": ImpactReading.NOT_YET_EVIDENCED,
}
NO_FIGURES = "no_figures"
STATUS_LABELS = {key: words for key, (words, _) in STATUS.items()} | {NO_FIGURES: "No figures yet"}


@dataclass
class Impact:
    """One impact link as the matrix, the finding page and the exports show it."""

    id: int
    label: str
    reading: str
    reading_label: str
    latest: str
    measure_text: str = ""
    indicator_id: int | None = None
    indicator_code: str = ""
    status: str = ""  # the indicator analysis's status; blank for a typed reading
    status_label: str = ""
    period: dt.date | None = None
    value: float | str | None = None  # "c" when suppressed
    target: float | None = None
    target_due: dt.date | None = None

    @property
    def computed(self) -> bool:
        return self.indicator_id is not None


def indicators_of(links: Iterable[ImpactLink]) -> list[Indicator]:
    """The indicators `links` are read through, each once (no queries if the links were
    fetched with `LINK_RELATED`)."""
    seen: dict[int, Indicator] = {}
    for link in links:
        indicator = link.evidence
        if indicator is not None:
            seen.setdefault(indicator.pk, indicator)
    return list(seen.values())


# What to select with impact links so that reading them needs no further query per link.
LINK_RELATED = ("measure__indicator", "indicator")


def load_for(links: Iterable[ImpactLink]) -> dict[int, Loaded]:
    """Every indicator the links read through, loaded and analysed: three queries (none
    when no link has an indicator)."""
    indicators = indicators_of(links)
    return {item.indicator.pk: item for item in load(indicators)} if indicators else {}


def read(link: ImpactLink, loaded: dict[int, Loaded], rule: SuppressionRule) -> Impact:
    indicator = link.evidence
    measure_text = link.measure.text if link.measure is not None else ""
    if indicator is None or indicator.pk not in loaded:
        return Impact(
            id=link.pk,
            label=link.label,
            reading=link.reading,
            reading_label=ImpactReading(link.reading).label,
            latest=link.latest,
            measure_text=measure_text,
        )
    item = loaded[indicator.pk]
    status = item.analysis.status if item.periods else NO_FIGURES
    reading = READINGS.get(status, ImpactReading.NOT_YET_EVIDENCED)
    target = item.compared_target if item.periods else next(iter(item.targets), None)
    return Impact(
        id=link.pk,
        label=indicator.name,
        reading=reading,
        reading_label=ImpactReading(reading).label,
        latest=latest_text(item, rule),
        measure_text=measure_text,
        indicator_id=indicator.pk,
        indicator_code=indicator.code,
        status=status,
        status_label=STATUS_LABELS.get(status, ""),
        period=item.latest_period,
        value=_shown_value(item, rule),
        target=target.value if target else None,
        target_due=target.due_date if target else None,
    )


def read_links(links: Iterable[ImpactLink], loaded: dict[int, Loaded]) -> list[Impact]:
    rule = default_rule()
    return [read(link, loaded, rule) for link in links]


def _hidden(item: Loaded, rule: SuppressionRule) -> tuple[bool, bool, bool]:
    def nan(value: float | None) -> float:
        return math.nan if value is None else value

    value, numerator, denominator = masks(
        [item.values[-1]],
        [nan(item.numerators[-1])],
        [nan(item.denominators[-1])],
        item.indicator.unit,
        rule,
    )
    return bool(value[0]), bool(numerator[0]), bool(denominator[0])


def _shown_value(item: Loaded, rule: SuppressionRule) -> float | str | None:
    if not item.periods:
        return None
    return MARK if _hidden(item, rule)[0] else item.values[-1]


def _count(number: float) -> str:
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,g}"


def _period(item: Loaded) -> str:
    period = item.periods[-1]
    frequency = item.indicator.frequency
    return f"{period:%B %Y}" if frequency == MONTHLY else label(period, frequency)


def latest_text(item: Loaded, rule: SuppressionRule) -> str:
    """ "21.0% (42 of 200) in March 2019 against a target of 18.0% by June 2019"."""
    ind = item.indicator
    if not item.periods:
        first = item.targets[0] if item.targets else None
        if first is None:
            return "No figures yet and no target"
        return f"No figures yet; target of {fmt(ind, first.value)} by {first.due_date:%B %Y}"
    hide_value, hide_numerator, hide_denominator = _hidden(item, rule)
    text = MARK if hide_value else fmt(ind, item.values[-1])
    numerator, denominator = item.numerators[-1], item.denominators[-1]
    if denominator is not None:
        den = MARK if hide_denominator else _count(denominator)
        if numerator is not None:
            num = MARK if hide_numerator else _count(numerator)
            text += f" ({num} of {den})"
        else:
            text += f" (of {den})"
    text += f" in {_period(item)}"
    target = item.compared_target
    if target is None:
        return f"{text}; no target set"
    return f"{text} against a target of {fmt(ind, target.value)} by {target.due_date:%B %Y}"
