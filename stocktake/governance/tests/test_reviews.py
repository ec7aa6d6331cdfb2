"""Reviewing updates and bad input: the queue, accept, return with a comment, bulk accept,
"already reviewed by", the owner's returned updates; meetings, decisions and actions arising
refused with a clear message when the input is wrong."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stocktake.audit.models import AuditEvent
from stocktake.core.tests.helpers import date_fields, error_summary, visible_text
from stocktake.governance import selectors, services
from stocktake.governance.models import Meeting, MeetingOutcome, UpdateReview
from stocktake.governance.tests.conftest import db_state, post


def url(world, name, **kwargs):
    return reverse(f"governance:{name}", kwargs={"authority": world.authority.slug, **kwargs})


def test_queue_lists_posted_unreviewed_updates_oldest_first(world, gw):
    later = post(world.partner_action, "Police data shared")
    assert list(selectors.review_queue(world.plan)) == [gw.update, later]
    services.update_review(update=gw.update, actor=None, decision="accepted")
    assert list(selectors.review_queue(world.plan)) == [later]


def test_returning_needs_a_comment(world, gw, client):
    client.force_login(world.users["lead"])
    before = db_state()
    response = client.post(
        url(world, "review", plan_id=world.plan.pk, update_id=gw.update.pk),
        {"decision": "returned", "comment": "  "},
    )
    assert response.status_code == 200
    assert error_summary(response) == [("#id_comment", "Enter what the owner needs to change")]
    assert db_state() == before
    with pytest.raises(ValidationError, match="Enter what the owner needs to change"):
        services.update_review(update=gw.update, actor=None, decision="returned", comment="")


def test_returned_update_goes_back_to_the_owner_until_they_post_again(world, gw, client):
    client.force_login(world.users["lead"])
    response = client.post(
        url(world, "review", plan_id=world.plan.pk, update_id=gw.update.pk),
        {"decision": "returned", "comment": "Say how many staff were trained"},
    )
    assert response.status_code == 302
    review = UpdateReview.objects.get(update=gw.update)
    assert review.decision == "returned" and review.reviewer == world.users["lead"]
    assert AuditEvent.objects.filter(verb="update returned").count() == 1

    client.force_login(world.users["owner"])
    page = visible_text(client.get(url(world, "cycle", plan_id=world.plan.pk)))
    assert "Say how many staff were trained" in page
    detail = visible_text(
        client.get(
            reverse(
                "plans:action_detail", args=[world.authority.slug, world.plan.pk, world.action.pk]
            )
        )
    )
    assert "Returned Say how many staff were trained" in detail

    post(world.action, "42 staff trained")
    page = visible_text(client.get(url(world, "cycle", plan_id=world.plan.pk)))
    assert "Say how many staff were trained" not in page
    detail = visible_text(
        client.get(
            reverse(
                "plans:action_detail", args=[world.authority.slug, world.plan.pk, world.action.pk]
            )
        )
    )
    assert "Awaiting review" in detail


def test_a_second_reviewer_is_told_who_reviewed_first(world, gw, client):
    client.force_login(world.users["lead"])
    page = url(world, "review", plan_id=world.plan.pk, update_id=gw.update.pk)
    client.get(page)
    services.update_review(update=gw.update, actor=world.users["admin"], decision="accepted")

    response = client.post(page, {"decision": "accepted", "expected": ""})
    assert response.status_code == 200
    assert "This update has already been accepted by admin" in visible_text(response)
    assert UpdateReview.objects.filter(update=gw.update).count() == 1


def test_bulk_accept_of_selected_updates(world, gw, client):
    second = post(world.partner_action, "Police data shared")
    third = post(world.partner_action, "More data")
    client.force_login(world.users["lead"])
    page = url(world, "review_queue", plan_id=world.plan.pk)
    confirm = client.post(page, {"updates": [gw.update.pk, third.pk]})
    assert confirm.status_code == 200
    assert not UpdateReview.objects.exists()
    tokens = [f"{u.pk}.{u.action.version}" for u in (gw.update, third)]
    response = client.post(page, {"confirm": "yes", "accept": tokens})
    assert response.status_code == 302
    assert list(selectors.review_queue(world.plan)) == [second]
    assert set(UpdateReview.objects.values_list("decision", flat=True)) == {"accepted"}

    response = client.post(page, {})
    assert "Select the updates to accept" in visible_text(response)


def test_imported_updates_are_not_reviewed(world, gw):
    from stocktake.plans.models import Update

    imported = Update.objects.create(
        action=world.action, date=dt.date(2019, 1, 1), text="Old", origin=Update.Origin.IMPORTED
    )
    with pytest.raises(ValidationError, match="Only updates posted"):
        services.update_review(update=imported, actor=None, decision="accepted")


def test_a_meeting_date_that_does_not_exist_is_refused(world, gw, client):
    client.force_login(world.users["lead"])
    before = db_state()
    response = client.post(
        url(world, "meeting_create", board_id=gw.board.pk),
        {"date_0": "31", "date_1": "2", "date_2": "2019", "status": "scheduled"},
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        ("#id_date_0", "The date of the meeting must be a real date")
    ]
    assert db_state() == before


def test_a_second_meeting_on_the_same_day_is_refused(world, gw, client):
    client.force_login(world.users["lead"])
    response = client.post(
        url(world, "meeting_create", board_id=gw.board.pk),
        {**date_fields("date", dt.date(2019, 6, 27)), "status": "scheduled"},
    )
    assert "Improvement Board already has a meeting on 27 June 2019" in visible_text(response)


def test_an_action_arising_in_a_plan_of_another_authority_is_refused(world, gw, client):
    client.force_login(world.users["lead"])
    before = db_state()
    response = client.post(
        url(world, "action_arising", meeting_id=gw.meeting.pk),
        {
            "plan": world.other_plan.pk,
            "reference": "IB1",
            "text": "Report",
            "owner": world.owner_person.pk,
            **date_fields("due_date", dt.date(2019, 7, 31)),
        },
    )
    assert response.status_code == 200
    assert ("#id_plan", "Choose a plan from this authority") in error_summary(response)
    assert db_state() == before
    with pytest.raises(ValidationError, match="Choose a plan from this authority"):
        services.action_arising_record(
            meeting=gw.meeting,
            actor=None,
            plan=world.other_plan,
            fields=services.meetings.ActionFields(reference="X1", text="x"),
        )


def test_an_action_arising_becomes_a_real_action_linked_to_the_meeting(world, gw, client):
    client.force_login(world.users["lead"])
    response = client.post(
        url(world, "action_arising", meeting_id=gw.meeting.pk),
        {
            "plan": world.plan.pk,
            "theme": world.theme.pk,
            "reference": "IB1",
            "text": "Report caseloads to the next board",
            "owner": world.owner_person.pk,
            **date_fields("due_date", dt.date(2019, 7, 31)),
        },
    )
    assert response.status_code == 302
    outcome = MeetingOutcome.objects.get(kind="action")
    action = outcome.action
    assert action.plan == world.plan and action.due_date == dt.date(2019, 7, 31)
    assert [o.person for o in action.owners.all()] == [world.owner_person]
    page = visible_text(client.get(url(world, "meeting_detail", meeting_id=gw.meeting.pk)))
    assert "IB1 (Test plan, due 31 July 2019): Report caseloads to the next board" in page


def test_an_empty_decision_and_an_empty_unblock_ask_are_refused(world, gw, client):
    client.force_login(world.users["lead"])
    response = client.post(url(world, "decision_create", meeting_id=gw.meeting.pk), {"text": ""})
    assert error_summary(response) == [("#id_text", "Enter the decision")]
    response = client.post(
        url(world, "unblock", plan_id=world.plan.pk, action_id=world.action.pk), {"ask": ""}
    )
    assert error_summary(response) == [
        ("#id_ask", "Enter what the chief executive's meeting is asked to do")
    ]


def test_schedule_follows_the_cadence(world, gw):
    board = services.board_create(
        authority=world.authority,
        actor=None,
        fields=services.BoardFields(
            name="Management team",
            kind="management_team",
            cadence="weekly",
            weekday=2,
            time=dt.time(9, 0),
        ),
    )
    new = services.meetings_schedule(
        board=board, actor=None, start=dt.date(2019, 1, 7), until=dt.date(2019, 1, 31)
    )
    assert [m.date for m in new] == [dt.date(2019, 1, d) for d in (9, 16, 23, 30)]
    assert all(m.time == dt.time(9, 0) for m in new)
    # Monthly on the 4th Thursday, like 27 June 2019; existing dates kept.
    new = services.meetings_schedule(
        board=gw.board, actor=None, start=dt.date(2019, 5, 23), until=dt.date(2019, 8, 31)
    )
    assert [m.date for m in new] == [
        dt.date(2019, 5, 23),
        dt.date(2019, 7, 25),
        dt.date(2019, 8, 22),
    ]
    assert Meeting.objects.filter(board=gw.board).count() == 4
