"""A scratch PostgreSQL database for a benchmark: created, marked, and dropped afterwards.

Shared by the benchmarks so none of them can drop a database it did not create.
"""

from __future__ import annotations

import contextlib
import os
import urllib.parse
from collections.abc import Iterator

LOCAL_PG = "postgres://postgres@127.0.0.1:5432/postgres"


def postgres_admin_url() -> str | None:
    """DATABASE_URL if it is PostgreSQL, else the local server; None if unreachable."""
    url = os.environ.get("DATABASE_URL", "")
    url = url if url.startswith("postgres") else LOCAL_PG
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
    except Exception as error:  # any failure means "not reachable"
        print(f"PostgreSQL not reachable at {url}: {error}", flush=True)
        return None
    return url


@contextlib.contextmanager
def postgres_database(admin_url: str, name: str, mark: str) -> Iterator[str]:
    """Create database `name` (refusing to drop one not marked `mark`), yield its URL, drop it."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        if row is not None and row[0] != mark:
            raise SystemExit(
                f"A database {name} exists that the benchmark did not create;"
                " drop or rename it first."
            )
        if row is not None:
            conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
        conn.execute(f"COMMENT ON DATABASE {name} IS '{mark}'")
    try:
        yield urllib.parse.urlsplit(admin_url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
