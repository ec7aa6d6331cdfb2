"""The permission matrix for every findings page and download, GET and POST, for every role:
admins and leads edit; owners, partners and viewers read; the outsider (a lead of another
authority) gets 404; anonymous visitors are sent to sign in. A POST changes the database only
when it is an allowed write, and another authority's ids are never found."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from stocktake.core.tests.helpers import (
    all_url_names,
    as_each_role,
    request_as,
    shared,
    shared_world,
    version_of,
)
from stocktake.findings.tests.conftest import build_fw, date_fields, db_state

# What the tests ask for is made once for the module (see the root conftest's `module_db`);
# each test runs in a savepoint rolled back after it.
pytestmark = pytest.mark.django_db
world = shared_world
fw = shared(build_fw)

ROLES = ("admin", "lead", "owner", "partner", "viewer", "outsider", "anonymous")
READ = (200, 200, 200, 200, 200, 404, 302)
EDIT_GET = (200, 200, 403, 403, 403, 404, 302)
EDIT_POST = (302, 302, 403, 403, 403, 404, 302)

# fmt: off
MATRIX: list[tuple[str, str, tuple[int, ...]]] = [
    ("findings:index",                        "GET",  READ),
    ("findings:index",                        "POST", READ),
    ("findings:matrix",                       "GET",  READ),
    ("findings:matrix",                       "POST", READ),
    ("findings:matrix_download",              "GET",  READ),
    ("findings:matrix_download",              "POST", READ),
    ("findings:matrix_download@xlsx",         "GET",  READ),
    ("findings:matrix_download@json",         "GET",  READ),
    ("findings:source_create",                "GET",  EDIT_GET),
    ("findings:source_create",                "POST", EDIT_POST),
    ("findings:source_detail",                "GET",  READ),
    ("findings:source_detail",                "POST", READ),
    ("findings:source_edit",                  "GET",  EDIT_GET),
    ("findings:source_edit",                  "POST", EDIT_POST),
    ("findings:source_delete",                "GET",  EDIT_GET),
    ("findings:source_delete",                "POST", EDIT_POST),
    ("findings:source_file",                  "GET",  READ),
    ("findings:source_file",                  "POST", READ),
    ("findings:source_matrix",                "GET",  READ),
    ("findings:source_matrix",                "POST", READ),
    ("findings:source_matrix_download",       "GET",  READ),
    ("findings:source_matrix_download",       "POST", READ),
    ("findings:source_matrix_download@xlsx",  "GET",  READ),
    ("findings:judgement_create",             "GET",  EDIT_GET),
    ("findings:judgement_create",             "POST", EDIT_POST),
    ("findings:judgement_edit",               "GET",  EDIT_GET),
    ("findings:judgement_edit",               "POST", EDIT_POST),
    ("findings:finding_create",               "GET",  EDIT_GET),
    ("findings:finding_create",               "POST", EDIT_POST),
    ("findings:capture",                      "GET",  EDIT_GET),
    ("findings:capture",                      "POST", EDIT_POST),
    ("findings:finding_detail",               "GET",  READ),
    ("findings:finding_detail",               "POST", READ),
    ("findings:finding_edit",                 "GET",  EDIT_GET),
    ("findings:finding_edit",                 "POST", EDIT_POST),
    ("findings:finding_links",                "GET",  EDIT_GET),
    ("findings:finding_links",                "POST", EDIT_POST),
    ("findings:finding_indicators",           "GET",  EDIT_GET),
    ("findings:finding_indicators",           "POST", EDIT_POST),
    ("findings:finding_delete",               "GET",  EDIT_GET),
    ("findings:finding_delete",               "POST", EDIT_POST),
    ("findings:finding_repeats",              "GET",  EDIT_GET),
    ("findings:finding_repeats",              "POST", EDIT_POST),
    ("findings:impact_edit",                  "GET",  EDIT_GET),
    ("findings:impact_edit",                  "POST", EDIT_POST),
]
# fmt: on
WRITES = {name for name, method, statuses in MATRIX if statuses == EDIT_POST}


def ids(name: str, fw, *, other: bool = False) -> dict[str, Any]:
    """The URL arguments of `name`: Testshire's objects, or Otherborough's with `other`."""
    source = fw.other_source if other else fw.source
    finding = fw.other_finding if other else fw.finding
    if name == "findings:finding_repeats" and not other:
        finding = fw.repeat  # it repeats finding 1, so saving an empty choice changes it
    judgement = fw.other_judgement if other else fw.judgement
    link = fw.other_link if other else fw.link
    base, _, fmt = name.partition("@")
    needs: dict[str, dict[str, Any]] = {
        "findings:matrix_download": {"fmt": fmt or "docx"},
        "findings:source_detail": {"source_id": source.pk},
        "findings:source_edit": {"source_id": source.pk},
        "findings:source_file": {"source_id": source.pk},
        "findings:source_delete": {"source_id": source.pk},
        "findings:source_matrix": {"source_id": source.pk},
        "findings:source_matrix_download": {"source_id": source.pk, "fmt": fmt or "docx"},
        "findings:judgement_create": {"source_id": source.pk},
        "findings:judgement_edit": {"source_id": source.pk, "judgement_id": judgement.pk},
        "findings:finding_create": {"source_id": source.pk},
        "findings:capture": {"source_id": source.pk},
        "findings:finding_detail": {"finding_id": finding.pk},
        "findings:finding_edit": {"finding_id": finding.pk},
        "findings:finding_links": {"finding_id": finding.pk},
        "findings:finding_repeats": {"finding_id": finding.pk},
        "findings:finding_indicators": {"finding_id": finding.pk},
        "findings:finding_delete": {"finding_id": finding.pk},
        "findings:impact_edit": {"finding_id": finding.pk, "link_id": link.pk},
    }
    return needs.get(base, {})


def url_for(name: str, world, fw, *, other: bool = False) -> str:
    kwargs = {"authority": world.authority.slug, **ids(name, fw, other=other)}
    return reverse(name.partition("@")[0], kwargs=kwargs)


def post_data(name: str, world, fw) -> dict[str, Any]:
    no_dates = {
        **date_fields("fieldwork_start", None),
        **date_fields("fieldwork_end", None),
        **date_fields("published_on", None),
    }
    return {
        "findings:source_create": {
            "kind": "peer_review",
            "title": "Peer review, 2020",
            "framework": "auto",
            **no_dates,
        },
        "findings:source_edit": {
            "kind": "ilacs_standard",
            "title": "Inspection of Testshire (renamed)",
            "framework": "ilacs_2018",
            "version": version_of(fw.source),
            **no_dates,
        },
        "findings:judgement_create": {"area": "leaders", "grade": "inadequate"},
        "findings:judgement_edit": {
            "area": "overall",
            "grade": "requires_improvement",
            "version": version_of(fw.judgement),
        },
        "findings:finding_create": {"reference": "2", "text": "Court training", "kind": "afi"},
        "findings:finding_edit": {
            "reference": "1",
            "text": "Neglect, reworded",
            "kind": "afi",
            "version": version_of(fw.finding),
        },
        "findings:capture": {"text": "5. Five\n6. Six", "kind": "afi", "confirm": "1"},
        "findings:finding_links": {
            "plan": world.plan.pk,
            "actions": [world.action.pk, world.partner_action.pk],
            "version": version_of(fw.finding),
        },
        "findings:finding_repeats": {"version": version_of(fw.repeat)},
        "findings:finding_indicators": {
            "indicators": [fw.indicator.pk],
            "version": version_of(fw.finding),
        },
        "findings:impact_edit": {
            "reading": "met",
            "latest": "20% in March",
            "version": version_of(fw.link),
        },
    }.get(name.partition("@")[0], {})


def visit(world, fw, name: str, method: str, role: str) -> tuple[int, bool]:
    url = url_for(name, world, fw)
    return request_as(world.users, role, method, url, post_data(name, world, fw), db_state)


@pytest.mark.parametrize(
    ("name", "method", "statuses"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}") for row in MATRIX],
)
def test_permission_matrix(world, fw, name, method, statuses):
    got, wrote = as_each_role(ROLES, lambda role: visit(world, fw, name, method, role))

    assert got == dict(zip(ROLES, statuses, strict=True))
    should_write = {
        role: method == "POST" and status == 302 and name in WRITES and role != "anonymous"
        for role, status in got.items()
    }
    assert wrote == should_write


def test_matrix_covers_every_findings_url_with_get_and_post():
    in_matrix = {name.partition("@")[0] for name, _, _ in MATRIX}
    assert in_matrix == {n for n in all_url_names() if n.startswith("findings:")}
    for name in in_matrix:
        assert {m for n, m, _ in MATRIX if n == name} == {"GET", "POST"}, name


WITHOUT_IDS = {"findings:index", "findings:matrix", "findings:source_create"}


@pytest.mark.parametrize(
    "name",
    sorted(
        {
            n
            for n, _, _ in MATRIX
            if n.partition("@")[0] not in WITHOUT_IDS | {"findings:matrix_download"}
        }
    ),
)
def test_another_authoritys_ids_are_not_found_and_posts_change_nothing(world, fw, client, name):
    client.force_login(world.users["admin"])
    url = url_for(name, world, fw, other=True)
    before = db_state()

    assert client.get(url).status_code == 404
    assert client.post(url, post_data(name, world, fw)).status_code == 404
    assert db_state() == before


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        (
            "findings:judgement_edit",
            lambda fw: {"source_id": fw.source.pk, "judgement_id": fw.other_judgement.pk},
        ),
        (
            "findings:impact_edit",
            lambda fw: {"finding_id": fw.finding.pk, "link_id": fw.other_link.pk},
        ),
        (
            "findings:judgement_edit",
            lambda fw: {"source_id": fw.visit.pk, "judgement_id": fw.judgement.pk},
        ),
    ],
)
def test_an_id_of_another_object_in_the_url_is_not_found(world, fw, client, name, kwargs):
    client.force_login(world.users["lead"])
    url = reverse(name, kwargs={"authority": world.authority.slug, **kwargs(fw)})
    before = db_state()

    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"area": "overall", "grade": "good", "reading": "met"}).status_code == 404
    )
    assert db_state() == before


def test_links_page_refuses_another_authoritys_plan(world, fw, client):
    client.force_login(world.users["lead"])
    url = url_for("findings:finding_links", world, fw)
    before = db_state()

    assert client.get(url, {"plan": world.other_plan.pk}).status_code == 404
    response = client.post(url, {"plan": world.other_plan.pk, "actions": [world.other_action.pk]})
    assert response.status_code == 404
    assert db_state() == before


def test_indicators_page_refuses_another_authoritys_indicator(world, fw, client):
    client.force_login(world.users["lead"])
    url = url_for("findings:finding_indicators", world, fw)
    before = db_state()

    page = client.get(url).content.decode()
    assert "Re-referrals (REREF)" in page
    assert "Otherborough" not in page
    response = client.post(url, {"indicators": [fw.other_indicator.pk]})
    assert response.status_code == 200
    assert "Choose indicators of this authority" in response.content.decode()
    assert db_state() == before


def test_unknown_download_format_is_not_found(world, fw, client):
    client.force_login(world.users["viewer"])
    url = reverse(
        "findings:matrix_download", kwargs={"authority": world.authority.slug, "fmt": "pdf"}
    )

    assert client.get(url).status_code == 404


def test_source_file_is_downloaded_by_a_reader(world, fw, client):
    client.force_login(world.users["partner"])

    response = client.get(url_for("findings:source_file", world, fw))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "report.pdf" in response["Content-Disposition"]
