"""Chainable reads: `Indicator.objects.in_authority(a).for_theme(t).for_area("Workforce")`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from stocktake.core.tenancy import authority_lookup

if TYPE_CHECKING:
    from stocktake.accounts.models import Authority


# How an indicator evidences a finding: linked to it directly, linked to an action that
# answers it, or made from a measure of success linked to it.
FINDING_ROUTES = ("impact_links__finding", "actions__findings", "measure__impact_links__finding")


class IndicatorQuerySet(models.QuerySet[Any]):
    def in_authority(self, authority: Authority) -> IndicatorQuerySet:
        return self.filter(**authority_lookup(self.model, authority))

    def for_theme(self, theme_id: int | None) -> IndicatorQuerySet:
        return self.filter(themes=theme_id) if theme_id else self

    def for_area(self, area: str) -> IndicatorQuerySet:
        return self.filter(area=area) if area else self

    def for_finding(self, finding_id: int | None) -> IndicatorQuerySet:
        """Indicators evidencing a finding: linked to it directly, linked to an action that
        answers it, or made from a measure of success linked to it. (Needs the findings app.)"""
        if not finding_id:
            return self
        linked = models.Q()
        for route in FINDING_ROUTES:
            linked |= models.Q(**{route: finding_id})
        return self.filter(linked).distinct()

    def for_action(self, action_id: int) -> IndicatorQuerySet:
        return self.filter(actions=action_id)

    def search(self, text: str) -> IndicatorQuerySet:
        q = models.Q()
        for word in text.split():
            q &= models.Q(code__icontains=word) | models.Q(name__icontains=word)
        return self.filter(q)
