"""A small findings register on top of the shared `world`: Testshire has an ILACS 2018
inspection (graded, with a finding 1 and its sub-finding 1.1 answered by LA1 and evidenced by
a measure), a later monitoring visit whose finding repeats finding 1, and an indicator not yet
linked to anything. Otherborough has a source, finding and indicator of its own, whose ids
Testshire's members must never reach."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model

from stocktake.audit.models import AuditEvent
from stocktake.core.tests.helpers import table_rows
from stocktake.findings.choices import Area, FindingKind, FrameworkVersion, Grade, SourceKind
from stocktake.findings.models import Finding, FindingAction, ImpactLink, Judgement, Source
from stocktake.findings.services import (
    FindingFields,
    SourceFields,
    finding_create,
    finding_link_actions,
    finding_link_measures,
    finding_set_repeats,
    judgement_create,
    source_create,
)
from stocktake.indicators.models import Indicator, Observation, Target
from stocktake.plans.models import Action, Measure, Plan

PDF = b"%PDF-1.4\n% the inspection report\n"


def make_source(authority, title="Inspection, 2019", **fields: Any) -> Source:
    fields.setdefault("kind", SourceKind.ILACS_STANDARD)
    fields.setdefault("framework", FrameworkVersion.ILACS_2018)
    fields.setdefault("published_on", dt.date(2019, 1, 17))
    return source_create(
        authority=authority, actor=None, fields=SourceFields(title=title, **fields)
    )


def make_finding(source: Source, reference: str = "", text: str = "Do better", **fields: Any):
    fields.setdefault("kind", FindingKind.AREA_FOR_IMPROVEMENT)
    return finding_create(
        source=source,
        actor=None,
        fields=FindingFields(reference=reference, text=text, **fields),
    )


def make_measure(plan: Plan, text: str = "Re-referrals fall to 22%") -> Measure:
    return Measure.objects.create(plan=plan, text=text)


def make_indicator(authority, code: str = "REREF", name: str = "Re-referrals", **fields: Any):
    fields.setdefault("unit", "percent")
    fields.setdefault("polarity", "lower")
    return Indicator.objects.create(authority=authority, code=code, name=name, **fields)


def observe(indicator: Indicator, period: dt.date, value: float, num=None, den=None) -> None:
    Observation.objects.create(
        indicator=indicator, period=period, value=value, numerator=num, denominator=den
    )


def make_target(indicator: Indicator, due: dt.date, value: float, tolerance: float = 0) -> Target:
    return Target.objects.create(
        indicator=indicator, label=f"By {due:%b %Y}", due_date=due, value=value, tolerance=tolerance
    )


@dataclass
class FindingsWorld:
    source: Source
    judgement: Judgement
    finding: Finding
    child: Finding
    visit: Source
    repeat: Finding
    measure: Measure
    link: ImpactLink
    other_source: Source
    other_finding: Finding
    other_judgement: Judgement
    other_link: ImpactLink
    indicator: Indicator
    other_indicator: Indicator


@pytest.fixture
def fw(world) -> FindingsWorld:
    return build_fw(world)


def build_fw(world: Any) -> FindingsWorld:
    source = make_source(
        world.authority,
        "Inspection of Testshire, 2019",
        file=SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf"),
    )
    judgement = judgement_create(
        source=source, actor=None, area=Area.OVERALL, grade=Grade.INADEQUATE
    )
    finding = make_finding(source, "1", "The response to chronic neglect")
    child = make_finding(source, "1.1", "Neglect strategy", parent=finding)
    finding_link_actions(finding=finding, actor=None, plan=world.plan, actions=[world.action])
    measure = make_measure(world.plan)
    finding_link_measures(finding=finding, actor=None, plan=world.plan, measures=[measure])
    visit = make_source(
        world.authority,
        "Monitoring visit, December 2019",
        kind=SourceKind.MONITORING_VISIT,
        framework=FrameworkVersion.NONE,
        published_on=None,
        fieldwork_start=dt.date(2019, 12, 16),
    )
    repeat = make_finding(visit, "1", "Neglect still too slow", kind=FindingKind.CONCERN)
    finding_set_repeats(finding=repeat, actor=None, earlier=[finding])
    other_source = make_source(world.other, "Inspection of Otherborough")
    other_judgement = judgement_create(
        source=other_source, actor=None, area=Area.OVERALL, grade=Grade.GOOD
    )
    other_finding = make_finding(other_source, "1", "Otherborough's finding")
    other_measure = make_measure(world.other_plan)
    finding_link_measures(
        finding=other_finding, actor=None, plan=world.other_plan, measures=[other_measure]
    )
    return FindingsWorld(
        source=source,
        judgement=judgement,
        finding=finding,
        child=child,
        visit=visit,
        repeat=repeat,
        measure=measure,
        link=finding.impact_links.get(),
        other_source=other_source,
        other_finding=other_finding,
        other_judgement=other_judgement,
        other_link=other_finding.impact_links.get(),
        indicator=make_indicator(world.authority),
        other_indicator=make_indicator(world.other, name="Otherborough's re-referrals"),
    )


TRACKED: list[type[Model]] = [
    Source,
    Judgement,
    Finding,
    FindingAction,
    Finding.repeats.through,
    Finding.listed_in.through,
    ImpactLink,
    Action,
    Measure,
    AuditEvent,
]


def db_state() -> dict[str, Any]:
    """Every row of the tables the findings pages could write to."""
    return table_rows(TRACKED)


def date_fields(name: str, day: dt.date | None) -> dict[str, str]:
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}
