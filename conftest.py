"""Fixtures shared by every test: a small authority with one member of each role, and an
outsider from another authority. Built with the same factories as the demo."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import IntegrityError, transaction

from stocktake.accounts.models import Authority, User
from stocktake.accounts.roles import Role
from stocktake.core.tests.helpers import catalogue_ensure
from stocktake.core.tests.snapshot import Snapshot, Stale, base_take, shared
from stocktake.demo import factories
from stocktake.demo.management.commands.load_demo import load_demo
from stocktake.people.models import Person
from stocktake.plans.models import Action, Plan, Theme

ROLES = ["admin", "lead", "owner", "partner", "viewer", "outsider"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="Leave out the tests that use no database, but for those marked browser or pdf "
        "(`make test` runs them in its PostgreSQL suite only: they would do the same on any "
        "database; see scripts/test_databases.py).",
    )


def uses_database(item: pytest.Item) -> bool:
    """Whether a test reaches a database: marked `django_db`, or asking (through any fixture)
    for the test database. pytest-django refuses every other test a database connection, so
    one that is not counted here and touches a database fails."""
    return bool(item.get_closest_marker("django_db")) or "django_db_setup" in getattr(
        item, "fixturenames", ()
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("database_tests_only"):
        return

    def kept(item: pytest.Item) -> bool:
        marked = item.get_closest_marker("browser") or item.get_closest_marker("pdf")
        return bool(marked) or uses_database(item)

    left_out = [item for item in items if not kept(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if kept(item)]


@dataclass
class World:
    authority: Authority
    other: Authority
    users: dict[str, User]
    owner_person: Person
    partner_person: Person
    plan: Plan
    theme: Theme
    action: Action  # owned by the owner
    partner_action: Action  # owned by the partner
    other_plan: Plan
    other_action: Action


@pytest.fixture
def indicator_catalogue(db) -> None:
    """The standard indicator catalogue, as its data migration loads it. A test that uses
    `transactional_db` (the browser journeys, the worker and mail-server tests, the migration
    walk) empties every table when it ends, the catalogue included, so the next test on that
    worker would find none; `world` and the demo fixtures ask for this to have it back."""
    catalogue_ensure()


def build_world() -> World:
    """Two authorities, one member of each role, a plan with a theme and three actions."""
    authority = factories.make_authority("Testshire")
    other = factories.make_authority("Otherborough")
    users = {
        role: factories.make_user(authority, Role(role), username=role)
        for role in ("admin", "lead", "owner", "partner", "viewer")
    }
    users["outsider"] = factories.make_user(other, Role.LEAD, username="outsider")
    owner_person = factories.make_person(
        authority, "Olive Owner", "Head of Service", user=users["owner"]
    )
    partner_person = factories.make_person(
        authority,
        "Pat Partner",
        "Superintendent",
        organisation="Testshire Police",
        user=users["partner"],
    )
    today = dt.date.today()
    plan = factories.make_plan(authority, "Test plan", start=today - dt.timedelta(weeks=4))
    theme = factories.make_theme(plan, "Leadership")
    action = factories.make_action(
        plan, "LA1", owners=[owner_person], theme=theme, deadline="Week 8"
    )
    partner_action = factories.make_action(
        plan, "LA2", owners=[partner_person], theme=theme, deadline="Week 10"
    )
    other_plan = factories.make_plan(other, "Other plan")
    other_action = factories.make_action(other_plan, "OB1")
    return World(
        authority,
        other,
        users,
        owner_person,
        partner_person,
        plan,
        theme,
        action,
        partner_action,
        other_plan,
        other_action,
    )


WORLD_MODELS = {
    "authority": Authority,
    "other": Authority,
    "owner_person": Person,
    "partner_person": Person,
    "plan": Plan,
    "theme": Theme,
    "action": Action,
    "partner_action": Action,
    "other_plan": Plan,
    "other_action": Action,
}


class WorldRows:
    """`build_world`, run once per test process (and day) and written again from its rows
    for each test that asks for `world`: a tenth of the time of building it through the
    services, which most tests do not test. The rows keep their ids, so a test that has
    already written rows with those ids (the demo's, on SQLite) gets a world built for it."""

    def __init__(self) -> None:
        self.snapshot: Snapshot | None = None
        self.day: dt.date | None = None
        self.keys: dict[str, int] = {}
        self.users: dict[str, int] = {}

    def world(self) -> World:
        if self.snapshot is not None and self.day == dt.date.today():
            try:
                with transaction.atomic():
                    self.snapshot.restore(check=False)
                return self._fetch()
            except IntegrityError:
                pass
        made: list[World] = []
        try:
            self.snapshot = Snapshot.take(lambda: made.append(build_world()))
        except ValueError:  # the world changed rows it did not add: no snapshot of it
            self.snapshot = None
            return build_world()
        self.day = dt.date.today()
        self.keys = {name: getattr(made[0], name).pk for name in WORLD_MODELS}
        self.users = {role: user.pk for role, user in made[0].users.items()}
        self.snapshot.restore(check=False)
        return self._fetch()

    def _fetch(self) -> World:
        found = {
            name: model._default_manager.get(pk=self.keys[name])
            for name, model in WORLD_MODELS.items()
        }
        users = User.objects.in_bulk(self.users.values())
        return World(users={role: users[pk] for role, pk in self.users.items()}, **found)


@pytest.fixture(scope="session")
def world_rows() -> WorldRows:
    return WorldRows()


@pytest.fixture
def world(db, indicator_catalogue, world_rows) -> World:
    return world_rows.world()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """The test database. Made from the models with `--no-migrations` (as `make check` does,
    seconds faster per worker), it has no rows from the data migrations: put the indicator
    catalogue in, as they would. `make test` runs the migrations themselves. Its first rows are
    kept, to be put back as they were after a test that empties the tables (`catalogue_ensure`)."""
    with django_db_blocker.unblock():
        if request.config.getoption("nomigrations", default=False):
            catalogue_ensure()
        base_take()


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """A transaction held open for a whole test module, for objects its tests share and only
    read: made once, inside it, by module-scoped fixtures (`module_world`), and rolled back when
    the module ends. Each test still runs in its own savepoint within it (mark the module
    `django_db`), so what one test writes is gone before the next."""
    from django.db import transaction

    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


@pytest.fixture(scope="module")
def module_world(module_db, django_db_blocker) -> World:
    """`world`, made once for a module (see `module_db`). A module whose tests only read it
    (the permission matrices) overrides `world` with a module-scoped fixture returning this."""
    with django_db_blocker.unblock():
        catalogue_ensure()
        return build_world()


@pytest.fixture
def client_for(client):
    """`client_for(user)`: the test client signed in as that user."""

    def sign_in(user: User):
        client.force_login(user)
        return client

    return sign_in


# LibreOffice and poppler only for tests marked `pdf` --------------------------------------

PDF_TOOLS = {"libreoffice", "soffice", "pdftotext", "pdftoppm", "pdfinfo"}


class PdfToolRefused(AssertionError):
    pass


@pytest.fixture(autouse=True)
def _pdf_tools_only_when_marked(request, monkeypatch):
    """A test marked `pdf` gets the LibreOffice converter (the tests' settings have none, so
    reports are issued in Word and Excel); any other test that starts LibreOffice or poppler
    fails, so `make check` (not pdf) never runs them."""
    if request.node.get_closest_marker("pdf"):
        from django.test import override_settings

        with override_settings(STOCKTAKE_PDF_CONVERTER="libreoffice"):
            yield
        return
    import os
    import subprocess

    real = subprocess.Popen

    class GuardedPopen(real):
        def __init__(self, args, *rest, **kwargs):
            command = args if isinstance(args, str) else (args[0] if args else "")
            if os.path.basename(str(command)) in PDF_TOOLS:
                raise PdfToolRefused(
                    f"{request.node.nodeid} started {command} but is not marked pdf: mark it "
                    "@pytest.mark.pdf (make check skips those)"
                )
            super().__init__(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", GuardedPopen)
    yield


class DemoRows:
    """The demo as `load_demo` writes it, loaded for real once per test process and written
    again from its rows wherever a test needs it (`stocktake/core/tests/snapshot.py`); loaded
    for real again when the tables are no longer as they were when it was taken."""

    def __init__(self) -> None:
        self.snapshot: Snapshot | None = None

    def restore(self) -> None:
        catalogue_ensure()
        if self.snapshot is None:  # perhaps another process of this suite has taken it
            self.snapshot = shared("demo", lambda: Snapshot.take(load_demo))
        try:
            self.snapshot.restore()
        except Stale:
            self.snapshot = Snapshot.take(load_demo)
            self.snapshot.restore()


@pytest.fixture(scope="session")
def demo_rows() -> DemoRows:
    return DemoRows()


@pytest.fixture(scope="module")
def demo_loaded(module_db, demo_rows, django_db_blocker):
    """The demo (`load_demo` without its board papers), written once for a module inside the
    module's transaction (`module_db`) and gone when it is rolled back; each test that asks
    for `db` runs in a savepoint within it."""
    with django_db_blocker.unblock():
        demo_rows.restore()


@pytest.fixture
def demo_restored(db, demo_rows) -> None:
    """The demo (`load_demo` without its board papers), written in this test's transaction."""
    demo_rows.restore()
