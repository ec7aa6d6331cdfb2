"""12-week phases: closing one freezes its final position and carries its unfinished actions
into the next phase, linked both ways, with their history; the narrative in seed 000's
template is kept in versions, read as of a date."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from stocktake.core.tests.helpers import date_fields, db_state, visible_text
from stocktake.demo import factories
from stocktake.governance.services import update_review
from stocktake.plans.history import phase_narrative_as_of, plan_state_as_of
from stocktake.plans.models import Action, PhaseClosure, PhaseNarrative
from stocktake.plans.services import ActionFields, OwnerSpec, action_update, plan_create
from stocktake.plans.services.phases import NextPhase, phase_close, phase_narrative_record
from stocktake.plans.services.updates import EvidenceSpec, update_submit


def at(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(text))


SECTIONS = {
    "gone_well": "33 permanent new starters since January.",
    "learned": "Key messages need more than one format.",
    "needs_attention": "Vacancies left by staff moving into new management roles.",
    "priority_1": "Making sure our staff feel safe and can support children and families.",
    "priority_2": "Making the right decisions about need for children and families.",
    "priority_3": "Building the right resource wherever it is needed.",
}
PHASE_3 = NextPhase("Phase 3", dt.date(2019, 7, 1), dt.date(2019, 9, 22))


def post(action: Action, moment: str, **values) -> object:
    return update_submit(
        action=action,
        membership=None,
        actor=None,
        text=values.pop("text", "Progress"),
        date=at(moment).date(),
        today=at(moment).date(),
        recorded_at=at(moment),
        **values,
    )


@pytest.fixture
def phase(world):
    """Phase 2 (1 April to 30 June 2019; week 1 is 7 January 2019) of an improvement
    programme, recorded on 1 April: LA1 (owner, accepted at risk and red on 3 May), LA2
    (partner, accepted complete on 20 June) and LA3 (two owners in parts, not started)."""
    programme = plan_create(
        authority=world.authority,
        actor=None,
        name="Improvement programme",
        start_date=dt.date(2019, 1, 7),
        end_date=dt.date(2020, 1, 5),
        week1_date=dt.date(2019, 1, 7),
    )
    plan = plan_create(
        authority=world.authority,
        actor=None,
        name="Phase 2",
        start_date=dt.date(2019, 4, 1),
        end_date=dt.date(2019, 6, 30),
        week1_date=dt.date(2019, 1, 7),
        kind="twelve_week",
        parent=programme,
    )
    theme = factories.make_theme(plan, "Workforce")
    opened = at("2019-04-01 09:00")
    la1 = factories.make_action(
        plan, "LA1", owners=[world.owner_person], theme=theme, deadline="Week 24",
        recorded_at=opened,
    )  # fmt: skip
    la2 = factories.make_action(
        plan, "LA2", owners=[world.partner_person], theme=theme, deadline="Week 20",
        recorded_at=opened,
    )  # fmt: skip
    la3 = factories.make_action(plan, "LA3", recorded_at=opened, deadline="Week 22")
    with time_machine.travel(at("2019-04-01 09:30"), tick=False):
        action_update(
            action=la3,
            actor=None,
            expected_version=la3.version,
            fields=ActionFields(
                reference="LA3",
                text=la3.text,
                deadline_text="Week 22",
                owners=[
                    OwnerSpec(world.owner_person, "pt1"),
                    OwnerSpec(world.partner_person, "pt2"),
                ],
            ),
        )
    red = post(la1, "2019-05-02 16:00", delivery_status="at_risk", rag="red", reason="Vacancies")
    update_review(update=red, actor=None, decision="accepted", at=at("2019-05-03 10:00"))
    done = post(
        la2,
        "2019-06-19 16:00",
        delivery_status="complete",
        evidence=EvidenceSpec(link="https://example.org/signed-off", title="Sign-off"),
    )
    update_review(update=done, actor=None, decision="accepted", at=at("2019-06-20 10:00"))
    return plan


def page_url(name, world, plan, action=None):
    args = [world.authority.slug, plan.pk] + ([action.pk] if action else [])
    return reverse(name, args=args)


def close(world, plan, moment="2019-06-30 17:00"):
    return phase_close(plan=plan, actor=world.users["lead"], next_phase=PHASE_3, at=at(moment))


def test_closing_carries_unfinished_actions_with_their_references_owners_and_state(world, phase):
    closure = close(world, phase)

    successor = closure.next_plan
    assert (successor.name, successor.kind, successor.parent) == (
        "Phase 3",
        "twelve_week",
        phase.parent,
    )
    assert successor.week1_date == dt.date(2019, 1, 7)  # weeks keep counting from week 1
    carried = {a.reference: a for a in successor.actions.all()}
    assert set(carried) == {"LA1", "LA3"}  # LA2 was complete
    la1 = carried["LA1"]
    assert la1.carried_from == phase.actions.get(reference="LA1")
    assert phase.actions.get(reference="LA1").carried_to == la1
    assert (la1.deadline_text, la1.due_date) == ("Week 24", dt.date(2019, 6, 23))
    assert la1.theme.name == "Workforce" and la1.theme.plan == successor
    assert {(o.person, o.part) for o in carried["LA3"].owners.all()} == {
        (world.owner_person, "pt1"),
        (world.partner_person, "pt2"),
    }
    # Its accepted state goes with it, and "since" still counts from the earlier phase.
    (state,) = [
        s for s in plan_state_as_of(successor, dt.date(2019, 7, 1)).values() if s.reference == "LA1"
    ]
    assert (state.delivery_status, state.rag) == ("at_risk", "red")
    assert (state.delivery_since, state.rag_since) == (dt.date(2019, 5, 3), dt.date(2019, 5, 3))
    assert state.carried_from_id == la1.carried_from_id


def test_the_final_position_is_frozen_at_the_close(world, phase):
    closure = close(world, phase)

    position = {row["reference"]: row for row in PhaseClosure.objects.get(pk=closure.pk).position}
    assert set(position) == {"LA1", "LA2", "LA3"}
    assert (position["LA2"]["delivery_status"], position["LA2"]["delivery_since"]) == (
        "complete",
        "2019-06-20",
    )
    assert position["LA1"]["rag"] == "red"
    # Nothing more is written to the closed phase.
    la1 = phase.actions.get(reference="LA1")
    with pytest.raises(ValidationError, match="was closed on 30 June 2019"):
        post(la1, "2019-07-02 10:00", text="Late news")
    with pytest.raises(ValidationError, match="Edit the action in Phase 3"):
        action_update(
            action=la1,
            actor=None,
            expected_version=la1.version,
            fields=ActionFields(reference="LA1", text="Reworded"),
        )
    with pytest.raises(ValidationError, match="was closed"):
        close(world, phase, "2019-07-01 09:00")


def test_a_phase_with_updates_awaiting_review_cannot_close(world, phase):
    post(phase.actions.get(reference="LA3"), "2019-06-28 12:00", rag="amber")
    before = db_state()

    with pytest.raises(ValidationError, match="1 update on LA3 is awaiting review"):
        close(world, phase)
    assert db_state() == before


def test_only_a_12_week_plan_closes(world):
    with pytest.raises(ValidationError, match="Only a 12-week plan"):
        phase_close(plan=world.plan, actor=None, next_phase=PHASE_3)
    assert not PhaseClosure.objects.exists()


def test_the_narrative_is_kept_in_versions_read_as_of_a_date(world, phase):
    first = phase_narrative_record(
        plan=phase, actor=world.users["lead"], sections=SECTIONS, at=at("2019-06-25 12:00")
    )
    revised = phase_narrative_record(
        plan=phase,
        actor=world.users["admin"],
        sections={**SECTIONS, "learned": "Managers cannot always cascade every message."},
        at=at("2019-07-03 12:00"),
    )

    assert phase_narrative_as_of(phase, dt.date(2019, 6, 24)) is None
    assert phase_narrative_as_of(phase, dt.date(2019, 6, 30)) == first
    assert phase_narrative_as_of(phase, dt.date(2019, 7, 3)) == revised
    assert revised.priorities == [
        SECTIONS["priority_1"],
        SECTIONS["priority_2"],
        SECTIONS["priority_3"],
    ]
    assert PhaseNarrative.objects.filter(plan=phase).count() == 2


def test_every_section_of_the_narrative_is_needed(world, phase):
    with pytest.raises(ValidationError) as raised:
        phase_narrative_record(plan=phase, actor=None, sections={**SECTIONS, "priority_3": " "})
    assert raised.value.message_dict == {
        "priority_3": ["Enter the third priority for the next phase"]
    }


def test_the_close_page_lists_what_carries_over_and_closing_opens_the_next_phase(
    world, phase, client_for
):
    client = client_for(world.users["lead"])
    url = reverse("plans:phase_close", args=[world.authority.slug, phase.pk])

    page = visible_text(client.get(url))
    assert "2 unfinished actions will carry into the next phase" in page
    assert "LA1" in page and "LA3" in page
    assert "3 actions, 1 complete" in page

    response = client.post(
        url,
        {
            "name": "Phase 3",
            **date_fields("start_date", PHASE_3.start_date),
            **date_fields("end_date", PHASE_3.end_date),
        },
    )
    successor = PhaseClosure.objects.get(plan=phase).next_plan
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "plans:dashboard", args=[world.authority.slug, successor.pk]
    )
    dashboard = visible_text(client.get(response["Location"]))
    assert "This phase continues Phase 2" in dashboard
    new_la1 = successor.actions.get(reference="LA1")
    detail = visible_text(
        client.get(
            reverse("plans:action_detail", args=[world.authority.slug, successor.pk, new_la1.pk])
        )
    )
    assert "Carried over from LA1 in Phase 2" in detail
    assert "Updates in Phase 2 (as LA1)" in detail and "Vacancies" in detail
    old_la1 = phase.actions.get(reference="LA1")
    old = visible_text(
        client.get(
            reverse("plans:action_detail", args=[world.authority.slug, phase.pk, old_la1.pk])
        )
    )
    assert "It continues as LA1 in Phase 3" in old
    assert "Post an update" not in old


def test_the_close_form_explains_a_mistake_and_closes_nothing(world, phase, client_for):
    url = reverse("plans:phase_close", args=[world.authority.slug, phase.pk])
    response = client_for(world.users["lead"]).post(
        url,
        {
            "name": "",
            **date_fields("start_date", dt.date(2019, 7, 1)),
            **date_fields("end_date", dt.date(2019, 6, 1)),
        },
    )
    page = visible_text(response)
    assert response.status_code == 200
    assert "Enter a name for the next phase" in page
    assert "The next phase must end on or after the day it starts" in page
    assert not PhaseClosure.objects.exists()


def test_the_narrative_form_saves_a_version_the_dashboard_shows(world, phase, client_for):
    client = client_for(world.users["lead"])
    url = reverse("plans:phase_narrative", args=[world.authority.slug, phase.pk])

    empty = client.post(url, {**SECTIONS, "gone_well": ""})
    assert "Enter what has gone well" in visible_text(empty)
    response = client.post(url, SECTIONS)
    assert response.status_code == 302

    dashboard = visible_text(client.get(response["Location"]))
    assert "What has gone well? 33 permanent new starters since January." in dashboard
    assert "Written by lead on" in dashboard
