"""Board reports: each `Report` is one request for a kind of report over a period, built
outside the request from a frozen snapshot (`snapshot`, a `ReportDocument` as JSON) and
issued with its files. A report that fails leaves status "failed", a message and no files.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from stocktake.accounts.models import Authority
from stocktake.core.constraints import choice_check
from stocktake.core.tenancy import authority_lookup
from stocktake.documents import FORMATS
from stocktake.documents.formats import CONTENT_TYPES, FORMAT_LABELS
from stocktake.governance.models import Meeting
from stocktake.plans.models import Plan
from stocktake.reports.builders import KINDS


class ReportQuerySet(models.QuerySet["Report"]):
    def in_authority(self, authority: Authority) -> ReportQuerySet:
        return self.filter(**authority_lookup(self.model, authority))

    def issued(self) -> ReportQuerySet:
        return self.filter(status=Report.Status.ISSUED)


class Report(models.Model):
    authority_path = "authority"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        BUILDING = "building", "Being prepared"
        ISSUED = "issued", "Issued"
        FAILED = "failed", "Failed"

    # PROTECT: an issued paper outlives the plan and authority it reports on; deleting either
    # is refused while it has papers (ADR 0017). Only demo data is purged (`demo.purge`).
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="reports")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(max_length=30, choices=list(KINDS.items()))
    title = models.CharField(max_length=300, blank=True)
    period_start = models.DateField()
    period_end = models.DateField()
    as_of = models.DateField(help_text="The day the report is judged on")
    include_unreviewed = models.BooleanField(default=False)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="papers"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True, help_text="What went wrong, in plain English")
    snapshot = models.JSONField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="The last time the job building it said it was alive"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="report_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_period_ends_after_start",
            ),
            choice_check("kind", list(KINDS), name="report_kind_valid"),
            choice_check(
                "status", ["queued", "building", "issued", "failed"], name="report_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()}, {self.period_start:%B %Y}"

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.ISSUED, self.Status.FAILED)


class ReportFile(models.Model):
    """One rendered format of an issued report, kept in the database so any process serves it."""

    authority_path = "report__authority"

    class Format(models.TextChoices):
        DOCX = "docx", "Word"
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=4, choices=Format.choices)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["report", "format"]
        constraints = [
            models.UniqueConstraint(fields=["report", "format"], name="report_file_one_per_format"),
            choice_check("format", list(FORMATS), name="report_file_format_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.format})"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    @property
    def format_label(self) -> str:
        return FORMAT_LABELS[self.format]

    @property
    def size_label(self) -> str:
        if self.size < 1024:
            return f"{self.size} bytes"
        if self.size < 1024 * 1024:
            return f"{self.size / 1024:.0f} KB"
        return f"{self.size / 1024 / 1024:.1f} MB"
