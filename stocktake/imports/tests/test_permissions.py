"""The permission matrix for every import page, GET and POST, for every role: admins and
improvement leads upload, preview and apply; owners, partners and viewers are refused; the
outsider (a lead of another authority) gets 404; anonymous visitors are sent to sign in. A POST
writes only when it is an allowed write, and another authority's runs are never found."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stocktake.accounts.roles import Role
from stocktake.core.tests.helpers import (
    as_each_role,
    date_fields,
    db_state,
    request_as,
    shared,
    shared_world,
)
from stocktake.demo import factories
from stocktake.imports.layouts import heading_signature
from stocktake.imports.models import ImportRun, SavedLayout
from stocktake.imports.services import import_run_create
from stocktake.imports.tests.builders import csv_bytes

# `world` is made once for the module (see the root conftest's `module_db`); each test
# runs in a savepoint rolled back after it.
pytestmark = pytest.mark.django_db
world = shared_world

ROLES = ("admin", "lead", "owner", "partner", "viewer", "qa_lead", "auditor", "analyst",
         "outsider", "anonymous")  # fmt: skip
EDIT_GET = (200, 200, 403, 403, 403, 403, 403, 403, 404, 302)
EDIT_POST = (302, 302, 403, 403, 403, 403, 403, 403, 404, 302)
NOT_ALLOWED = (405, 405, 405, 405, 405, 405, 405, 405, 405, 302)


def _other_roles(world: Any) -> Any:
    """The quality-assurance and analyst roles, who may not import plans."""
    for role in ("qa_lead", "auditor", "analyst"):
        world.users[role] = factories.make_user(world.authority, Role(role), username=role)
    return world


every_role = shared(_other_roles)

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
    ("imports:correct", "GET", NOT_ALLOWED),
    ("imports:correct", "POST", EDIT_POST),   # the preview is read again, corrected
    ("imports:use_layout", "GET", NOT_ALLOWED),
    ("imports:use_layout", "POST", EDIT_POST),  # read again with a saved layout
    ("imports:save_layout", "GET", NOT_ALLOWED),
    ("imports:save_layout", "POST", EDIT_POST),  # a layout is saved
    ("imports:layouts", "GET", EDIT_GET),
    ("imports:layouts", "POST", EDIT_GET),    # a page that reads: a POST is read as a GET
    ("imports:layout_delete", "GET", EDIT_GET),  # asks first
    ("imports:layout_delete", "POST", EDIT_POST),  # the layout is deleted
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


def make_layout(authority) -> SavedLayout:
    """A saved layout for PLAN's headings that reads its reference column as written."""
    return SavedLayout.objects.create(
        authority=authority,
        name="Ours",
        signature=heading_signature(["Ref", "Action"]),
        headings=["Ref", "Action"],
        roles=["extra", "action"],
    )


def snapshot() -> dict[str, Any]:
    """The tracked tables, every import run with its state, and the saved layouts."""
    runs = ImportRun.objects.order_by("pk").values_list(
        "pk", "status", "plan_id", "filename", "version"
    )
    layouts = SavedLayout.objects.order_by("pk").values_list("pk", "roles")
    return {**db_state(), "runs": list(runs), "layouts": list(layouts)}


WITH_RUN = {"imports:detail", "imports:apply", "imports:correct", "imports:use_layout"}
WITH_RUN |= {"imports:save_layout"}


def url_for(name: str, authority, run: ImportRun, layout: SavedLayout | None = None) -> str:
    args: list[Any] = [authority.slug]
    if name in WITH_RUN:
        args.append(run.pk)
    if name == "imports:layout_delete":
        assert layout is not None
        args.append(layout.pk)
    return reverse(name, args=args)


def post_data(name: str, run: ImportRun | None = None, layout: SavedLayout | None = None):
    version = {"version": run.version} if run is not None else {}
    if name in {"imports:apply", "imports:save_layout"}:
        return version
    if name == "imports:correct":
        return {**version, "col-1-0": "extra"}
    if name == "imports:use_layout":
        return {**version, "layout": layout.pk if layout else ""}
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
def test_permission_matrix(every_role, name, method, statuses):
    world = every_role
    run, layout = make_run(world.authority), make_layout(world.authority)
    url = url_for(name, world.authority, run, layout)

    got, wrote = as_each_role(
        ROLES,
        lambda role: request_as(
            world.users, role, method, url, post_data(name, run, layout), snapshot
        ),
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

    data = {"version": run.version}
    assert client_for(world.users["viewer"]).post(url, data).status_code == 403
    run.refresh_from_db()
    assert (run.status, run.plan) == (ImportRun.Status.PREVIEWED, None)
    assert client_for(world.users["lead"]).post(url, data).status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.APPLIED
    assert [a.reference for a in run.plan.actions.all()] == ["N1"]


OTHERS = ["imports:detail", "imports:apply", "imports:correct", "imports:use_layout"]
OTHERS += ["imports:save_layout", "imports:layout_delete"]


@pytest.mark.parametrize("name", OTHERS)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_authoritys_run_or_layout_is_not_found(world, client_for, name, method):
    """Testshire's administrator asking for Otherborough's run or layout under Testshire's
    address."""
    theirs, their_layout = make_run(world.other), make_layout(world.other)
    url = url_for(name, world.authority, theirs, their_layout)
    client = client_for(world.users["admin"])
    before = snapshot()

    data = post_data(name, theirs, their_layout)
    response = client.get(url) if method == "GET" else client.post(url, data)

    post_only = {"imports:apply", "imports:correct", "imports:use_layout", "imports:save_layout"}
    expected = 405 if method == "GET" and name in post_only else 404
    assert response.status_code == expected
    assert snapshot() == before


def test_another_authoritys_layout_cannot_be_used_on_a_run(world, client_for):
    run, theirs = make_run(world.authority), make_layout(world.other)
    url = url_for("imports:use_layout", world.authority, run)
    before = snapshot()

    response = client_for(world.users["admin"]).post(
        url, post_data("imports:use_layout", run, theirs)
    )

    assert response.status_code == 404
    assert snapshot() == before


def test_the_list_shows_only_the_authoritys_runs(world, client_for):
    make_run(world.authority)
    make_run(world.other)

    page = client_for(world.users["lead"]).get(reverse("imports:list", args=[world.authority.slug]))

    assert page.content.decode().count("p.csv") == 1
