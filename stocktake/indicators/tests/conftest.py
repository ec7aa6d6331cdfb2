"""Indicator fixtures on top of the shared `world`: Testshire with two adopted indicators
(re-referrals, lower is better; care leavers in EET, higher is better), a year of figures,
6- and 12-month targets, and an indicator in Otherborough that Testshire must never reach."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Model

from stocktake.core.tests.helpers import table_rows
from stocktake.indicators.models import (
    Benchmark,
    CatalogueEntry,
    Commentary,
    Indicator,
    Observation,
    ObservationUpload,
    Target,
)
from stocktake.indicators.services import (
    TargetFields,
    indicator_adopt,
    observation_record,
    observation_upload_create,
    target_create,
)
from stocktake.plans.models import Measure

START = dt.date(2024, 1, 1)
REREF = [27.0, 26.5, 26.8, 26.0, 25.5, 25.9, 25.0, 24.6, 24.0, 23.8, 23.1, 22.7]
EET = [58.0, 57.0, 57.5, 56.0, 55.5, 55.0, 54.0, 54.5, 53.0, 52.5, 52.0, 51.0]
TRACKED: list[type[Model]] = [
    Indicator,
    Target,
    Observation,
    Benchmark,
    Commentary,
    ObservationUpload,
    Measure,
]


def month(k: int) -> dt.date:
    return dt.date(START.year + (START.month - 1 + k) // 12, (START.month - 1 + k) % 12 + 1, 1)


@dataclass
class IndicatorWorld:
    reref: Indicator
    eet: Indicator
    target: Target
    other: Indicator
    other_target: Target
    upload: ObservationUpload
    other_upload: ObservationUpload
    measure: Measure
    other_measure: Measure


def adopt(authority: Any, *codes: str) -> list[Indicator]:
    made = indicator_adopt(
        authority=authority, actor=None, entries=CatalogueEntry.objects.filter(code__in=codes)
    )
    return sorted(made, key=lambda i: codes.index(i.code))


def fill(indicator: Indicator, values: list[float]) -> None:
    for k, value in enumerate(values):
        observation_record(indicator=indicator, actor=None, period=month(k), value=value)


def targets_for(indicator: Indicator, six: float, twelve: float) -> Target:
    first = target_create(
        indicator=indicator,
        actor=None,
        fields=TargetFields("6 months", dt.date(2024, 6, 30), six, tolerance=1.0),
    )
    target_create(
        indicator=indicator,
        actor=None,
        fields=TargetFields("12 months", dt.date(2024, 12, 31), twelve, tolerance=1.0),
    )
    return first


CSV = b"indicator,period,value\nREREF12,2025-01,22.0\n"


@pytest.fixture
def iw(world) -> IndicatorWorld:
    return build_iw(world)


def build_iw(world: Any) -> IndicatorWorld:
    reref, eet = adopt(world.authority, "REREF12", "CL_EET")
    fill(reref, REREF)
    fill(eet, EET)
    target = targets_for(reref, 25.0, 22.0)
    targets_for(eet, 60.0, 65.0)
    (other,) = adopt(world.other, "REREF12")
    fill(other, REREF[:3])
    other_target = targets_for(other, 25.0, 22.0)
    upload = observation_upload_create(
        authority=world.authority, actor=None, filename="figures.csv", data=CSV
    )
    other_upload = observation_upload_create(
        authority=world.other, actor=None, filename="figures.csv", data=CSV
    )
    measure = Measure.objects.create(
        plan=world.plan, theme=world.theme, text="Fewer children re-referred", position=1
    )
    other_measure = Measure.objects.create(plan=world.other_plan, text="Theirs", position=1)
    return IndicatorWorld(
        reref, eet, target, other, other_target, upload, other_upload, measure, other_measure
    )


def db_state() -> dict[str, Any]:
    """Every row of the indicator tables (and measures), to show a refusal changed nothing."""
    return table_rows([*TRACKED, Indicator.actions.through, Indicator.themes.through])
