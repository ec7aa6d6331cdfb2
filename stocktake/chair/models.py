"""The independent chair's progress report on an improvement notice, written in Stocktake.

A `ChairReport` is the report being written for one plan, notice and period. What is written
in it is insert-only: every save of a section (the addressee, a measure's commentary, the
chair's overall assessment, the Leader of the Council's supplementary report) is a new
`ChairText` row saying who wrote it and when, as a draft or as final wording; every sign-off
is a new `ChairSignOff` row. The report as at a date reads the newest row recorded on or
before it, so a paper dated in the past never quotes what was written later.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from stocktake.accounts.models import Authority
from stocktake.core.constraints import choice_check
from stocktake.findings.models import Finding, Source
from stocktake.plans.models import Plan


class ChairReport(models.Model):
    """The chair's report for one period, being written (a draft until every section is
    final and it is signed)."""

    authority_path = "authority"

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="chair_reports")
    notice = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="chair_reports")
    period_start = models.DateField()
    period_end = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period_end", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "notice", "period_start", "period_end"],
                name="chair_report_once_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="chair_report_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Chair's progress report, {self.period_start:%B %Y}"


class Part(models.TextChoices):
    ADDRESSEE = "addressee", "Addressee"
    MEASURE = "measure", "Commentary on a measure"
    ASSESSMENT = "assessment", "The chair's overall assessment"
    LEADER = "leader", "The Leader of the Council's report"


class TextState(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Final"


class ChairText(models.Model):
    """One saved version of one section of a chair's report (insert-only). A measure's
    commentary names the measure (`finding`); the other sections name none
    (`services.chair_text_record` keeps to this)."""

    authority_path = "report__authority"

    report = models.ForeignKey(ChairReport, on_delete=models.CASCADE, related_name="texts")
    part = models.CharField(max_length=20, choices=Part.choices)
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.CASCADE, related_name="chair_texts"
    )
    text = models.TextField()
    state = models.CharField(max_length=10, choices=TextState.choices)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            choice_check(
                "part", ["addressee", "measure", "assessment", "leader"], name="chair_text_part"
            ),
            choice_check("state", ["draft", "final"], name="chair_text_state"),
        ]
        indexes = [models.Index(fields=["report", "part", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.get_part_display()} ({self.get_state_display().lower()})"

    @property
    def writer(self) -> str:
        """Who wrote it, by name ("Stocktake" for a program's writing, such as the demo)."""
        user = self.written_by
        if user is None:
            return "Stocktake"
        return user.get_full_name() or user.get_username()


class ChairSignOff(models.Model):
    """The chair's signature on the report: name, role and the date signed (insert-only; the
    newest recorded by the report's date counts)."""

    authority_path = "report__authority"

    report = models.ForeignKey(ChairReport, on_delete=models.CASCADE, related_name="sign_offs")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200)
    signed_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"Signed by {self.name}, {self.role}, {self.signed_on:%-d %B %Y}"
