"""Chainable reads for the findings register."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models.functions import Coalesce

from stocktake.core.tenancy import authority_lookup

if TYPE_CHECKING:
    from stocktake.accounts.models import Authority


class SourceQuerySet(models.QuerySet[Any]):
    def in_authority(self, authority: Authority) -> SourceQuerySet:
        return self.filter(**authority_lookup(self.model, authority))

    def in_date_order(self) -> SourceQuerySet:
        """Oldest first; undated sources last, in the order they were added."""
        day = Coalesce("fieldwork_start", "published_on", "fieldwork_end")
        return self.annotate(timeline_date=day).order_by(
            models.F("timeline_date").asc(nulls_last=True), "created_at", "id"
        )

    def with_finding_count(self) -> SourceQuerySet:
        return self.annotate(finding_count=models.Count("findings", distinct=True))


class FindingQuerySet(models.QuerySet[Any]):
    def in_authority(self, authority: Authority) -> FindingQuerySet:
        return self.filter(**authority_lookup(self.model, authority))

    def top_level(self) -> FindingQuerySet:
        return self.filter(parent__isnull=True)
