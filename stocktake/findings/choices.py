"""The fixed vocabularies of the findings register: kinds of source, grades, judgement areas
and the framework versions that decide which areas a source can be graded on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models


class SourceKind(models.TextChoices):
    ILACS_STANDARD = "ilacs_standard", "ILACS standard inspection"
    ILACS_SHORT = "ilacs_short", "ILACS short inspection"
    FOCUSED_VISIT = "focused_visit", "Focused visit"
    MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
    JTAI = "jtai", "Joint targeted area inspection (JTAI)"
    HMIP_YOUTH_JUSTICE = "hmip_youth_justice", "HMI Probation youth justice inspection"
    EARLIER_OFSTED = "earlier_ofsted", "Ofsted inspection before ILACS"
    IMPROVEMENT_NOTICE = "improvement_notice", "DfE improvement notice"
    PEER_REVIEW = "peer_review", "Peer review"
    SELF_EVALUATION = "self_evaluation", "Self-evaluation"
    INTERNAL_AUDIT = "internal_audit", "Internal audit"
    OTHER = "other", "Other (for example, findings listed in a plan)"


# Who usually writes each kind of source, offered as the default body.
DEFAULT_BODY: dict[str, str] = {
    SourceKind.ILACS_STANDARD: "Ofsted",
    SourceKind.ILACS_SHORT: "Ofsted",
    SourceKind.FOCUSED_VISIT: "Ofsted",
    SourceKind.MONITORING_VISIT: "Ofsted",
    SourceKind.JTAI: "Ofsted, CQC and HMICFRS",
    SourceKind.HMIP_YOUTH_JUSTICE: "HM Inspectorate of Probation",
    SourceKind.EARLIER_OFSTED: "Ofsted",
    SourceKind.IMPROVEMENT_NOTICE: "Department for Education",
}


class Grade(models.TextChoices):
    """Ofsted's four-point scale (HMI Probation uses the same words)."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    INADEQUATE = "inadequate", "Inadequate"


class Area(models.TextChoices):
    OVERALL = "overall", "Overall effectiveness"
    LEADERS = "leaders", "The impact of leaders on social work practice with children and families"
    HELP_AND_PROTECTION = (
        "help_protection",
        "The experiences and progress of children who need help and protection",
    )
    IN_CARE_AND_CARE_LEAVERS = (
        "in_care_and_care_leavers",
        "The experiences and progress of children in care and care leavers",
    )
    IN_CARE = "in_care", "The experiences and progress of children in care"
    CARE_LEAVERS = "care_leavers", "The experiences and progress of care leavers"


@dataclass(frozen=True)
class Framework:
    label: str
    areas: tuple[Area, ...]


class FrameworkVersion(models.TextChoices):
    NONE = "", "No graded judgements"
    ILACS_2018 = "ilacs_2018", "ILACS, January 2018 to December 2022 (four judgements)"
    ILACS_2023 = "ilacs_2023", "ILACS from January 2023 (five judgements)"
    OVERALL_ONLY = "overall_only", "Overall judgement only (earlier Ofsted frameworks, HMIP)"


FRAMEWORKS: dict[str, Framework] = {
    FrameworkVersion.NONE: Framework("No graded judgements", ()),
    # Before January 2023 children in care and care leavers were one judgement.
    FrameworkVersion.ILACS_2018: Framework(
        "ILACS 2018 to 2022",
        (Area.OVERALL, Area.LEADERS, Area.HELP_AND_PROTECTION, Area.IN_CARE_AND_CARE_LEAVERS),
    ),
    FrameworkVersion.ILACS_2023: Framework(
        "ILACS from 2023",
        (Area.OVERALL, Area.LEADERS, Area.HELP_AND_PROTECTION, Area.IN_CARE, Area.CARE_LEAVERS),
    ),
    FrameworkVersion.OVERALL_ONLY: Framework("overall judgement only", (Area.OVERALL,)),
}
ILACS_STARTED = dt.date(2018, 1, 1)
CARE_LEAVERS_SEPARATE_FROM = dt.date(2023, 1, 1)
_ILACS_KINDS = {SourceKind.ILACS_STANDARD, SourceKind.ILACS_SHORT}


def framework_areas(version: str) -> tuple[Area, ...]:
    return FRAMEWORKS[version].areas if version in FRAMEWORKS else ()


def framework_for(kind: str, day: dt.date | None) -> str:
    """The framework version a source of this kind, dated `day`, is graded under."""
    if kind in _ILACS_KINDS:
        if day is not None and day < ILACS_STARTED:
            return FrameworkVersion.OVERALL_ONLY
        if day is not None and day < CARE_LEAVERS_SEPARATE_FROM:
            return FrameworkVersion.ILACS_2018
        return FrameworkVersion.ILACS_2023
    if kind in {SourceKind.EARLIER_OFSTED, SourceKind.HMIP_YOUTH_JUSTICE}:
        return FrameworkVersion.OVERALL_ONLY
    return FrameworkVersion.NONE


class FindingKind(models.TextChoices):
    AREA_FOR_IMPROVEMENT = "afi", "Area for improvement"
    RECOMMENDATION = "recommendation", "Recommendation"
    NOTICE_MEASURE = "notice_measure", "Notice measure"
    STRENGTH = "strength", "Strength"
    CONCERN = "concern", "Concern"


DEFAULT_FINDING_KIND: dict[str, str] = {
    SourceKind.ILACS_STANDARD: FindingKind.AREA_FOR_IMPROVEMENT,
    SourceKind.ILACS_SHORT: FindingKind.AREA_FOR_IMPROVEMENT,
    SourceKind.EARLIER_OFSTED: FindingKind.AREA_FOR_IMPROVEMENT,
    SourceKind.FOCUSED_VISIT: FindingKind.AREA_FOR_IMPROVEMENT,
    SourceKind.MONITORING_VISIT: FindingKind.CONCERN,
    SourceKind.JTAI: FindingKind.RECOMMENDATION,
    SourceKind.HMIP_YOUTH_JUSTICE: FindingKind.RECOMMENDATION,
    SourceKind.IMPROVEMENT_NOTICE: FindingKind.NOTICE_MEASURE,
    SourceKind.PEER_REVIEW: FindingKind.RECOMMENDATION,
}


class ImpactReading(models.TextChoices):
    """What an impact measure shows for a finding, until indicators carry real values."""

    NOT_YET_EVIDENCED = "not_yet_evidenced", "Not yet evidenced"
    NOT_MET = "not_met", "Not met"
    MET = "met", "Met"
