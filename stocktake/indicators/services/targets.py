"""Writing targets: checkpoints ("6 months", "12 months") and month-by-month trajectories."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from stocktake.accounts.models import User
from stocktake.audit.services import audit_record, diff, snapshot
from stocktake.core.locking import version_claim
from stocktake.indicators.choices import Polarity, TargetKind, ToleranceKind, Unit
from stocktake.indicators.models import Indicator, Target
from stocktake.indicators.periods import add_months, period_end

TARGET_FIELDS = [
    "label",
    "kind",
    "due_date",
    "value",
    "tolerance",
    "tolerance_kind",
    "band_outstanding",
    "band_good",
    "band_requires_improvement",
]


@dataclass
class TargetFields:
    label: str
    due_date: dt.date
    value: float
    kind: str = TargetKind.CHECKPOINT
    tolerance: float = 0.0
    tolerance_kind: str = ToleranceKind.ABSOLUTE
    band_outstanding: float | None = None
    band_good: float | None = None
    band_requires_improvement: float | None = None


def _validate(indicator: Indicator, f: TargetFields, exclude: int | None) -> None:
    errors: dict[str, str] = {}
    if not f.label.strip():
        errors["label"] = "Enter a label, for example 6 months"
    if indicator.unit == Unit.PERCENT and not 0 <= f.value <= 100:
        errors["value"] = "A percentage target must be from 0 to 100"
    elif f.value < 0:
        errors["value"] = "The target cannot be negative"
    if f.tolerance < 0:
        errors["tolerance"] = "The tolerance cannot be negative"
    if f.kind not in TargetKind.values:
        errors["kind"] = "Select the kind of target"
    if f.tolerance_kind not in ToleranceKind.values:
        errors["tolerance_kind"] = "Select how the tolerance is measured"
    bands = [f.band_outstanding, f.band_good, f.band_requires_improvement]
    given = [b for b in bands if b is not None]
    if given and indicator.polarity == Polarity.NEUTRAL:
        errors["band_good"] = "Bands need a good direction: this indicator has none"
    elif given:
        ordered = sorted(given, reverse=indicator.polarity == Polarity.HIGHER)
        if given != ordered:
            better = "higher" if indicator.polarity == Polarity.HIGHER else "lower"
            errors["band_good"] = (
                f"Each band's threshold must be {better} than the next band's, since "
                f"{better} is better for this indicator"
            )
    clash = indicator.targets.filter(due_date=f.due_date)
    if (clash.exclude(pk=exclude) if exclude else clash).exists():
        errors["due_date"] = "This indicator already has a target due on that date"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def target_create(*, indicator: Indicator, actor: User | None, fields: TargetFields) -> Target:
    fields.label = " ".join(fields.label.split())
    _validate(indicator, fields, exclude=None)
    target = Target.objects.create(indicator=indicator, **asdict(fields))
    audit_record(
        authority=indicator.authority,
        actor=actor,
        verb="created",
        obj=target,
        changes=diff({}, snapshot(target, TARGET_FIELDS)),
    )
    return target


@transaction.atomic
def target_update(
    *, target: Target, actor: User | None, expected_version: int | None, fields: TargetFields
) -> Target:
    """Save an edit, or raise ConflictError if someone saved since `expected_version`."""
    fields.label = " ".join(fields.label.split())
    _validate(target.indicator, fields, exclude=target.pk)
    version_claim(target, expected_version)
    before = snapshot(target, TARGET_FIELDS)
    for name, value in asdict(fields).items():
        setattr(target, name, value)
    target.save(update_fields=list(asdict(fields)))
    audit_record(
        authority=target.indicator.authority,
        actor=actor,
        verb="updated",
        obj=target,
        changes=diff(before, snapshot(target, TARGET_FIELDS)),
    )
    return target


@transaction.atomic
def target_delete(*, target: Target, actor: User | None) -> None:
    audit_record(
        authority=target.indicator.authority,
        actor=actor,
        verb="deleted",
        obj=target,
        changes=diff(snapshot(target, TARGET_FIELDS), {}),
    )
    target.delete()


@transaction.atomic
def targets_from_notice(
    *,
    indicator: Indicator,
    actor: User | None,
    notice_date: dt.date,
    six_months: float,
    twelve_months: float,
    tolerance: float = 0.0,
) -> list[Target]:
    """The improvement notice's pair of targets: 6 and 12 months from the notice date, each
    due at the end of the period it falls in."""
    made = []
    for months, value in ((6, six_months), (12, twelve_months)):
        due = add_months(notice_date, months)
        fields = TargetFields(
            label=f"{months} months",
            due_date=period_end(due.replace(day=1), "monthly"),
            value=value,
            tolerance=tolerance,
        )
        made.append(target_create(indicator=indicator, actor=actor, fields=fields))
    return made
