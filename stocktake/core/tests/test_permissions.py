"""The permission matrix: every page and endpoint, GET and POST, for every role.

Each row of MATRIX is one URL name and method, and the status each kind of visitor gets:
200 or 302 allowed, 403 refused, 404 not found (the outsider, a lead of another authority,
is never even told Testshire's pages exist), 405 method not allowed. Anonymous visitors are
sent to the sign-in page. A POST changes the database only when it is an allowed write.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from stocktake.core.tests.helpers import (
    action_form_data,
    add_evidence,
    all_url_names,
    as_each_role,
    build_url,
    date_fields,
    db_state,
    request_as,
    shared_world,
    version_of,
)

# `world` is made once for the module (see the root conftest's `module_db`); each test
# runs in a savepoint rolled back after it.
pytestmark = pytest.mark.django_db
world = shared_world

ROLES = ("admin", "lead", "owner", "partner", "viewer", "outsider", "anonymous")

# fmt: off
MATRIX: list[tuple[str, str, tuple[int, ...]]] = [
    # endpoint                    method   admin lead owner partner viewer outsider anonymous
    ("core:home",                 "GET",  (200, 200, 200, 200, 200, 200, 302)),
    ("core:home",                 "POST", (200, 200, 200, 200, 200, 200, 302)),
    ("core:this_week",            "GET",  (200, 200, 200, 200, 200, 404, 302)),
    ("core:this_week",            "POST", (200, 200, 200, 200, 200, 404, 302)),
    ("core:healthz",              "GET",  (200, 200, 200, 200, 200, 200, 200)),
    ("core:healthz",              "POST", (200, 200, 200, 200, 200, 200, 200)),
    ("accounts:login",            "GET",  (302, 302, 302, 302, 302, 302, 200)),
    ("accounts:login",            "POST", (302, 302, 302, 302, 302, 302, 200)),
    ("accounts:logout",           "GET",  (405, 405, 405, 405, 405, 405, 302)),
    ("accounts:logout",           "POST", (302, 302, 302, 302, 302, 302, 302)),
    ("audit:authority_log",       "GET",  (200, 403, 403, 403, 403, 404, 302)),
    ("audit:authority_log",       "POST", (200, 403, 403, 403, 403, 404, 302)),
    ("people:list",               "GET",  (200, 200, 200, 200, 200, 404, 302)),
    ("people:list",               "POST", (200, 200, 200, 200, 200, 404, 302)),
    ("people:create",             "GET",  (200, 200, 403, 403, 403, 404, 302)),
    ("people:create",             "POST", (302, 302, 403, 403, 403, 404, 302)),
    ("people:edit",               "GET",  (200, 200, 403, 403, 403, 404, 302)),
    ("people:edit",               "POST", (302, 302, 403, 403, 403, 404, 302)),
    ("plans:plan_create",         "GET",  (200, 200, 403, 403, 403, 404, 302)),
    ("plans:plan_create",         "POST", (302, 302, 403, 403, 403, 404, 302)),
    ("plans:dashboard",           "GET",  (200, 200, 200, 200, 200, 404, 302)),
    ("plans:dashboard",           "POST", (200, 200, 200, 200, 200, 404, 302)),
    ("plans:plan_edit",           "GET",  (200, 200, 403, 403, 403, 404, 302)),
    ("plans:plan_edit",           "POST", (302, 302, 403, 403, 403, 404, 302)),
    ("plans:findings",            "GET",  (200, 200, 200, 200, 200, 404, 302)),
    ("plans:findings",            "POST", (200, 200, 200, 200, 200, 404, 302)),
    ("plans:calendar",            "GET",  (200, 200, 200, 200, 200, 404, 302)),
    ("plans:calendar",            "POST", (200, 200, 200, 200, 200, 404, 302)),
    ("plans:theme_create",        "GET",  (200, 200, 403, 403, 403, 404, 302)),
    ("plans:theme_create",        "POST", (302, 302, 403, 403, 403, 404, 302)),
    ("plans:theme_edit",          "GET",  (200, 200, 403, 403, 403, 404, 302)),
    ("plans:theme_edit",          "POST", (302, 302, 403, 403, 403, 404, 302)),
    ("plans:action_list",         "GET",  (200, 200, 200, 200, 200, 404, 302)),
    ("plans:action_list",         "POST", (200, 200, 200, 200, 200, 404, 302)),
    ("plans:action_list_csv",     "GET",  (200, 200, 200, 200, 200, 404, 302)),
    ("plans:action_list_csv",     "POST", (200, 200, 200, 200, 200, 404, 302)),
    ("plans:action_create",       "GET",  (200, 200, 403, 403, 403, 404, 302)),
    ("plans:action_create",       "POST", (302, 302, 403, 403, 403, 404, 302)),
    ("plans:action_detail",       "GET",  (200, 200, 200, 200, 200, 404, 302)),
    ("plans:action_detail",       "POST", (200, 200, 200, 200, 200, 404, 302)),
    ("plans:action_edit",         "GET",  (200, 200, 403, 403, 403, 404, 302)),
    ("plans:action_edit",         "POST", (302, 302, 403, 403, 403, 404, 302)),
    # LA1 is the owner's action: the partner may not post on it.
    ("plans:update_create",       "GET",  (200, 200, 200, 403, 403, 404, 302)),
    ("plans:update_create",       "POST", (302, 302, 302, 403, 403, 404, 302)),
    # LA2 is the partner's own action.
    ("plans:update_create@LA2",   "GET",  (200, 200, 200, 200, 403, 404, 302)),
    ("plans:update_create@LA2",   "POST", (302, 302, 302, 302, 403, 404, 302)),
    ("plans:my_actions",          "GET",  (200, 200, 200, 200, 200, 404, 302)),
    ("plans:my_actions",          "POST", (200, 200, 200, 200, 200, 404, 302)),
    ("plans:evidence",            "GET",  (200, 200, 200, 200, 200, 404, 302)),
    ("plans:evidence",            "POST", (200, 200, 200, 200, 200, 404, 302)),
    # On a 12-week phase: closing it opens the next phase and carries its actions over.
    ("plans:phase_close@phase",   "GET",  (200, 200, 403, 403, 403, 404, 302)),
    ("plans:phase_close@phase",   "POST", (302, 302, 403, 403, 403, 404, 302)),
    # On the improvement plan, which is not a phase: the pages say so and nothing is written.
    ("plans:phase_close",         "GET",  (200, 200, 403, 403, 403, 404, 302)),
    ("plans:phase_close",         "POST", (200, 200, 403, 403, 403, 404, 302)),
    ("plans:phase_narrative@phase", "GET",  (200, 200, 403, 403, 403, 404, 302)),
    ("plans:phase_narrative@phase", "POST", (302, 302, 403, 403, 403, 404, 302)),
    ("plans:phase_narrative",     "GET",  (200, 200, 403, 403, 403, 404, 302)),
    ("plans:phase_narrative",     "POST", (200, 200, 403, 403, 403, 404, 302)),
]
# fmt: on

# The apps this matrix covers; every URL they declare must have its rows.
FOUNDATION_APPS = {"core", "accounts", "people", "plans", "audit"}
# Endpoints whose allowed POST saves something; every other POST must change nothing.
WRITES = {
    "people:create",
    "people:edit",
    "plans:plan_create",
    "plans:plan_edit",
    "plans:theme_create",
    "plans:theme_edit",
    "plans:action_create",
    "plans:action_edit",
    "plans:update_create",
    "plans:update_create@LA2",
    "plans:phase_close@phase",
    "plans:phase_narrative@phase",
}


def a_phase(world):
    """A 12-week phase with one action (created inside the role's rolled-back transaction)."""
    from stocktake.demo import factories
    from stocktake.plans.services import plan_create

    phase = plan_create(
        authority=world.authority,
        actor=None,
        name="Phase 2",
        start_date=dt.date(2019, 4, 1),
        end_date=dt.date(2019, 6, 23),
        week1_date=dt.date(2019, 1, 7),
        kind="twelve_week",
    )
    factories.make_action(phase, "LA1", owners=[world.owner_person], deadline="Week 24")
    return phase


def url_in_testshire(endpoint: str, world) -> str:
    action = world.partner_action if endpoint.endswith("@LA2") else world.action
    evidence = add_evidence(world.action) if endpoint == "plans:evidence" else None
    return build_url(
        endpoint,
        world.authority.slug,
        plan=a_phase(world) if endpoint.endswith("@phase") else world.plan,
        theme=world.theme,
        action=action,
        person=world.owner_person,
        evidence=evidence,
    )


def post_data(endpoint: str, world) -> dict[str, Any]:
    today = dt.date.today()
    plan = world.plan
    dates = {
        **date_fields("start_date", plan.start_date),
        **date_fields("end_date", plan.end_date),
        **date_fields("week1_date", plan.week1_date),
    }
    owners = [(world.owner_person, "")]
    return {
        "people:create": {"name": "Nia New", "job_title": "Team manager"},
        "people:edit": {
            "name": "Olive Owner",
            "job_title": "Director",
            "version": version_of(world.owner_person),
        },
        "plans:plan_create": {"name": "Phase 3", "kind": "improvement", **dates},
        "plans:plan_edit": {
            "name": "Renamed plan",
            "kind": "service",
            "version": plan.version,
            **dates,
        },
        "plans:theme_create": {"name": "Workforce"},
        "plans:theme_edit": {
            "name": "Leadership and management",
            "position": "3",
            "version": version_of(world.theme),
        },
        "plans:action_create": action_form_data(
            reference="LA9", theme=world.theme, owners=owners, deadline="Week 9"
        ),
        "plans:action_edit": action_form_data(
            reference="LA1",
            theme=world.theme,
            owners=owners,
            deadline="Week 9",
            version=world.action.version,
        ),
        "plans:update_create": {"text": "Met the team", **date_fields("date", today)},
        "plans:update_create@LA2": {"text": "Police audit done", **date_fields("date", today)},
        "plans:phase_close@phase": {
            "name": "Phase 3",
            **date_fields("start_date", dt.date(2019, 6, 24)),
            **date_fields("end_date", dt.date(2019, 9, 15)),
        },
        "plans:phase_close": {
            "name": "Phase 3",
            **date_fields("start_date", plan.end_date + dt.timedelta(days=1)),
            **date_fields("end_date", plan.end_date + dt.timedelta(days=84)),
        },
        "plans:phase_narrative@phase": NARRATIVE,
        "plans:phase_narrative": NARRATIVE,
        "accounts:login": {"username": "admin", "password": "wrong"},
    }.get(endpoint, {})


NARRATIVE = {
    "gone_well": "Recruitment",
    "learned": "Say less, more clearly",
    "needs_attention": "Caseloads",
    "priority_1": "Staff",
    "priority_2": "Decisions",
    "priority_3": "Resources",
}


def visit(world, endpoint: str, method: str, role: str) -> tuple[int, bool]:
    """The status `role` gets, and whether the request changed the database."""
    url = url_in_testshire(endpoint, world)
    signing_out = endpoint == "accounts:logout" and method == "POST"
    data = post_data(endpoint, world)
    return request_as(
        world.users, role, method, url, data, db_state, anonymous_to_sign_in=not signing_out
    )


@pytest.mark.parametrize(
    ("endpoint", "method", "statuses"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}") for row in MATRIX],
)
def test_permission_matrix(world, endpoint, method, statuses):
    """Each role in turn, each in a transaction rolled back afterwards so none sees another's
    writes. The whole row is compared at once, so a failure shows the row as it really is."""
    got, wrote = as_each_role(ROLES, lambda role: visit(world, endpoint, method, role))

    assert got == dict(zip(ROLES, statuses, strict=True))
    should_write = {
        role: method == "POST" and status == 302 and endpoint in WRITES and role != "anonymous"
        for role, status in got.items()
    }
    assert wrote == should_write


def test_anonymous_visitors_are_sent_to_sign_in_and_back(world, client):
    url = url_in_testshire("plans:action_detail", world)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_matrix_covers_every_url_of_the_foundation_apps():
    in_matrix = {endpoint.split("@")[0] for endpoint, _, _ in MATRIX}
    foundation = {name for name in all_url_names() if name.split(":")[0] in FOUNDATION_APPS}
    assert in_matrix == foundation
    for endpoint in {endpoint for endpoint, _, _ in MATRIX}:
        methods = {method for e, method, _ in MATRIX if e == endpoint}
        assert methods == {"GET", "POST"}, endpoint


def test_refused_partner_post_on_someone_elses_action_writes_nothing(world, client_for):
    before = db_state()
    url = build_url(
        "plans:update_create", world.authority.slug, plan=world.plan, action=world.action
    )
    data = {
        "text": "Not mine to update",
        "delivery_status": "complete",
        **date_fields("date", dt.date.today()),
    }

    response = client_for(world.users["partner"]).post(url, data)

    assert response.status_code == 403
    assert db_state() == before
    assert not world.action.updates.exists()


def test_evidence_download_returns_the_file_to_a_member(world, client_for):
    url = build_url("plans:evidence", world.authority.slug, evidence=add_evidence(world.action))

    response = client_for(world.users["viewer"]).get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert "minutes.pdf" in response["Content-Disposition"]
