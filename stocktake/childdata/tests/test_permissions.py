"""The permission matrix for every child-data page, GET and POST, for every role: anyone in
the authority sees extracts and their KPIs; analysts and administrators upload, apply and
delete, and only they see record level, each look and export written to the audit log; an
outsider gets 404 and anonymous visitors are sent to sign in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from stocktake.accounts.roles import Role
from stocktake.audit.models import AuditEvent
from stocktake.childdata.models import Extract, WorkforceReturn
from stocktake.childdata.services import extract_load, pseudonym_secret
from stocktake.childdata.tests.helpers import d, keyed, write_lists
from stocktake.childdata.workforce import workforce_upload
from stocktake.core.tests.helpers import all_url_names, date_fields, shared_world
from stocktake.demo import factories
from stocktake.indicators.models import Observation

ROLES = ("admin", "lead", "owner", "partner", "viewer", "qa_lead", "auditor", "analyst",
         "outsider", "anonymous")  # fmt: skip
#       adm  lead own  par  view qa   aud  anal out  anon
VIEW = (200, 200, 200, 200, 200, 200, 200, 200, 404, 302)
MANAGE_GET = (200, 403, 403, 403, 403, 403, 403, 200, 404, 302)
MANAGE_POST = (302, 403, 403, 403, 403, 403, 403, 302, 404, 302)
RECORDS = (200, 403, 403, 403, 403, 403, 403, 200, 404, 302)
NOT_ALLOWED = (405, 405, 405, 405, 405, 405, 405, 405, 405, 302)

# fmt: off
MATRIX: list[tuple[str, str, tuple[int, ...]]] = [
    ("childdata:extracts", "GET", VIEW), ("childdata:extracts", "POST", NOT_ALLOWED),
    ("childdata:upload", "GET", MANAGE_GET), ("childdata:upload", "POST", MANAGE_POST),
    ("childdata:extract", "GET", VIEW), ("childdata:extract", "POST", NOT_ALLOWED),
    ("childdata:apply", "GET", NOT_ALLOWED), ("childdata:apply", "POST", MANAGE_POST),
    ("childdata:delete", "GET", NOT_ALLOWED), ("childdata:delete", "POST", MANAGE_POST),
    ("childdata:rejected", "GET", RECORDS), ("childdata:rejected", "POST", NOT_ALLOWED),
    ("childdata:records", "GET", RECORDS), ("childdata:records", "POST", NOT_ALLOWED),
    ("childdata:records_csv", "GET", RECORDS), ("childdata:records_csv", "POST", NOT_ALLOWED),
    ("childdata:workforce", "GET", VIEW), ("childdata:workforce", "POST", NOT_ALLOWED),
    ("childdata:workforce_entry", "GET", MANAGE_GET),
    ("childdata:workforce_entry", "POST", MANAGE_POST),
    ("childdata:workforce_upload", "GET", MANAGE_GET),
    ("childdata:workforce_upload", "POST", MANAGE_POST),
    ("childdata:workforce_apply", "GET", NOT_ALLOWED),
    ("childdata:workforce_apply", "POST", MANAGE_POST),
]
# fmt: on
LISTS = {
    4: [
        ["11", d("2019-03-04"), "Yes", d("2019-03-04"), "Team A", "Ann"],
        ["12", d("2019-01-02"), "No", d("2019-04-30"), "Team A", ""],
        ["13", d("2019-05-10"), "Yes", d("2019-05-09"), "Team A", "Ann"],
    ],
}  # fmt: skip


# Made once for the module (see the root conftest's `module_db`); each test runs in a
# savepoint rolled back after it. An extract's files are removed only after a deletion is
# committed, which a rolled-back test never does, so every test finds them.
pytestmark = pytest.mark.django_db
world = shared_world


@pytest.fixture(scope="module")
def cd(world, tmp_path_factory, django_db_blocker) -> dict[str, Any]:
    with django_db_blocker.unblock():
        return make_cd(world, tmp_path_factory.mktemp("childdata"))


def make_cd(world: Any, tmp_path: Path) -> dict[str, Any]:
    for role in ("qa_lead", "auditor", "analyst"):
        world.users[role] = factories.make_user(world.authority, Role(role), username=role)
    folder = write_lists(tmp_path / "lists", LISTS)
    extract = extract_load(authority=world.authority, actor=None, path=folder,
                           extract_date=d("2019-06-30"), filename="annex-a.zip")  # fmt: skip
    other = extract_load(authority=world.other, actor=None, path=folder,
                         extract_date=d("2019-06-30"), filename="theirs.zip")  # fmt: skip
    workforce_upload(authority=world.authority, actor=None, data=WORKFORCE_CSV)
    return {"extract": extract, "other": other, "folder": folder}


def _kwargs(name: str, extract: Extract) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"authority": extract.authority.slug}
    if name not in {"childdata:extracts", "childdata:upload"} and "workforce" not in name:
        kwargs["extract_id"] = extract.pk
    if name in {"childdata:records", "childdata:records_csv"}:
        kwargs["code"] = "AA_ASSESS_45WD"
    return kwargs


def _data(name: str, cd: dict[str, Any]) -> dict[str, Any]:
    if name == "childdata:upload":
        content = (cd["folder"] / "List 4.csv").read_bytes()
        return {"file": SimpleUploadedFile("List 4.csv", content, "text/csv"),
                **date_fields("extract_date", d("2019-06-30"))}  # fmt: skip
    if name == "childdata:workforce_entry":
        return {"team": "Team Z", "case_holding_fte": "4.5", "cases": "70", "employed_fte": "5",
                **date_fields("month", d("2019-06-30"))}  # fmt: skip
    if name == "childdata:workforce_upload":
        return {"file": SimpleUploadedFile("return.csv", WORKFORCE_CSV, "text/csv")}
    if name == "childdata:workforce_apply":
        return {"month": "2019-06"}
    return {}


WORKFORCE_CSV = b"month,team,case-holding FTE,cases,employed FTE\n2019-06,Team A,3,50,4\n"


def snapshot() -> list[Any]:
    return [list(Extract.objects.order_by("pk").values("pk", "status")),
            list(WorkforceReturn.objects.order_by("pk").values()),
            list(Observation.objects.order_by("pk").values("pk", "value")),
            list(AuditEvent.objects.order_by("pk").values("pk"))]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "method", "expected"), MATRIX, ids=[f"{n} {m}" for n, m, _ in MATRIX]
)
def test_permission_matrix(world, cd, name, method, expected):
    url = reverse(name, kwargs=_kwargs(name, cd["extract"]))
    for role, status in zip(ROLES, expected, strict=True):
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
        with transaction.atomic():
            before = snapshot()
            response = client.get(url) if method == "GET" else client.post(url, _data(name, cd))
            assert response.status_code == status, f"{role} {method} {url}"
            if status in (403, 404, 405) or role == "anonymous":
                assert snapshot() == before, f"{role} {method} {url} changed the database"
            elif method == "POST":
                assert snapshot() != before, f"{role} {method} {url} wrote nothing"
            transaction.set_rollback(True)


def test_the_matrix_covers_every_page():
    covered = {name for name, _, _ in MATRIX}
    assert {n for n in all_url_names() if n.startswith("childdata:")} == covered


@pytest.mark.parametrize("name", ["childdata:extract", "childdata:records", "childdata:rejected",
                                  "childdata:apply", "childdata:delete"])  # fmt: skip
def test_another_authoritys_extract_is_not_found(world, cd, name):
    kwargs = _kwargs(name, cd["other"]) | {"authority": world.authority.slug}
    client = Client()
    client.force_login(world.users["admin"])
    method = client.post if name in {"childdata:apply", "childdata:delete"} else client.get
    assert method(reverse(name, kwargs=kwargs)).status_code == 404
    assert Extract.objects.filter(pk=cd["other"].pk, status="previewed").exists()


def test_every_look_at_record_level_is_logged(world, cd):
    extract, analyst = cd["extract"], world.users["analyst"]
    client = Client()
    client.force_login(analyst)
    page = client.get(reverse("childdata:records", kwargs=_kwargs("childdata:records", extract)))
    secret = pseudonym_secret(world.authority)
    assert keyed("11", secret) in page.content.decode()
    csv_page = client.get(
        reverse("childdata:records_csv", kwargs=_kwargs("childdata:records_csv", extract))
    )
    lines = csv_page.content.decode().splitlines()
    assert lines[0].startswith("child_id,") and len(lines) == 3  # header and two assessments
    assert "11," not in csv_page.content.decode().split(keyed("11", secret))[0][-3:]
    client.get(reverse("childdata:rejected", kwargs=_kwargs("childdata:rejected", extract)))
    logged = AuditEvent.objects.filter(actor=analyst).order_by("pk")
    assert [(e.verb, e.changes["records"], e.changes["rows"], e.changes["exported"])
            for e in logged] == [
        ("viewed", "AA_ASSESS_45WD", 2, False),
        ("viewed", "AA_ASSESS_45WD", 2, True),
        ("viewed", "rejected", 1, False),
    ]  # fmt: skip
    assert all(e.object_id == str(extract.pk) for e in logged)


def test_an_unknown_kpi_is_not_found(world, cd):
    client = Client()
    client.force_login(world.users["admin"])
    kwargs = _kwargs("childdata:records", cd["extract"]) | {"code": "NOPE"}
    assert client.get(reverse("childdata:records", kwargs=kwargs)).status_code == 404


def test_an_upload_is_checked_by_a_job_and_not_kept(world, cd, settings):
    client = Client()
    client.force_login(world.users["analyst"])
    response = client.post(reverse("childdata:upload", args=[world.authority.slug]),
                           _data("childdata:upload", cd))  # fmt: skip
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    extract = Extract.objects.filter(authority=world.authority).latest("pk")
    assert extract != cd["extract"] and extract.status == "previewed"
    assert extract.filename == "List 4.csv" and extract.rows_read == 3
    stored = [p.relative_to(settings.MEDIA_ROOT) for p in Path(settings.MEDIA_ROOT).rglob("*")
              if p.is_file() and str(extract.folder) in str(p)]  # fmt: skip
    assert sorted(p.name for p in stored) == ["calendar.parquet", "list4.parquet"]
    uploads = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if "incoming" in p.parts]
    assert not [p for p in uploads if p.is_file()]


def test_the_extract_page_previews_before_anything_is_applied(world, cd):
    """After an upload the extract waits: its page shows what was read and refused and the
    KPIs it would write, and the indicators hold nothing from it until it is applied."""
    extract = cd["extract"]
    client = Client()
    client.force_login(world.users["analyst"])
    url = reverse("childdata:extract", kwargs=_kwargs("childdata:extract", extract))
    page = client.get(url).content.decode()
    assert "Checked, waiting to be applied" in page and "3 rows read, 1 rejected" in page
    assert "Apply the KPIs to the indicators" in page
    # List 4 keeps two assessments authorised in W: the same-day one (0 WD) and one of over 45.
    assert "Assessments completed within 45 working days" in page and "50.0%" in page
    assert not Observation.objects.filter(indicator__authority=world.authority,
                                          indicator__code__startswith="AA_").exists()  # fmt: skip
    rejected_url = reverse("childdata:rejected", kwargs=_kwargs("childdata:rejected", extract))
    rejected = client.get(rejected_url).content.decode()
    assert "Continuous Assessment Date of Authorisation" in rejected and ">4<" in rejected
    assert client.post(reverse("childdata:apply", kwargs=_kwargs("childdata:apply", extract)))
    assert Observation.objects.filter(indicator__authority=world.authority,
                                      indicator__code="AA_ASSESS_45WD").count() == 1  # fmt: skip
