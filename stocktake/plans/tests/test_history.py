"""The state as of a moment, on hand-built histories: each test records a short history at
stated times (with `time_machine`, as a person would, or through the trusted loaders' own
times) and reads it back as of moments before and after each step. The answers are worked
out from the story each test tells, not read from the code."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from stocktake.accounts.models import Membership
from stocktake.demo import factories
from stocktake.governance.models import UpdateReview
from stocktake.governance.services import update_review
from stocktake.plans.history import (
    ActionState,
    as_of_moment,
    default_as_at,
    plan_state_as_of,
)
from stocktake.plans.models import Action, Plan, StatusChange
from stocktake.plans.services import ActionFields, OwnerSpec, action_update, update_submit
from stocktake.plans.services.updates import EvidenceSpec, ImportedUpdate, updates_import


def at(text: str) -> dt.datetime:
    """An aware local time from '2019-06-05 10:00'."""
    return timezone.make_aware(dt.datetime.fromisoformat(text))


@pytest.fixture
def board(world):
    """Testshire's April–June 2019 plan with one action, LA1, recorded on 1 April 2019 at
    9am, owned by Olive Owner, due "Week 8" (the plan's week 1 starts 1 April 2019, so week 8
    ends on Sunday 26 May 2019)."""
    plan = factories.make_plan(world.authority, "Phase plan", start=dt.date(2019, 4, 1))
    action = factories.make_action(
        plan,
        "LA1",
        owners=[world.owner_person],
        theme=factories.make_theme(plan, "Front door"),
        deadline="Week 8",
        recorded_at=at("2019-04-01 09:00"),
    )
    return plan, action


def post_as(world, role: str, action: Action, moment: str, **values):
    """Post an update as a member would, at `moment`."""
    user = world.users[role]
    with time_machine.travel(at(moment), tick=False):
        return update_submit(
            action=action,
            membership=Membership.objects.get(user=user, authority=world.authority),
            actor=user,
            text=values.pop("text", "Screening pilot running in two teams"),
            **values,
        )


def review(world, update, decision: str, moment: str, comment: str = ""):
    with time_machine.travel(at(moment), tick=False):
        return update_review(
            update=update, actor=world.users["lead"], decision=decision, comment=comment
        )


def state(plan: Plan, when, **kw) -> ActionState:
    (only,) = plan_state_as_of(plan, when, **kw).values()
    return only


def test_an_accepted_update_changes_the_state_from_its_acceptance_not_its_posting(world, board):
    plan, action = board
    update = post_as(
        world, "owner", action, "2019-06-03 16:00", delivery_status="on_track", rag="amber"
    )
    review(world, update, "accepted", "2019-06-05 10:00")

    before = state(plan, dt.date(2019, 6, 4))
    assert (before.delivery_status, before.rag) == ("not_started", "")
    assert before.latest_update_id is None
    assert before.provisional == {"delivery_status": "on_track", "rag": "amber"}
    assert before.pending_update_id == update.pk
    # 9:59 on the day of acceptance: still provisional; 10:00: accepted.
    assert state(plan, at("2019-06-05 09:59")).delivery_status == "not_started"
    after = state(plan, at("2019-06-05 10:00"))
    assert (after.delivery_status, after.rag) == ("on_track", "amber")
    assert (after.delivery_since, after.rag_since) == (dt.date(2019, 6, 5), dt.date(2019, 6, 5))
    assert after.latest_update_id == update.pk
    assert after.latest_update_on == dt.date(2019, 6, 3)
    assert after.provisional == {}
    assert after.pending_update_id is None


def test_a_returned_update_changes_nothing_even_with_unreviewed_updates_included(world, board):
    plan, action = board
    update = post_as(
        world,
        "owner",
        action,
        "2019-06-06 15:00",
        delivery_status="complete",
        evidence=EvidenceSpec(link="https://example.org/minutes", title="Minutes"),
    )
    review(world, update, "returned", "2019-06-07 09:00", comment="Attach the signed minutes")

    for include in (False, True):
        then = state(plan, dt.date(2019, 6, 8), include_unreviewed=include)
        assert (then.delivery_status, then.rag) == ("not_started", "")
        assert then.latest_update_id is None
        assert then.provisional == {}
    # The day before the return it was awaiting review, so papers including unreviewed
    # updates would have shown it (and said so).
    assert state(plan, dt.date(2019, 6, 6), include_unreviewed=True).delivery_status == "complete"
    assert Action.objects.get(pk=action.pk).delivery_status == "not_started"


def test_an_update_accepted_after_the_date_is_not_in_the_state_at_that_date(world, board):
    plan, action = board
    update = post_as(
        world,
        "owner",
        action,
        "2019-06-20 11:00",
        delivery_status="complete",
        evidence=EvidenceSpec(link="https://example.org/launch", title="Launch note"),
    )
    review(world, update, "accepted", "2019-07-02 14:00")

    june = state(plan, dt.date(2019, 6, 30))
    assert june.delivery_status == "not_started"
    # Completing proposes Blue when no RAG is given.
    assert june.provisional == {"delivery_status": "complete", "rag": "blue"}
    assert june.latest_update_id is None
    unreviewed = state(plan, dt.date(2019, 6, 30), include_unreviewed=True)
    assert (unreviewed.delivery_status, unreviewed.rag) == ("complete", "blue")
    assert unreviewed.delivery_since == dt.date(2019, 6, 20)
    assert unreviewed.latest_update_id == update.pk
    july = state(plan, dt.date(2019, 7, 2))
    assert (july.delivery_status, july.delivery_since) == ("complete", dt.date(2019, 7, 2))
    assert july.is_complete


def test_owners_in_force_at_each_date(world, board):
    plan, action = board
    newcomer = factories.make_person(world.authority, "Nia Newcomer", "Head of Service")
    with time_machine.travel(at("2019-05-10 12:00"), tick=False):
        action_update(
            action=action,
            actor=world.users["lead"],
            expected_version=action.version,
            fields=ActionFields(
                reference="LA1",
                text=action.text,
                theme=action.theme,
                deadline_text="Week 8",
                owners=[OwnerSpec(newcomer), OwnerSpec(world.owner_person, "pt2")],
            ),
        )

    assert state(plan, dt.date(2019, 5, 9)).owner_ids == (world.owner_person.pk,)
    after = state(plan, dt.date(2019, 5, 10))
    assert set(after.owner_ids) == {newcomer.pk, world.owner_person.pk}
    assert set(after.owner_parts) == {(newcomer.pk, ""), (world.owner_person.pk, "pt2")}


def test_deadline_in_force_at_each_date(world, board):
    plan, action = board
    with time_machine.travel(at("2019-05-15 08:30"), tick=False):
        action_update(
            action=action,
            actor=world.users["lead"],
            expected_version=action.version,
            fields=ActionFields(
                reference="LA1",
                text="Screen every referral within 24 hours",
                theme=action.theme,
                deadline_text="Week 12",
                owners=[OwnerSpec(world.owner_person)],
            ),
        )

    # Week 8 ends 1 April + 7 weeks + 6 days = 26 May; week 12 ends 23 June 2019.
    before = state(plan, dt.date(2019, 5, 14))
    assert (before.deadline_text, before.due_date) == ("Week 8", dt.date(2019, 5, 26))
    assert before.text == "Do the thing well"
    after = state(plan, dt.date(2019, 5, 15))
    assert (after.deadline_text, after.due_date) == ("Week 12", dt.date(2019, 6, 23))
    assert after.text == "Screen every referral within 24 hours"


def test_imported_updates_count_as_accepted_at_their_recorded_time(world, board):
    plan, action = board
    updates_import(
        action=action,
        actor=None,
        updates=[
            ImportedUpdate("Week 20 – recruitment campaign launched", dt.date(2019, 5, 20)),
            ImportedUpdate("Week 24 – 12 posts filled", dt.date(2019, 6, 17)),
        ],
        rag="red",
        today=dt.date(2019, 6, 30),
        recorded_at=at("2019-06-28 17:00"),
    )
    newest = action.updates.get(text__startswith="Week 24")

    assert state(plan, dt.date(2019, 6, 27)).latest_update_id is None
    assert state(plan, dt.date(2019, 6, 27)).rag == ""
    then = state(plan, dt.date(2019, 6, 28))
    assert (then.rag, then.rag_since) == ("red", dt.date(2019, 6, 28))
    assert (then.latest_update_id, then.latest_update_on) == (newest.pk, dt.date(2019, 6, 17))
    assert then.provisional == {}


def test_actions_recorded_after_the_date_are_absent(world, board):
    plan, action = board
    later = factories.make_action(plan, "LA2", recorded_at=at("2019-05-01 09:00"))

    assert list(plan_state_as_of(plan, dt.date(2019, 3, 31))) == []
    assert list(plan_state_as_of(plan, dt.date(2019, 4, 30))) == [action.pk]
    assert list(plan_state_as_of(plan, dt.date(2019, 5, 1))) == [action.pk, later.pk]


def test_provisional_beside_accepted_and_an_older_proposal_superseded(world, board):
    plan, action = board
    first = post_as(world, "owner", action, "2019-05-06 10:00", delivery_status="at_risk")
    second = post_as(world, "owner", action, "2019-05-13 10:00", delivery_status="on_track")
    review(world, second, "accepted", "2019-05-15 09:00")

    # The older at-risk proposal is superseded by the newer accepted on-track one.
    then = state(plan, dt.date(2019, 5, 16))
    assert (then.delivery_status, then.provisional) == ("on_track", {})
    # Accepting the older one later changes nothing either.
    review(world, first, "accepted", "2019-05-17 09:00")
    assert state(plan, dt.date(2019, 5, 18)).delivery_status == "on_track"
    assert Action.objects.get(pk=action.pk).delivery_status == "on_track"
    # A newer proposal awaiting review shows beside the accepted state.
    post_as(world, "owner", action, "2019-05-20 10:00", delivery_status="blocked", reason="No")
    now = state(plan, dt.date(2019, 5, 21))
    assert (now.delivery_status, now.provisional) == ("on_track", {"delivery_status": "blocked"})


def test_the_action_row_keeps_the_accepted_state_not_the_proposal(world, board):
    _plan, action = board
    post_as(world, "owner", action, "2019-05-06 10:00", delivery_status="at_risk", rag="amber")

    saved = Action.objects.get(pk=action.pk)
    assert (saved.delivery_status, saved.rag) == ("not_started", "")
    assert not StatusChange.objects.filter(action=action).exists()


@override_settings(STOCKTAKE_LEADS_UPDATES_ACCEPTED=True)
def test_a_leads_own_update_is_accepted_as_posted_when_the_setting_is_on(world, board):
    plan, action = board
    update = post_as(world, "lead", action, "2019-05-06 10:00", rag="green")
    owners = post_as(world, "owner", action, "2019-05-07 10:00", rag="red", reason="Stuck")

    review_row = UpdateReview.objects.get(update=update)
    assert (review_row.decision, review_row.automatic) == ("accepted", True)
    assert not UpdateReview.objects.filter(update=owners).exists()
    then = state(plan, dt.date(2019, 5, 7))
    assert (then.rag, then.rag_since, then.provisional) == (
        "green",
        dt.date(2019, 5, 6),
        {"rag": "red"},
    )


def test_a_date_means_the_end_of_that_day_in_the_service_time_zone():
    moment = as_of_moment(dt.date(2019, 6, 30))
    local = timezone.localtime(moment)
    assert (local.date(), local.hour, local.minute) == (dt.date(2019, 6, 30), 23, 59)
    # 30 June 2019 is in British Summer Time: the end of the day is 22:59:59 UTC.
    assert moment.astimezone(dt.UTC).hour == 22


def test_default_as_at_is_today_for_a_live_plan_and_the_end_for_an_ended_one(world, board):
    plan, _ = board
    assert default_as_at(plan, dt.date(2019, 5, 2)) == dt.date(2019, 5, 2)
    assert default_as_at(plan, dt.date(2026, 12, 2)) == dt.date(2019, 6, 23)


def _bulk_plan(world, name: str, size: int) -> Plan:
    """A plan of `size` actions with history of every kind: imported updates and RAG, posted
    updates (half accepted, some returned, some awaiting review), an edit and a deadline."""
    from stocktake.plans.services.bulk import NewAction, actions_create_many

    plan = factories.make_plan(world.authority, name, start=dt.date(2019, 4, 1))
    items = [
        NewAction(
            fields=ActionFields(
                reference=f"X{n}",
                text=f"Action {n}",
                deadline_text="Week 10",
                owners=[OwnerSpec(world.owner_person)],
            ),
            updates=[ImportedUpdate(f"Week 13 – step {n}", dt.date(2019, 4, 5))],
            rag="amber" if n % 2 else "red",
        )
        for n in range(size)
    ]
    actions = actions_create_many(
        plan=plan,
        actor=None,
        items=items,
        today=dt.date(2019, 4, 5),
        recorded_at=at("2019-04-05 09:00"),
    )
    for n, action in enumerate(actions[:20]):
        update = update_submit(
            action=action,
            membership=None,
            actor=None,
            text="Moving",
            date=dt.date(2019, 5, 1),
            delivery_status="on_track",
            rag="green",
            recorded_at=at("2019-05-01 10:00"),
        )
        if n % 3 == 0:
            update_review(update=update, actor=None, decision="accepted", at=at("2019-05-02 09:00"))
        elif n % 3 == 1:
            update_review(
                update=update,
                actor=None,
                decision="returned",
                comment="More detail",
                at=at("2019-05-02 09:00"),
            )
    return plan


def test_the_state_of_a_500_action_plan_takes_the_same_few_queries_as_of_a_5_action_plan(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = _bulk_plan(world, "Small plan", 5)
    large = _bulk_plan(world, "Large plan", 500)
    counts = []
    for plan in (small, large):
        with CaptureQueriesContext(connection) as queries:
            states = plan_state_as_of(plan, dt.date(2019, 6, 30))
        counts.append(len(queries))
    assert len(states) == 500
    assert counts[0] == counts[1] <= 6
    # And the fold is right for the large plan: X0 accepted on track and green on 2 May;
    # X1 returned (so still amber from the import); X2 awaiting review.
    by_ref = {s.reference: s for s in states.values()}
    assert (by_ref["X0"].delivery_status, by_ref["X0"].rag) == ("on_track", "green")
    assert (by_ref["X1"].delivery_status, by_ref["X1"].rag) == ("not_started", "amber")
    assert by_ref["X2"].provisional == {"delivery_status": "on_track", "rag": "green"}
    assert by_ref["X499"].rag == "amber" and by_ref["X498"].rag == "red"
