from django.db import models


class PlanKind(models.TextChoices):
    IMPROVEMENT = "improvement", "Improvement plan"
    TWELVE_WEEK = "twelve_week", "12-week plan"
    SERVICE = "service", "Service plan"


class DeliveryStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    BLOCKED = "blocked", "Blocked"
    COMPLETE = "complete", "Complete"


class ImpactStatus(models.TextChoices):
    NOT_YET_EVIDENCED = "not_yet_evidenced", "Not yet evidenced"
    EMERGING = "emerging", "Emerging"
    EVIDENCED = "evidenced", "Evidenced"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue (complete)"


class Part(models.TextChoices):
    WHOLE = "", "Whole action"
    PT1 = "pt1", "Part 1"
    PT2 = "pt2", "Part 2"
    PT3 = "pt3", "Part 3"


# Statuses and RAG ratings that need a written reason.
NEEDS_REASON_STATUSES = frozenset({DeliveryStatus.OFF_TRACK, DeliveryStatus.BLOCKED})
NEEDS_REASON_RAGS = frozenset({Rag.RED})
