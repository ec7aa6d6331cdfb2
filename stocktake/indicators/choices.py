"""The fixed vocabularies of indicators. Values are what the analysis functions take."""

from __future__ import annotations

from django.db import models


class Unit(models.TextChoices):
    PERCENT = "percent", "Percentage"
    COUNT = "count", "Count"
    RATE_10K = "rate_10k", "Rate per 10,000 children"
    DAYS = "days", "Days"
    RATIO = "ratio", "Ratio (for example, cases per worker)"


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    NEUTRAL = "neutral", "Neither: watched for context"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual (April to March)"


class Source(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    FILE = "file", "Uploaded from a file"
    COMPUTED = "computed", "Computed from child-level data"
    AUDITS = "audits", "Computed from case audits"


class TargetKind(models.TextChoices):
    CHECKPOINT = "checkpoint", "A checkpoint, such as 6 or 12 months"
    TRAJECTORY = "trajectory", "One step of a month-by-month trajectory"


class ToleranceKind(models.TextChoices):
    ABSOLUTE = "absolute", "In the indicator's own units"
    RELATIVE = "relative", "As a percentage of the target"
