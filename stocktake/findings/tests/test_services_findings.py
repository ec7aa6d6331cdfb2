"""Findings, their hierarchy, quick capture, links and repeats, through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from stocktake.audit.models import AuditEvent
from stocktake.demo import factories
from stocktake.findings.capture import split_list
from stocktake.findings.choices import FindingKind, FrameworkVersion, ImpactReading, SourceKind
from stocktake.findings.services import (
    FindingFields,
    finding_link_actions,
    finding_link_measures,
    finding_set_repeats,
    finding_update,
    findings_capture,
    impact_link_update,
)
from stocktake.findings.tests.conftest import db_state, make_finding, make_measure, make_source

pytestmark = pytest.mark.django_db


def fields_of(finding, **changes) -> FindingFields:
    values = {
        "reference": finding.reference,
        "text": finding.text,
        "kind": finding.kind,
        "addressee": finding.addressee,
        "parent": finding.parent,
        "planned_response": finding.planned_response,
        "progress": finding.progress,
    }
    return FindingFields(**{**values, **changes})


def test_a_duplicate_reference_within_a_source_is_refused(world, fw):
    before = db_state()

    with pytest.raises(ValidationError) as caught:
        make_finding(fw.source, "1.", "Another first finding")

    assert caught.value.message_dict["reference"] == ["This source already has a finding 1"]
    assert db_state() == before


def test_the_same_reference_in_another_source_is_fine(world, fw):
    finding = make_finding(fw.visit, "2", "Different source")

    assert finding.reference == "2"


def test_a_cycle_in_the_hierarchy_is_refused(world, fw):
    grandchild = make_finding(fw.source, "1.1.1", "Deeper", parent=fw.child)
    before = db_state()

    with pytest.raises(ValidationError) as caught:
        finding_update(
            expected_version=None,
            finding=fw.finding,
            actor=None,
            fields=fields_of(fw.finding, parent=grandchild),
        )

    assert caught.value.message_dict["parent"] == [
        "1.1.1 is already under 1, so 1 cannot sit under it: a finding cannot be under one of "
        "its own sub-findings"
    ]
    assert db_state() == before


def test_a_finding_cannot_sit_under_itself_or_another_sources_finding(world, fw):
    with pytest.raises(ValidationError) as caught:
        finding_update(
            expected_version=None,
            finding=fw.finding,
            actor=None,
            fields=fields_of(fw.finding, parent=fw.finding),
        )
    assert caught.value.message_dict["parent"] == ["A finding cannot sit under itself"]

    with pytest.raises(ValidationError) as caught:
        finding_update(
            expected_version=None,
            finding=fw.child,
            actor=None,
            fields=fields_of(fw.child, parent=fw.repeat),
        )
    assert caught.value.message_dict["parent"] == [
        "Choose a finding from the same source to sit under"
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"text": " "}, "text"),
        ({"kind": "opinion"}, "kind"),
        ({"reference": "x" * 41}, "reference"),
    ],
)
def test_other_bad_finding_input_is_refused(world, fw, changes, field):
    before = db_state()

    with pytest.raises(ValidationError) as caught:
        finding_update(
            expected_version=None,
            finding=fw.child,
            actor=None,
            fields=fields_of(fw.child, **changes),
        )

    assert field in caught.value.message_dict
    assert db_state() == before


def test_an_edit_is_audited_with_before_and_after(world, fw):
    finding_update(
        expected_version=None,
        finding=fw.finding,
        actor=world.users["lead"],
        fields=fields_of(fw.finding, progress="Strategy relaunched"),
    )

    event = AuditEvent.objects.filter(object_type="findings.finding").latest("pk")
    assert event.verb == "updated"
    assert event.changes == {"progress": ["", "Strategy relaunched"]}


def test_capture_saves_a_notice_as_a_hierarchy(world):
    notice = make_source(
        world.authority, "Notice", kind=SourceKind.IMPROVEMENT_NOTICE, framework=""
    )
    text = "5. The Quality of Practice\n- 5.1. Ensure oversight.\n- 5.2. Improve plans.\n"

    created = findings_capture(
        source=notice, actor=None, items=split_list(text).items, kind=FindingKind.NOTICE_MEASURE
    )

    clause, first, second = created
    assert [c.reference for c in created] == ["5", "5.1", "5.2"]
    assert first.parent == clause and second.parent == clause
    assert list(clause.children.order_by("position")) == [first, second]
    assert {c.kind for c in created} == {"notice_measure"}


def test_capture_puts_later_measures_under_a_clause_already_there(world):
    notice = make_source(
        world.authority, "Notice", kind=SourceKind.IMPROVEMENT_NOTICE, framework=""
    )
    (clause,) = findings_capture(
        source=notice, actor=None, items=split_list("5. Quality").items, kind="notice_measure"
    )

    (measure,) = findings_capture(
        source=notice,
        actor=None,
        items=split_list("5.10. Supervision").items,
        kind="notice_measure",
    )

    assert measure.parent == clause


def test_capture_refuses_the_whole_list_if_one_reference_is_taken(world, fw):
    before = db_state()

    with pytest.raises(ValidationError) as caught:
        findings_capture(
            source=fw.source,
            actor=None,
            items=split_list("2. New one\n1. Clashes with finding 1\n2. Twice").items,
            kind=FindingKind.AREA_FOR_IMPROVEMENT,
        )

    assert caught.value.message_dict["text"] == [
        "Item 2: this source already has a finding 1",
        "Item 3: the list has 2 more than once",
    ]
    assert db_state() == before


def test_links_to_actions_in_one_plan_leave_other_plans_links_alone(world, fw):
    phase3 = factories.make_plan(world.authority, "Phase 3")
    later_action = factories.make_action(phase3, "P3-1")
    finding_link_actions(finding=fw.finding, actor=None, plan=phase3, actions=[later_action])

    finding_link_actions(
        finding=fw.finding,
        actor=world.users["lead"],
        plan=world.plan,
        actions=[world.partner_action],
    )

    assert set(fw.finding.actions.all()) == {world.partner_action, later_action}
    event = AuditEvent.objects.filter(verb="linked").latest("pk")
    assert event.changes == {"actions in Test plan": [["LA1"], ["LA2"]]}
    assert list(world.partner_action.findings.all()) == [fw.finding]


def test_actions_and_measures_must_come_from_the_plan_named(world, fw):
    before = db_state()

    with pytest.raises(ValidationError):
        finding_link_actions(
            finding=fw.finding, actor=None, plan=world.plan, actions=[world.other_action]
        )
    with pytest.raises(ValidationError):
        finding_link_actions(finding=fw.finding, actor=None, plan=world.other_plan, actions=[])
    with pytest.raises(ValidationError):
        finding_link_measures(
            finding=fw.finding,
            actor=None,
            plan=world.plan,
            measures=[make_measure(world.other_plan)],
        )

    assert {k: v for k, v in db_state().items() if k != "plans.Measure"} == {
        k: v for k, v in before.items() if k != "plans.Measure"
    }


def test_measure_links_are_replaced_and_their_reading_recorded(world, fw):
    second = make_measure(world.plan, "Audits graded good rise to 60%")

    finding_link_measures(finding=fw.finding, actor=None, plan=world.plan, measures=[second])
    link = fw.finding.impact_links.get()
    impact_link_update(
        link=link,
        actor=None,
        expected_version=None,
        reading=ImpactReading.NOT_MET,
        latest=" 41%  in May ",
    )

    link.refresh_from_db()
    assert link.measure == second
    assert (link.reading, link.latest, link.label) == ("not_met", "41% in May", second.text)
    with pytest.raises(ValidationError):
        impact_link_update(link=link, actor=None, expected_version=None, reading="nearly")


def test_a_repeat_must_be_of_an_earlier_source(world, fw):
    before = db_state()
    undated = make_source(
        world.authority,
        "Undated review",
        kind=SourceKind.PEER_REVIEW,
        framework="",
        published_on=None,
    )
    undated_finding = make_finding(undated, "1", "Something")
    later = make_source(
        world.authority,
        "2021 visit",
        kind=SourceKind.FOCUSED_VISIT,
        framework=FrameworkVersion.NONE,
        published_on=dt.date(2021, 5, 1),
    )
    later_finding = make_finding(later, "1", "Later")
    before = db_state()

    with pytest.raises(ValidationError) as caught:
        finding_set_repeats(
            finding=fw.finding, actor=None, earlier=[later_finding, fw.child, undated_finding]
        )

    assert caught.value.message_dict["earlier"] == [
        "1 of “2021 visit” is not from an earlier source",
        "1.1 of “Inspection of Testshire, 2019” is in the same source, so it cannot be "
        "repeated by it",
        "Give both sources a date so Stocktake can tell which came first (1 of “Undated review”)",
    ]
    with pytest.raises(ValidationError):
        finding_set_repeats(finding=fw.finding, actor=None, earlier=[fw.other_finding])
    assert db_state() == before


def test_a_repeat_is_seen_from_both_ends(world, fw):
    assert list(fw.repeat.repeats.all()) == [fw.finding]
    assert list(fw.finding.repeated_by.all()) == [fw.repeat]
