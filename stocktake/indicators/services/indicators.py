"""Writing indicators: create, edit, adopt from the catalogue, link, make from a measure."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from stocktake.accounts.models import Authority, User
from stocktake.audit.services import audit_record, diff, snapshot
from stocktake.core.locking import version_claim
from stocktake.indicators.choices import Frequency, Polarity, Unit
from stocktake.indicators.models import CatalogueEntry, Indicator
from stocktake.plans.models import Action, Measure, Theme

DEFINITION_FIELDS = [
    "code",
    "name",
    "area",
    "definition",
    "numerator",
    "denominator",
    "unit",
    "polarity",
    "frequency",
    "statutory_basis",
    "england_value",
    "england_year",
    "england_source",
]
INDICATOR_FIELDS = [*DEFINITION_FIELDS, "decimals", "illustrative"]
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_.\-]*$")


@dataclass
class IndicatorFields:
    code: str
    name: str
    unit: str = Unit.PERCENT
    polarity: str = Polarity.HIGHER
    frequency: str = Frequency.MONTHLY
    area: str = ""
    definition: str = ""
    numerator: str = ""
    denominator: str = ""
    statutory_basis: str = ""
    england_value: float | None = None
    england_year: str = ""
    england_source: str = ""
    decimals: int = 1
    illustrative: bool = False

    def cleaned(self) -> IndicatorFields:
        values = asdict(self)
        for key, value in values.items():
            if isinstance(value, str):
                values[key] = " ".join(value.split()) if key in ("code", "name") else value.strip()
        values["code"] = values["code"].upper()
        return IndicatorFields(**values)


def _validate(authority: Authority, fields: IndicatorFields, exclude: int | None) -> None:
    errors: dict[str, str] = {}
    if not fields.code:
        errors["code"] = "Enter a code for the indicator"
    elif not _CODE.match(fields.code):
        errors["code"] = "A code may use only letters, numbers, full stops, dashes and underscores"
    if not fields.name:
        errors["name"] = "Enter the indicator's name"
    for name, choices in (("unit", Unit), ("polarity", Polarity), ("frequency", Frequency)):
        if getattr(fields, name) not in choices.values:
            errors[name] = f"Select the indicator's {name}"
    if not 0 <= fields.decimals <= 4:
        errors["decimals"] = "Decimal places must be from 0 to 4"
    clash = Indicator.objects.in_authority(authority).filter(code__iexact=fields.code)
    if fields.code and (clash.exclude(pk=exclude) if exclude else clash).exists():
        errors["code"] = f"There is already an indicator with the code {fields.code}"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def indicator_create(
    *,
    authority: Authority,
    actor: User | None,
    fields: IndicatorFields,
    catalogue: CatalogueEntry | None = None,
) -> Indicator:
    fields = fields.cleaned()
    _validate(authority, fields, exclude=None)
    indicator = Indicator.objects.create(authority=authority, catalogue=catalogue, **asdict(fields))
    audit_record(
        authority=authority,
        actor=actor,
        verb="created",
        obj=indicator,
        changes=diff({}, snapshot(indicator, INDICATOR_FIELDS)),
    )
    return indicator


@transaction.atomic
def indicator_update(
    *,
    indicator: Indicator,
    actor: User | None,
    expected_version: int | None,
    fields: IndicatorFields,
) -> Indicator:
    """Save an edit, or raise ConflictError if someone saved since `expected_version`."""
    fields = fields.cleaned()
    _validate(indicator.authority, fields, exclude=indicator.pk)
    version_claim(indicator, expected_version)
    before = snapshot(indicator, INDICATOR_FIELDS)
    for name, value in asdict(fields).items():
        setattr(indicator, name, value)
    indicator.save(update_fields=list(asdict(fields)))
    changes = diff(before, snapshot(indicator, INDICATOR_FIELDS))
    audit_record(
        authority=indicator.authority, actor=actor, verb="updated", obj=indicator, changes=changes
    )
    return indicator


def fields_from_catalogue(entry: CatalogueEntry) -> IndicatorFields:
    return IndicatorFields(**{name: getattr(entry, name) for name in DEFINITION_FIELDS})


@transaction.atomic
def indicator_adopt(
    *, authority: Authority, actor: User | None, entries: Iterable[CatalogueEntry]
) -> list[Indicator]:
    """Give the authority its own copy of each catalogue entry it does not have yet."""
    have = set(Indicator.objects.in_authority(authority).values_list("code", flat=True)) | set(
        Indicator.objects.in_authority(authority).values_list("catalogue__code", flat=True)
    )
    adopted = []
    for entry in entries:
        if entry.code in have:
            continue
        adopted.append(
            indicator_create(
                authority=authority,
                actor=actor,
                fields=fields_from_catalogue(entry),
                catalogue=entry,
            )
        )
        have.add(entry.code)
    return adopted


@transaction.atomic
def indicator_link(
    *,
    indicator: Indicator,
    actor: User | None,
    actions: Iterable[Action],
    themes: Iterable[Theme],
    expected_version: int | None = None,
) -> Indicator:
    """Set the actions whose impact the indicator measures, and the themes it belongs to.
    Every action and theme must belong to the indicator's authority. ConflictError if the
    indicator was saved since `expected_version` (None: a program's write, unchecked)."""
    actions, themes = list(actions), list(themes)
    authority_id = indicator.authority_id
    if any(a.plan.authority_id != authority_id for a in actions) or any(
        t.plan.authority_id != authority_id for t in themes
    ):
        raise ValidationError("Choose actions and themes from this authority's plans")
    version_claim(indicator, expected_version)
    before = {
        "actions": sorted(a.reference for a in indicator.actions.all()),
        "themes": sorted(t.name for t in indicator.themes.all()),
    }
    indicator.actions.set(actions)
    indicator.themes.set(themes)
    after = {
        "actions": sorted(a.reference for a in actions),
        "themes": sorted(t.name for t in themes),
    }
    changes = diff(before, after)
    if changes:
        audit_record(
            authority=indicator.authority,
            actor=actor,
            verb="linked",
            obj=indicator,
            changes=changes,
        )
    return indicator


def _measure_code(authority: Authority, measure: Measure) -> str:
    base = f"M{measure.pk}"
    taken = set(Indicator.objects.in_authority(authority).values_list("code", flat=True))
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code


@transaction.atomic
def measure_convert(
    *,
    measure: Measure,
    actor: User | None,
    catalogue: CatalogueEntry | None = None,
) -> Indicator:
    """Make a plan's written "measure of success" into an indicator linked to its theme.

    With a catalogue entry, the authority's copy of that entry is used (adopted if need be),
    so "reduce re-referrals" becomes the standard re-referral indicator; without one, a new
    local indicator is made with the measure's words as its name and definition.
    """
    authority = measure.plan.authority
    if Indicator.objects.filter(measure=measure).exists():
        raise ValidationError("This measure of success is already an indicator")
    if catalogue is not None:
        indicator = (
            Indicator.objects.in_authority(authority).filter(catalogue=catalogue).first()
            or indicator_adopt(authority=authority, actor=actor, entries=[catalogue])[0]
        )
        if indicator.measure_id is None:
            indicator.measure = measure
            indicator.save(update_fields=["measure"])
    else:
        text = " ".join(measure.text.split())
        name = text if len(text) <= 200 else text[:199].rsplit(" ", 1)[0] + "…"
        indicator = indicator_create(
            authority=authority,
            actor=actor,
            fields=IndicatorFields(
                code=_measure_code(authority, measure),
                name=name,
                area=measure.theme.name[:100] if measure.theme else "",
                definition=text,
                unit=Unit.PERCENT,
            ),
        )
        indicator.measure = measure
        indicator.save(update_fields=["measure"])
    if measure.theme is not None:
        indicator.themes.add(measure.theme)
    audit_record(
        authority=authority,
        actor=actor,
        verb="converted",
        obj=indicator,
        changes={"measure of success": [None, measure.text[:300]]},
    )
    return indicator


def catalogue_suggest(text: str, entries: Iterable[CatalogueEntry]) -> CatalogueEntry | None:
    """The catalogue entry whose name shares the most words with `text`, if any share two."""
    words = _words(text)
    best, score = None, 1
    for entry in entries:
        shared = len(words & _words(entry.name))
        if shared > score:
            best, score = entry, shared
    return best


_STOP = {"the", "of", "a", "an", "in", "to", "and", "or", "for", "with", "on", "by", "their"}


def _words(text: str) -> set[str]:
    found = {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", text.lower())}
    return found - _STOP
