"""Chainable reads for audits: in an authority, visible to a member, known by a date."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from stocktake.accounts.models import Authority

if TYPE_CHECKING:
    from stocktake.accounts.models import User


def end_of(day: dt.date) -> dt.datetime:
    """The last moment of `day` in the service's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


class FrameworkQuerySet(models.QuerySet[Any]):
    def in_authority(self, authority: Authority) -> FrameworkQuerySet:
        return self.filter(authority=authority)


class RoundQuerySet(models.QuerySet[Any]):
    def in_authority(self, authority: Authority) -> RoundQuerySet:
        return self.filter(authority=authority)


class CaseAuditQuerySet(models.QuerySet[Any]):
    def in_authority(self, authority: Authority) -> CaseAuditQuerySet:
        return self.filter(round__authority=authority)

    def assigned_to(self, user: User) -> CaseAuditQuerySet:
        """The audits a person auditing or moderating them may see."""
        return self.filter(Q(auditor__user=user) | Q(moderator__user=user))

    def completed(self) -> CaseAuditQuerySet:
        return self.filter(status="completed")

    def open(self) -> CaseAuditQuerySet:
        return self.exclude(status="completed")

    def known_by(self, day: dt.date) -> CaseAuditQuerySet:
        """Completed on or before `day` and recorded in Stocktake by the end of it."""
        return self.completed().filter(completed_on__lte=day, recorded_at__lte=end_of(day))

    def overdue(self, today: dt.date) -> CaseAuditQuerySet:
        return self.open().filter(due_date__lt=today)


class AuditActionQuerySet(models.QuerySet[Any]):
    def in_authority(self, authority: Authority) -> AuditActionQuerySet:
        return self.filter(audit__round__authority=authority)

    def open_on(self, day: dt.date) -> AuditActionQuerySet:
        """Raised by the end of `day` and not completed (as far as was known) by then."""
        done_by_then = Q(completed_on__lte=day, completed_recorded_at__lte=end_of(day))
        return self.filter(created_at__lte=end_of(day)).exclude(done_by_then)

    def overdue(self, today: dt.date) -> AuditActionQuerySet:
        return self.open_on(today).filter(due_date__lt=today)


class ConcernQuerySet(models.QuerySet[Any]):
    def in_authority(self, authority: Authority) -> ConcernQuerySet:
        return self.filter(audit__round__authority=authority)

    def open(self) -> ConcernQuerySet:
        return self.filter(closed_at__isnull=True)
