"""The permission matrix for every chair's report URL, GET and POST, for every role: every
member reads the duties calendar and the report; only leads and administrators start, write,
sign and issue it; the outsider gets 404; anonymous visitors are sent to sign in."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from stocktake.audit.models import AuditEvent
from stocktake.background.tests.helpers import use_backend
from stocktake.chair.models import ChairReport, ChairSignOff, ChairText
from stocktake.chair.tests.builders import ChairBits, build_chair, extra_roles
from stocktake.core.tests.helpers import all_url_names, as_each_role, request_as
from stocktake.reports.models import Report

ROLES = ("admin", "lead", "owner", "partner", "viewer", "qa_lead", "auditor", "analyst",
         "outsider", "anonymous")  # fmt: skip
READ = (200, 200, 200, 200, 200, 200, 200, 200, 404, 302)
NOT_ALLOWED = (405, 405, 405, 405, 405, 405, 405, 405, 405, 302)
WRITE_GET = (200, 200, 403, 403, 403, 403, 403, 403, 404, 302)
WRITE_POST = (302, 302, 403, 403, 403, 403, 403, 403, 404, 302)

# fmt: off
MATRIX: list[tuple[str, str, tuple[int, ...]]] = [
    ("chair:index",   "GET",  READ),
    ("chair:index",   "POST", WRITE_POST),
    ("chair:detail",  "GET",  READ),
    ("chair:detail",  "POST", NOT_ALLOWED),
    ("chair:write",   "GET",  WRITE_GET),
    ("chair:write",   "POST", WRITE_POST),
    ("chair:measure", "GET",  WRITE_GET),
    ("chair:measure", "POST", WRITE_POST),
    ("chair:sign",    "GET",  WRITE_GET),
    ("chair:sign",    "POST", WRITE_POST),
    ("chair:issue",   "GET",  NOT_ALLOWED),
    ("chair:issue",   "POST", WRITE_POST),
]
# fmt: on


@pytest.fixture
def bits(world, settings) -> ChairBits:
    use_backend(settings, "dummy")  # an issued paper is only queued
    extra_roles(world)
    return build_chair(world)


def finish(bits: ChairBits) -> None:
    """Every section final, so the report can be signed."""
    from stocktake.chair.services import chair_text_record

    for part in ("addressee", "assessment", "leader"):
        chair_text_record(report=bits.report, part=part, text="Done.", final=True, actor=None)
    for finding in (bits.m31, bits.m32):
        chair_text_record(
            report=bits.report, part="measure", finding=finding, text="Done.", final=True,
            actor=None,
        )  # fmt: skip


def db_state() -> dict[str, Any]:
    return {
        "reports": ChairReport.objects.count(),
        "texts": ChairText.objects.count(),
        "sign_offs": ChairSignOff.objects.count(),
        "papers": Report.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def url_for(name: str, world, bits: ChairBits) -> str:
    kwargs: dict[str, Any] = {"authority": world.authority.slug}
    if name != "chair:index":
        kwargs["draft_id"] = bits.report.pk
    if name == "chair:write":
        kwargs["part"] = "assessment"
    if name == "chair:measure":
        kwargs["finding_id"] = bits.m31.pk
    return reverse(name, kwargs=kwargs)


def post_data(name: str, world, bits: ChairBits) -> dict[str, Any]:
    if name == "chair:index":
        return {"notice": bits.notice.pk, "plan": world.plan.pk, "month": "8", "year": "2019"}
    if name in ("chair:write", "chair:measure"):
        return {"text": "Progress is too slow.", "state": "draft"}
    if name == "chair:sign":
        return {"name": "Linda Chair", "role": "Independent Chair", "signed_on_0": "1",
                "signed_on_1": "8", "signed_on_2": "2019"}  # fmt: skip
    return {}


@pytest.mark.parametrize(
    ("name", "method", "statuses"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}") for row in MATRIX],
)
def test_permission_matrix(world, bits, name, method, statuses):
    if name == "chair:sign":
        finish(bits)
    url = url_for(name, world, bits)
    data = post_data(name, world, bits)
    got, wrote = as_each_role(
        ROLES, lambda role: request_as(world.users, role, method, url, data, db_state)
    )

    assert got == dict(zip(ROLES, statuses, strict=True))
    assert wrote == {
        role: method == "POST" and statuses == WRITE_POST and got[role] == 302
        and role != "anonymous"
        for role in ROLES
    }  # fmt: skip


def test_matrix_covers_every_chair_url_with_get_and_post():
    in_matrix = {name for name, _, _ in MATRIX}
    assert in_matrix == {n for n in all_url_names() if n.startswith("chair:")}
    for name in in_matrix:
        assert {m for n, m, _ in MATRIX if n == name} == {"GET", "POST"}, name


def test_another_authoritys_report_is_not_found(world, bits, client):
    from stocktake.chair.tests.builders import make_notice

    other = make_notice(world.other)
    from stocktake.chair.services import chair_report_start

    theirs = chair_report_start(
        plan=world.other_plan, notice=other, period_start=bits.report.period_start,
        period_end=bits.report.period_end, actor=None,
    )  # fmt: skip
    client.force_login(world.users["admin"])
    url = reverse("chair:detail", args=[world.authority.slug, theirs.pk])
    assert client.get(url).status_code == 404


def test_a_measure_of_another_notice_and_an_unknown_section_are_not_found(world, bits, client):
    client.force_login(world.users["lead"])
    slug = world.authority.slug
    clause = bits.m31.parent_id  # a clause with measures beneath it takes no commentary
    assert (
        client.get(reverse("chair:measure", args=[slug, bits.report.pk, clause])).status_code == 404
    )
    assert (
        client.get(reverse("chair:write", args=[slug, bits.report.pk, "measure"])).status_code
        == 404
    )
