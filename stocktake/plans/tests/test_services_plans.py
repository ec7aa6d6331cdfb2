"""plan_create, plan_update, theme_create and theme_update: validation, conflicts, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from stocktake.audit.models import AuditEvent
from stocktake.core.errors import ConflictError
from stocktake.core.tests.helpers import db_state
from stocktake.demo import factories
from stocktake.plans.models import Plan
from stocktake.plans.services import plan_create, plan_update, theme_create, theme_update

APRIL = dt.date(2019, 4, 1)
JUNE = dt.date(2019, 6, 30)


def create(world, **overrides) -> Plan:
    values: dict[str, Any] = {
        "name": "Phase 3",
        "start_date": APRIL,
        "end_date": JUNE,
        "week1_date": APRIL,
    }
    values.update(overrides)
    return plan_create(authority=world.authority, actor=world.users["lead"], **values)


def update(plan: Plan, actor, **overrides) -> Plan:
    values: dict[str, Any] = {
        "name": plan.name,
        "kind": plan.kind,
        "start_date": plan.start_date,
        "end_date": plan.end_date,
        "week1_date": plan.week1_date,
        "parent": plan.parent,
        "expected_version": plan.version,
    }
    values.update(overrides)
    return plan_update(plan=plan, actor=actor, **values)


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_plan_create_saves_the_plan_and_an_audit_event(world):
    plan = create(world, name="  Phase   3 ", kind="twelve_week")

    assert plan.name == "Phase 3"
    assert plan.authority == world.authority
    assert (plan.kind, plan.week1_date, plan.version) == ("twelve_week", APRIL, 1)
    event = AuditEvent.objects.for_object(plan).get()
    assert (event.verb, event.actor) == ("created", world.users["lead"])
    assert event.changes["name"] == [None, "Phase 3"]
    assert event.changes["start_date"] == [None, "2019-04-01"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"end_date": dt.date(2019, 3, 31), "week1_date": dt.date(2019, 1, 7)},
            "end_date",
            "The end date must be the same as or after the start date",
        ),
        (
            {"week1_date": dt.date(2019, 7, 1)},
            "week1_date",
            "Week 1 must start on or before the plan's end date",
        ),
        ({"name": "test PLAN"}, "name", "There is already a plan with this name"),
    ],
)
def test_plan_create_refuses_bad_values_and_writes_nothing(world, overrides, field, message):
    before = db_state()

    with pytest.raises(ValidationError) as excinfo:
        create(world, **overrides)

    assert errors_of(excinfo) == {field: [message]}
    assert db_state() == before


def test_plan_create_refuses_a_parent_from_another_authority(world):
    with pytest.raises(ValidationError) as excinfo:
        create(world, parent=world.other_plan)

    assert errors_of(excinfo) == {"parent": ["Choose a parent plan from this authority"]}


def test_plan_names_need_only_be_unique_within_an_authority(world):
    plan = create(world, name=world.other_plan.name)

    assert plan.name == world.other_plan.name


def test_plan_update_saves_changes_bumps_the_version_and_records_before_and_after(world):
    plan = world.plan
    old_name = plan.name

    update(plan, world.users["admin"], name="Improvement plan 2025", kind="service")

    plan.refresh_from_db()
    assert (plan.name, plan.kind, plan.version) == ("Improvement plan 2025", "service", 2)
    event = AuditEvent.objects.for_object(plan).filter(verb="updated").get()
    assert event.actor == world.users["admin"]
    assert event.changes == {
        "name": [old_name, "Improvement plan 2025"],
        "kind": ["improvement", "service"],
    }


def test_plan_update_on_a_stale_version_raises_a_conflict_and_changes_nothing(world):
    plan = world.plan
    update(Plan.objects.get(pk=plan.pk), world.users["lead"], name="Saved first")
    before = db_state()

    with pytest.raises(ConflictError) as excinfo:
        update(plan, world.users["admin"], name="Saved second", expected_version=1)

    assert excinfo.value.current.name == "Saved first"
    assert excinfo.value.current.version == 2
    assert db_state() == before


def test_plan_update_refuses_to_make_a_plan_its_own_parent(world):
    with pytest.raises(ValidationError) as excinfo:
        update(world.plan, None, parent=world.plan)

    assert errors_of(excinfo) == {"parent": ["A plan cannot be its own parent"]}


def test_plan_update_refuses_another_plans_name_but_keeps_its_own(world):
    factories.make_plan(world.authority, "Phase 1")

    with pytest.raises(ValidationError) as excinfo:
        update(world.plan, None, name="PHASE 1")
    update(world.plan, None, name=world.plan.name.upper())

    assert errors_of(excinfo) == {"name": ["There is already a plan with this name"]}
    assert Plan.objects.get(pk=world.plan.pk).version == 2


def test_plan_update_that_fails_validation_leaves_the_version_alone(world):
    with pytest.raises(ValidationError):
        update(world.plan, None, end_date=world.plan.start_date - dt.timedelta(days=1))

    assert Plan.objects.get(pk=world.plan.pk).version == 1


def test_theme_create_numbers_positions_and_audits(world):
    first = theme_create(plan=world.plan, actor=world.users["lead"], name=" Front   door ")
    second = theme_create(plan=world.plan, actor=None, name="Care leavers")

    assert first.name == "Front door"
    assert second.position == first.position + 1
    event = AuditEvent.objects.for_object(first).get()
    assert event.verb == "created"
    assert event.changes == {"name": [None, "Front door"], "position": [None, first.position]}


def test_theme_create_refuses_a_duplicate_name_in_the_plan(world):
    before = db_state()

    with pytest.raises(ValidationError) as excinfo:
        theme_create(plan=world.plan, actor=None, name="  LEADERSHIP ")

    assert errors_of(excinfo) == {"name": ["This plan already has a theme with this name"]}
    assert db_state() == before
    assert theme_create(plan=world.other_plan, actor=None, name="Leadership").pk


def test_theme_update_renames_and_records_the_change(world):
    for _ in range(2):
        theme_update(
            theme=world.theme,
            actor=world.users["admin"],
            expected_version=world.theme.version,
            name="Leadership",
            position=5,
        )

    world.theme.refresh_from_db()
    assert world.theme.position == 5
    events = AuditEvent.objects.for_object(world.theme).filter(verb="updated")
    assert [e.changes for e in events] == [{"position": [1, 5]}]


def test_theme_update_refuses_another_themes_name(world):
    theme_create(plan=world.plan, actor=None, name="Workforce")

    with pytest.raises(ValidationError) as excinfo:
        theme_update(
            theme=world.theme, actor=None, expected_version=1, name="workforce", position=1
        )

    assert errors_of(excinfo) == {"name": ["This plan already has a theme with this name"]}
    world.theme.refresh_from_db()
    assert world.theme.name == "Leadership"
