"""A small governance world on top of the shared `world`: emails for the owners, a board
with a meeting, the plan's update window, a posted update waiting for review and an open
unblock request; Otherborough has its own board, meeting and update, never reachable from
Testshire. Also `at(...)`: freeze `timezone.now` at a moment of the cycle."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from stocktake.audit.models import AuditEvent
from stocktake.demo import factories
from stocktake.governance import services
from stocktake.governance.models import (
    Board,
    BoardMember,
    Meeting,
    MeetingOutcome,
    Reminder,
    UnblockRequest,
    UpdateReview,
    UpdateWindow,
)
from stocktake.plans.models import Action, ActionOwner, Update
from stocktake.plans.services import update_submit


def moment(text: str) -> dt.datetime:
    """An aware local time from '2019-01-07 18:00'."""
    return timezone.make_aware(dt.datetime.fromisoformat(text))


@contextmanager
def at(text: str) -> Iterator[dt.datetime]:
    """Freeze `django.utils.timezone.now` (and so auto_now_add) at a local time."""
    now = moment(text)
    with mock.patch("django.utils.timezone.now", return_value=now):
        yield now


def post(action: Action, text: str = "Progress made", **kwargs: Any) -> Update:
    kwargs.setdefault("today", timezone.localdate())
    return update_submit(action=action, membership=None, actor=None, text=text, **kwargs)


@dataclass
class GovWorld:
    board: Board
    member: BoardMember
    meeting: Meeting
    window: UpdateWindow
    update: Update
    unblock: UnblockRequest
    other_board: Board
    other_member: BoardMember
    other_meeting: Meeting
    other_update: Update
    other_unblock: UnblockRequest


@pytest.fixture
def gw(world) -> GovWorld:
    return build_gw(world)


def build_gw(world: Any) -> GovWorld:
    world.owner_person.email = "olive@testshire.example"
    world.owner_person.save()
    world.partner_person.email = "pat@police.example"
    world.partner_person.save()
    board = services.board_create(
        authority=world.authority,
        actor=None,
        fields=services.BoardFields(
            name="Improvement Board", kind="improvement_board", cadence="monthly", weekday=3
        ),
    )
    member = services.member_add(board=board, actor=None, person=world.owner_person, role="Member")
    meeting = services.meeting_create(
        board=board, actor=None, fields=services.MeetingFields(date=dt.date(2019, 6, 27))
    )
    window = services.window_set(
        plan=world.plan,
        actor=None,
        weekday=1,
        time=dt.time(17, 0),
        remind_hours_before=24,
        stale_after_days=14,
    )
    update = post(world.action, "Training plan drafted")
    unblock = services.unblock_raise(
        action=world.partner_action, actor=None, ask="Agree police funding for the MASH"
    )
    other_board = services.board_create(
        authority=world.other,
        actor=None,
        fields=services.BoardFields(name="Other board", kind="scrutiny", cadence="quarterly"),
    )
    from stocktake.demo.factories import make_person

    other_person = make_person(world.other, "Otto Other")
    other_member = services.member_add(board=other_board, actor=None, person=other_person)
    other_meeting = services.meeting_create(
        board=other_board, actor=None, fields=services.MeetingFields(date=dt.date(2019, 6, 1))
    )
    other_update = post(world.other_action, "Elsewhere")
    other_unblock = services.unblock_raise(
        action=world.other_action, actor=None, ask="Not Testshire's business"
    )
    return GovWorld(
        board,
        member,
        meeting,
        window,
        update,
        unblock,
        other_board,
        other_member,
        other_meeting,
        other_update,
        other_unblock,
    )


TRACKED = [
    Board,
    BoardMember,
    Meeting,
    MeetingOutcome,
    UpdateWindow,
    Reminder,
    UpdateReview,
    UnblockRequest,
    Action,
    ActionOwner,
    Update,
    AuditEvent,
]


def db_state() -> dict[str, Any]:
    state: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for model in TRACKED:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608 - our table names
            state[model._meta.label] = cursor.fetchall()
    return state


@pytest.fixture
def cycle(db):
    """A plan from Monday 7 January 2019; updates due Tuesdays 17:00; reminders from Monday
    17:00. Alice owns A1 (due Thu 10 Jan) and A2 (due 28 Feb); Bob owns B1 (due Wed 16 Jan);
    Carol, with no email address, owns C1 (due 9 Jan); D1 is complete (posted and accepted)."""
    with at("2019-01-01 12:00"):
        authority = factories.make_authority("Cycleshire")
        people = {
            name: factories.make_person(authority, name)
            for name in ("Alice Ash", "Bob Birch", "Carol Cedar")
        }
        for name, email in (
            ("Alice Ash", "alice@cycle.example"),
            ("Bob Birch", "bob@cycle.example"),
        ):
            people[name].email = email
            people[name].save()
        plan = factories.make_plan(authority, "Cycle plan", start=dt.date(2019, 1, 7), weeks=24)
        actions = {
            "A1": factories.make_action(
                plan, "A1", owners=[people["Alice Ash"]], due=dt.date(2019, 1, 10)
            ),
            "A2": factories.make_action(
                plan, "A2", owners=[people["Alice Ash"]], due=dt.date(2019, 2, 28)
            ),
            "B1": factories.make_action(
                plan, "B1", owners=[people["Bob Birch"]], due=dt.date(2019, 1, 16)
            ),
            "C1": factories.make_action(
                plan, "C1", owners=[people["Carol Cedar"]], due=dt.date(2019, 1, 9)
            ),
            "D1": factories.make_action(
                plan, "D1", owners=[people["Bob Birch"]], due=dt.date(2019, 1, 8)
            ),
        }
        services.window_set(
            plan=plan,
            actor=None,
            weekday=1,
            time=dt.time(17, 0),
            remind_hours_before=24,
            stale_after_days=14,
        )
    with at("2019-01-02 09:00"):
        done = post(
            actions["D1"], "Done", delivery_status="complete", rag="blue", evidence=_link_evidence()
        )
        services.update_review(update=done, actor=None, decision="accepted")
    return authority, plan, people, actions


def _link_evidence():
    from stocktake.plans.services.updates import EvidenceSpec

    return EvidenceSpec(link="https://example.org/minutes", title="Minutes")
