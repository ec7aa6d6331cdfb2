"""action_create and action_update: deadlines, validation, cross-references, owners, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from stocktake.audit.models import AuditEvent
from stocktake.core.errors import ConflictError
from stocktake.core.tests.helpers import db_state
from stocktake.demo import factories
from stocktake.governance.services import update_review
from stocktake.plans.models import Action, ActionOwner
from stocktake.plans.services import (
    ActionFields,
    OwnerSpec,
    action_create,
    action_update,
    plan_create,
)
from stocktake.plans.services.updates import update_submit

EN_DASH = "\u2013"
WEEK1 = dt.date(2019, 1, 7)  # a Monday, as in Blackpool's plan


@pytest.fixture
def phase2(world):
    """A plan whose week 1 is long before its start, like a second 12-week phase."""
    return plan_create(
        authority=world.authority,
        actor=None,
        name="Phase 2",
        start_date=dt.date(2019, 4, 1),
        end_date=dt.date(2019, 6, 30),
        week1_date=WEEK1,
    )


def create(plan, actor=None, **values) -> Action:
    values.setdefault("reference", "LA5")
    values.setdefault("text", "Hold a weekly practice clinic")
    return action_create(plan=plan, actor=actor, fields=ActionFields(**values))


def fields_of(action: Action, **changes) -> ActionFields:
    values: dict[str, Any] = {
        "reference": action.reference,
        "text": action.text,
        "theme": action.theme,
        "impact": action.impact,
        "outcome": action.outcome,
        "deadline_text": action.deadline_text,
        "cross_references": action.cross_references,
        "owners": [OwnerSpec(o.person, o.part) for o in action.owners.all()],
    }
    values.update(changes)
    return ActionFields(**values)


@pytest.mark.parametrize(
    ("deadline", "due_start", "due_date"),
    [
        ("Week 8", None, WEEK1 + dt.timedelta(weeks=7, days=6)),
        ("week 13", None, dt.date(2019, 4, 7)),
        (f"Week 13 {EN_DASH} 24", dt.date(2019, 4, 1), dt.date(2019, 6, 23)),
        ("Week 13-24", dt.date(2019, 4, 1), dt.date(2019, 6, 23)),
        ("Ongoing", None, None),
        ("Monthly", None, None),
        ("", None, None),
        ("30/06/2019", None, dt.date(2019, 6, 30)),
    ],
)
def test_deadline_wording_resolves_to_dates(phase2, deadline, due_start, due_date):
    action = create(phase2, deadline_text=deadline)

    assert (action.due_start, action.due_date) == (due_start, due_date)
    assert action.deadline_text == deadline


def test_week_8_falls_due_on_the_sunday_ending_week_8(phase2):
    action = create(phase2, deadline_text="Week 8")

    assert action.due_date == dt.date(2019, 3, 3)
    assert action.due_date.weekday() == 6


def test_unreadable_deadline_without_a_due_date_is_refused_and_nothing_written(phase2):
    before = db_state()

    with pytest.raises(ValidationError) as excinfo:
        create(phase2, deadline_text="when the new director starts")

    [message] = excinfo.value.message_dict["deadline_text"]
    assert "is not a date or week that can be read" in message
    assert "or enter a due date" in message
    assert db_state() == before


def test_unreadable_deadline_with_a_due_date_keeps_the_wording_and_uses_the_date(phase2):
    action = create(phase2, deadline_text="After the board", due_date=dt.date(2019, 5, 17))

    assert (action.deadline_text, action.due_date) == ("After the board", dt.date(2019, 5, 17))


def test_a_week_range_written_backwards_is_refused(phase2):
    with pytest.raises(ValidationError) as excinfo:
        create(phase2, deadline_text="Week 24 - 13")

    assert "Week 13 comes before week 24" in excinfo.value.message_dict["deadline_text"][0]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"reference": "  "}, "reference", "Enter a reference, for example LA1"),
        ({"reference": "la1"}, "reference", "This plan already has an action la1"),
        ({"text": " "}, "text", "Enter what the action is"),
        ({"impact": "x" * 10_001}, "impact", "Use 10,000 characters or fewer"),
    ],
)
def test_action_create_validation_messages(world, values, field, message):
    before = db_state()

    with pytest.raises(ValidationError) as excinfo:
        create(world.plan, **values)

    assert excinfo.value.message_dict[field] == [message]
    assert db_state() == before


def test_themes_and_owners_must_come_from_the_plan_and_its_authority(world):
    stranger = factories.make_person(world.other, "Sid Stranger")
    other_theme = factories.make_theme(world.other_plan, "Elsewhere")

    with pytest.raises(ValidationError) as excinfo:
        create(world.plan, theme=other_theme, owners=[OwnerSpec(stranger)])

    assert excinfo.value.message_dict == {
        "theme": ["Choose a theme from this plan"],
        "owners": ["Choose owners from this authority's register of people"],
    }


def test_action_numbers_follow_on_and_references_are_tidied(world):
    action = create(world.plan, reference=" LA   7 ")

    assert action.reference == "LA 7"
    assert action.number == Action.objects.get(pk=world.partner_action.pk).number + 1


def test_owners_are_recorded_per_part_once_each(world):
    action = create(
        world.plan,
        owners=[
            OwnerSpec(world.owner_person, "pt1"),
            OwnerSpec(world.partner_person, "pt2"),
            OwnerSpec(world.owner_person, "pt1"),
            OwnerSpec(world.owner_person, ""),
        ],
    )

    rows = sorted((o.person.name, o.part) for o in ActionOwner.objects.filter(action=action))
    assert rows == [("Olive Owner", ""), ("Olive Owner", "pt1"), ("Pat Partner", "pt2")]


def test_action_create_audits_every_value_and_the_owners(world):
    action = create(
        world.plan,
        world.users["lead"],
        deadline_text="Week 3",
        owners=[OwnerSpec(world.owner_person, "pt1")],
    )

    event = AuditEvent.objects.for_object(action).get()
    assert (event.verb, event.actor) == ("created", world.users["lead"])
    assert event.changes["reference"] == [None, "LA5"]
    assert event.changes["deadline_text"] == [None, "Week 3"]
    assert event.changes["due_date"] == [None, action.due_date.isoformat()]
    assert event.changes["owners"] == [None, ["Olive Owner – Head of Service (Part 1)"]]


def test_cross_references_link_actions_both_ways_within_the_authority(world):
    factories.make_action(world.other_plan, "LA2")  # same reference, another authority
    action = create(world.plan, cross_references="LA1/ la2, NOPE")

    assert set(action.related.values_list("reference", flat=True)) == {"LA1", "LA2"}
    assert {a.plan_id for a in action.related.all()} == {world.plan.pk}
    assert list(world.action.related.all()) == [action]


def test_cross_references_reach_other_plans_of_the_same_authority(world):
    second = factories.make_plan(world.authority, "Service plan")
    action = create(second, reference="S10", cross_references="LA1")

    assert list(action.related.all()) == [world.action]


def test_a_later_action_is_linked_to_an_earlier_one_that_names_it(world):
    earlier = create(world.plan, reference="LA32", cross_references="FD5")
    later = create(world.plan, reference="FD5")

    assert list(later.related.all()) == [earlier]


def test_editing_a_referenced_action_keeps_the_links_others_declare(world):
    naming = create(world.plan, reference="LA32", cross_references="LA1")

    action_update(
        action=world.action,
        actor=None,
        expected_version=world.action.version,
        fields=fields_of(world.action, text="Reworded"),
    )

    assert list(naming.related.all()) == [world.action]


def test_clearing_cross_references_removes_those_links(world):
    action = create(world.plan, cross_references="LA1 LA2")

    action_update(
        action=action,
        actor=None,
        expected_version=1,
        fields=fields_of(action, cross_references="LA2"),
    )

    assert list(action.related.values_list("reference", flat=True)) == ["LA2"]
    assert not world.action.related.exists()


def test_action_update_saves_bumps_the_version_and_audits_before_and_after(world):
    action = world.action
    old_text, old_due = action.text, action.due_date

    action_update(
        action=action,
        actor=world.users["admin"],
        expected_version=1,
        fields=fields_of(
            action,
            text="Weekly clinic",
            deadline_text="Week 9",
            owners=[OwnerSpec(world.partner_person)],
        ),
    )

    action.refresh_from_db()
    assert (action.text, action.version, action.deadline_text) == ("Weekly clinic", 2, "Week 9")
    assert action.due_date == old_due + dt.timedelta(weeks=1)
    event = AuditEvent.objects.for_object(action).get(verb="updated")
    assert event.actor == world.users["admin"]
    assert event.changes["text"] == [old_text, "Weekly clinic"]
    assert event.changes["deadline_text"] == ["Week 8", "Week 9"]
    assert event.changes["due_date"] == [old_due.isoformat(), action.due_date.isoformat()]
    assert event.changes["owners"] == [
        ["Olive Owner – Head of Service"],
        ["Pat Partner – Superintendent"],
    ]


def test_action_update_on_a_stale_version_raises_a_conflict_and_changes_nothing(world):
    fresh = Action.objects.get(pk=world.action.pk)
    action_update(
        action=fresh, actor=None, expected_version=1, fields=fields_of(fresh, text="First save")
    )
    before = db_state()

    with pytest.raises(ConflictError) as excinfo:
        action_update(
            action=world.action,
            actor=None,
            expected_version=1,
            fields=fields_of(world.action, text="Second save"),
        )

    assert (excinfo.value.current.text, excinfo.value.current.version) == ("First save", 2)
    assert db_state() == before


def test_action_update_may_keep_its_own_reference_but_not_take_anothers(world):
    with pytest.raises(ValidationError) as excinfo:
        action_update(
            action=world.action,
            actor=None,
            expected_version=1,
            fields=fields_of(world.action, reference="LA2"),
        )
    action_update(
        action=world.action,
        actor=None,
        expected_version=1,
        fields=fields_of(world.action, reference="la1"),
    )

    assert excinfo.value.message_dict == {"reference": ["This plan already has an action LA2"]}
    assert Action.objects.get(pk=world.action.pk).reference == "la1"


def test_an_edit_of_the_wording_keeps_the_statuses_an_owner_posted_meanwhile(world):
    # The lead opens the edit form; the owner then posts an update that changes the
    # action's statuses and RAG, and another lead accepts it (which does not change the
    # action's version); the lead saves.
    opened = Action.objects.get(pk=world.action.pk)
    posted = update_submit(
        action=Action.objects.get(pk=world.action.pk),
        membership=None,
        actor=world.users["owner"],
        text="Audit found the threshold applied inconsistently",
        rag="amber",
        delivery_status="at_risk",
        impact_status="emerging",
    )
    update_review(update=posted, actor=world.users["admin"], decision="accepted")

    action_update(
        action=opened,
        actor=world.users["lead"],
        expected_version=opened.version,
        fields=ActionFields(reference="LA1", text="Reworded by the lead", theme=world.theme),
    )

    saved = Action.objects.get(pk=world.action.pk)
    assert saved.text == "Reworded by the lead"
    assert (saved.delivery_status, saved.impact_status, saved.rag) == (
        "at_risk",
        "emerging",
        "amber",
    )
