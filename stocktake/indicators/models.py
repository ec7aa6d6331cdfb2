"""Indicators: the catalogue, each authority's indicators, targets, observations, benchmarks.

The catalogue holds the standard children's social care indicators, shared by every
authority; an authority adopts an entry (its own copy, which it may then adjust) or adds its
own. Everything else belongs to an authority's indicator and is reached through it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from stocktake.accounts.models import Authority
from stocktake.core.constraints import choice_check
from stocktake.indicators.choices import (
    Frequency,
    Polarity,
    Source,
    TargetKind,
    ToleranceKind,
    Unit,
)
from stocktake.indicators.querysets import IndicatorQuerySet


def definition_checks(prefix: str) -> list[models.CheckConstraint]:
    """Every definition's unit, polarity and frequency is one of its choices."""
    return [
        choice_check("unit", Unit.values, name=f"{prefix}_unit_valid"),
        choice_check("polarity", Polarity.values, name=f"{prefix}_polarity_valid"),
        choice_check("frequency", Frequency.values, name=f"{prefix}_frequency_valid"),
    ]


class Definition(models.Model):
    """The fields an indicator's definition has, in the catalogue and in an authority."""

    code = models.CharField(max_length=30)
    name = models.CharField(max_length=200)
    area = models.CharField("Service area", max_length=100, blank=True)
    definition = models.TextField("Plain-English definition", blank=True)
    numerator = models.TextField(blank=True)
    denominator = models.TextField(blank=True)
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.PERCENT)
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.HIGHER)
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    statutory_basis = models.TextField(blank=True)
    england_value = models.FloatField("England figure", null=True, blank=True)
    england_year = models.CharField("Year of the England figure", max_length=20, blank=True)
    england_source = models.CharField("Source of the England figure", max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CatalogueEntry(Definition):
    """A standard indicator any authority can adopt (loaded by a data migration)."""

    england_note = models.TextField(blank=True)
    data_fields = models.TextField("Data fields", blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name_plural = "catalogue entries"
        constraints = [
            models.UniqueConstraint(fields=["code"], name="catalogue_code_unique"),
            *definition_checks("catalogue"),
        ]


class Indicator(Definition):
    authority_path = "authority"

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="indicators")
    catalogue = models.ForeignKey(
        CatalogueEntry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adoptions",
    )
    decimals = models.PositiveSmallIntegerField("Decimal places shown", default=1)
    illustrative = models.BooleanField(
        default=False, help_text="Figures are made up for a demonstration, not real data"
    )
    measure = models.OneToOneField(
        "plans.Measure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicator",
        help_text="The plan's measure of success this indicator was made from",
    )
    themes = models.ManyToManyField("plans.Theme", blank=True, related_name="indicators")
    actions = models.ManyToManyField("plans.Action", blank=True, related_name="indicators")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["area", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "code"], name="indicator_code_unique"),
            *definition_checks("indicator"),
        ]


class Target(models.Model):
    """A value to reach by a date: a checkpoint ("6 months") or one step of a trajectory."""

    authority_path = "indicator__authority"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    label = models.CharField(max_length=60)
    kind = models.CharField(
        max_length=12, choices=TargetKind.choices, default=TargetKind.CHECKPOINT
    )
    due_date = models.DateField()
    value = models.FloatField()
    tolerance = models.FloatField(default=0)
    tolerance_kind = models.CharField(
        max_length=10, choices=ToleranceKind.choices, default=ToleranceKind.ABSOLUTE
    )
    band_outstanding = models.FloatField("Outstanding from", null=True, blank=True)
    band_good = models.FloatField("Good from", null=True, blank=True)
    band_requires_improvement = models.FloatField(
        "Requires improvement from", null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "due_date"], name="target_once_per_date"),
            models.CheckConstraint(condition=models.Q(tolerance__gte=0), name="tolerance_not_neg"),
            choice_check("kind", TargetKind.values, name="target_kind_valid"),
            choice_check("tolerance_kind", ToleranceKind.values, name="target_tolerance_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.value:g} by {self.due_date:%-d %b %Y}"


class Observation(models.Model):
    """The indicator's figure for one period (stored as the date the period starts)."""

    authority_path = "indicator__authority"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    period = models.DateField()
    value = models.FloatField()
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    provenance = models.JSONField(
        default=dict,
        blank=True,
        help_text="For a computed figure: what it was computed from, when, and by which "
        "version of its definition",
    )
    note = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="observation_per_period"),
            choice_check("source", Source.values, name="observation_source_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period:%Y-%m}: {self.value:g}"


class Benchmark(models.Model):
    """Published comparators for one year: England, region, statistical neighbours, rank."""

    authority_path = "indicator__authority"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="benchmarks")
    period_end = models.DateField()
    period_label = models.CharField(max_length=20)
    england = models.FloatField(null=True, blank=True)
    region = models.FloatField(null=True, blank=True)
    region_name = models.CharField(max_length=100, blank=True)
    neighbours = models.FloatField("Statistical neighbour mean", null=True, blank=True)
    neighbour_count = models.PositiveSmallIntegerField(default=0)
    la_value = models.FloatField("The authority's published figure", null=True, blank=True)
    la_marker = models.CharField(max_length=10, blank=True, help_text="c, x, z or low")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    ranked = models.PositiveSmallIntegerField("Authorities ranked", null=True, blank=True)
    quartile = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period_end"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_end"], name="benchmark_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_label}"


class Commentary(models.Model):
    """A paragraph about an indicator for the board, as a person edited it. Insert-only."""

    authority_path = "indicator__authority"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="commentary")
    as_of = models.DateField(help_text="The latest period the paragraph was written about")
    text = models.TextField()
    generated = models.TextField(help_text="The paragraph Stocktake generated, before editing")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "commentary"

    def __str__(self) -> str:
        return f"{self.indicator.code} commentary as of {self.as_of}"


class ObservationUpload(models.Model):
    """An uploaded file of observations, previewed and then applied whole.

    The file is kept in the database so that whichever process serves the confirmation can
    apply it.
    """

    authority_path = "authority"

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Waiting for confirmation"
        APPLIED = "applied", "Applied"

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="observation_uploads"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    preview = models.JSONField(default=dict, blank=True)
    outcome = models.JSONField(default=dict, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            choice_check("status", ["previewed", "applied"], name="observation_upload_status_valid")
        ]

    def __str__(self) -> str:
        return self.filename
