"""Moderation: a second reviewer's grades beside the auditor's, never over them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from stocktake.accounts.models import User
from stocktake.audit.services import audit_record
from stocktake.quality.choices import Grade
from stocktake.quality.models import CaseAudit, ModeratedGrade, Moderation
from stocktake.quality.services.indicators import qa_indicators_compute


@dataclass(frozen=True)
class DomainDecision:
    domain_id: int
    grade: str
    reason: str = ""


def _check(
    audit: CaseAudit,
    actor: User | None,
    moderated_on: dt.date | None,
    overall_grade: str,
    reason: str,
    decisions: list[DomainDecision],
    today: dt.date,
) -> dict[int, str]:
    if not audit.is_completed:
        raise ValidationError("Only a completed audit can be moderated")
    if Moderation.objects.filter(audit=audit).exists():
        raise ValidationError(f"The audit of case {audit.case_reference} is already moderated")
    if actor is not None and audit.auditor is not None and audit.auditor.user_id == actor.pk:
        raise ValidationError("You audited this case: someone else must moderate it")
    errors: dict[str, str] = {}
    auditor_grades = {g.domain_id: g.grade for g in audit.grades.all()}
    if overall_grade not in Grade.values:
        errors["overall_grade"] = "Choose the overall grade you would give"
    elif overall_grade != audit.overall_grade and not reason.strip():
        errors["reason"] = "Say why you would grade the audit differently"
    for decision in decisions:
        if decision.domain_id not in auditor_grades:
            continue
        key = f"grade_{decision.domain_id}"
        if decision.grade not in Grade.values:
            errors[key] = "Choose the grade you would give for this domain"
        elif decision.grade != auditor_grades[decision.domain_id] and not decision.reason.strip():
            errors[f"reason_{decision.domain_id}"] = (
                "Say why you would grade this domain differently"
            )
    missing = set(auditor_grades) - {d.domain_id for d in decisions}
    for domain_id in missing:
        errors[f"grade_{domain_id}"] = "Choose the grade you would give for this domain"
    if moderated_on is None:
        errors["moderated_on"] = "Enter the date of the moderation"
    elif moderated_on > today:
        errors["moderated_on"] = "The date of the moderation cannot be in the future"
    elif audit.completed_on and moderated_on < audit.completed_on:
        errors["moderated_on"] = (
            f"The moderation cannot be before the audit was completed "
            f"({audit.completed_on:%-d %B %Y})"
        )
    if errors:
        raise ValidationError(errors)
    return auditor_grades


@transaction.atomic
def moderation_record(
    *,
    audit: CaseAudit,
    actor: User | None,
    moderated_on: dt.date | None,
    overall_grade: str,
    reason: str,
    decisions: list[DomainDecision],
    today: dt.date | None = None,
    compute: bool = True,
    moderator_known: bool = True,
) -> Moderation:
    """Record the moderator's grades. Agreement is worked out, not typed: a grade agrees when
    it is the auditor's. A changed grade needs its reason; the auditor's stays as it was."""
    today = today or timezone.localdate()
    audit = CaseAudit.objects.select_for_update().get(pk=audit.pk)
    auditor_grades = _check(audit, actor, moderated_on, overall_grade, reason, decisions, today)
    assert moderated_on is not None
    moderation = Moderation.objects.create(
        audit=audit,
        moderator=actor if moderator_known else None,
        moderated_on=moderated_on,
        overall_agreed=overall_grade == audit.overall_grade,
        overall_grade=overall_grade,
        reason=reason.strip(),
    )
    ModeratedGrade.objects.bulk_create(
        ModeratedGrade(
            moderation=moderation,
            domain_id=d.domain_id,
            agreed=d.grade == auditor_grades[d.domain_id],
            grade=d.grade,
            reason=d.reason.strip(),
        )
        for d in decisions
        if d.domain_id in auditor_grades
    )
    audit_record(
        authority=audit.round.authority,
        actor=actor,
        verb="moderated",
        obj=audit,
        changes={
            "overall_grade": [audit.overall_grade, overall_grade],
            "agreed": moderation.overall_agreed,
            **({"reason": moderation.reason} if moderation.reason else {}),
        },
    )
    if compute:
        qa_indicators_compute(authority=audit.round.authority, actor=actor, today=today)
    return moderation
