"""Helpers shared by the test modules: database snapshots, form data, evidence uploads."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Model
from django.urls import reverse

from stocktake.accounts.models import Authority, Membership, User
from stocktake.audit.models import AuditEvent
from stocktake.people.models import Person
from stocktake.plans.models import (
    Action,
    ActionOwner,
    ActionRevision,
    Evidence,
    PhaseClosure,
    PhaseNarrative,
    Plan,
    StatusChange,
    Theme,
    Update,
)
from stocktake.plans.services.updates import EvidenceSpec, update_submit

TRACKED: list[type[Model]] = [
    Authority,
    Membership,
    Person,
    Plan,
    Theme,
    Action,
    ActionOwner,
    Action.related.through,
    Update,
    StatusChange,
    Evidence,
    AuditEvent,
    ActionRevision,
    PhaseClosure,
    PhaseNarrative,
]
# Every signed-in page starts with two queries: the signed-in user and their membership. (In
# the app the session is a third; the tests keep sessions in memory — see settings_test.)
PAGE_START = 2
PDF = b"%PDF-1.4\n% a tiny but genuine-looking pdf\n"


def row_counts() -> dict[str, int]:
    """How many rows each tracked table holds."""
    return {model._meta.label: model._default_manager.count() for model in TRACKED}


def table_rows(models: Iterable[type[Model]], exclude_verbs: Iterable[str] = ()) -> dict[str, Any]:
    """Every row of each table, read with plain SQL because the permission matrices take
    hundreds of these snapshots (the ORM spends most of its time compiling the queries). Audit
    events whose verb is in `exclude_verbs` (such as records of someone viewing) are left out."""
    state: dict[str, Any] = {}
    skip = list(exclude_verbs)
    with connection.cursor() as cursor:
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            sql = f"SELECT * FROM {table}"  # noqa: S608 - our own table names
            params: list[str] = []
            if model is AuditEvent and skip:
                sql += f" WHERE verb NOT IN ({', '.join(['%s'] * len(skip))})"
                params = skip
            cursor.execute(sql + " ORDER BY 1", params)
            state[model._meta.label] = cursor.fetchall()
    return state


def db_state() -> dict[str, Any]:
    """Every row of every tracked table (users without their last sign-in time)."""
    state = table_rows(TRACKED)
    with connection.cursor() as cursor:
        users = connection.ops.quote_name(User._meta.db_table)
        cursor.execute(f"SELECT id, username, password, is_active FROM {users} ORDER BY id")  # noqa: S608
        state["users"] = cursor.fetchall()
    return state


def date_fields(name: str, day: dt.date | None) -> dict[str, str]:
    """The three boxes of a GOV.UK date input, as a browser posts them."""
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def pdf_upload(name: str = "minutes.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def add_evidence(action: Action, actor: User | None = None) -> Evidence:
    """Post an update on `action` with a PDF attached, through the real service."""
    update_submit(
        action=action,
        membership=None,
        actor=actor,
        text="Minutes attached",
        evidence=EvidenceSpec(file=pdf_upload(), title="Board minutes"),
    )
    return Evidence.objects.filter(action=action).latest("pk")


def action_form_data(
    *,
    reference: str,
    text: str = "Run a practice week",
    theme: Theme | None = None,
    owners: list[tuple[Person, str]] | None = None,
    deadline: str = "",
    due: dt.date | None = None,
    cross_references: str = "",
    version: int | None = None,
) -> dict[str, Any]:
    """What a browser posts from the action form: fields, owner rows and an empty extra row."""
    rows = [*(owners or []), (None, "")]
    data: dict[str, Any] = {
        "reference": reference,
        "text": text,
        "theme": theme.pk if theme else "",
        "impact": "",
        "outcome": "",
        "deadline_text": deadline,
        "cross_references": cross_references,
        **date_fields("due_date", due),
        "owner-TOTAL_FORMS": str(len(rows)),
        "owner-INITIAL_FORMS": "0",
    }
    for index, (person, part) in enumerate(rows):
        data[f"owner-{index}-person"] = person.pk if person else ""
        data[f"owner-{index}-part"] = part
    if version is not None:
        data["version"] = str(version)
    return data


# What each URL needs besides the authority: the objects whose ids go into it.
NEEDS: dict[str, tuple[str, ...]] = {
    "people:edit": ("person",),
    "plans:dashboard": ("plan",),
    "plans:plan_edit": ("plan",),
    "plans:calendar": ("plan",),
    "plans:findings": ("plan",),
    "plans:theme_create": ("plan",),
    "plans:theme_edit": ("plan", "theme"),
    "plans:action_list": ("plan",),
    "plans:action_list_csv": ("plan",),
    "plans:action_create": ("plan",),
    "plans:action_detail": ("plan", "action"),
    "plans:action_edit": ("plan", "action"),
    "plans:update_create": ("plan", "action"),
    "plans:evidence": ("evidence",),
    "plans:phase_close": ("plan",),
    "plans:phase_narrative": ("plan",),
}
UNSCOPED = {"core:home", "core:healthz", "accounts:login", "accounts:logout"}


def build_url(endpoint: str, slug: str, **objects: Any) -> str:
    name = endpoint.split("@")[0]
    if name in UNSCOPED:
        return reverse(name)
    kwargs = {"authority": slug}
    kwargs.update({f"{key}_id": objects[key].pk for key in NEEDS.get(name, ())})
    return reverse(name, kwargs=kwargs)


_SUMMARY = re.compile(r'<div class="govuk-error-summary".*?</div>\s*</div>\s*</div>', re.S)
_ITEM = re.compile(r'<li>(?:<a href="(?P<href>[^"]*)">)?(?P<text>.*?)(?:</a>)?</li>', re.S)


def error_summary(response: Any) -> list[tuple[str, str]]:
    """The (link, message) pairs of a page's GOV.UK error summary; [] if it has none."""
    match = _SUMMARY.search(response.content.decode())
    if not match:
        return []
    return [(m["href"] or "", html.unescape(m["text"])) for m in _ITEM.finditer(match[0])]


def visible_text(response: Any) -> str:
    """The page as words: tags dropped, entities decoded, whitespace collapsed."""
    text = re.sub(r"<script.*?</script>|<[^>]+>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(text).split())


def shows_change(text: str, before: str, after: str) -> bool:
    """Whether `text` shows a change from `before` to `after` (after following closely)."""
    return bool(re.search(re.escape(before) + r".{1,40}?" + re.escape(after), text))


# The permission matrices ------------------------------------------------------------------


def all_url_names(patterns: Any = None, namespace: str = "") -> set[str]:
    """Every named URL as "app:name", so a matrix can prove it covers all of an app's."""
    from django.urls import URLPattern, URLResolver, get_resolver

    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            names |= all_url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}")
    return names


def request_as(
    users: dict[str, User],
    role: str,
    method: str,
    url: str,
    data: dict[str, Any],
    snapshot: Callable[[], Any],
    *,
    anonymous_to_sign_in: bool = True,
) -> tuple[int, bool]:
    """The status `role` ("anonymous" for nobody) gets for `method` on `url`, and whether the
    request changed what `snapshot` reads. An anonymous visitor sent away must be sent to
    sign in and back."""
    from django.test import Client

    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    before = snapshot() if method == "POST" else None
    response = client.get(url) if method == "GET" else client.post(url, data)
    if role == "anonymous" and response.status_code == 302 and anonymous_to_sign_in:
        assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
    return response.status_code, before is not None and snapshot() != before


def as_each_role(
    roles: Iterable[str], attempt: Callable[[str], tuple[int, bool]]
) -> tuple[dict[str, int], dict[str, bool]]:
    """`attempt` for each role in turn, each in a transaction rolled back afterwards so none
    sees another's writes: the statuses and whether each wrote."""
    from django.db import transaction

    got: dict[str, int] = {}
    wrote: dict[str, bool] = {}
    for role in roles:
        with transaction.atomic():
            got[role], wrote[role] = attempt(role)
            transaction.set_rollback(True)
    return got, wrote


Matrix = list[tuple[str, str, tuple[int, ...]]]


def permission_matrices() -> dict[str, tuple[tuple[str, ...], Matrix]]:
    """Every app's permission matrix: {app label: (its ROLES, its MATRIX rows)}, read from
    `stocktake/<app>/tests/test_permissions.py`. A row names its URL "app:name" (or, in the
    app's own matrix, "name"), with "@variant" for a second row of the same URL."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    found: dict[str, tuple[tuple[str, ...], Matrix]] = {}
    for config in apps.get_app_configs():
        module_name = f"{config.name}.tests.test_permissions"
        if not config.name.startswith("stocktake.") or find_spec(f"{config.name}.tests") is None:
            continue
        if find_spec(module_name) is None:
            continue
        module = import_module(module_name)
        rows = [
            (name if ":" in name else f"{config.label}:{name}", method, statuses)
            for name, method, statuses in module.MATRIX
        ]
        found[config.label] = (tuple(module.ROLES), rows)
    return found


def version_of(obj: Any) -> str:
    """The version saved now of a row an edit form edits, as its hidden field posts it."""
    return str(type(obj)._default_manager.values_list("version", flat=True).get(pk=obj.pk))


def catalogue_ensure() -> None:
    """Put back the indicator catalogue its data migrations load, if a transactional test
    emptied it (see the root conftest's `indicator_catalogue`): with the database's first rows
    as they were, ids and all, once they have been taken (`snapshot.base_put_back`)."""
    from stocktake.childdata.catalogue import catalogue_add
    from stocktake.core.tests.snapshot import base_put_back
    from stocktake.indicators.catalogue import catalogue_sync
    from stocktake.indicators.models import CatalogueEntry

    if not CatalogueEntry.objects.exists() and base_put_back():
        return
    if not CatalogueEntry.objects.exclude(code__startswith="AA_").exists():
        catalogue_sync(CatalogueEntry)
    if not CatalogueEntry.objects.filter(code__startswith="AA_").exists():
        catalogue_add(CatalogueEntry)  # the Annex A KPIs, as childdata's migration adds them


@pytest.fixture(scope="module")
def shared_world(module_world: Any) -> Any:
    """`world` made once for a module: a module whose tests only ask for pages (a permission
    matrix) says `world = shared_world` and `pytestmark = pytest.mark.django_db`; each test
    then runs in a savepoint inside the module's transaction (the root conftest's
    `module_db`), so what one test writes is gone before the next."""
    return module_world


def shared(build: Callable[[Any], Any]) -> Any:
    """A module-scoped fixture holding `build(world)`, made inside the module's transaction
    once, for the tests of a module that uses `shared_world`."""

    @pytest.fixture(scope="module")
    def fixture(world: Any, django_db_blocker: Any) -> Any:
        with django_db_blocker.unblock():
            return build(world)

    return fixture
