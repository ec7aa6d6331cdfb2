"""Audit actions: what must be put right on a case, by whom and by when."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from stocktake.accounts.models import User
from stocktake.audit.services import audit_record
from stocktake.people.models import Person
from stocktake.quality.models import AuditAction, CaseAudit
from stocktake.quality.services.indicators import qa_indicators_compute


@transaction.atomic
def audit_action_create(
    *,
    audit: CaseAudit,
    actor: User | None,
    text: str,
    owner: Person | None,
    due_date: dt.date | None,
    today: dt.date | None = None,
) -> AuditAction:
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = "Enter what must be done on the case"
    if owner is None:
        errors["owner"] = "Choose who will do it"
    elif owner.authority_id != audit.round.authority_id:
        errors["owner"] = "Choose someone from your register of people"
    if due_date is None:
        errors["due_date"] = "Enter the date it must be done by"
    if errors:
        raise ValidationError(errors)
    assert owner is not None and due_date is not None
    action = AuditAction.objects.create(
        audit=audit, text=text.strip(), owner=owner, due_date=due_date, created_by=actor
    )
    audit_record(
        authority=audit.round.authority,
        actor=actor,
        verb="audit action raised",
        obj=audit,
        changes={"action": action.text[:200], "owner": owner.name, "due": due_date},
    )
    qa_indicators_compute(authority=audit.round.authority, actor=actor, today=today)
    return action


@transaction.atomic
def audit_action_complete(
    *,
    action: AuditAction,
    actor: User | None,
    completed_on: dt.date | None,
    note: str,
    today: dt.date | None = None,
) -> AuditAction:
    """Record when the action was done (which may be after its due date: it then counts as
    late, never on time)."""
    today = today or timezone.localdate()
    action = AuditAction.objects.select_for_update().get(pk=action.pk)
    if action.completed_on is not None:
        raise ValidationError("This action is already recorded as done")
    if completed_on is None:
        raise ValidationError({"completed_on": "Enter the date the action was done"})
    if completed_on > today:
        raise ValidationError({"completed_on": "The date it was done cannot be in the future"})
    action.completed_on, action.completion_note = completed_on, note.strip()
    action.completed_by, action.completed_recorded_at = actor, timezone.now()
    action.save()
    audit = action.audit
    audit_record(
        authority=audit.round.authority,
        actor=actor,
        verb="audit action completed",
        obj=audit,
        changes={
            "action": action.text[:200],
            "completed_on": completed_on,
            "late": completed_on > action.due_date,
        },
    )
    qa_indicators_compute(authority=audit.round.authority, actor=actor, today=today)
    return action
