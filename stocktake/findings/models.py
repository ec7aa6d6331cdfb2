"""The findings register: sources (inspections, visits, notices…), their graded judgements,
and the findings they bring, linked to the actions that answer them and the indicators (or
measures of success) that evidence their impact."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from stocktake.accounts.models import Authority
from stocktake.core.constraints import choice_check
from stocktake.findings.choices import (
    Area,
    FindingKind,
    FrameworkVersion,
    Grade,
    ImpactReading,
    SourceKind,
)
from stocktake.findings.querysets import FindingQuerySet, SourceQuerySet
from stocktake.plans.models import Action, Measure, Plan

if TYPE_CHECKING:
    from stocktake.indicators.models import Indicator


def source_file_path(instance: Source, filename: str) -> str:
    return f"sources/{instance.authority_id}/{filename}"


class Source(models.Model):
    """Something that brings findings: an inspection, a visit letter, a notice, a review."""

    authority_path = "authority"

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=30, choices=SourceKind.choices)
    title = models.CharField(max_length=300)
    body = models.CharField(
        "Who wrote it", max_length=200, blank=True, help_text="For example, Ofsted"
    )
    framework = models.CharField(
        "Judgement framework",
        max_length=20,
        choices=FrameworkVersion.choices,
        blank=True,
        default=FrameworkVersion.NONE,
    )
    fieldwork_start = models.DateField(null=True, blank=True)
    fieldwork_end = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    link = models.URLField(max_length=500, blank=True)
    file = models.FileField(upload_to=source_file_path, blank=True, max_length=300)
    original_name = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["fieldwork_start", "published_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(framework__in=FrameworkVersion.values),
                name="source_framework_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def date(self) -> dt.date | None:
        """The date the source is placed at on the timeline."""
        return self.fieldwork_start or self.published_on or self.fieldwork_end


class Judgement(models.Model):
    """A graded judgement of one area, with the authority's own grade beside it."""

    authority_path = "source__authority"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="judgements")
    area = models.CharField(max_length=30, choices=Area.choices)
    grade = models.CharField(max_length=30, choices=Grade.choices)
    self_assessed_grade = models.CharField(
        "Self-assessed grade", max_length=30, choices=Grade.choices, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "area"], name="judgement_once_per_area"),
            choice_check("area", Area.values, name="judgement_area_valid"),
            models.CheckConstraint(
                condition=models.Q(grade__in=Grade.values), name="judgement_grade_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(self_assessed_grade__in=[*Grade.values, ""]),
                name="judgement_self_assessed_grade_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.get_grade_display()}"


class Finding(models.Model):
    """An area for improvement, recommendation, notice measure, strength or concern."""

    authority_path = "source__authority"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="findings")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    reference = models.CharField(max_length=40, blank=True)
    text = models.TextField()
    kind = models.CharField(max_length=20, choices=FindingKind.choices)
    addressee = models.CharField(
        max_length=200, blank=True, help_text="Who the source says should act, if it names one"
    )
    planned_response = models.TextField("Planned response summary", blank=True)
    progress = models.TextField("Progress narrative", blank=True)
    position = models.PositiveIntegerField(default=0)
    actions = models.ManyToManyField(Action, blank=True, related_name="findings")
    # The plans whose appendix lists this finding (seed 000's Appendix 1).
    listed_in = models.ManyToManyField(Plan, blank=True, related_name="findings")
    # Earlier findings this one raises again (a monitoring visit repeating an inspection).
    repeats = models.ManyToManyField(
        "self", blank=True, symmetrical=False, related_name="repeated_by"
    )
    # One version for the finding and the links it owns (actions, measures, indicators,
    # repeats): each of its edit forms checks it.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "reference"],
                condition=~models.Q(reference=""),
                name="finding_ref_unique_in_source",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=FindingKind.values), name="finding_kind_valid"
            ),
            # The pair a composite foreign key refers to (ADR 0017).
            models.UniqueConstraint(fields=["id", "source"], name="finding_id_source"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.text[:80]}".strip()


class ImpactLink(models.Model):
    """A finding evidenced by an indicator, or by a plan's measure of success as written.

    A link to an indicator – directly, or through a measure that has since been made into an
    indicator (`measure.indicator`) – is read from the indicator's observations and targets
    (`stocktake.findings.impact`); its `reading` and `latest` fields are not used. Only a link
    to a measure with no indicator keeps a reading and latest value typed by a person.
    Everything that shows impact (the matrix, exports) reads `impact.read_links`, never these
    fields directly.
    """

    authority_path = "finding__source__authority"

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="impact_links")
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.CASCADE, related_name="impact_links"
    )
    indicator = models.ForeignKey(
        "indicators.Indicator",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="impact_links",
    )
    reading = models.CharField(
        max_length=20, choices=ImpactReading.choices, default=ImpactReading.NOT_YET_EVIDENCED
    )
    latest = models.CharField(
        "Latest value against target",
        max_length=300,
        blank=True,
        help_text="For example, 21% re-referrals in March 2019 against a target of 18%",
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "measure"], name="impact_link_once"),
            models.UniqueConstraint(
                fields=["finding", "indicator"], name="impact_link_indicator_once"
            ),
            models.CheckConstraint(
                condition=models.Q(measure__isnull=False) | models.Q(indicator__isnull=False),
                name="impact_link_has_evidence",
            ),
            models.CheckConstraint(
                condition=models.Q(reading__in=ImpactReading.values),
                name="impact_link_reading_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.finding.reference}: {self.label}"

    @property
    def evidence(self) -> Indicator | None:
        """The indicator the link is read through: its own, or its measure's."""
        if self.indicator_id:
            return self.indicator
        if self.measure_id:
            try:
                measure = self.measure
                return measure.indicator if measure is not None else None
            except ObjectDoesNotExist:
                return None
        return None

    @property
    def is_typed(self) -> bool:
        """Whether a person records what it shows (a measure with no indicator)."""
        return self.evidence is None

    @property
    def label(self) -> str:
        indicator = self.evidence
        if indicator is not None:
            return indicator.name
        return self.measure.text if self.measure is not None else ""


# Actions answered by findings, as its own name for bulk writes and prefetches.
FindingAction = Finding.actions.through
