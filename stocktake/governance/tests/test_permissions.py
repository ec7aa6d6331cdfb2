"""The permission matrix for every governance page, GET and POST, for every role: leads and
admins manage meetings, windows, reviews and unblocks; every member reads the calendar, the
cycle and the exceptions; the outsider gets 404; anonymous visitors are sent to sign in. A POST
writes only when it is an allowed write, and another authority's ids are never found."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from stocktake.core.tests.helpers import (
    all_url_names,
    as_each_role,
    date_fields,
    request_as,
    shared,
    shared_world,
    version_of,
    visible_text,
)
from stocktake.governance.tests.conftest import build_gw, db_state

# What the tests ask for is made once for the module (see the root conftest's `module_db`);
# each test runs in a savepoint rolled back after it.
pytestmark = pytest.mark.django_db
world = shared_world
gw = shared(build_gw)

ROLES = ("admin", "lead", "owner", "partner", "viewer", "outsider", "anonymous")
READ = (200, 200, 200, 200, 200, 404, 302)
LEAD_GET = (200, 200, 403, 403, 403, 404, 302)
LEAD_POST = (302, 302, 403, 403, 403, 404, 302)

# fmt: off
MATRIX: list[tuple[str, str, tuple[int, ...]]] = [
    ("calendar",        "GET", READ),     ("calendar",        "POST", READ),
    ("board_create",    "GET", LEAD_GET), ("board_create",    "POST", LEAD_POST),
    ("board_detail",    "GET", READ),     ("board_detail",    "POST", READ),
    ("board_edit",      "GET", LEAD_GET), ("board_edit",      "POST", LEAD_POST),
    ("member_add",      "GET", LEAD_GET), ("member_add",      "POST", LEAD_POST),
    ("member_remove",   "GET", LEAD_GET), ("member_remove",   "POST", LEAD_POST),
    ("schedule",        "GET", LEAD_GET), ("schedule",        "POST", LEAD_POST),
    ("meeting_create",  "GET", LEAD_GET), ("meeting_create",  "POST", LEAD_POST),
    ("meeting_detail",  "GET", READ),     ("meeting_detail",  "POST", READ),
    ("meeting_edit",    "GET", LEAD_GET), ("meeting_edit",    "POST", LEAD_POST),
    ("decision_create", "GET", LEAD_GET), ("decision_create", "POST", LEAD_POST),
    ("action_arising",  "GET", LEAD_GET), ("action_arising",  "POST", LEAD_POST),
    ("cycle",           "GET", READ),     ("cycle",           "POST", READ),
    ("window",          "GET", LEAD_GET), ("window",          "POST", LEAD_POST),
    ("review_queue",    "GET", LEAD_GET), ("review_queue",    "POST", LEAD_POST),
    ("review",          "GET", LEAD_GET), ("review",          "POST", LEAD_POST),
    ("exceptions",      "GET", READ),     ("exceptions",      "POST", READ),
    ("unblock",         "GET", LEAD_GET), ("unblock",         "POST", LEAD_POST),
    ("resolve",         "GET", LEAD_GET), ("resolve",         "POST", LEAD_POST),
]
# fmt: on
WRITES = {name for name, method, statuses in MATRIX if statuses == LEAD_POST}


def kwargs_for(name: str, world, gw, *, other: bool = False) -> dict[str, Any]:
    plan = world.other_plan if other else world.plan
    board = gw.other_board if other else gw.board
    needs = {
        "board_detail": {"board_id": board.pk},
        "board_edit": {"board_id": board.pk},
        "member_add": {"board_id": board.pk},
        "member_remove": {
            "board_id": board.pk,
            "member_id": (gw.other_member if other else gw.member).pk,
        },
        "schedule": {"board_id": board.pk},
        "meeting_create": {"board_id": board.pk},
        "meeting_detail": {"meeting_id": (gw.other_meeting if other else gw.meeting).pk},
        "meeting_edit": {"meeting_id": (gw.other_meeting if other else gw.meeting).pk},
        "decision_create": {"meeting_id": (gw.other_meeting if other else gw.meeting).pk},
        "action_arising": {"meeting_id": (gw.other_meeting if other else gw.meeting).pk},
        "cycle": {"plan_id": plan.pk},
        "window": {"plan_id": plan.pk},
        "review_queue": {"plan_id": plan.pk},
        "review": {"plan_id": plan.pk, "update_id": (gw.other_update if other else gw.update).pk},
        "exceptions": {"plan_id": plan.pk},
        "unblock": {
            "plan_id": plan.pk,
            "action_id": (world.other_action if other else world.action).pk,
        },
        "resolve": {
            "plan_id": plan.pk,
            "request_id": (gw.other_unblock if other else gw.unblock).pk,
        },
    }
    return needs.get(name, {})


def url_for(name: str, world, gw, *, other: bool = False) -> str:
    return reverse(
        f"governance:{name}",
        kwargs={"authority": world.authority.slug, **kwargs_for(name, world, gw, other=other)},
    )


def post_data(name: str, world, gw) -> dict[str, Any]:
    import datetime as dt

    return {
        "board_create": {"name": "Scrutiny", "kind": "scrutiny", "cadence": "quarterly"},
        "board_edit": {
            "name": "Improvement Board",
            "kind": "improvement_board",
            "cadence": "monthly",
            "place": "Town hall",
            "version": version_of(gw.board),
        },
        "member_add": {"person": world.partner_person.pk, "role": "Police lead"},
        "schedule": {
            **date_fields("start", dt.date(2019, 7, 1)),
            **date_fields("until", dt.date(2019, 9, 30)),
        },
        "meeting_create": {**date_fields("date", dt.date(2019, 7, 25)), "status": "scheduled"},
        "meeting_edit": {
            **date_fields("date", dt.date(2019, 6, 27)),
            "status": "held",
            "notes": "Quorate",
            "version": version_of(gw.meeting),
        },
        "decision_create": {"text": "The board agreed the revised terms of reference"},
        "action_arising": {
            "plan": world.plan.pk,
            "reference": "IB1",
            "text": "Report on caseloads",
            "owner": world.owner_person.pk,
            **date_fields("due_date", dt.date(2019, 7, 31)),
        },
        "window": {
            "weekday": "1",
            "time": "16:00",
            "remind_hours_before": "48",
            "stale_after_days": "21",
            "version": version_of(gw.window),
        },
        "review_queue": {
            "confirm": "yes",
            "accept": [f"{gw.update.pk}.{gw.update.action.version}"],
        },
        "review": {"decision": "returned", "comment": "Say what the training covered"},
        "unblock": {"ask": "Agree the budget for more social workers"},
        "resolve": {"resolution": "Funding agreed by the chief executive"},
    }.get(name, {})


def visit(world, gw, name: str, method: str, role: str) -> tuple[int, bool]:
    url = url_for(name, world, gw)
    return request_as(world.users, role, method, url, post_data(name, world, gw), db_state)


@pytest.mark.parametrize(
    ("name", "method", "statuses"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}") for row in MATRIX],
)
def test_permission_matrix(world, gw, name, method, statuses):
    got, wrote = as_each_role(ROLES, lambda role: visit(world, gw, name, method, role))

    assert got == dict(zip(ROLES, statuses, strict=True))
    should_write = {
        role: method == "POST" and status == 302 and name in WRITES and role != "anonymous"
        for role, status in got.items()
    }
    assert wrote == should_write


def test_matrix_covers_every_governance_url_with_get_and_post():
    in_matrix = {f"governance:{name}" for name, _, _ in MATRIX}
    assert in_matrix == {n for n in all_url_names() if n.startswith("governance:")}
    for name in in_matrix:
        assert {m for n, m, _ in MATRIX if f"governance:{n}" == name} == {"GET", "POST"}


@pytest.mark.parametrize("name", sorted({n for n, _, _ in MATRIX} - {"calendar", "board_create"}))
def test_another_authoritys_ids_are_not_found_and_posts_change_nothing(world, gw, client, name):
    client.force_login(world.users["admin"])
    url = url_for(name, world, gw, other=True)
    before = db_state()

    assert client.get(url).status_code == 404
    assert client.post(url, post_data(name, world, gw)).status_code == 404
    assert db_state() == before


def test_partners_see_only_their_own_actions_in_the_cycle_and_exceptions(world, gw, client):
    import datetime as dt

    from stocktake.plans.models import Action, ActionRevision, StatusChange

    # Both overdue and red, with no update this window (so both are in the cycle too).
    both = [world.action.pk, world.partner_action.pk]
    Action.objects.filter(pk__in=both).update(due_date=dt.date(2019, 1, 1), rag="red")
    ActionRevision.objects.filter(action__in=both).update(due_date=dt.date(2019, 1, 1))
    for pk in both:
        StatusChange.objects.create(action_id=pk, field="rag", new_value="red")
    Update = type(gw.update)
    Update.objects.filter(action=world.action).delete()

    client.force_login(world.users["partner"])
    text = visible_text(client.get(url_for("exceptions", world, gw)))
    cycle = visible_text(client.get(url_for("cycle", world, gw)))
    assert "LA2" in text and "LA1" not in text
    assert "LA2" in cycle and "LA1" not in cycle
    assert "The whole plan this window" not in cycle

    client.force_login(world.users["viewer"])
    text = visible_text(client.get(url_for("exceptions", world, gw)))
    assert "LA1" in text and "LA2" in text

    client.force_login(world.users["lead"])
    cycle = visible_text(client.get(url_for("cycle", world, gw)))
    assert "The whole plan this window" in cycle
    assert "Olive Owner" in cycle and "Pat Partner" in cycle
