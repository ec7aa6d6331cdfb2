"""Chainable reads for plans and actions: `plan.actions.open().overdue(today)`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate

from stocktake.core.tenancy import authority_lookup
from stocktake.plans.choices import DeliveryStatus, ImpactStatus

if TYPE_CHECKING:
    from stocktake.accounts.models import Authority, User

STALE_AFTER_DAYS = 14


def stale_cutoff(today: dt.date, days: int = STALE_AFTER_DAYS) -> dt.date:
    return today - dt.timedelta(days=days)


class PlanQuerySet(models.QuerySet[Any]):
    def in_authority(self, authority: Authority) -> PlanQuerySet:
        return self.filter(**authority_lookup(self.model, authority))


class ActionQuerySet(models.QuerySet[Any]):
    def open(self) -> ActionQuerySet:
        return self.exclude(delivery_status=DeliveryStatus.COMPLETE)

    def overdue(self, today: dt.date) -> ActionQuerySet:
        return self.open().filter(due_date__lt=today)

    def due_between(self, start: dt.date, end: dt.date) -> ActionQuerySet:
        return self.open().filter(due_date__gte=start, due_date__lte=end)

    def due_in_week(self, start: dt.date) -> ActionQuerySet:
        """Open actions due in the seven days from `start` (a plan week's first day)."""
        return self.due_between(start, start + dt.timedelta(days=6))

    def impact_not_evidenced(self) -> ActionQuerySet:
        return self.exclude(impact_status=ImpactStatus.EVIDENCED)

    def with_last_update(self) -> ActionQuerySet:
        """Annotate `last_update_on` (the newest dated update's date, or None) and `last_seen`
        (that date, or the day the action was created if it has no dated update). An undated
        update says nothing about when it was written, so it is left out."""
        if "last_seen" in self.query.annotations:
            return self
        update = apps.get_model("plans", "Update")
        newest = update.objects.filter(action=OuterRef("pk"), date__isnull=False).order_by(
            "-date", "-id"
        )
        return self.annotate(
            last_update_on=Subquery(newest.values("date")[:1]),
            last_seen=Coalesce(Subquery(newest.values("date")[:1]), TruncDate("created_at")),
        )

    def stale(self, today: dt.date, days: int = STALE_AFTER_DAYS) -> ActionQuerySet:
        """Open actions with no update for `days` or more (counted from creation if none)."""
        return self.with_last_update().open().filter(last_seen__lte=stale_cutoff(today, days))

    def owned_by(self, person_ids: list[int] | models.QuerySet[Any]) -> ActionQuerySet:
        owner = apps.get_model("plans", "ActionOwner")
        return self.filter(
            Exists(owner.objects.filter(action=OuterRef("pk"), person__in=person_ids))
        )

    def owned_by_user(self, user: User) -> ActionQuerySet:
        person = apps.get_model("people", "Person")
        return self.owned_by(person.objects.filter(user=user).values("pk"))

    def search(self, text: str) -> ActionQuerySet:
        q = Q()
        for word in text.split():
            q &= (
                Q(reference__icontains=word)
                | Q(text__icontains=word)
                | Q(impact__icontains=word)
                | Q(outcome__icontains=word)
            )
        return self.filter(q)

    def with_owners(self) -> ActionQuerySet:
        owner = apps.get_model("plans", "ActionOwner")
        return self.prefetch_related(
            models.Prefetch("owners", queryset=owner.objects.select_related("person"))
        )
