"""Run the whole test suite on SQLite, then on PostgreSQL when one is reachable.

PostgreSQL is `DATABASE_URL` if set, else the local server on 127.0.0.1:5432. With
REQUIRE_POSTGRES=1 (as CI sets) an unreachable PostgreSQL is a failure, not a skip.
Extra arguments go to pytest.

Every test that uses a database runs on both. A test that would do the same on any database
runs in one suite only, and they are shared out so that the two suites, which run at once,
take about as long:
- the browser journeys (Chromium against the live server, a fifth of the suite's time) in the
  SQLite suite, as `make run` serves them;
- the tests that make PDFs (LibreOffice) and the tests that use no database at all (parsers,
  readers, document builders: `--database-tests-only` in the root conftest leaves them out of
  the SQLite suite) in the PostgreSQL suite.
Without PostgreSQL, the SQLite suite runs every test. Arguments that choose tests with `-m`
are passed unchanged to both suites, which then run the same tests.

When PostgreSQL runs, the SQLite run makes its databases from the models (`--no-migrations`,
as `make check` does): the migrations run on PostgreSQL, where every database is made by
migrating and the data migrations are walked back and forth, and one test migrates a new
SQLite file from nothing, as `make run` does.

The two runs go at once (their logs are printed one after the other when both end); set
STOCKTAKE_TEST_DATABASES_IN_TURN=1 to run them one after the other, with live output.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile

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


def environment(database_url: str | None, shared: str) -> dict[str, str]:
    """The suite's environment: its database, and a folder its test processes share
    (the demo's rows, taken by the first of them to need them)."""
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    env["STOCKTAKE_TEST_SHARED"] = shared
    return env


def run(label: str, database_url: str | None, args: list[str]) -> bool:
    print(f"\n=== Test suite on {label} ===", flush=True)
    command = [sys.executable, "-m", "pytest", *args]
    with tempfile.TemporaryDirectory(prefix="stocktake-suite-") as shared:
        return subprocess.call(command, env=environment(database_url, shared)) == 0


def run_together(runs: list[tuple[str, str | None, list[str]]]) -> dict[str, bool]:
    """Run each suite at once, each writing to a log of its own, then print the logs one
    after the other. The PostgreSQL run spends much of its time waiting (on the server, on
    Chromium, on LibreOffice), so the SQLite run fills the cores it leaves idle. The runs
    share nothing: each has its own databases, media folder, ports and shared folder."""
    results = {}
    with contextlib.ExitStack() as stack:
        started = []
        for label, database_url, args in runs:
            log = stack.enter_context(tempfile.TemporaryFile(mode="w+", encoding="utf-8"))
            shared = stack.enter_context(tempfile.TemporaryDirectory(prefix="stocktake-suite-"))
            command = [sys.executable, "-m", "pytest", *args]
            process = subprocess.Popen(
                command,
                env=environment(database_url, shared),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            print(f"Started the test suite on {label}", flush=True)
            started.append((label, process, log))
        for label, process, log in started:
            code = process.wait()
            log.seek(0)
            print(f"\n=== Test suite on {label} ===", flush=True)
            shutil.copyfileobj(log, sys.stdout)
            sys.stdout.flush()
            results[label.split(" ")[0]] = code == 0
    return results


Suite = tuple[str, str | None, list[str]]  # label, DATABASE_URL (None for SQLite), arguments


def suites(args: list[str], url: str | None) -> list[Suite]:
    """The suites to run: SQLite's, and PostgreSQL's when `url` is one. Each test that would
    do the same on any database goes to one of them; every test goes to at least one (a test
    marked both browser and pdf goes to SQLite's)."""
    chooses = any(arg == "-m" or arg.startswith("-m") for arg in args)
    if not url:
        return [("SQLite", None, args)]
    if chooses:
        sqlite = ("SQLite", None, args)
        postgres = ("PostgreSQL", url, args)
    else:
        sqlite = (
            "SQLite (the tests that use a database, and the browser journeys)",
            None,
            [*args, "-m", "browser or not pdf", "--database-tests-only"],
        )
        postgres = ("PostgreSQL (all but the browser journeys)", url, [*args, "-m", "not browser"])
    # PostgreSQL runs the migrations (its databases are made by migrating, and the migration
    # walk runs there); on SQLite the databases are made from the models, and one test
    # migrates a new SQLite file as `make run` does (test_migrations_sqlite).
    label, _, sqlite_args = sqlite
    sqlite = (f"{label}, databases made from the models", None, [*sqlite_args, "--no-migrations"])
    return [sqlite, postgres]


def main() -> int:
    url = postgres_url()
    planned = suites(sys.argv[1:], url)
    if len(planned) > 1 and os.environ.get("STOCKTAKE_TEST_DATABASES_IN_TURN") != "1":
        results = run_together(planned)
    else:
        results = {label.split(" ")[0]: run(label, db, args) for label, db, args in planned}
    if not url and os.environ.get("REQUIRE_POSTGRES") == "1":
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
