"""The permission matrix for every case-audit page, GET and POST, for every role: the QA
lead runs the programme; an auditor sees and records only the audits assigned to them (to
audit or to moderate); improvement leads read results; owners, partners and viewers see no
audits at all; an outsider from another authority gets 404 and anonymous visitors are sent
to sign in. A refused request changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from stocktake.audit.models import AuditEvent
from stocktake.core.tests.helpers import (
    all_url_names,
    date_fields,
    shared,
    shared_world,
    table_rows,
)
from stocktake.quality import models as m
from stocktake.quality.services import (
    audit_action_create,
    audit_assign,
    concern_raise,
    learning_theme_create,
)
from stocktake.quality.services.uploads import audit_upload_create
from stocktake.quality.tests.conftest import QaWorld, build_qa, complete

ROLES = ("admin", "lead", "owner", "partner", "viewer", "qa_lead", "auditor", "auditor2",
         "outsider", "anonymous")  # fmt: skip
#             adm  lead own  par  view qa   aud  aud2 out  anon
RESULTS = (200, 200, 403, 403, 403, 200, 403, 403, 404, 302)  # VIEW_AUDITS
RUN_GET = (200, 403, 403, 403, 403, 200, 403, 403, 404, 302)
RUN_POST = (302, 403, 403, 403, 403, 302, 403, 403, 404, 302)
MINE = (200, 403, 403, 403, 403, 200, 200, 200, 404, 302)  # RECORD_AUDITS
# Audit 1001: audited by "auditor", moderated by "auditor2".
SEE_1001 = (200, 200, 403, 403, 403, 200, 200, 200, 404, 302)
ACT_GET = (200, 403, 403, 403, 403, 200, 200, 200, 404, 302)
ACT_POST = (302, 403, 403, 403, 403, 302, 302, 302, 404, 302)
MODERATE_GET = (200, 403, 403, 403, 403, 200, 403, 200, 404, 302)
MODERATE_POST = (302, 403, 403, 403, 403, 302, 403, 302, 404, 302)
# Audit 1003: audited by "auditor", no moderator: "auditor2" must not even know it exists.
RECORD_GET = (200, 403, 403, 403, 403, 200, 200, 404, 404, 302)
RECORD_POST = (302, 403, 403, 403, 403, 302, 302, 404, 404, 302)
NOT_ALLOWED = (405, 405, 405, 405, 405, 405, 405, 405, 405, 302)
UPLOAD_GET = RUN_GET
REPORT_POST = (200, 403, 403, 403, 403, 200, 403, 403, 404, 302)  # the form, with errors

# fmt: off
MATRIX: list[tuple[str, str, tuple[int, ...]]] = [
    ("quality:overview", "GET", RESULTS), ("quality:overview", "POST", NOT_ALLOWED),
    ("quality:my_audits", "GET", MINE), ("quality:my_audits", "POST", NOT_ALLOWED),
    ("quality:actions", "GET", RESULTS), ("quality:actions", "POST", NOT_ALLOWED),
    ("quality:round_create", "GET", RUN_GET), ("quality:round_create", "POST", RUN_POST),
    ("quality:round_detail", "GET", RESULTS), ("quality:round_detail", "POST", NOT_ALLOWED),
    ("quality:audit_detail", "GET", SEE_1001), ("quality:audit_detail", "POST", NOT_ALLOWED),
    ("quality:audit_assign", "GET", RUN_GET), ("quality:audit_assign", "POST", RUN_POST),
    ("quality:audit_record", "GET", RECORD_GET), ("quality:audit_record", "POST", RECORD_POST),
    ("quality:audit_moderate", "GET", MODERATE_GET),
    ("quality:audit_moderate", "POST", MODERATE_POST),
    ("quality:action_create", "GET", ACT_GET), ("quality:action_create", "POST", ACT_POST),
    ("quality:action_complete", "GET", ACT_GET), ("quality:action_complete", "POST", ACT_POST),
    ("quality:concern_raise", "GET", ACT_GET), ("quality:concern_raise", "POST", ACT_POST),
    ("quality:concern_close", "GET", NOT_ALLOWED), ("quality:concern_close", "POST", RUN_POST),
    ("quality:theme_tag", "GET", ACT_GET), ("quality:theme_tag", "POST", ACT_POST),
    ("quality:frameworks", "GET", RESULTS), ("quality:frameworks", "POST", NOT_ALLOWED),
    ("quality:framework_create", "GET", RUN_GET), ("quality:framework_create", "POST", RUN_POST),
    ("quality:framework_detail", "GET", RESULTS),
    ("quality:framework_detail", "POST", NOT_ALLOWED),
    ("quality:framework_revise", "GET", RUN_GET), ("quality:framework_revise", "POST", RUN_POST),
    ("quality:learning", "GET", RESULTS), ("quality:learning", "POST", NOT_ALLOWED),
    ("quality:theme_create", "GET", RUN_GET), ("quality:theme_create", "POST", RUN_POST),
    ("quality:theme_detail", "GET", RESULTS), ("quality:theme_detail", "POST", RUN_POST),
    ("quality:upload_new", "GET", UPLOAD_GET), ("quality:upload_new", "POST", RUN_POST),
    ("quality:upload_detail", "GET", UPLOAD_GET),
    ("quality:upload_detail", "POST", NOT_ALLOWED),
    ("quality:upload_apply", "GET", NOT_ALLOWED), ("quality:upload_apply", "POST", RUN_POST),
    ("quality:report", "GET", RESULTS), ("quality:report", "POST", REPORT_POST),
]
# fmt: on
CSV = (
    b"case reference,framework,date completed,overall grade,voice of the child,"
    b"management oversight\n5001,Practice audit,14/06/2019,good,good,requires improvement\n"
)


# The objects are made once for the module (see the root conftest's `module_db`): every test
# only asks for pages, and each runs in a savepoint rolled back after it.
pytestmark = pytest.mark.django_db


world = shared_world
qa = shared(build_qa)


@pytest.fixture(scope="module")
def objects(qa, world, django_db_blocker) -> dict[str, Any]:
    with django_db_blocker.unblock():
        return _objects(qa, world)


def _objects(qa: QaWorld, world: Any) -> dict[str, Any]:
    a1001, _, a1003, _ = qa.audits
    audit_assign(audit=a1001, actor=None, auditor=qa.auditor_person, moderator=qa.other_person,
                 practitioner="", team_manager=qa.manager, due_date=a1001.due_date)  # fmt: skip
    complete(a1001, "good", ["good", "good"], dt.date(2019, 6, 10))
    action = audit_action_create(audit=a1001, actor=None, text="Update the chronology",
                                 owner=qa.manager, due_date=dt.date(2019, 7, 1))  # fmt: skip
    concern = concern_raise(audit=a1001, actor=None, description="Sibling not seen")
    theme = learning_theme_create(authority=world.authority, actor=None, name="Drift")
    upload = audit_upload_create(authority=world.authority, actor=None, filename="a.csv",
                                 data=CSV)  # fmt: skip
    other = {
        "audit": qa.other_audit,
        "round": qa.other_round,
        "framework": qa.other_round.version.framework,
    }
    return {
        "audit": a1001, "open_audit": a1003, "action": action, "concern": concern,
        "theme": theme, "upload": upload, "round": qa.round, "framework": qa.framework,
        "other": other, "qa": qa,
    }  # fmt: skip


def _kwargs(name: str, objs: dict[str, Any], slug: str) -> dict[str, Any]:
    route = name.split(":")[1]
    kwargs: dict[str, Any] = {"authority": slug}
    if route in {"audit_detail", "audit_assign", "audit_moderate", "action_create",
                 "concern_raise", "theme_tag"}:  # fmt: skip
        kwargs["audit_id"] = objs["audit"].pk
    if route == "audit_record":
        kwargs["audit_id"] = objs["open_audit"].pk
    for key, routes in (
        ("round", {"round_detail"}),
        ("framework", {"framework_detail", "framework_revise"}),
        ("theme", {"theme_detail"}),
        ("upload", {"upload_detail", "upload_apply"}),
        ("action", {"action_complete"}),
        ("concern", {"concern_close"}),
    ):
        if route in routes:
            kwargs[f"{key}_id"] = objs[key].pk
    return kwargs


def _data(route: str, objs: dict[str, Any]) -> dict[str, Any]:
    qa = objs["qa"]
    voice, oversight = qa.domains
    today = dt.date.today()
    return {
        "round_create": {"title": "Themed audit: neglect", "kind": "themed", "theme": "Neglect",
                         "framework": qa.framework.pk, **date_fields("due_date", today),
                         "moderation_share": "10", "cases": "2001\n2002",
                         "auditors": [qa.auditor_person.pk]},
        "audit_assign": {"auditor": qa.auditor_person.pk, "practitioner": "Sam Worker",
                         **date_fields("due_date", today)},
        "audit_record": {f"grade_{voice.pk}": "good", "save": "1"},
        "audit_moderate": {"overall_grade": "good", f"grade_{voice.pk}": "good",
                           f"grade_{oversight.pk}": "good", **date_fields("moderated_on", today)},
        "action_create": {"text": "See the child alone", "owner": qa.manager.pk,
                          **date_fields("due_date", today)},
        "action_complete": {**date_fields("completed_on", today)},
        "concern_raise": {"description": "The baby was not seen for six weeks"},
        "concern_close": {"action_taken": "Visited the same day; strategy discussion held"},
        "theme_tag": {"themes": [objs["theme"].pk]},
        "framework_create": {"name": "Supervision audit", "domains": "Reflection\n- Is it?"},
        "framework_revise": {"domains": "Voice of the child\nRecording", "notes": "Recording"},
        "theme_create": {"name": "Chronologies"},
        "theme_detail": {"actions": [objs["qa"].round.authority.plans.first().actions.first().pk]},
        "upload_new": {"file": SimpleUploadedFile("audits.csv", CSV, "text/csv")},
        "report": {"month": "", "year": ""},
    }.get(route, {})  # fmt: skip


def snapshot() -> dict[str, Any]:
    """Every case-audit row and every log entry except records of someone viewing."""
    tables = [m.Framework, m.FrameworkVersion, m.Domain, m.AuditRound, m.CaseAudit,
              m.DomainGrade, m.Moderation, m.ModeratedGrade, m.AuditAction,
              m.SafeguardingConcern, m.LearningTheme, m.ThemeTag, m.AuditUpload]  # fmt: skip
    return table_rows([*tables, AuditEvent, m.LearningTheme.actions.through], ["viewed"])


@pytest.mark.parametrize(
    ("name", "method", "expected"), MATRIX, ids=[f"{n} {m}" for n, m, _ in MATRIX]
)
def test_permission_matrix(world, objects, name, method, expected):
    url = reverse(name, kwargs=_kwargs(name, objects, world.authority.slug))
    for role, status in zip(ROLES, expected, strict=True):
        data = _data(name.split(":")[1], objects)  # afresh: an uploaded file is read once
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
        with transaction.atomic():
            before = snapshot()
            response = client.get(url) if method == "GET" else client.post(url, data)
            assert response.status_code == status, f"{role} {method} {url}"
            if role == "anonymous":
                assert response["Location"].startswith(reverse("accounts:login"))
            if status != 302 or role == "anonymous":
                assert snapshot() == before, f"{role} {method} {url} changed the database"
            else:
                assert snapshot() != before, f"{role} {method} {url} wrote nothing"
            transaction.set_rollback(True)


def test_the_matrix_covers_every_page():
    covered = {name for name, _, _ in MATRIX}
    assert {n for n in all_url_names() if n.startswith("quality:")} == covered


OTHER_ROUTES = ["quality:audit_detail", "quality:audit_record", "quality:audit_moderate",
                "quality:action_create", "quality:round_detail", "quality:framework_detail",
                "quality:framework_revise"]  # fmt: skip


@pytest.mark.parametrize("name", OTHER_ROUTES)
def test_another_authoritys_ids_are_not_found(world, objects, name):
    """Testshire's administrator asking for Otherborough's audit, round or framework under
    Testshire's address gets 404, GET or POST, and nothing changes."""
    other = objects["other"]
    kwargs: dict[str, Any] = {"authority": world.authority.slug}
    key = "round" if "round" in name else "framework" if "framework" in name else "audit"
    kwargs[f"{key}_id"] = other[key].pk
    url = reverse(name, kwargs=kwargs)
    client = Client()
    client.force_login(world.users["admin"])
    before = snapshot()
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code in (404, 405)
    assert snapshot() == before


def test_every_view_of_an_audit_is_logged(world, objects):
    audit = objects["audit"]
    client = Client()
    client.force_login(world.users["lead"])
    url = reverse("quality:audit_detail", args=[world.authority.slug, audit.pk])
    seen = AuditEvent.objects.filter(verb="viewed", object_id=str(audit.pk))
    assert seen.count() == 0
    client.get(url)
    client.get(url)
    assert seen.count() == 2
    assert {e.actor for e in seen} == {world.users["lead"]}


def test_an_auditor_lists_only_their_own_audits(world, objects):
    client = Client()
    client.force_login(world.users["auditor2"])
    page = client.get(reverse("quality:my_audits", args=[world.authority.slug])).content.decode()
    assert "Case 1002" in page and "Case 1004" in page  # theirs to audit
    assert "Case 1001" in page  # theirs to moderate
    assert "Case 1003" not in page
