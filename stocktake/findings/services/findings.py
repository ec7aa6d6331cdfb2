"""Writes to findings: one at a time, a pasted list at once, and repeats of earlier ones."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from stocktake.accounts.models import User
from stocktake.audit.services import audit_record, diff, snapshot
from stocktake.core.locking import version_claim
from stocktake.findings.capture import CapturedItem, number_unreferenced
from stocktake.findings.choices import FindingKind
from stocktake.findings.models import Finding, Source

FINDING_FIELDS = [
    "reference",
    "text",
    "kind",
    "addressee",
    "parent",
    "planned_response",
    "progress",
]
MAX_TEXT = 20_000


@dataclass
class FindingFields:
    text: str
    kind: str
    reference: str = ""
    addressee: str = ""
    parent: Finding | None = None
    planned_response: str = ""
    progress: str = ""


def normalise_reference(reference: str) -> str:
    return " ".join(reference.split()).rstrip(".")


def _ancestors(finding: Finding) -> list[Finding]:
    """The finding, its parent, its parent's parent… (stops if the chain loops)."""
    chain: list[Finding] = []
    seen: set[int] = set()
    node: Finding | None = finding
    while node is not None and node.pk not in seen:
        chain.append(node)
        seen.add(node.pk)
        node = node.parent
    return chain


def _validate(source: Source, fields: FindingFields, finding: Finding | None) -> str:
    errors: dict[str, str] = {}
    reference = normalise_reference(fields.reference)
    if len(reference) > 40:
        errors["reference"] = "The reference must be 40 characters or fewer"
    elif reference and (
        source.findings.filter(reference__iexact=reference)
        .exclude(pk=finding.pk if finding else 0)
        .exists()
    ):
        errors["reference"] = f"This source already has a finding {reference}"
    if not fields.text.strip():
        errors["text"] = "Enter the finding as the source words it"
    for name in ("text", "planned_response", "progress"):
        if len(getattr(fields, name)) > MAX_TEXT:
            errors[name] = f"Use {MAX_TEXT:,} characters or fewer"
    if fields.kind not in FindingKind.values:
        errors["kind"] = "Select what kind of finding this is"
    if len(fields.addressee) > 200:
        errors["addressee"] = "Who it is addressed to must be 200 characters or fewer"
    parent = fields.parent
    if parent is not None:
        if parent.source_id != source.pk:
            errors["parent"] = "Choose a finding from the same source to sit under"
        elif finding is not None and parent.pk == finding.pk:
            errors["parent"] = "A finding cannot sit under itself"
        elif finding is not None and any(a.pk == finding.pk for a in _ancestors(parent)):
            name = finding.reference or "this finding"
            errors["parent"] = (
                f"{parent.reference or 'That finding'} is already under {name}, so {name} "
                "cannot sit under it: a finding cannot be under one of its own sub-findings"
            )
    if errors:
        raise ValidationError(errors)
    return reference


def _apply(finding: Finding, fields: FindingFields, reference: str) -> None:
    finding.reference, finding.text = reference, fields.text.strip()
    finding.kind, finding.addressee = fields.kind, " ".join(fields.addressee.split())
    finding.parent = fields.parent
    finding.planned_response = fields.planned_response.strip()
    finding.progress = fields.progress.strip()


def _next_position(source: Source) -> int:
    return (source.findings.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def finding_create(*, source: Source, actor: User | None, fields: FindingFields) -> Finding:
    reference = _validate(source, fields, None)
    finding = Finding(source=source, position=_next_position(source))
    _apply(finding, fields, reference)
    finding.save()
    audit_record(
        authority=source.authority,
        actor=actor,
        verb="created",
        obj=finding,
        changes=diff({}, snapshot(finding, FINDING_FIELDS)),
    )
    return finding


@transaction.atomic
def finding_update(
    *, finding: Finding, actor: User | None, expected_version: int | None, fields: FindingFields
) -> Finding:
    """Save an edit, or raise ConflictError if someone saved since `expected_version`."""
    reference = _validate(finding.source, fields, finding)
    version_claim(finding, expected_version)
    before = snapshot(finding, FINDING_FIELDS)
    _apply(finding, fields, reference)
    finding.save(update_fields=FINDING_FIELDS)
    changes = diff(before, snapshot(finding, FINDING_FIELDS))
    if changes:
        audit_record(
            authority=finding.source.authority,
            actor=actor,
            verb="updated",
            obj=finding,
            changes=changes,
        )
    return finding


def capture_check(source: Source, items: list[CapturedItem]) -> list[str]:
    """Number the unnumbered items and say what stops the list being saved ([] if nothing).
    Used by the preview and by `findings_capture`, so the preview tells the truth."""
    existing = {
        r.casefold(): r
        for r in source.findings.exclude(reference="").values_list("reference", flat=True)
    }
    number_unreferenced(items, set(existing.values()))
    problems: list[str] = []
    if not items:
        problems.append("No findings were found in the text. Paste a numbered or bulleted list")
    seen: set[str] = set()
    for index, item in enumerate(items, start=1):
        item.reference = normalise_reference(item.reference)
        key = item.reference.casefold()
        if key in existing:
            problems.append(f"Item {index}: this source already has a finding {item.reference}")
        elif key in seen:
            problems.append(f"Item {index}: the list has {item.reference} more than once")
        seen.add(key)
        if len(item.text) > MAX_TEXT:
            problems.append(f"Item {index} is longer than {MAX_TEXT:,} characters")
        if len(item.reference) > 40:
            problems.append(f"Item {index}: the reference must be 40 characters or fewer")
        parent = item.reference.rpartition(".")[0]
        if parent and (parent.casefold() in existing or parent.casefold() in seen):
            item.parent_reference = parent
    return problems


@transaction.atomic
def findings_capture(
    *,
    source: Source,
    actor: User | None,
    items: list[CapturedItem],
    kind: str,
    addressee: str = "",
) -> list[Finding]:
    """Save a pasted list as findings, whole or not at all."""
    problems = capture_check(source, items)
    if kind not in FindingKind.values:
        problems.append("Select what kind of findings these are")
    if problems:
        raise ValidationError({"text": problems})
    by_ref = {f.reference.casefold(): f for f in source.findings.exclude(reference="")}
    position = _next_position(source)
    created: list[Finding] = []
    for offset, item in enumerate(items):
        finding = Finding.objects.create(
            source=source,
            reference=item.reference,
            text=item.text.strip(),
            kind=kind,
            addressee=" ".join((item.addressee or addressee).split())[:200],
            parent=by_ref.get(item.parent_reference.casefold()) if item.parent_reference else None,
            position=position + offset,
        )
        by_ref[finding.reference.casefold()] = finding
        created.append(finding)
    audit_record(
        authority=source.authority,
        actor=actor,
        verb="captured",
        obj=source,
        changes={"findings added": [None, [f.reference for f in created]]},
    )
    return created


@transaction.atomic
def finding_set_repeats(
    *,
    finding: Finding,
    actor: User | None,
    earlier: list[Finding],
    expected_version: int | None = None,
) -> None:
    """Record that `finding` raises again the `earlier` findings of earlier sources; raise
    ConflictError if the finding was saved since `expected_version` (None: a program's
    write, which checks nothing)."""
    source = finding.source
    problems: list[str] = []
    for other in earlier:
        name = f"{other.reference or 'A finding'} of “{other.source.title}”"
        if other.source.authority_id != source.authority_id:
            problems.append("Choose findings from this authority's register")
        elif other.source_id == source.pk:
            problems.append(f"{name} is in the same source, so it cannot be repeated by it")
        elif other.source.date is None or source.date is None:
            problems.append(
                f"Give both sources a date so Stocktake can tell which came first ({name})"
            )
        elif other.source.date >= source.date:
            problems.append(f"{name} is not from an earlier source")
    if problems:
        raise ValidationError({"earlier": problems})
    version_claim(finding, expected_version)
    before = sorted(str(f) for f in finding.repeats.all())
    finding.repeats.set(earlier)
    after = sorted(str(f) for f in earlier)
    if before != after:
        audit_record(
            authority=source.authority,
            actor=actor,
            verb="updated",
            obj=finding,
            changes={"repeats": [before, after]},
        )
