"""Findings plans kept with them before the register existed move into the register."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("plans", "0003_owner_person_restrict"), ("findings", "0001_initial")]
AFTER = [("plans", "0004_delete_planfinding"), ("findings", "0002_plan_findings_into_register")]


@pytest.mark.django_db(transaction=True)
def test_plan_findings_become_register_findings_listed_with_their_plan():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    authority = old.get_model("accounts", "Authority").objects.create(
        name="Oldshire", slug="oldshire"
    )
    plan = old.get_model("plans", "Plan").objects.create(
        authority=authority,
        name="Phase 1",
        start_date=dt.date(2019, 1, 7),
        end_date=dt.date(2019, 3, 31),
        week1_date=dt.date(2019, 1, 7),
    )
    PlanFinding = old.get_model("plans", "PlanFinding")
    PlanFinding.objects.create(
        plan=plan,
        reference="1",
        text="Neglect",
        planned_response="Strategy",
        progress="Relaunched",
        position=1,
    )
    PlanFinding.objects.create(plan=plan, reference="1", text="Same number twice", position=2)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps

    Finding = new.get_model("findings", "Finding")
    findings = list(Finding.objects.filter(source__authority_id=authority.pk).order_by("position"))
    assert [(f.reference, f.text, f.planned_response, f.progress) for f in findings] == [
        ("1", "Neglect", "Strategy", "Relaunched"),
        ("", "Same number twice", "", ""),
    ]
    assert findings[0].source.title == "Findings listed in Phase 1"
    assert [p.pk for p in findings[0].listed_in.all()] == [plan.pk]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
