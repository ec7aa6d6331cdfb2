"""The fixed vocabularies of case-file audits."""

from __future__ import annotations

from django.db import models


class Grade(models.TextChoices):
    """Ofsted's four-point scale, which every audit framework uses."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    INADEQUATE = "inadequate", "Inadequate"


GOOD_OR_BETTER = frozenset({Grade.OUTSTANDING.value, Grade.GOOD.value})
GRADE_ORDER = [g.value for g in Grade]  # best first
GRADE_WORDS = {
    "outstanding": Grade.OUTSTANDING,
    "good": Grade.GOOD,
    "requires improvement": Grade.REQUIRES_IMPROVEMENT,
    "requires improvement to be good": Grade.REQUIRES_IMPROVEMENT,
    "ri": Grade.REQUIRES_IMPROVEMENT,
    "inadequate": Grade.INADEQUATE,
    "1": Grade.OUTSTANDING,
    "2": Grade.GOOD,
    "3": Grade.REQUIRES_IMPROVEMENT,
    "4": Grade.INADEQUATE,
}


def read_grade(text: str) -> str | None:
    """A grade as people write it ("Good", "RI", "Requires improvement", 1–4), or None."""
    key = " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()
    grade = GRADE_WORDS.get(key)
    return grade.value if grade else None


class RoundKind(models.TextChoices):
    MONTHLY = "monthly", "Monthly audit"
    THEMED = "themed", "Themed audit"
    IMPORTED = "imported", "Imported from a spreadsheet"


class AuditStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class Origin(models.TextChoices):
    RECORDED = "recorded", "Recorded in Stocktake"
    IMPORTED = "imported", "Imported from a file"
