"""Another authority's records are not found, whichever way a member asks for them.

Testshire's lead and admin ask for Otherborough's plan, theme, action, person and evidence
ids under Testshire's slug (404: reached through Testshire, they do not exist) and under
Otherborough's slug (404: not a member). The outsider, Otherborough's own lead, gets the same
URLs, which shows they are real pages and the 404s come from the scoping alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from stocktake.core.tests.helpers import (
    NEEDS,
    action_form_data,
    add_evidence,
    build_url,
    date_fields,
    db_state,
    shared,
    shared_world,
)
from stocktake.demo import factories
from stocktake.people.models import Person
from stocktake.plans.models import Action, Evidence, Plan, Theme

SCOPED = [
    "audit:authority_log",
    "people:list",
    "people:create",
    "people:edit",
    "plans:plan_create",
    "plans:dashboard",
    "plans:plan_edit",
    "plans:calendar",
    "plans:findings",
    "plans:theme_create",
    "plans:theme_edit",
    "plans:action_list",
    "plans:action_create",
    "plans:action_detail",
    "plans:action_edit",
    "plans:update_create",
    "plans:my_actions",
    "plans:evidence",
]


@dataclass
class Theirs:
    plan: Plan
    theme: Theme
    action: Action
    person: Person
    evidence: Evidence


def make_theirs(world) -> Theirs:
    return Theirs(
        plan=world.other_plan,
        theme=factories.make_theme(world.other_plan, "Front door"),
        action=world.other_action,
        person=factories.make_person(world.other, "Oscar Other", "Director"),
        evidence=add_evidence(world.other_action),
    )


# Made once for the module (see the root conftest's `module_db`); each test runs in a
# savepoint rolled back after it, so a request that wrongly wrote would still fail its test.
pytestmark = pytest.mark.django_db
world = shared_world
theirs = shared(make_theirs)


def other_post_data(theirs: Theirs) -> dict[str, object]:
    """A valid-looking form for every endpoint at once: names do not clash between forms."""
    data = action_form_data(reference="OB2", version=1)
    data.update(
        name="Taken over",
        job_title="Hacker",
        kind="improvement",
        **date_fields("start_date", theirs.plan.start_date),
        **date_fields("end_date", theirs.plan.end_date),
        **date_fields("week1_date", theirs.plan.week1_date),
        **date_fields("date", theirs.plan.start_date),
    )
    return data


def visit(world, role: str, url: str, method: str, data: dict) -> int:
    client = Client()
    client.force_login(world.users[role])
    return (client.get(url) if method == "GET" else client.post(url, data)).status_code


@pytest.mark.parametrize("endpoint", SCOPED)
def test_another_authoritys_records_are_not_found(world, theirs, endpoint):
    data = other_post_data(theirs)
    urls = {
        "our slug": build_url(endpoint, world.authority.slug, **vars(theirs)),
        "their slug": build_url(endpoint, world.other.slug, **vars(theirs)),
    }
    if endpoint not in NEEDS:  # no ids: only their slug asks for their records
        del urls["our slug"]
    before = db_state()

    got = {
        (where, role, method): visit(world, role, url, method, data)
        for where, url in urls.items()
        for role in ("lead", "admin")
        for method in ("GET", "POST")
    }

    assert got == dict.fromkeys(got, 404)
    assert db_state() == before
    # The control: Otherborough's own lead reaches the same page (the audit log is admin-only).
    expected = 403 if endpoint == "audit:authority_log" else 200
    assert visit(world, "outsider", urls["their slug"], "GET", {}) == expected


@pytest.mark.parametrize(
    ("endpoint", "mixed"),
    [
        ("plans:action_detail", "action"),
        ("plans:action_edit", "action"),
        ("plans:update_create", "action"),
        ("plans:theme_edit", "theme"),
    ],
)
def test_their_object_inside_our_plan_is_not_found(world, theirs, endpoint, mixed):
    objects = {"plan": world.plan, "theme": world.theme, "action": world.action}
    objects[mixed] = getattr(theirs, mixed)
    url = build_url(endpoint, world.authority.slug, **objects)
    before = db_state()

    got = {m: visit(world, "lead", url, m, other_post_data(theirs)) for m in ("GET", "POST")}

    assert got == {"GET": 404, "POST": 404}
    assert db_state() == before


def test_our_action_under_our_other_plan_is_not_found(world):
    second = factories.make_plan(world.authority, "Second plan")
    url = build_url("plans:action_detail", world.authority.slug, plan=second, action=world.action)

    assert visit(world, "lead", url, "GET", {}) == 404


def test_evidence_of_another_authority_is_not_served(world, theirs, client_for):
    url = build_url("plans:evidence", world.authority.slug, evidence=theirs.evidence)

    response = client_for(world.users["admin"]).get(url)

    assert response.status_code == 404
    assert b"%PDF" not in response.content
