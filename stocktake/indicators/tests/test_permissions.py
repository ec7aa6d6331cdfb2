"""The permission matrix for every indicator page, upload and download.

Administrators and improvement leads write; owners, partners and viewers read; a lead of
another authority (the outsider) gets 404 everywhere, and so does anyone asking for another
authority's ids. A refused POST changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stocktake.core.tests.helpers import as_each_role, request_as, shared, shared_world, version_of
from stocktake.indicators.models import CatalogueEntry
from stocktake.indicators.tests.conftest import IndicatorWorld, build_iw, db_state

# What the tests ask for is made once for the module (see the root conftest's `module_db`);
# each test runs in a savepoint rolled back after it.
pytestmark = pytest.mark.django_db
world = shared_world
iw = shared(build_iw)

ROLES = ("admin", "lead", "owner", "partner", "viewer", "outsider", "anonymous")
READ = (200, 200, 200, 200, 200, 404, 302)
EDIT_GET = (200, 200, 403, 403, 403, 404, 302)
EDIT_POST = (302, 302, 403, 403, 403, 404, 302)
NOT_ALLOWED = (405, 405, 405, 405, 405, 405, 302)

# fmt: off
MATRIX: list[tuple[str, str, tuple[int, ...]]] = [
    ("indicators:dashboard",           "GET",  READ),
    ("indicators:dashboard",           "POST", NOT_ALLOWED),
    ("indicators:export",              "GET",  READ),
    ("indicators:export",              "POST", NOT_ALLOWED),
    ("indicators:failing",             "GET",  READ),
    ("indicators:failing",             "POST", NOT_ALLOWED),
    ("indicators:catalogue",           "GET",  READ),
    ("indicators:catalogue",           "POST", EDIT_POST),
    ("indicators:create",              "GET",  EDIT_GET),
    ("indicators:create",              "POST", EDIT_POST),
    ("indicators:measures",            "GET",  READ),
    ("indicators:measures",            "POST", NOT_ALLOWED),
    ("indicators:measure_convert",     "GET",  NOT_ALLOWED),
    ("indicators:measure_convert",     "POST", EDIT_POST),
    ("indicators:upload_new",          "GET",  EDIT_GET),
    ("indicators:upload_new",          "POST", EDIT_POST),
    ("indicators:upload_detail",       "GET",  EDIT_GET),
    ("indicators:upload_detail",       "POST", NOT_ALLOWED),
    ("indicators:upload_apply",        "GET",  NOT_ALLOWED),
    ("indicators:upload_apply",        "POST", EDIT_POST),
    ("indicators:detail",              "GET",  READ),
    ("indicators:detail",              "POST", NOT_ALLOWED),
    ("indicators:chart_png",           "GET",  READ),
    ("indicators:chart_png",           "POST", NOT_ALLOWED),
    ("indicators:edit",                "GET",  EDIT_GET),
    ("indicators:edit",                "POST", EDIT_POST),
    ("indicators:links",               "GET",  EDIT_GET),
    ("indicators:links",               "POST", EDIT_POST),
    ("indicators:commentary",          "GET",  EDIT_GET),
    ("indicators:commentary",          "POST", EDIT_POST),
    ("indicators:target_create",       "GET",  EDIT_GET),
    ("indicators:target_create",       "POST", EDIT_POST),
    ("indicators:target_edit",         "GET",  EDIT_GET),
    ("indicators:target_edit",         "POST", EDIT_POST),
    ("indicators:target_delete",       "GET",  NOT_ALLOWED),
    ("indicators:target_delete",       "POST", EDIT_POST),
    ("indicators:observation_create",  "GET",  EDIT_GET),
    ("indicators:observation_create",  "POST", EDIT_POST),
    ("indicators:benchmarks",          "GET",  EDIT_GET),
    ("indicators:benchmarks",          "POST", EDIT_POST),
]
# fmt: on

DFE = (
    b"time_period,time_identifier,geographic_level,region_code,region_name,old_la_code,"
    b"new_la_code,la_name,rate\n"
    b"202324,Financial year,National,,,,,,22.4\n"
)


def _kwargs(world: Any, iw: IndicatorWorld, name: str, other: bool = False) -> dict[str, Any]:
    authority = world.authority
    indicator = iw.other if other else iw.reref
    target = iw.other_target if other else iw.target
    kwargs: dict[str, Any] = {"authority": authority.slug}
    route = name.split(":")[1]
    if route in {"detail", "chart_png", "edit", "links", "commentary", "target_create",
                 "observation_create", "benchmarks"} or route.startswith("target_"):  # fmt: skip
        kwargs["indicator_id"] = indicator.pk
    if route in {"target_edit", "target_delete"}:
        kwargs["target_id"] = target.pk
    if route.startswith("upload_") and route != "upload_new":
        kwargs["upload_id"] = (iw.other_upload if other else iw.upload).pk
    if route == "measure_convert":
        kwargs["measure_id"] = (iw.other_measure if other else iw.measure).pk
    return kwargs


def _data(world: Any, iw: IndicatorWorld, route: str) -> dict[str, Any]:
    indicator_fields = {
        "code": "LOCAL1",
        "name": "Visits by managers",
        "unit": "percent",
        "polarity": "higher",
        "frequency": "monthly",
        "decimals": "1",
    }
    target_fields = {
        "label": "Trajectory",
        "kind": "trajectory",
        "due_date_0": "31",
        "due_date_1": "3",
        "due_date_2": "2025",
        "value": "21",
        "tolerance_kind": "absolute",
    }
    data: dict[str, dict[str, Any]] = {
        "catalogue": {"entries": [CatalogueEntry.objects.get(code="ASSESS45").pk]},
        "create": indicator_fields,
        "edit": {**indicator_fields, "code": "REREF12", "version": str(iw.reref.version)},
        "links": {
            "actions": [world.action.pk],
            "themes": [world.theme.pk],
            "version": version_of(iw.reref),
        },
        "commentary": {"text": "Re-referrals are falling; the board should note it."},
        "target_create": target_fields,
        "target_edit": {
            **target_fields,
            "due_date_0": "30",
            "due_date_1": "6",
            "due_date_2": "2024",
            "version": version_of(iw.target),
        },
        "observation_create": {"period": "2025-01", "value": "22.5"},
        "benchmarks": {"file": SimpleUploadedFile("dfe.csv", DFE, "text/csv")},
        "upload_new": {
            "file": SimpleUploadedFile(
                "figures.csv", b"indicator,period,value\nREREF12,2025-02,21\n"
            )
        },
    }
    return data.get(route, {})


WRITES = {(name, method) for name, method, statuses in MATRIX if statuses == EDIT_POST}


@pytest.mark.parametrize(
    ("name", "method", "expected"), MATRIX, ids=[f"{n} {m}" for n, m, _ in MATRIX]
)
def test_permission_matrix(world, iw, name, method, expected):
    """Each role in turn, each in a transaction rolled back afterwards. A POST changes the
    database exactly when it is an allowed write."""
    url = reverse(name, kwargs=_kwargs(world, iw, name))
    route = name.split(":")[1]

    got, wrote = as_each_role(
        ROLES,
        lambda role: request_as(world.users, role, method, url, _data(world, iw, route), db_state),
    )

    assert got == dict(zip(ROLES, expected, strict=True))
    should_write = {
        role: (name, method) in WRITES and status == 302 and role != "anonymous"
        for role, status in got.items()
    }
    assert wrote == should_write


ID_ROUTES = sorted(
    f"indicators:{route}"
    for route in ("detail", "chart_png", "edit", "links", "commentary", "target_create",
                  "target_edit", "target_delete", "observation_create", "benchmarks",
                  "upload_detail", "upload_apply", "measure_convert")
)  # fmt: skip


@pytest.mark.parametrize("name", ID_ROUTES)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_authoritys_ids_are_not_found(world, iw, client, name, method):
    """Testshire's administrator asking for Otherborough's indicator, target, upload or
    measure under Testshire's address gets 404, and nothing changes."""
    client.force_login(world.users["admin"])
    url = reverse(name, kwargs=_kwargs(world, iw, name, other=True))
    before = db_state()
    response = (
        client.get(url)
        if method == "GET"
        else client.post(url, _data(world, iw, name.split(":")[1]))
    )
    assert response.status_code in (404, 405)
    if response.status_code == 405:  # the method is wrong for the route: try the right one
        response = client.post(url) if method == "GET" else client.get(url)
        assert response.status_code == 404
    assert db_state() == before


def test_allowed_writes_really_write(world, iw, client):
    client.force_login(world.users["lead"])
    url = reverse("indicators:observation_create", args=[world.authority.slug, iw.reref.pk])
    assert client.post(url, {"period": "2025-01", "value": "22.5"}).status_code == 302
    assert iw.reref.observations.get(period=dt.date(2025, 1, 1)).value == 22.5
