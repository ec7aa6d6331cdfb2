"""The permission matrix for every reports URL, GET and POST, for every role: every member
lists, opens and downloads issued reports; only admins and leads generate (and see reports
being prepared or failed); the outsider gets 404; anonymous visitors are sent to sign in.
Another authority's report ids are never found."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from stocktake.audit.models import AuditEvent
from stocktake.background.tests.helpers import use_backend
from stocktake.core.tests.helpers import all_url_names, as_each_role, request_as
from stocktake.reports.models import Report, ReportFile

ROLES = ("admin", "lead", "owner", "partner", "viewer", "outsider", "anonymous")
READ = (200, 200, 200, 200, 200, 404, 302)
NOT_ALLOWED = (405, 405, 405, 405, 405, 405, 302)
ISSUE_GET = (200, 200, 403, 403, 403, 404, 302)
ISSUE_POST = (302, 302, 403, 403, 403, 404, 302)

# fmt: off
MATRIX: list[tuple[str, str, tuple[int, ...]]] = [
    ("reports:index",         "GET",  READ),
    ("reports:index",         "POST", NOT_ALLOWED),
    ("reports:generate",      "GET",  ISSUE_GET),
    ("reports:generate",      "POST", ISSUE_POST),
    ("reports:detail",        "GET",  READ),
    ("reports:detail",        "POST", NOT_ALLOWED),
    ("reports:status",        "GET",  READ),
    ("reports:status",        "POST", NOT_ALLOWED),
    ("reports:download",      "GET",  READ),
    ("reports:download",      "POST", NOT_ALLOWED),
    ("reports:download@pdf",  "GET",  READ),
    ("reports:download@xlsx", "GET",  READ),
]
# fmt: on


def make_report(authority, plan, status=Report.Status.ISSUED, error="") -> Report:
    report = Report.objects.create(
        authority=authority,
        plan=plan,
        kind="board-pack",
        title="Improvement Board pack",
        period_start=dt.date(2019, 6, 1),
        period_end=dt.date(2019, 6, 30),
        as_of=dt.date(2019, 6, 30),
        status=status,
        error=error,
        snapshot={"title": "Improvement Board pack", "authority": authority.name, "blocks": []},
    )
    if status == Report.Status.ISSUED:
        for fmt in ("docx", "pdf", "xlsx"):
            ReportFile.objects.create(
                report=report, format=fmt, content=f"{fmt} bytes".encode(), size=9, sha256="0" * 64
            )
    return report


@pytest.fixture
def reports(world, settings) -> dict[str, Report]:
    use_backend(settings, "dummy")  # a POST only queues
    return {
        "issued": make_report(world.authority, world.plan),
        "failed": make_report(
            world.authority, world.plan, Report.Status.FAILED, "There is nothing to report"
        ),
        "other": make_report(world.other, world.other_plan),
    }


def db_state() -> dict[str, Any]:
    return {
        "reports": list(Report.objects.order_by("pk").values_list("pk", "status")),
        "files": ReportFile.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def url_for(name: str, world, reports, *, other: bool = False) -> str:
    base, _, fmt = name.partition("@")
    report = reports["other" if other else "issued"]
    kwargs: dict[str, Any] = {"authority": world.authority.slug}
    if base in ("reports:detail", "reports:status", "reports:download"):
        kwargs["report_id"] = report.pk
    if base == "reports:download":
        kwargs["fmt"] = fmt or "docx"
    return reverse(base, kwargs=kwargs)


def post_data(name: str, world) -> dict[str, Any]:
    if name == "reports:generate":
        return {"kind": "board-pack", "plan": world.plan.pk, "month": "6", "year": "2019"}
    return {}


@pytest.mark.parametrize(
    ("name", "method", "statuses"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}") for row in MATRIX],
)
def test_permission_matrix(world, reports, name, method, statuses):
    url = url_for(name, world, reports)
    data = post_data(name, world)
    got, wrote = as_each_role(
        ROLES, lambda role: request_as(world.users, role, method, url, data, db_state)
    )

    assert got == dict(zip(ROLES, statuses, strict=True))
    assert wrote == {
        role: method == "POST" and statuses == ISSUE_POST and got[role] == 302
        and role != "anonymous"
        for role in ROLES
    }  # fmt: skip


def test_matrix_covers_every_reports_url_with_get_and_post():
    in_matrix = {name.partition("@")[0] for name, _, _ in MATRIX}
    assert in_matrix == {n for n in all_url_names() if n.startswith("reports:")}
    for name in in_matrix:
        assert {m for n, m, _ in MATRIX if n == name} == {"GET", "POST"}, name


@pytest.mark.parametrize("name", ["reports:detail", "reports:status", "reports:download"])
def test_another_authoritys_report_is_not_found(world, reports, client, name):
    client.force_login(world.users["admin"])

    assert client.get(url_for(name, world, reports, other=True)).status_code == 404


def test_a_failed_report_is_shown_to_leads_with_its_error_and_hidden_from_viewers(
    world, reports, client
):
    failed = reports["failed"]
    url = reverse("reports:detail", args=[world.authority.slug, failed.pk])
    index = reverse("reports:index", args=[world.authority.slug])

    client.force_login(world.users["viewer"])
    assert client.get(url).status_code == 404
    assert "There is nothing to report" not in client.get(index).content.decode()
    client.force_login(world.users["lead"])
    assert "There is nothing to report" in client.get(url).content.decode()
    assert "There is nothing to report" in client.get(index).content.decode()


def test_a_failed_report_has_no_download_and_unknown_formats_are_not_found(world, reports, client):
    client.force_login(world.users["lead"])
    slug = world.authority.slug

    assert (
        client.get(
            reverse("reports:download", args=[slug, reports["failed"].pk, "docx"])
        ).status_code
        == 404
    )
    unknown = reverse("reports:download", args=[slug, reports["issued"].pk, "odt"])
    assert client.get(unknown).status_code == 404


def test_generate_refuses_a_plan_of_another_authority(world, reports, client):
    client.force_login(world.users["lead"])
    before = db_state()

    response = client.post(
        reverse("reports:generate", args=[world.authority.slug]),
        {"kind": "board-pack", "plan": world.other_plan.pk, "month": "6", "year": "2019"},
    )

    assert response.status_code == 200
    assert "Choose a plan" in response.content.decode()
    assert db_state() == before
