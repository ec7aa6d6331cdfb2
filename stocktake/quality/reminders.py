"""What a person's weekly reminder says about case audits: the audits they must do or
moderate, and the audit actions they own, that are overdue or due within the week. The
update-cycle mail calls `audit_reminder_lines` for each person it writes to (one mail, not a
second loop)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from stocktake.people.models import Person
from stocktake.quality.models import AuditAction, CaseAudit

AHEAD = dt.timedelta(days=7)


@dataclass(frozen=True)
class AuditLine:
    text: str
    url: str


def _when(due: dt.date, today: dt.date) -> str:
    if due < today:
        days = (today - due).days
        return f"overdue by {days} day{'s' * (days != 1)} (due {due:%-d %B %Y})"
    return f"due {due:%-d %B %Y}"


def _url(audit: CaseAudit) -> str:
    path = reverse("quality:audit_detail", args=[audit.round.authority.slug, audit.pk])
    return f"{settings.STOCKTAKE_BASE_URL}{path}"


def audit_reminder_lines(person: Person, today: dt.date) -> list[AuditLine]:
    """Three queries; nothing for someone with no audit work due."""
    soon = today + AHEAD
    audits = CaseAudit.objects.select_related("round__authority")
    lines = [
        AuditLine(
            f"Audit case {a.case_reference} ({a.round.title}): {_when(a.due_date, today)}", _url(a)
        )
        for a in audits.filter(auditor=person, due_date__lte=soon).open().order_by("due_date")
    ]
    lines += [
        AuditLine(f"Moderate the audit of case {a.case_reference} ({a.round.title})", _url(a))
        for a in audits.filter(
            moderator=person, moderation_required=True, moderation__isnull=True
        ).completed()
    ]
    actions = AuditAction.objects.filter(
        owner=person, completed_on__isnull=True, due_date__lte=soon
    ).select_related("audit__round__authority")
    lines += [
        AuditLine(
            f"Audit action on case {a.audit.case_reference}: {a.text[:120]} – "
            f"{_when(a.due_date, today)}",
            _url(a.audit),
        )
        for a in actions.order_by("due_date")
    ]
    return lines
