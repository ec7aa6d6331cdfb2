"""How `make test` shares the tests between its SQLite and PostgreSQL suites
(scripts/test_databases.py and the root conftest's `--database-tests-only`)."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
URL = "postgres://postgres@127.0.0.1:5432/postgres"


def _module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


script = _module(ROOT / "scripts" / "test_databases.py", "test_databases_script")


def test_without_postgresql_sqlite_runs_every_test():
    assert script.suites(["-n", "2"], None) == [("SQLite", None, ["-n", "2"])]


def test_with_postgresql_each_test_that_needs_no_particular_database_runs_once():
    (sqlite_label, sqlite_url, sqlite), (pg_label, pg_url, postgres) = script.suites(["-x"], URL)

    assert sqlite_url is None and pg_url == URL
    assert sqlite == ["-x", "-m", "browser or not pdf", "--database-tests-only", "--no-migrations"]
    assert postgres == ["-x", "-m", "not browser"]
    assert "SQLite" in sqlite_label and "PostgreSQL" in pg_label


def test_tests_chosen_by_marker_run_on_both():
    (_, _, sqlite), (_, _, postgres) = script.suites(["-m", "slow"], URL)

    assert sqlite == ["-m", "slow", "--no-migrations"]
    assert postgres == ["-m", "slow"]


@dataclass
class Item:
    name: str
    markers: set[str] = field(default_factory=set)
    fixturenames: list[str] = field(default_factory=list)

    def get_closest_marker(self, name: str) -> Any:
        return name if name in self.markers else None


@dataclass
class Config:
    only: bool
    deselected: list[Item] = field(default_factory=list)

    def getoption(self, name: str) -> bool:
        assert name == "database_tests_only"
        return self.only

    @property
    def hook(self) -> Any:
        config = self

        class Hook:
            def pytest_deselected(self, items: list[Item]) -> None:
                config.deselected.extend(items)

        return Hook()


ITEMS = [
    Item("marked", {"django_db"}),
    Item("through a fixture", fixturenames=["world", "db", "django_db_setup"]),
    Item("a parser"),
    Item("a journey", {"browser"}, ["live_server", "django_db_setup"]),
    Item("a pdf without a database", {"pdf"}),
    Item("asks for the blocker only", fixturenames=["django_db_blocker"]),
]


@pytest.mark.parametrize("only", [False, True])
def test_database_tests_only_leaves_out_the_tests_that_use_no_database(only):
    import conftest as root  # the root conftest, as pytest imported it

    config = Config(only)
    items: list[Any] = list(ITEMS)

    root.pytest_collection_modifyitems(config, items)

    if not only:
        assert items == ITEMS and config.deselected == []
    else:
        assert [i.name for i in items] == [
            "marked",
            "through a fixture",
            "a journey",
            "a pdf without a database",
        ]
        assert [i.name for i in config.deselected] == ["a parser", "asks for the blocker only"]
