"""Findings plans kept with them before the register existed move into the register."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.slow  # walks back through the migrations and forward again

BEFORE = [("plans", "0003_owner_person_restrict"), ("findings", "0001_initial")]
AFTER = [("plans", "0004_delete_planfinding"), ("findings", "0002_plan_findings_into_register")]


@pytest.mark.django_db(transaction=True)
def test_the_data_migrations_carry_old_records_forward(request):
    """One walk back through the migrations and forward again (each walk costs many seconds):
    the step to the findings register, then the step to indicators, then the latest schema."""
    if request.config.getoption("nomigrations"):
        pytest.skip("walks the migrations, which --no-migrations turns off (make test runs it)")
    plan_findings_become_register_findings_listed_with_their_plan()
    links_to_measures_made_into_indicators_are_linked_to_the_indicators()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def plan_findings_become_register_findings_listed_with_their_plan() -> None:
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


BEFORE_INDICATORS = [("findings", "0003_impact_link_indicator"), ("indicators", "0002_catalogue")]
AFTER_INDICATORS = [("findings", "0004_impact_links_read_through_indicators")]


def links_to_measures_made_into_indicators_are_linked_to_the_indicators() -> None:
    # Back to the indicators before these, then forward to where the step starts (Django
    # runs a plan in one direction only).
    MigrationExecutor(connection).migrate([BEFORE_INDICATORS[1]])
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_INDICATORS)
    old = executor.loader.project_state(BEFORE_INDICATORS).apps
    authority = old.get_model("accounts", "Authority").objects.create(
        name="Newshire", slug="newshire"
    )
    plan = old.get_model("plans", "Plan").objects.create(
        authority=authority,
        name="Phase 1",
        start_date=dt.date(2019, 1, 7),
        end_date=dt.date(2019, 3, 31),
        week1_date=dt.date(2019, 1, 7),
    )
    Measure = old.get_model("plans", "Measure")
    converted = Measure.objects.create(plan=plan, text="Reduce re-referrals")
    as_written = Measure.objects.create(plan=plan, text="Better supervision")
    indicator = old.get_model("indicators", "Indicator").objects.create(
        authority=authority, code="REREF", name="Re-referrals", measure=converted
    )
    source = old.get_model("findings", "Source").objects.create(
        authority=authority, kind="other", title="Letter"
    )
    finding = old.get_model("findings", "Finding").objects.create(
        source=source, reference="1", text="Front door", kind="afi"
    )
    ImpactLink = old.get_model("findings", "ImpactLink")
    ImpactLink.objects.create(finding=finding, measure=converted, reading="met", latest="typed")
    ImpactLink.objects.create(finding=finding, measure=as_written, reading="not_met")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER_INDICATORS)
    new = executor.loader.project_state(AFTER_INDICATORS).apps

    links = new.get_model("findings", "ImpactLink").objects.filter(finding_id=finding.pk)
    assert sorted((link.measure_id, link.indicator_id) for link in links) == sorted(
        [(converted.pk, indicator.pk), (as_written.pk, None)]
    )
