"""Importing a plan makes its appendix of findings, and the findings its action rows name,
real findings in the register: listed with the plan, linked to the actions, never doubled."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from stocktake.demo.findings_data import AREAS_FOR_IMPROVEMENT
from stocktake.findings.capture import split_list
from stocktake.findings.models import Finding, Source
from stocktake.findings.services import findings_capture
from stocktake.findings.tests.conftest import db_state, make_source
from stocktake.imports.services import import_run_create, plan_import

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "demo" / "data" / "blackpool_12_week_plan_phase_2.txt"
WEEK1 = dt.date(2019, 1, 7)
PLAN = "12 Week Plan – Phase 2"


def import_seed(authority, **kw):
    return plan_import(
        authority=authority,
        actor=None,
        filename=SEED.name,
        data=SEED.read_bytes(),
        plan_name=PLAN,
        week1=WEEK1,
        today=dt.date(2019, 7, 1),
        **kw,
    )


def test_an_appendix_becomes_findings_listed_with_the_plan(world):
    _, outcome = import_seed(world.authority)

    plan = world.authority.plans.get(name=PLAN)
    findings = list(plan.findings.all())
    assert outcome.findings_added == 12 and outcome.findings_updated == 0
    assert [f.reference for f in findings] == [str(n) for n in range(1, 13)]
    source = Source.objects.get(authority=world.authority, kind="other")
    assert source.title == f"Findings listed in {PLAN}"
    assert {f.source_id for f in findings} == {source.pk}
    assert {f.kind for f in findings} == {"afi"}
    assert "Neglect Strategy" in findings[0].planned_response
    assert "Skylakes" in findings[1].progress


def test_importing_again_doubles_nothing(world):
    import_seed(world.authority)
    before = {k: v for k, v in db_state().items() if k != "audit.AuditEvent"}

    _, outcome = import_seed(world.authority)

    assert (outcome.findings_added, outcome.findings_updated) == (0, 0)
    after = {k: v for k, v in db_state().items() if k != "audit.AuditEvent"}
    assert after["findings.Finding"] == before["findings.Finding"]
    assert Finding.objects.filter(source__authority=world.authority).count() == 12


def test_the_appendix_is_recognised_as_findings_already_in_the_register(world):
    inspection = make_source(world.authority, "Inspection of children's services, 2019")
    afis = findings_capture(
        source=inspection, actor=None, items=split_list(AREAS_FOR_IMPROVEMENT).items, kind="afi"
    )

    _, outcome = import_seed(world.authority)

    plan = world.authority.plans.get(name=PLAN)
    assert outcome.findings_added == 12
    assert list(plan.findings.order_by("position")) == afis
    assert not Source.objects.filter(authority=world.authority, kind="other").exists()
    # 9 and 11 are worded differently in the plan ("they" / "these children"; "in education")
    for finding in Finding.objects.filter(pk__in=[afis[8].pk, afis[10].pk]):
        assert finding.planned_response and finding.progress
    assert afis[8].text.endswith("these children are effectively supported at all key stages")


def test_the_preview_writes_no_finding(world):
    before = db_state()

    import_run_create(
        authority=world.authority,
        actor=None,
        filename=SEED.name,
        data=SEED.read_bytes(),
        plan_name=PLAN,
        kind="twelve_week",
        week1=WEEK1,
    )

    after = db_state()
    for label in ("findings.Source", "findings.Finding", "findings.Finding_listed_in"):
        assert after[label] == before[label]


def afi_led_plan() -> bytes:
    """An AFI-led plan: each action row names the area for improvement it answers."""
    rows = [
        ["Ref", "Ofsted Area for Improvement", "Action", "Lead", "By When"],
        [
            "A1",
            "1 – The quality of assessments",
            "Launch practice standards",
            "Kara Haskayne",
            "30/06/2019",
        ],
        [
            "A2",
            "1 – The quality of assessments",
            "Audit 20 assessments a month",
            "Kara Haskayne",
            "30/06/2019",
        ],
        [
            "A3",
            "2 – Oversight of pre-proceedings work",
            "Set up a PLO tracker",
            "Louise Storey",
            "31/07/2019",
        ],
    ]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def test_action_rows_naming_a_finding_are_linked_to_it(world):
    existing = make_source(world.authority, "Inspection, 2019")
    findings_capture(
        source=existing,
        actor=None,
        items=split_list("1. The quality of assessments").items,
        kind="afi",
    )

    _, outcome = plan_import(
        authority=world.authority,
        actor=None,
        filename="afi-plan.csv",
        data=afi_led_plan(),
        plan_name="AFI plan",
        today=dt.date(2019, 7, 1),
    )

    plan = world.authority.plans.get(name="AFI plan")
    assessments = existing.findings.get(reference="1")
    assert sorted(a.reference for a in assessments.actions.all()) == ["A1", "A2"]
    new = Finding.objects.get(text="Oversight of pre-proceedings work")
    assert new.source.title == "Findings listed in AFI plan"
    assert [a.reference for a in new.actions.all()] == ["A3"]
    assert set(plan.findings.all()) == {assessments, new}
    assert outcome.findings_added == 2
