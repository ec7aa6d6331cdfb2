"""Recording an audit (a draft, then completed), every view of it, and safeguarding concerns."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from stocktake.accounts.models import Membership, User
from stocktake.accounts.roles import Role
from stocktake.audit.services import audit_record
from stocktake.core.errors import ConflictError
from stocktake.quality.choices import AuditStatus, Grade
from stocktake.quality.models import CaseAudit, DomainGrade, SafeguardingConcern
from stocktake.quality.services.indicators import qa_indicators_compute

TEXT_FIELDS = (
    "strengths",
    "development",
    "child_voice",
    "practitioner_feedback",
    "manager_feedback",
)
INADEQUATE_REASON = "Graded inadequate"
SAVED = [
    *TEXT_FIELDS,
    "overall_grade",
    "completed_on",
    "status",
    "completed_by",
    "recorded_at",
    "moderation_required",
    "moderation_reason",
]


def sample_reason(share: int) -> str:
    return f"In the {share}% sample"


@dataclass
class AuditFields:
    grades: dict[int, str] = field(default_factory=dict)  # domain id → grade
    overall_grade: str = ""
    strengths: str = ""
    development: str = ""
    child_voice: str = ""
    practitioner_feedback: str = ""
    manager_feedback: str = ""
    completed_on: dt.date | None = None


def _check(
    audit: CaseAudit, fields: AuditFields, complete: bool, today: dt.date, narrative: bool
) -> None:
    domains = list(audit.round.version.domains.all())
    errors: dict[str, str] = {}
    valid = set(Grade.values)
    for domain in domains:
        grade = fields.grades.get(domain.pk, "")
        if (grade and grade not in valid) or (complete and not grade):
            errors[f"grade_{domain.pk}"] = f"Choose a grade for {domain.name}"
    if (fields.overall_grade and fields.overall_grade not in valid) or (
        complete and not fields.overall_grade
    ):
        errors["overall_grade"] = "Choose the overall grade"
    if complete and narrative:
        for name, message in (
            ("strengths", "Enter the strengths of the practice seen"),
            ("development", "Enter the areas for development"),
            ("child_voice", "Record the child's voice, or say why it could not be heard"),
        ):
            if not getattr(fields, name).strip():
                errors[name] = message
    if complete:
        if fields.completed_on is None:
            errors["completed_on"] = "Enter the date the audit was completed"
        elif fields.completed_on > today:
            errors["completed_on"] = "The date the audit was completed cannot be in the future"
    if errors:
        raise ValidationError(errors)


def _moderation_need(audit: CaseAudit) -> tuple[bool, str]:
    """Every audit graded inadequate is moderated, and enough others that the round's share
    of its completed audits is moderated (each audit completed is chosen while the sample is
    short of that share)."""
    if audit.overall_grade == Grade.INADEQUATE:
        return True, INADEQUATE_REASON
    share = audit.round.moderation_share
    reason = sample_reason(share)
    completed = audit.round.audits.completed().count()  # this one included
    chosen = audit.round.audits.completed().filter(moderation_reason=reason).count()
    if chosen < math.ceil(share * completed / 100):
        return True, reason
    return False, ""


def _lock(audit: CaseAudit, expected_version: int | None) -> None:
    query = CaseAudit.objects.filter(pk=audit.pk)
    if expected_version is not None:
        query = query.filter(version=expected_version)
    if not query.update(version=F("version") + 1):
        raise ConflictError(CaseAudit.objects.get(pk=audit.pk))
    audit.version = (expected_version or audit.version) + 1


@transaction.atomic
def audit_save(
    *,
    audit: CaseAudit,
    actor: User | None,
    fields: AuditFields,
    complete: bool,
    today: dt.date | None = None,
    expected_version: int | None = None,
    compute: bool = True,
    narrative_required: bool = True,
) -> CaseAudit:
    """Save what the auditor has recorded; with `complete`, check it is whole and complete
    the audit, choose it for moderation if it must be, and compute the QA indicators. A
    completed audit is never changed again (moderation keeps its own grades). An imported
    audit (`narrative_required=False`) may have grades without the written findings, as old
    spreadsheets often do."""
    today = today or timezone.localdate()
    if audit.is_completed:
        raise ValidationError(
            f"The audit of case {audit.case_reference} was completed on "
            f"{audit.completed_on:%-d %B %Y} and cannot be changed"
        )
    _check(audit, fields, complete, today, narrative_required)
    _lock(audit, expected_version)
    for name in TEXT_FIELDS:
        setattr(audit, name, getattr(fields, name).strip())
    audit.overall_grade = fields.overall_grade
    audit.completed_on = fields.completed_on
    DomainGrade.objects.filter(audit=audit).delete()  # a draft's grades, replaced
    DomainGrade.objects.bulk_create(
        DomainGrade(audit=audit, domain_id=domain_id, grade=grade)
        for domain_id, grade in fields.grades.items()
        if grade
    )
    audit.status = AuditStatus.COMPLETED if complete else AuditStatus.IN_PROGRESS
    if complete:
        audit.completed_by, audit.recorded_at = actor, timezone.now()
        audit.save(update_fields=SAVED)
        audit.moderation_required, audit.moderation_reason = _moderation_need(audit)
    audit.save(update_fields=SAVED)
    audit_record(
        authority=audit.round.authority,
        actor=actor,
        verb="completed" if complete else "saved draft",
        obj=audit,
        changes={
            "overall_grade": audit.overall_grade,
            "grades": {d.domain.code: d.grade for d in audit.grades.select_related("domain")},
            **({"moderation": audit.moderation_reason} if audit.moderation_required else {}),
        },
    )
    if complete and compute:
        qa_indicators_compute(authority=audit.round.authority, actor=actor, today=today)
    return audit


def audit_viewed(*, audit: CaseAudit, actor: User | None, page: str = "audit") -> None:
    """Record that someone looked at an audit (every view of a case is logged)."""
    audit_record(
        authority=audit.round.authority,
        actor=actor,
        verb="viewed",
        obj=audit,
        changes={"page": page},
    )


def _recipients(audit: CaseAudit) -> list[tuple[str, str]]:
    """(who, email) for every QA lead of the authority and the case's team manager."""
    found: list[tuple[str, str]] = []
    leads = Membership.objects.filter(
        authority_id=audit.round.authority_id, role=Role.QA_LEAD
    ).select_related("user")
    for membership in leads:
        person = membership.user.people.filter(authority_id=audit.round.authority_id).first()
        email = membership.user.email or (person.email if person else "")
        found.append((f"{membership.user} (quality assurance lead)", email))
    if audit.team_manager is not None:
        found.append((f"{audit.team_manager.name} (team manager)", audit.team_manager.email))
    return found


def _alert(audit: CaseAudit) -> list[dict[str, str]]:
    """Email each recipient now; the message names the case reference and links to the
    audit, and never carries what the concern says."""
    link = settings.STOCKTAKE_BASE_URL + reverse(
        "quality:audit_detail", args=[audit.round.authority.slug, audit.pk]
    )
    outcomes = []
    for who, email in _recipients(audit):
        if not email:
            outcomes.append({"who": who, "email": "", "outcome": "no email address"})
            continue
        try:
            send_mail(
                subject=f"Immediate safeguarding concern: case {audit.case_reference}",
                message=(
                    f"An immediate safeguarding concern was raised in the audit of case "
                    f"{audit.case_reference} ({audit.round.title}).\n\nRead it and record what "
                    f"was done in Stocktake:\n{link}\n"
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[email],
            )
        except Exception as error:  # a failed email is recorded and shown, never raised
            outcomes.append({"who": who, "email": email, "outcome": f"failed: {error}"[:200]})
        else:
            outcomes.append({"who": who, "email": email, "outcome": "sent"})
    return outcomes


@transaction.atomic
def concern_raise(*, audit: CaseAudit, actor: User | None, description: str) -> SafeguardingConcern:
    if not description.strip():
        raise ValidationError({"description": "Describe the concern and what is needed now"})
    concern = SafeguardingConcern.objects.create(
        audit=audit, description=description.strip(), raised_by=actor
    )
    concern.alerted = _alert(audit)
    concern.save(update_fields=["alerted"])
    audit_record(
        authority=audit.round.authority,
        actor=actor,
        verb="safeguarding concern raised",
        obj=audit,
        changes={"alerted": [f"{a['who']}: {a['outcome']}" for a in concern.alerted]},
    )
    return concern


@transaction.atomic
def concern_close(
    *, concern: SafeguardingConcern, actor: User | None, action_taken: str
) -> SafeguardingConcern:
    if concern.closed_at is not None:
        raise ValidationError("This concern is already closed")
    if not action_taken.strip():
        raise ValidationError({"action_taken": "Enter what was done about the concern"})
    concern.action_taken, concern.closed_by = action_taken.strip(), actor
    concern.closed_at = timezone.now()
    concern.save()
    audit_record(
        authority=concern.audit.round.authority,
        actor=actor,
        verb="safeguarding concern closed",
        obj=concern.audit,
        changes={"action_taken": concern.action_taken},
    )
    return concern
