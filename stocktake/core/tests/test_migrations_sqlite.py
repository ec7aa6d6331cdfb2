"""The migrations build the database a council starts with: `stocktake migrate` on a new
SQLite file (what `make run` does) applies every migration and loads the indicator catalogue.

The test suite makes its SQLite databases from the models (`--no-migrations`, seconds per
worker), and the PostgreSQL run makes its databases by migrating and walks the data migrations
back and forth; this test is what runs the migrations on SQLite itself.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from stocktake.indicators.catalogue import ENTRIES

pytestmark = pytest.mark.slow  # migrates a new database from nothing, in its own process


def stocktake(*args: str, database: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "stocktake.settings_test",
    }
    return subprocess.run(  # noqa: S603 - our own command, our own arguments
        [sys.executable, "-m", "stocktake", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_migrate_builds_a_new_sqlite_database_with_its_catalogue(tmp_path):
    database = tmp_path / "new.sqlite3"

    migrated = stocktake("migrate", "--no-input", database=database)

    assert migrated.returncode == 0, migrated.stderr
    shown = stocktake("showmigrations", "--plan", database=database)
    assert shown.returncode == 0, shown.stderr
    steps = [line for line in shown.stdout.splitlines() if line.strip()]
    assert steps and all(line.startswith("[X]") for line in steps), shown.stdout
    with sqlite3.connect(database) as db:
        (entries,) = db.execute(
            "SELECT count(*) FROM indicators_catalogueentry WHERE code NOT LIKE 'AA_%'"
        ).fetchone()
        (annex_a,) = db.execute(
            "SELECT count(*) FROM indicators_catalogueentry WHERE code LIKE 'AA_%'"
        ).fetchone()
    assert entries == len(ENTRIES)
    assert annex_a > 0
