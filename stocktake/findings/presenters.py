"""Turn findings values into what a page shows: grade and flag tag colours, labels."""

from __future__ import annotations

from stocktake.findings.choices import Grade, ImpactReading
from stocktake.findings.traceability import FLAG_LABELS, Flag

GRADE_TAG: dict[str, str] = {
    Grade.OUTSTANDING: "govuk-tag--blue",
    Grade.GOOD: "govuk-tag--green",
    Grade.REQUIRES_IMPROVEMENT: "govuk-tag--yellow",
    Grade.INADEQUATE: "govuk-tag--red",
}
READING_TAG: dict[str, str] = {
    ImpactReading.MET: "govuk-tag--green",
    ImpactReading.NOT_MET: "govuk-tag--red",
    ImpactReading.NOT_YET_EVIDENCED: "govuk-tag--grey",
}
FLAG_TAG = {
    Flag.NO_ACTION: "govuk-tag--red",
    Flag.NO_MEASURE: "govuk-tag--orange",
    Flag.DELIVERED_NOT_DIFFERENT: "govuk-tag--purple",
    Flag.REPEATED: "govuk-tag--pink",
    Flag.ACTION_WITHOUT_FINDING: "govuk-tag--yellow",
}


def grade_tag(grade: str) -> str:
    return GRADE_TAG.get(grade, "govuk-tag--grey")


def grade_label(grade: str) -> str:
    return Grade(grade).label if grade in Grade.values else "Not graded"


def reading_tag(reading: str) -> str:
    return READING_TAG.get(reading, "govuk-tag--grey")


def flag_tag(flag: str) -> str:
    return FLAG_TAG.get(flag, "govuk-tag--grey")


def flag_label(flag: str) -> str:
    return FLAG_LABELS.get(flag, flag)
