"""Child-level data: Annex A extracts (metadata here, rows as Parquet in media storage),
the rows rejected from them, each authority's pseudonymisation key, and the workforce return.

Nothing here holds a child's identifier as given: rows are keyed by an HMAC of the Child
Unique ID under the authority's key (ADR 0020).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from stocktake.accounts.models import Authority
from stocktake.core.constraints import choice_check


class PseudonymKey(models.Model):
    """The authority's secret for the keyed hash of child IDs. It never leaves the server:
    no page, export or command shows it."""

    authority_path = "authority"

    authority = models.OneToOneField(Authority, on_delete=models.CASCADE, related_name="+")
    secret = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Pseudonymisation key of {self.authority}"


class Extract(models.Model):
    """One Annex A extract taken on `extract_date`: where its Parquet files are, what was
    read and rejected, and the KPIs computed from it."""

    authority_path = "authority"

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Checked, waiting to be applied"
        APPLIED = "applied", "Applied: its KPIs are indicator figures"

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="extracts")
    extract_date = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREVIEWED)
    synthetic = models.BooleanField(
        default=False, help_text="Made-up children for a demonstration, not real records"
    )
    filename = models.CharField(max_length=200, help_text="The uploaded file's name only")
    folder = models.CharField(max_length=200, help_text="Where its Parquet files are stored")
    lists = models.JSONField(default=list, help_text="Rows read, rejected and stored per list")
    problems = models.JSONField(default=list, blank=True)
    results = models.JSONField(default=dict, blank=True, help_text="The computed KPIs")
    definition_version = models.CharField(max_length=20, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-extract_date", "-id"]
        constraints = [
            choice_check("status", ["previewed", "applied"], name="extract_status_valid"),
        ]

    def __str__(self) -> str:
        label = " (synthetic)" if self.synthetic else ""
        return f"Annex A extract at {self.extract_date:%-d %B %Y}{label}"

    @property
    def rows_read(self) -> int:
        return sum(int(entry.get("read", 0)) for entry in self.lists)

    @property
    def rows_rejected(self) -> int:
        return sum(int(entry.get("rejected", 0)) for entry in self.lists)


class RejectedRow(models.Model):
    """One reason a row was left out of an extract (a row may have several)."""

    authority_path = "extract__authority"

    extract = models.ForeignKey(Extract, on_delete=models.CASCADE, related_name="rejected")
    list_number = models.PositiveSmallIntegerField()
    sheet = models.CharField(max_length=100)
    row = models.PositiveIntegerField()
    column = models.CharField(max_length=300)
    reason = models.CharField(max_length=500)
    subject = models.CharField(
        max_length=64, blank=True, help_text="The pseudonymised ID of the child or adopter"
    )

    class Meta:
        ordering = ["list_number", "row", "column", "id"]

    def __str__(self) -> str:
        return f"{self.sheet}, row {self.row}, {self.column}: {self.reason}"


class WorkforceReturn(models.Model):
    """One team's workforce figures for a month (csc-data.md §7, Workforce)."""

    authority_path = "authority"

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="workforce_returns"
    )
    month = models.DateField(help_text="The first day of the month the figures are for")
    team = models.CharField(max_length=200)
    case_holding_fte = models.DecimalField(max_digits=8, decimal_places=2)
    cases = models.PositiveIntegerField(help_text="Cases held by the case-holding workers")
    agency_fte = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    employed_fte = models.DecimalField(
        max_digits=8, decimal_places=2, help_text="Social workers employed by the council"
    )
    vacant_fte = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    leavers_fte = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    newly_qualified = models.PositiveIntegerField(default=0)
    newly_qualified_cases = models.PositiveIntegerField(default=0)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month", "team"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "month", "team"], name="workforce_team_month_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(case_holding_fte__gte=0)
                & models.Q(agency_fte__gte=0)
                & models.Q(employed_fte__gte=0)
                & models.Q(vacant_fte__gte=0)
                & models.Q(leavers_fte__gte=0),
                name="workforce_fte_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} workforce, {self.month:%B %Y}"
