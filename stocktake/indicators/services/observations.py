"""Writing observations: one at a time, or a whole checked file at once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from stocktake.accounts.models import Authority, User
from stocktake.audit.services import audit_record
from stocktake.indicators.choices import Source
from stocktake.indicators.figures import check_figures
from stocktake.indicators.models import Indicator, Observation
from stocktake.indicators.periods import label, period_start

OBSERVATION_FIELDS = ("value", "numerator", "denominator", "note")


def _check_period(indicator: Indicator, period: dt.date) -> None:
    if period != period_start(period, indicator.frequency):
        raise ValidationError(
            {
                "period": f"{indicator.name} is reported {indicator.frequency}: the period must "
                f"start on {period_start(period, indicator.frequency):%-d %B %Y}"
            }
        )


@transaction.atomic
def observation_record(
    *,
    indicator: Indicator,
    actor: User | None,
    period: dt.date,
    value: float | None,
    numerator: float | None = None,
    denominator: float | None = None,
    note: str = "",
    source: str = Source.MANUAL,
) -> Observation:
    """Record the figure for a period, replacing any figure already there (the log keeps the
    old one)."""
    _check_period(indicator, period)
    checked = check_figures(indicator.unit, value, numerator, denominator)
    if checked.errors:
        raise ValidationError(checked.errors)
    assert checked.value is not None
    existing = indicator.observations.filter(period=period).first()
    before = _plain(existing) if existing else {}
    observation = existing or Observation(indicator=indicator, period=period)
    observation.value, observation.numerator, observation.denominator = (
        checked.value,
        numerator,
        denominator,
    )
    observation.note, observation.source, observation.entered_by = note.strip(), source, actor
    # An existing figure: only the fields this writes, never a whole row read earlier.
    written = ["value", "numerator", "denominator", "note", "source", "entered_by", "entered_at"]
    observation.save(update_fields=written if existing else None)
    after = _plain(observation)
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    audit_record(
        authority=indicator.authority,
        actor=actor,
        verb="updated" if existing else "recorded",
        obj=indicator,
        changes={"period": label(period, indicator.frequency), **changes},
    )
    return observation


def _plain(observation: Observation) -> dict[str, object]:
    return {name: getattr(observation, name) for name in OBSERVATION_FIELDS}


@dataclass
class Figure:
    """One checked figure, ready to store: a row of a file, or computed from case audits or
    child-level data (with its provenance: what it was computed from, when, by which
    definition)."""

    indicator: Indicator
    period: dt.date
    value: float
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""
    provenance: dict[str, object] = field(default_factory=dict)


@dataclass
class Applied:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    by_indicator: dict[str, dict[str, int]] = field(default_factory=dict)


def observations_apply(
    *,
    authority: Authority,
    actor: User | None,
    figures: list[Figure],
    filename: str,
    source: str = Source.FILE,
) -> Applied:
    """Store checked figures in bulk (call inside a transaction): new periods are added,
    changed ones replaced, identical ones left alone. One log entry per indicator.

    `filename` names where the figures came from (a file, or for computed figures the
    extract or audit month); `source` says how (Source)."""
    applied = Applied()
    ids = {f.indicator.pk for f in figures}
    existing = {
        (o.indicator_id, o.period): o
        for o in Observation.objects.filter(indicator_id__in=ids, indicator__authority=authority)
    }
    new, changed = [], []
    counts: dict[Indicator, dict[str, int]] = defaultdict(
        lambda: {"created": 0, "updated": 0, "unchanged": 0}
    )
    for f in figures:
        current = existing.get((f.indicator.pk, f.period))
        values = (f.value, f.numerator, f.denominator, f.note)
        if current is None:
            new.append(
                Observation(
                    indicator=f.indicator,
                    period=f.period,
                    value=f.value,
                    numerator=f.numerator,
                    denominator=f.denominator,
                    note=f.note,
                    source=source,
                    provenance=f.provenance,
                    entered_by=actor,
                )
            )
            counts[f.indicator]["created"] += 1
        elif (current.value, current.numerator, current.denominator, current.note) != values:
            current.value, current.numerator, current.denominator, current.note = values
            current.source, current.entered_by = source, actor
            current.provenance = f.provenance
            current.entered_at = timezone.now()
            changed.append(current)
            counts[f.indicator]["updated"] += 1
        else:
            counts[f.indicator]["unchanged"] += 1
    Observation.objects.bulk_create(new, batch_size=500)
    Observation.objects.bulk_update(
        changed,
        [
            "value",
            "numerator",
            "denominator",
            "note",
            "source",
            "provenance",
            "entered_by",
            "entered_at",
        ],
        batch_size=500,
    )
    for indicator, count in counts.items():
        applied.by_indicator[indicator.code] = count
        applied.created += count["created"]
        applied.updated += count["updated"]
        applied.unchanged += count["unchanged"]
        if count["created"] or count["updated"]:
            audit_record(
                authority=authority,
                actor=actor,
                verb="imported",
                obj=indicator,
                changes={"file": filename, "added": count["created"], "replaced": count["updated"]},
            )
    return applied
