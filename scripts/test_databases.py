"""Run the whole test suite on SQLite, then on PostgreSQL when one is reachable.

PostgreSQL is `DATABASE_URL` if set, else the local server on 127.0.0.1:5432. With
REQUIRE_POSTGRES=1 (as CI sets) an unreachable PostgreSQL is a failure, not a skip.
Extra arguments go to pytest.

The browser journeys and the tests that make PDFs exercise Chromium, LibreOffice and the
pages, not the database, and they are a third of the suite's time: when PostgreSQL runs they
run there only (the production database), and on SQLite otherwise. Every other test runs on
both. Arguments that choose tests with `-m` are passed unchanged to both runs.
"""

from __future__ import annotations

import os
import subprocess
import sys

LOCAL_PG = "postgres://postgres@127.0.0.1:5432/postgres"


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if url and not url.startswith("postgres"):
        return None
    url = url or LOCAL_PG
    try:
        import psycopg

        psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
    except Exception as error:
        print(f"PostgreSQL not reachable at {url}: {error}")
        return None
    return url


def run(label: str, database_url: str | None, args: list[str]) -> bool:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    print(f"\n=== Test suite on {label} ===", flush=True)
    return subprocess.call([sys.executable, "-m", "pytest", *args], env=env) == 0


ONCE = "browser or pdf"


def main() -> int:
    args = sys.argv[1:]
    url = postgres_url()
    chooses = any(arg == "-m" or arg.startswith("-m") for arg in args)
    sqlite_args = args if chooses or not url else [*args, "-m", f"not ({ONCE})"]
    label = "SQLite" if sqlite_args is args else f"SQLite (all but {ONCE})"
    results = {"SQLite": run(label, None, sqlite_args)}
    if url:
        results["PostgreSQL"] = run("PostgreSQL (every test)", url, args)
    elif os.environ.get("REQUIRE_POSTGRES") == "1":
        print("REQUIRE_POSTGRES=1 but PostgreSQL is not reachable: failing.")
        results["PostgreSQL"] = False
    print(
        "\nDatabases tested: "
        + ", ".join(f"{name} ({'passed' if ok else 'FAILED'})" for name, ok in results.items())
    )
    if "PostgreSQL" not in results:
        print("PostgreSQL did not run: set DATABASE_URL or start the local server to include it.")
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
