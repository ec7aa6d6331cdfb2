"""No input gives a server error, and a refused input writes nothing.

For every URL of every app (from the resolver, so a new app is covered without editing this
file), as every role, generated values go to every field the page reads: the query string of
a GET and the form of a POST, found by watching the view (see `fuzzing.py`). For each URL and
method:

1. every role sends one hostile submission (most are refused before any field is read);
2. a sweep sets every field at once to each class of value known to break parsers: a digit
   `int()` refuses ("²"), integers past 64 bits, NUL characters, text past any limit…;
3. Hypothesis sends submissions that start from what a browser would post and make one to
   three fields hostile (or leave them out), now and then with other ids in the path, as
   the roles the URL lets in.

Every response must be below 500; a response that is not a successful POST (a redirect)
must leave every Stocktake table as it was. Hypothesis runs derandomized with a fixed number
of examples, so CI sees the same inputs every time. One test per app; a failure names the
URL, the method, the role and the smallest input that fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stocktake.background.models import Job
from stocktake.background.tests.helpers import use_backend
from stocktake.chair.tests.builders import build_chair
from stocktake.childdata.models import Extract
from stocktake.core.tests import fuzzing
from stocktake.core.tests.fuzzing import Endpoint, FormFields
from stocktake.core.tests.helpers import add_evidence
from stocktake.findings.tests.conftest import fw  # noqa: F401 - fixtures used below
from stocktake.governance.tests.conftest import gw  # noqa: F401
from stocktake.imports.layouts import heading_signature
from stocktake.imports.models import SavedLayout
from stocktake.imports.services import import_run_create
from stocktake.imports.tests.builders import csv_bytes
from stocktake.indicators.tests.conftest import iw  # noqa: F401
from stocktake.quality.services.actions import audit_action_create
from stocktake.quality.services.learning import learning_theme_create
from stocktake.quality.services.recording import concern_raise
from stocktake.quality.services.uploads import audit_upload_create
from stocktake.quality.tests.conftest import build_qa
from stocktake.quality.tests.test_import import GOOD
from stocktake.reports.tests.test_permissions import make_report

pytestmark = [pytest.mark.slow]

ROLES = (
    "admin",
    "lead",
    "owner",
    "partner",
    "viewer",
    "qa_lead",
    "auditor",
    "outsider",
    "anonymous",
)
EXAMPLES = 10  # Hypothesis examples per URL and method that reads fields
PATH_ONLY_EXAMPLES = 3  # for a URL and method that reads no field: other ids in the path
# Every field at once, for each class of value that has broken a parser.
SWEEP = ["²", "9" * 20, "2147483648", "\x00", "x" * 10_001, "1e309"]
# Known values for string arguments in paths (anything else is generated too).
STRINGS = {"fmt": ["docx", "xlsx", "pdf", "json", "csv"]}
APPS = sorted({e.app for e in fuzzing.endpoints()})
T = TypeVar("T")


@dataclass
class Target:
    endpoint: Endpoint
    method: str
    ids: dict[str, Any]
    keys: list[str]
    forms: FormFields

    @property
    def url(self) -> str:
        return reverse(self.endpoint.name, kwargs=self.ids)


@pytest.fixture
def objects(world, fw, iw, gw, settings) -> dict[str, Any]:  # noqa: F811
    """One of everything a URL can name, all in Testshire."""
    use_backend(settings, "dummy")  # a report or a job asked for is only queued
    run = import_run_create(
        authority=world.authority,
        actor=None,
        filename="p.csv",
        data=b"Ref,Action\nN1,New thing\n",
        plan_name="New plan",
        kind="improvement",
        week1=None,
    )
    return {
        "authority": world.authority.slug,
        "plan_id": world.plan.pk,
        "theme_id": world.theme.pk,
        "action_id": world.action.pk,
        "person_id": world.owner_person.pk,
        "evidence_id": add_evidence(world.partner_action).pk,
        "source_id": fw.source.pk,
        "judgement_id": fw.judgement.pk,
        "finding_id": fw.finding.pk,
        "link_id": fw.link.pk,
        "indicator_id": iw.reref.pk,
        "target_id": iw.target.pk,
        "measure_id": iw.measure.pk,
        "upload_id": iw.upload.pk,
        "board_id": gw.board.pk,
        "member_id": gw.member.pk,
        "meeting_id": gw.meeting.pk,
        "update_id": gw.update.pk,
        "request_id": gw.unblock.pk,
        "run_id": run.pk,
        "layout_id": SavedLayout.objects.create(
            authority=world.authority,
            name="Ours",
            signature=heading_signature(["Ref", "Action"]),
            headings=["Ref", "Action"],
            roles=["extra", "action"],
        ).pk,
        "report_id": make_report(world.authority, world.plan).pk,
        "job_id": Job.objects.create(
            authority=world.authority, title="Importing", task_name="x.y", capability="view"
        ).pk,
        **_case_audit_objects(world),
        "childdata:extract_id": Extract.objects.create(
            authority=world.authority,
            extract_date=dt.date(2019, 6, 30),
            filename="a.xlsx",
            folder="childdata/fuzz",
        ).pk,
        "childdata:code": "AA_REFERRALS",
        **_chair_objects(world),
    }


def _chair_objects(world: Any) -> dict[str, Any]:
    """A chair's report, one of its measures and a section (`chair:` keys: `finding_id` is
    a measure of its notice there)."""
    bits = build_chair(world)
    return {
        "chair:draft_id": bits.report.pk,
        "chair:finding_id": bits.m31.pk,
        "chair:part": "assessment",
    }


def _case_audit_objects(world: Any) -> dict[str, Any]:
    """The case-audit app's objects. Its URLs name some arguments as other apps do
    (`action_id` is an audit action there), so they are keyed "quality:<argument>"."""
    qa = build_qa(world)
    audit = qa.audits[0]
    action = audit_action_create(
        audit=audit, actor=None, text="Update the plan", owner=qa.manager,
        due_date=dt.date(2019, 7, 31), today=dt.date(2019, 6, 1),
    )  # fmt: skip
    concern = concern_raise(audit=audit, actor=None, description="No visit for 8 weeks")
    theme = learning_theme_create(authority=world.authority, actor=None, name="Drift")
    upload = audit_upload_create(
        authority=world.authority, actor=None, filename="audits.csv", data=csv_bytes(GOOD)
    )
    found = {
        "audit_id": audit.pk,
        "action_id": action.pk,
        "concern_id": concern.pk,
        "framework_id": qa.framework.pk,
        "round_id": qa.round.pk,
        "theme_id": theme.pk,
        "upload_id": upload.pk,
    }
    return {f"quality:{name}": pk for name, pk in found.items()}


class Clients:
    """A signed-in client per role, its session restored before each request (a request
    that signs out, or a rolled-back transaction, must not sign the next one out); and the
    tables as every request finds them (each is rolled back)."""

    def __init__(self, world: Any) -> None:
        self.clients: dict[str, Client] = {}
        self.sessions: dict[str, str] = {}
        for role in ROLES:
            client = Client()
            if role != "anonymous":
                client.force_login(world.users[role])
                self.sessions[role] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
            self.clients[role] = client
        self.tables = fuzzing.stocktake_tables()
        self.before = fuzzing.db_fingerprint(self.tables)

    def send(self, role: str, method: str, url: str, data: dict[str, Any]) -> Any:
        client = self.clients[role]
        client.cookies.clear()
        if role in self.sessions:
            client.cookies[django_settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client.get(url, data) if method == "GET" else client.post(url, data)


def rolled_back(action: Callable[[], T]) -> T:
    with transaction.atomic():
        try:
            return action()
        finally:
            transaction.set_rollback(True)


def path_kwargs(endpoint: Endpoint, objects: dict[str, Any]) -> dict[str, Any]:
    kwargs = {}
    for name, _converter in endpoint.converters:
        if f"{endpoint.app}:{name}" in objects:
            kwargs[name] = objects[f"{endpoint.app}:{name}"]
        elif name in objects:
            kwargs[name] = objects[name]
        elif name in STRINGS:
            kwargs[name] = STRINGS[name][0]
        else:
            pytest.fail(f"{endpoint.name}: add an object for the URL argument {name!r}")
    return kwargs


def baseline(forms: FormFields, keys: list[str]) -> dict[str, Any]:
    return {k: forms.baseline.get(k, [fuzzing.plausible(k)]) for k in keys}


def discover(clients: Clients, endpoint: Endpoint, method: str, ids: dict[str, Any]) -> Target:
    """What the page offers (as an administrator sees it) and what the view reads."""
    url = reverse(endpoint.name, kwargs=ids)
    page = rolled_back(lambda: clients.send("admin", "GET", url, {}))
    readable = page.status_code == 200 and not page.streaming
    offered = fuzzing.page_forms(page.content.decode(errors="replace") if readable else "", url)
    forms = offered[method]
    probe = fuzzing.GET_PROBE if method == "GET" else fuzzing.POST_PROBE
    keys = set(forms.baseline)
    for _ in range(3):  # filling what was read can make more be read (formset rows)
        data: dict[str, Any] = {probe: "1", **baseline(forms, sorted(keys))}

        def send(data: dict[str, Any] = data) -> Any:
            return clients.send("admin", method, url, data)

        with fuzzing.recording() as seen:
            rolled_back(send)
        found = {key for m, key in seen if m == method and key != probe} - forms.files
        if found <= keys:
            break
        keys |= found
    return Target(endpoint, method, ids, sorted(keys), forms)


def checked(clients: Clients, role: str, target: Target, url: str, data: dict[str, Any]) -> Any:
    """Send, and check: no server error; nothing written unless a POST succeeded. Every
    request is rolled back, so each finds the tables as they were when the test began (a
    write that escaped the rollback would fail the next request's check too)."""

    def attempt() -> Any:
        response = clients.send(role, target.method, url, data)
        assert response.status_code < 500
        if not (target.method == "POST" and response.status_code == 302):
            after = fuzzing.db_fingerprint(clients.tables)
            assert after == clients.before, "a refused input wrote"
        return response

    try:
        return rolled_back(attempt)
    except Exception as error:
        error.add_note(f"{target.method} {url} as {role}, sending {shorten(data)}")
        raise


def shorten(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (repr(v)[:60] + "…" if len(repr(v)) > 60 else v) for k, v in data.items()}


def admitted(clients: Clients, target: Target) -> list[str]:
    """The roles the URL lets through to its own code, each having sent one hostile
    submission (which must not be a server error either)."""
    hostile = {k: SWEEP[i % 2] for i, k in enumerate(target.keys)}
    let_in = []
    for role in ROLES:
        response = checked(clients, role, target, target.url, hostile)
        refused = response.status_code in (403, 404, 405) or (
            response.status_code == 302
            and response["Location"].startswith(reverse("accounts:login"))
        )
        if not refused:
            let_in.append(role)
    return let_in


def sweep(clients: Clients, target: Target, role: str) -> None:
    for value in SWEEP if target.keys else []:
        data = baseline(target.forms, []) | dict.fromkeys(target.keys, value)
        checked(clients, role, target, target.url, data)


def payloads(data: st.DataObject, target: Target) -> dict[str, Any]:
    """What a browser would send, with one to three fields made hostile (or left out)."""
    keys, forms = target.keys, target.forms
    payload: dict[str, Any] = baseline(forms, keys) if target.method == "POST" else {}
    if keys:
        spoiled = data.draw(st.sets(st.sampled_from(keys), min_size=1, max_size=min(3, len(keys))))
        for key in sorted(spoiled):
            value = fuzzing.value_for(forms.offered.get(key, set()))
            one = value.map(lambda v: [v])
            many = st.lists(value, max_size=3) if key in forms.multiple else one
            chosen = data.draw(st.one_of(st.none(), many), label=key)
            if chosen is None:
                payload.pop(key, None)
            else:
                payload[key] = chosen
    for name in sorted(forms.files):
        upload = data.draw(st.one_of(st.none(), fuzzing.uploads), label=name)
        if upload is not None:
            payload[name] = SimpleUploadedFile(upload[0], upload[1])
    return {k: v for k, v in payload.items() if v != []}


def path_for(data: st.DataObject, target: Target) -> str:
    """The URL, now and then with other ids or strings in its path."""
    kwargs = dict(target.ids)
    other = st.sampled_from([False] * 4 + [True])
    if not target.endpoint.converters or not data.draw(other, label="other path"):
        return target.url
    for name, converter in target.endpoint.converters:
        if converter == "IntConverter":
            kwargs[name] = data.draw(
                st.one_of(st.just(kwargs[name]), st.integers(0, 10**25)), label=name
            )
        elif converter == "StringConverter":
            kwargs[name] = data.draw(
                st.one_of(st.sampled_from(STRINGS.get(name, [kwargs[name]])), fuzzing.path_text),
                label=name,
            )
    return reverse(target.endpoint.name, kwargs=kwargs)


def fuzz(clients: Clients, target: Target, roles: list[str]) -> None:
    reads = bool(target.keys or target.forms.files)
    if not reads and target.method == "POST":
        return  # the view reads nothing posted: each role's probe was enough

    @settings(
        max_examples=EXAMPLES if reads else PATH_ONLY_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def run(data: st.DataObject) -> None:
        role = data.draw(st.sampled_from(roles), label="role")
        checked(clients, role, target, path_for(data, target), payloads(data, target))

    run()


@pytest.mark.parametrize("app", APPS)
def test_no_input_gives_a_server_error(app, world, objects):
    clients = Clients(world)
    failures: list[str] = []
    for endpoint in (e for e in fuzzing.endpoints() if e.app == app):
        ids = path_kwargs(endpoint, objects)
        for method in ("GET", "POST"):
            try:
                target = discover(clients, endpoint, method, ids)
                roles = admitted(clients, target)
                if roles:
                    sweep(clients, target, roles[0])
                    fuzz(clients, target, roles)
            except Exception as error:
                notes = "\n    ".join(getattr(error, "__notes__", []))
                failures.append(f"{method} {endpoint.name}: {type(error).__name__}: {error}")
                failures.append(f"    {notes}")
    assert not failures, "\n".join(failures)
