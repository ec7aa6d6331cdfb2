from __future__ import annotations

from django.conf import settings
from django.db import models

from stocktake.accounts.models import Authority
from stocktake.core.constraints import choice_check
from stocktake.plans.choices import PlanKind


class ImportRun(models.Model):
    """One upload: the file as received, what it was understood to say, and the outcome.

    The file is kept in the database (not on a web server's disk) so the confirm step can be
    served by any process.
    """

    authority_path = "authority"

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Waiting for confirmation"
        APPLIED = "applied", "Imported"
        FAILED = "failed", "Could not be imported"

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    plan_name = models.CharField(max_length=200)
    plan_kind = models.CharField(
        max_length=20, choices=PlanKind.choices, default=PlanKind.IMPROVEMENT
    )
    week1_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    understood = models.JSONField(default=dict, blank=True)
    outcome = models.JSONField(default=dict, blank=True)
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    # The lead's corrections to how the file was read (ADR 0022): {"columns": {table:
    # {column: role}}, "rows": {table: {row: type}}, "layouts": {table: {"id", "name"}}}.
    corrections = models.JSONField(default=dict, blank=True)
    # Counts the previews: a correction or an import sent from an older one is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            choice_check("plan_kind", PlanKind.values, name="import_plan_kind_valid"),
            choice_check("status", ["previewed", "applied", "failed"], name="import_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.filename} → {self.plan_name}"


class SavedLayout(models.Model):
    """A table's column roles as a lead corrected them, offered for the next file whose
    table has the same headings (ADR 0022)."""

    authority_path = "authority"

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="import_layouts"
    )
    name = models.CharField(max_length=200)
    # A hash of the table's headings as the reader normalises them, in order.
    signature = models.CharField(max_length=64)
    headings = models.JSONField(default=list)  # the headings as written
    roles = models.JSONField(default=list)  # a role (or "extra") for each heading
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "signature"], name="import_layout_one_per_headings"
            )
        ]

    def __str__(self) -> str:
        return self.name
