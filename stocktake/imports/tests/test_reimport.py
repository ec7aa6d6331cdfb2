"""Importing a plan again: the same file changes nothing; a newer version changes only what
changed, in place, matched by reference."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Model

from stocktake.audit.models import AuditEvent
from stocktake.demo import factories
from stocktake.imports.services import plan_import
from stocktake.imports.tests.builders import FINDING, SEED, SEED_WEEK1, xlsx_bytes
from stocktake.people.models import Person
from stocktake.plans.models import Action, ActionOwner, Measure, Plan, Theme, Update

PLAN_NAME = "12 Week Plan – Phase 2"
TODAY = dt.date(2019, 7, 1)


def state(authority) -> dict[str, list]:
    """Every row an import could touch, as plain values."""
    scoped: dict[type[Model], str] = {
        Action: "plan__authority",
        Update: "action__plan__authority",
        ActionOwner: "action__plan__authority",
        Theme: "plan__authority",
        Measure: "plan__authority",
        Person: "authority",
    }
    rows: dict[str, list[Any]] = {
        model.__name__: list(
            model._default_manager.filter(**{field: authority}).order_by("pk").values()
        )
        for model, field in scoped.items()
    }
    listed = [
        f.pk for plan in Plan.objects.filter(authority=authority) for f in plan.findings.all()
    ]
    rows["findings"] = list(FINDING._default_manager.filter(pk__in=listed).order_by("pk").values())
    rows["related"] = sorted(
        Action.related.through.objects.filter(from_action__plan__authority=authority).values_list(
            "from_action_id", "to_action_id"
        )
    )
    return rows


def run(authority, data: bytes, name: str = SEED.name):
    return plan_import(
        authority=authority,
        actor=None,
        filename=name,
        data=data,
        plan_name=PLAN_NAME,
        week1=SEED_WEEK1,
        today=TODAY,
    )[1]


@pytest.fixture
def blackpool(db):
    authority = factories.make_authority("Blackpool")
    run(authority, SEED.read_bytes())
    return authority


def test_the_same_file_again_changes_nothing(blackpool):
    before, events = state(blackpool), AuditEvent.objects.count()
    outcome = run(blackpool, SEED.read_bytes())
    assert state(blackpool) == before
    assert (outcome.actions_created, outcome.actions_updated) == ([], [])
    assert len(outcome.actions_unchanged) == 22
    assert outcome.updates_added == 0 and outcome.updates_already_there == len(before["Update"])
    assert outcome.people_created == [] and len(outcome.people_matched) == 18
    assert (outcome.findings_added, outcome.findings_updated, outcome.themes_created) == (0, 0, [])
    # Only the import itself is recorded; no action, update or person changed.
    assert list(AuditEvent.objects.order_by("-pk").values_list("verb", flat=True))[
        : AuditEvent.objects.count() - events
    ] == ["imported"]


def _newer_seed() -> bytes:
    text = SEED.read_bytes().decode("utf-8")
    edits = {
        "Plan and deliver practical modelling work": "Plan and deliver practical modelling "
        "and coaching work",
        "focussed multi agency leadership</p>": "focussed multi agency leadership</p> "
        "<p>Week 21 – Second cohort booked for all Heads of Service.</p>",
        "\t\t<p>Independent Reviewing Officers</p>": None,  # a new action follows this row
    }
    for old, new in edits.items():
        assert text.count(old) == 1, old
        if new is not None:
            text = text.replace(old, new)
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("\t\t<p>Independent Reviewing"))
    lines.insert(
        at + 1,
        "23\tCCL 11\tHold a monthly care leavers' forum\tYoung people shape the offer\t\t"
        "Moya Foster – Head of Targeted Intervention Service\tWeek 24\t",
    )
    return "\n".join(lines).encode("utf-8")


def test_a_newer_version_updates_in_place_by_reference(blackpool):
    before = state(blackpool)
    old_actions = {a["reference"]: a for a in before["Action"]}
    outcome = run(blackpool, _newer_seed())
    after = state(blackpool)
    assert outcome.actions_updated == ["LA2"]
    assert outcome.actions_created == ["CCL11"]
    assert len(outcome.actions_unchanged) == 21
    assert outcome.updates_added == 1 and outcome.people_created == []

    new_actions = {a["reference"]: a for a in after["Action"]}
    assert set(new_actions) == set(old_actions) | {"CCL11"}
    la2_before, la2 = old_actions["LA2"], new_actions["LA2"]
    assert la2["id"] == la2_before["id"] and la2["version"] == la2_before["version"] + 1
    assert la2["text"].startswith("Plan and deliver practical modelling and coaching work")
    for ref, row in old_actions.items():
        if ref != "LA2":
            assert new_actions[ref] == row, ref
    assert after["Update"][: len(before["Update"])] == before["Update"]
    [added] = after["Update"][len(before["Update"]) :]
    la26 = Action.objects.get(plan__authority=blackpool, reference="LA26")
    assert (added["action_id"], added["week"]) == (la26.pk, 21)
    assert added["date"] == dt.date(2019, 5, 27)
    assert added["text"] == "Second cohort booked for all Heads of Service."
    assert after["Person"] == before["Person"]
    ccl11 = Action.objects.get(plan__authority=blackpool, reference="CCL11")
    assert ccl11.theme.name == "Children in Care and Care Leavers"
    assert [o.person.name for o in ccl11.owners.all()] == ["Moya Foster"]


ROWS = [
    ["Ref", "Action", "Lead", "Deadline", "Progress"],
    ["A1", "Review thresholds", "Jane Smith", "31/10/2017", "12/06/2017 update – terms agreed"],
    ["A2", "Train staff", "Tom Jones", "Ongoing", ""],
]


@pytest.mark.django_db
def test_a_newer_spreadsheet_adds_only_what_is_new():
    authority = factories.make_authority()

    def again(rows):
        return plan_import(
            authority=authority,
            actor=None,
            filename="plan.xlsx",
            data=xlsx_bytes(rows),
            plan_name="Plan",
            today=dt.date(2017, 12, 1),
        )[1]

    first = again(ROWS)
    assert (len(first.actions_created), first.updates_added) == (2, 1)
    before = state(authority)
    newer = [row[:] for row in ROWS]
    newer[1][4] += "\n\n04/07/2017 update – training booked"
    newer[2][1] = "Train all staff"
    newer.append(["A3", "Audit contacts", "Jane Smith", "1 August 2017", ""])
    outcome = again(newer)
    assert (outcome.actions_created, outcome.actions_updated) == (["A3"], ["A2"])
    assert outcome.actions_unchanged == ["A1"]
    assert (outcome.updates_added, outcome.updates_already_there) == (1, 1)
    after = state(authority)
    assert after["Person"] == before["Person"]
    assert after["Update"][:1] == before["Update"]
    assert [(u["date"], u["text"]) for u in after["Update"][1:]] == [
        (dt.date(2017, 7, 4), "training booked")
    ]
    assert again(newer).updates_added == 0
