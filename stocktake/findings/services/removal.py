"""Deleting a source (with its judgements and findings) or one finding (its sub-findings
stay, at the top level of their source). Each says in the audit log what went with it."""

from __future__ import annotations

from django.db import transaction

from stocktake.accounts.models import User
from stocktake.audit.services import audit_record, snapshot
from stocktake.findings.models import Finding, Source
from stocktake.findings.services.findings import FINDING_FIELDS
from stocktake.findings.services.sources import SOURCE_FIELDS


@transaction.atomic
def source_delete(*, source: Source, actor: User | None) -> None:
    """Delete the source, its judgements and its findings (with their links to actions,
    indicators, measures and repeats; the actions, indicators and measures stay). Its file
    is removed from storage once the deletion is committed."""
    findings = list(source.findings.order_by("position", "id").values_list("reference", "text"))
    judgements = [str(j) for j in source.judgements.order_by("id")]
    audit_record(
        authority=source.authority,
        actor=actor,
        verb="deleted",
        obj=source,
        changes={
            **{k: [v, None] for k, v in snapshot(source, SOURCE_FIELDS).items() if v},
            "judgements": [judgements, []],
            "findings": [[f"{ref} {text[:80]}".strip() for ref, text in findings], []],
        },
    )
    stored = source.file.name if source.file else ""
    storage = source.file.storage
    source.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def finding_delete(*, finding: Finding, actor: User | None) -> None:
    """Delete the finding and its links. Its sub-findings are kept, with no parent."""
    children = list(finding.children.order_by("position", "id"))
    Finding.objects.filter(pk__in=[c.pk for c in children]).update(parent=None)
    before = snapshot(finding, FINDING_FIELDS)
    audit_record(
        authority=finding.source.authority,
        actor=actor,
        verb="deleted",
        obj=finding,
        changes={
            **{k: [v, None] for k, v in before.items() if v},
            "source": [finding.source.title, None],
            "sub-findings now at the top level": [
                [],
                [c.reference or c.text[:40] for c in children],
            ],
            "actions": [sorted(finding.actions.values_list("reference", flat=True)), []],
        },
    )
    finding.delete()
