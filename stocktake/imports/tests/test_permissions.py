"""The permission matrix for every import page, GET and POST, for every role: admins and
improvement leads upload, preview and apply; owners, partners and viewers are refused; the
outsider (a lead of another authority) gets 404; anonymous visitors are sent to sign in. A POST
writes only when it is an allowed write, and another authority's runs are never found."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stocktake.core.tests.helpers import (
    as_each_role,
    date_fields,
    db_state,
    request_as,
    shared_world,
)
from stocktake.imports.models import ImportRun
from stocktake.imports.services import import_run_create
from stocktake.imports.tests.builders import csv_bytes

# `world` is made once for the module (see the root conftest's `module_db`); each test
# runs in a savepoint rolled back after it.
pytestmark = pytest.mark.django_db
world = shared_world

ROLES = ("admin", "lead", "owner", "partner", "viewer", "outsider", "anonymous")
EDIT_GET = (200, 200, 403, 403, 403, 404, 302)
EDIT_POST = (302, 302, 403, 403, 403, 404, 302)
NOT_ALLOWED = (405, 405, 405, 405, 405, 405, 302)

# fmt: off
MATRIX: list[tuple[str, str, tuple[int, ...]]] = [
    ("imports:list",   "GET",  EDIT_GET),
    ("imports:list",   "POST", EDIT_GET),     # a page that reads: a POST is read as a GET
    ("imports:new",    "GET",  EDIT_GET),
    ("imports:new",    "POST", EDIT_POST),    # uploads and previews: a run is saved
    ("imports:detail", "GET",  EDIT_GET),
    ("imports:detail", "POST", EDIT_GET),
    ("imports:apply",  "GET",  NOT_ALLOWED),
    ("imports:apply",  "POST", EDIT_POST),    # the plan is written
]
# fmt: on
WRITES = {name for name, method, statuses in MATRIX if statuses == EDIT_POST}
PLAN = csv_bytes([["Ref", "Action"], ["N1", "New thing"]])


def make_run(authority) -> ImportRun:
    return import_run_create(
        authority=authority,
        actor=None,
        filename="p.csv",
        data=PLAN,
        plan_name="New plan",
        kind="improvement",
        week1=None,
    )


def snapshot() -> dict[str, Any]:
    """The tracked tables, and every import run with its state."""
    runs = ImportRun.objects.order_by("pk").values_list("pk", "status", "plan_id", "filename")
    return {**db_state(), "runs": list(runs)}


def url_for(name: str, authority, run: ImportRun) -> str:
    args = [authority.slug] + ([run.pk] if name in {"imports:detail", "imports:apply"} else [])
    return reverse(name, args=args)


def post_data(name: str) -> dict[str, Any]:
    if name != "imports:new":
        return {}
    return {
        "file": SimpleUploadedFile("plan.csv", PLAN, content_type="text/csv"),
        "plan": "__new__",
        "new_plan_name": "Phase 2",
        "kind": "improvement",
        **date_fields("week1_date", None),
    }


@pytest.mark.parametrize(
    ("name", "method", "statuses"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}") for row in MATRIX],
)
def test_permission_matrix(world, name, method, statuses):
    url = url_for(name, world.authority, make_run(world.authority))

    got, wrote = as_each_role(
        ROLES,
        lambda role: request_as(world.users, role, method, url, post_data(name), snapshot),
    )

    assert got == dict(zip(ROLES, statuses, strict=True))
    should_write = {
        role: method == "POST" and status == 302 and name in WRITES and role != "anonymous"
        for role, status in got.items()
    }
    assert wrote == should_write


def test_an_allowed_apply_writes_the_plan_and_a_refused_one_nothing(world, client_for):
    run = make_run(world.authority)
    url = url_for("imports:apply", world.authority, run)

    assert client_for(world.users["viewer"]).post(url).status_code == 403
    run.refresh_from_db()
    assert (run.status, run.plan) == (ImportRun.Status.PREVIEWED, None)
    assert client_for(world.users["lead"]).post(url).status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.APPLIED
    assert [a.reference for a in run.plan.actions.all()] == ["N1"]


@pytest.mark.parametrize("name", ["imports:detail", "imports:apply"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_authoritys_run_is_not_found(world, client_for, name, method):
    """Testshire's administrator asking for Otherborough's run under Testshire's address."""
    theirs = make_run(world.other)
    url = url_for(name, world.authority, theirs)
    client = client_for(world.users["admin"])
    before = snapshot()

    response = client.get(url) if method == "GET" else client.post(url)

    expected = 405 if (name, method) == ("imports:apply", "GET") else 404
    assert response.status_code == expected
    assert snapshot() == before


def test_the_list_shows_only_the_authoritys_runs(world, client_for):
    make_run(world.authority)
    make_run(world.other)

    page = client_for(world.users["lead"]).get(reverse("imports:list", args=[world.authority.slug]))

    assert page.content.decode().count("p.csv") == 1
