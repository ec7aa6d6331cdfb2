"""What a piece of set-up writes, taken once and written again where a test needs it.

The demo takes seconds to load and a dozen test modules read it. `Snapshot.take(load)` runs
`load` once in a transaction it rolls back, and keeps the rows it added to every table (as
SQL literals the database itself quoted, so every value goes back exactly as it was read) and
the files it added under MEDIA_ROOT; `snapshot.restore()` writes them again, in the caller's
transaction, in a fraction of the time. The loader still runs for real, once per test process
and database, and the rows are what it wrote.

A restore is refused (`Stale`) when the tables it starts from are not the ones the snapshot
was taken from: the caller takes a new snapshot then. A test that uses `transactional_db`
empties every table when it ends, and Django puts back its content types and permissions
with new ids; `base_put_back` writes the test database's first rows (content types,
permissions, the indicator catalogue) back as they were, ids and all, so a snapshot taken
before still fits. Keys are kept as they were taken; PostgreSQL's sequences are past them
already (a rollback does not take a sequence back) and SQLite moves its own past any key
written.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

# Tables whose rows are not the set-up's: the migration record and sessions.
SKIPPED = {"django_migrations", "django_session"}
CHUNK = 200  # rows to an INSERT


class Stale(Exception):
    """The database is not in the state the snapshot was taken from."""


def _tables() -> list[str]:
    return sorted(set(connection.introspection.table_names()) - SKIPPED)


@functools.cache
def columns_of(table: str) -> list[str]:
    """The table's columns, read once per test process (the schema does not change)."""
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
    return [column.name for column in description]


def _literal(column: str) -> str:
    quoted = connection.ops.quote_name(column)
    if connection.vendor == "postgresql":
        return f"quote_nullable({quoted})"
    return f"quote({quoted})"


def _rows(table: str, columns: list[str]) -> set[tuple[str, ...]]:
    """Every row of `table`, each value as the SQL literal that writes it again."""
    select = ", ".join(_literal(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select} FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return {tuple(row) for row in cursor.fetchall()}


def _state() -> dict[str, set[tuple[str, ...]]]:
    return {table: _rows(table, columns_of(table)) for table in _tables()}


def _digest(state: dict[str, set[tuple[str, ...]]]) -> str:
    digest = hashlib.sha256()
    for table in sorted(state):
        digest.update(table.encode())
        for row in sorted(state[table]):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _files() -> dict[Path, tuple[int, int]]:
    """Every file under MEDIA_ROOT, with its size and time of change."""
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return {}
    return {
        path: (stat.st_size, stat.st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file() and (stat := path.stat())
    }


@dataclass
class Snapshot:
    base: str  # digest of every table before the set-up ran
    added: dict[str, tuple[list[str], list[tuple[str, ...]]]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def take(cls, load: Callable[[], object]) -> Snapshot:
        """Run `load` in a transaction that is rolled back, keeping what it added. A set-up
        that changes or removes a row it did not add cannot be kept this way: refused."""
        files_before = _files()
        with transaction.atomic():
            before = _state()
            load()
            snapshot = cls(base=_digest(before))
            for table in _tables():
                columns = columns_of(table)
                after = _rows(table, columns)
                gone = before.get(table, set()) - after
                if gone:
                    raise ValueError(f"the set-up changed or removed {len(gone)} row(s) of {table}")
                added = sorted(after - before.get(table, set()))
                if added:
                    snapshot.added[table] = (columns, added)
            transaction.set_rollback(True)
        root = Path(settings.MEDIA_ROOT)
        snapshot.files = {
            str(path.relative_to(root)): path.read_bytes()
            for path, seen in _files().items()
            if files_before.get(path) != seen
        }
        return snapshot

    def restore(self, *, check: bool = True) -> None:
        """Write the rows and files again, in the current transaction. Unless `check` is
        False (the caller then answers for it), refused if the tables are not as they were."""
        if check and _digest(_state()) != self.base:
            raise Stale("the tables are not as they were when the snapshot was taken")
        self._insert()
        root = Path(settings.MEDIA_ROOT)
        for name, data in self.files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    def _insert(self) -> None:
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for table, (columns, rows) in self.added.items():
                names = ", ".join(quote(c) for c in columns)
                for start in range(0, len(rows), CHUNK):
                    values = ", ".join(
                        "(" + ", ".join(row) + ")" for row in rows[start : start + CHUNK]
                    )
                    cursor.execute(f"INSERT INTO {quote(table)} ({names}) VALUES {values}")  # noqa: S608

    @classmethod
    def everything(cls) -> Snapshot:
        """Every row of every table, as it is now."""
        snapshot = cls(base=_digest({}))
        for table in _tables():
            columns = columns_of(table)
            rows = sorted(_rows(table, columns))
            if rows:
                snapshot.added[table] = (columns, rows)
        return snapshot

    def put_back(self) -> None:
        """Empty the snapshot's tables and write its rows in them again."""
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.added:
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
        self._insert()


# The test database's first rows, taken when it is made (the root conftest's `django_db_setup`).
_base: list[Snapshot] = []


def base_take() -> None:
    _base[:] = [Snapshot.everything()]


def base_put_back() -> bool:
    """Put the first rows back as they were (ids and all), after a `transactional_db` test
    emptied the tables; False when no first rows were taken in this process."""
    if not _base:
        return False
    from django.contrib.contenttypes.models import ContentType

    _base[0].put_back()
    ContentType.objects.clear_cache()
    return True


def shared(key: str, take: Callable[[], Snapshot]) -> Snapshot:
    """`take()`, once for all the test processes of one suite: the first to ask takes it and
    leaves it in STOCKTAKE_TEST_SHARED (a folder `scripts/test_databases.py` makes for each
    suite and removes afterwards) for the others, which wait for it. Without that folder,
    each process takes its own. A process whose tables differ finds the snapshot `Stale`."""
    folder = os.environ.get("STOCKTAKE_TEST_SHARED")
    if not folder or not Path(folder).is_dir():
        return take()
    path = Path(folder) / f"{key}-{connection.vendor}.pickle"
    with open(Path(folder) / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if path.exists():
                # Written by another process of this suite, a moment ago.
                snapshot: Snapshot = pickle.loads(path.read_bytes())  # noqa: S301
                return snapshot
            snapshot = take()
            part = path.with_suffix(".part")
            part.write_bytes(pickle.dumps(snapshot))
            part.replace(path)
            return snapshot
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
