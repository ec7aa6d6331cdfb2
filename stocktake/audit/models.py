from __future__ import annotations

from django.conf import settings
from django.db import models

from stocktake.accounts.models import Authority
from stocktake.core.tenancy import authority_lookup


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_object(self, obj: models.Model) -> AuditEventQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

    def in_authority(self, authority: Authority) -> AuditEventQuerySet:
        return self.filter(**authority_lookup(self.model, authority))


class AuditEvent(models.Model):
    """One change made through a service: who, when, what, and the before/after values.

    Written explicitly by services (never by signals), inserted and never updated.
    """

    authority_path = "authority"

    # PROTECT: the log outlives what it describes; deleting an authority with a log is refused
    # (ADR 0017). Only demo data is purged, on purpose (`demo.purge`).
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="audit_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    verb = models.CharField(max_length=40)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.verb} {self.object_repr}"
