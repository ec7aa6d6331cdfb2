"""The audit programme: rounds of cases to audit, and who audits and moderates each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from stocktake.accounts.models import Authority, User
from stocktake.audit.services import audit_record, diff, snapshot
from stocktake.people.models import Person
from stocktake.quality.choices import RoundKind
from stocktake.quality.models import AuditRound, CaseAudit, FrameworkVersion
from stocktake.quality.sampling import reference_problem

ASSIGN_FIELDS = ["auditor", "moderator", "practitioner", "team_manager", "due_date"]


@dataclass(frozen=True)
class RoundFields:
    title: str
    version: FrameworkVersion
    due_date: dt.date
    kind: str = RoundKind.MONTHLY
    theme: str = ""
    moderation_share: int = 10
    illustrative: bool = False
    sample: dict[str, Any] = field(default_factory=dict)


def _check_round(authority: Authority, fields: RoundFields, references: list[str]) -> None:
    errors: dict[str, str] = {}
    title = " ".join(fields.title.split())
    if not title:
        errors["title"] = "Enter a title for the round, such as “Monthly audit – June 2019”"
    elif AuditRound.objects.in_authority(authority).filter(title__iexact=title).exists():
        errors["title"] = f"There is already a round called {title}"
    if fields.version.framework.authority_id != authority.pk:
        errors["framework"] = "Choose one of your frameworks"
    if fields.kind not in RoundKind.values:
        errors["kind"] = "Choose whether this is a monthly or a themed audit"
    if fields.kind == RoundKind.THEMED and not fields.theme.strip():
        errors["theme"] = "Enter the theme of the audit, such as neglect"
    if not 0 <= fields.moderation_share <= 100:
        errors["moderation_share"] = "The share moderated must be from 0 to 100 per cent"
    problems = [p for r in references if (p := reference_problem(r))]
    if not references:
        errors["cases"] = "Enter at least one case reference to audit"
    elif problems:
        errors["cases"] = problems[0]
    elif len({r.casefold() for r in references}) != len(references):
        errors["cases"] = "A case is listed twice: audit each case once in a round"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def round_create(
    *,
    authority: Authority,
    actor: User | None,
    fields: RoundFields,
    references: list[str],
    auditors: list[Person],
) -> AuditRound:
    """A round and an audit for each case, shared among `auditors` in turn."""
    _check_round(authority, fields, references)
    if any(p.authority_id != authority.pk for p in auditors):
        raise ValidationError({"auditors": "Choose auditors from your register of people"})
    audit_round = AuditRound.objects.create(
        authority=authority,
        title=" ".join(fields.title.split())[:200],
        kind=fields.kind,
        theme=fields.theme.strip()[:200],
        version=fields.version,
        due_date=fields.due_date,
        moderation_share=fields.moderation_share,
        sample=fields.sample,
        illustrative=fields.illustrative,
        created_by=actor,
    )
    CaseAudit.objects.bulk_create(
        CaseAudit(
            round=audit_round,
            case_reference=reference,
            auditor=auditors[i % len(auditors)] if auditors else None,
            due_date=fields.due_date,
        )
        for i, reference in enumerate(references)
    )
    audit_record(
        authority=authority,
        actor=actor,
        verb="scheduled",
        obj=audit_round,
        changes={
            "cases": len(references),
            "framework": str(fields.version),
            "due": fields.due_date,
            "auditors": [p.name for p in auditors],
            **({"sample": fields.sample} if fields.sample else {}),
        },
    )
    return audit_round


@transaction.atomic
def audit_assign(
    *,
    audit: CaseAudit,
    actor: User | None,
    auditor: Person | None,
    moderator: Person | None,
    practitioner: str,
    team_manager: Person | None,
    due_date: dt.date,
) -> CaseAudit:
    authority_id = audit.round.authority_id
    people = [p for p in (auditor, moderator, team_manager) if p is not None]
    if any(p.authority_id != authority_id for p in people):
        raise ValidationError("Choose people from your register")
    if auditor is not None and moderator is not None and auditor.pk == moderator.pk:
        raise ValidationError({"moderator": "The moderator must be someone other than the auditor"})
    before = snapshot(audit, ASSIGN_FIELDS)
    audit.auditor, audit.moderator, audit.team_manager = auditor, moderator, team_manager
    audit.practitioner = " ".join(practitioner.split())[:200]
    audit.due_date = due_date
    audit.save(update_fields=[*ASSIGN_FIELDS])
    audit_record(
        authority=audit.round.authority,
        actor=actor,
        verb="assigned",
        obj=audit,
        changes=diff(before, snapshot(audit, ASSIGN_FIELDS)),
    )
    return audit
