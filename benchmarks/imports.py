"""Benchmark: importing a generated Word plan of 1,000 actions with 20 updates each.

    .venv/bin/python benchmarks/imports.py [--runs 5] [--actions 1000] [--updates 20]
        [--seed 2019] [--databases sqlite,postgresql] [--require-postgres] [--profile]

1. Builds, with python-docx and a seed, a Word plan shaped like seed 000 (Blackpool's
   12-week plan): a title, then 4-8 themes, each a Heading 1 paragraph followed by a table
   No | ID | Action | Anticipated Impact on the Quality of Practice | Outcome for Children
   and Families | Accountable Person | Deadline | Summary update. References like LA1, owners
   "Name – Job title" from a register of about 60 people (some joint delivery, some actions
   in parts, "(pt1)"/"(pt2)"), deadlines "Week N" or "Week N – M", and in each summary
   update cell 20 updates written as paragraphs "Week N – text", some running on into a
   second paragraph.
2. For each database, SQLite in a temporary file and PostgreSQL in a scratch database
   `stocktake_import_bench` (created and dropped here; only when a server is reachable at
   DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres), a child process migrates
   once, then times, round by round (--runs rounds, default 5):
   - dry run: plan_import(dry_run=True), the preview (one transaction, rolled back);
   - full import: plan_import into a new plan of a new authority (a first import);
   - re-import: the same file again into that plan (nothing changes);
   and, inside each of those, its steps: reading the file (read_document), interpreting
   it, the `understand` step that does both (the "read + interpret only" measure: it
   is timed inside every import, so there are three samples a round), applying, and the
   SQL queries and their time in the database driver. Each run's outcome is checked: the
   same counts every time, everything created by a first import, nothing by the re-import.
   --profile adds one more full import on SQLite under cProfile (top 15, cumulative).
3. Prints Markdown tables (median, min and max of the runs, the median's ratio to the
   5-second target, and where the time goes) and writes every figure to
   benchmarks/results/imports.json.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import scratch_db  # noqa: E402
from import_plan import PLAN_NAME, TODAY, WEEK1, generate_plan  # noqa: E402

RESULTS = HERE / "results" / "imports.json"
BENCH_DB = "stocktake_import_bench"
BENCH_DB_MARK = "Stocktake import benchmark scratch database (benchmarks/imports.py drops it)"
TARGET_S = 5.0
STEPS = ["read", "interpret", "apply", "rows", "sql", "queries"]
MEASURES = {
    "understand": "Read + interpret only (the `understand` step of each import)",
    "dry_run": "plan_import(dry_run=True)",
    "full_import": "Full import (new plan)",
    "reimport": "Re-import, nothing changes",
}
# --- The child: one database ---------------------------------------------------------------


def child(plan_path: Path, runs: int, profile: bool) -> dict[str, Any]:
    """Migrate, then time the measures `runs` times. Runs with DATABASE_URL set."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stocktake.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from stocktake.accounts.services import authority_create, user_create

    began = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_s = time.perf_counter() - began
    data = plan_path.read_bytes()
    actor = user_create(username="import-bench", password=secrets.token_urlsafe(16))
    empty = authority_create(name="Dry Run Borough")  # dry runs roll back: it stays empty
    runs_out: dict[str, list[dict[str, Any]]] = {m: [] for m in MEASURES}
    checks: dict[str, Any] = {}
    background = []
    for r in range(runs):
        background.append(_background_busy())
        fresh = authority_create(name=f"Import Borough {r + 1}")
        for measure, authority in (("dry_run", empty), ("full_import", fresh), ("reimport", fresh)):
            with _phases() as phases:
                _, outcome = _import(
                    authority, actor, plan_path.name, data, dry_run=measure == "dry_run"
                )
            got = _outcome(outcome)
            checks.setdefault(measure, got)
            _check(measure, got, checks[measure])
            runs_out[measure].append(phases)
            runs_out["understand"].append({"seconds": phases["understand"]})
            print(
                f"  {connection.vendor} run {r + 1} {measure:<11} {phases['seconds']:6.2f} s"
                f" (reading {phases['read']:.2f} s, interpreting {phases['interpret']:.2f} s,"
                f" {phases['queries']:,} SQL queries taking {phases['sql']:.2f} s)",
                file=sys.stderr,
                flush=True,
            )
        if r == 0:
            checks["rows"] = _rows(fresh)
    result = {
        "vendor": connection.vendor,
        "version": _db_version(),
        "migrate_seconds": round(migrate_s, 2),
        "background_cpu": background,
        "runs": runs_out,
        "seconds": {m: [x["seconds"] for x in v] for m, v in runs_out.items()},
        "checks": checks,
    }
    if profile:
        print(f"  {connection.vendor}: profiling one more full import…", file=sys.stderr)
        result["profile"] = _profile(actor, plan_path.name, data)
    return result


@contextlib.contextmanager
def _phases() -> Iterator[dict[str, Any]]:
    """Time one plan_import and its steps: understanding the file (reading it, then
    interpreting it) and, throughout, SQL in the database driver. The steps are wrapped
    where plan_import looks them up; what they do is unchanged."""
    from django.db import connection

    from stocktake.imports import services
    from stocktake.plans.services import bulk

    times = {"understand": 0.0, "read": 0.0, "interpret": 0.0, "rows": 0.0, "sql": 0.0}
    times["queries"] = 0
    wrapped = {
        (services, "understand"): "understand",
        (services, "read_document"): "read",
        (services, "interpret"): "interpret",
        (bulk, "insert_rows"): "rows",  # updates and audit events as plain rows
    }
    originals = {place: getattr(*place) for place in wrapped}

    def timed(place: tuple[Any, str]) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return originals[place](*args, **kwargs)
            finally:
                times[wrapped[place]] += time.perf_counter() - start

        return call

    def sql(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            times["sql"] += time.perf_counter() - start
            times["queries"] += 1

    for place in originals:
        setattr(*place, timed(place))
    try:
        with connection.execute_wrapper(sql):
            start = time.perf_counter()
            yield times
            times["seconds"] = time.perf_counter() - start
    finally:
        for (module, name), function in originals.items():
            setattr(module, name, function)
    times["apply"] = times["seconds"] - times["understand"]
    for key, value in times.items():
        times[key] = round(value, 3) if isinstance(value, float) else value


def _import(
    authority: Any, actor: Any, filename: str, data: bytes, *, dry_run: bool = False
) -> tuple[Any, Any]:
    from stocktake.imports.services import plan_import

    return plan_import(
        authority=authority,
        actor=actor,
        filename=filename,
        data=data,
        plan_name=PLAN_NAME,
        week1=WEEK1,
        dry_run=dry_run,
        today=TODAY,
    )


def _outcome(outcome: Any) -> dict[str, Any]:
    return {
        "actions_created": len(outcome.actions_created),
        "actions_updated": len(outcome.actions_updated),
        "actions_unchanged": len(outcome.actions_unchanged),
        "updates_added": outcome.updates_added,
        "updates_already_there": outcome.updates_already_there,
        "people_created": len(outcome.people_created),
        "people_matched": len(outcome.people_matched),
        "themes_created": len(outcome.themes_created),
        "cross_references_unresolved": len(outcome.cross_references_unresolved),
        "warnings": len(outcome.warnings),
    }


def _check(measure: str, got: dict[str, Any], first: dict[str, Any]) -> None:
    """Every run must do the same work; a first import must create everything; the
    re-import must change nothing."""
    if got != first:
        raise SystemExit(f"{measure}: this run differs from the first: {got} != {first}")
    created = got["actions_created"] and got["updates_added"]
    if measure in ("dry_run", "full_import") and not created:
        raise SystemExit(f"{measure} created nothing: {got}")
    if measure == "reimport" and (
        got["actions_created"] or got["actions_updated"] or got["updates_added"]
    ):
        raise SystemExit(f"The re-import changed something: {got}")


def _rows(authority: Any) -> dict[str, int]:
    """What one full import wrote, counted in the database."""
    from stocktake.audit.models import AuditEvent
    from stocktake.people.models import Person
    from stocktake.plans.models import Action, ActionOwner, Theme, Update

    return {
        "actions": Action.objects.filter(plan__authority=authority).count(),
        "updates": Update.objects.filter(action__plan__authority=authority).count(),
        "action_owners": ActionOwner.objects.filter(action__plan__authority=authority).count(),
        "themes": Theme.objects.filter(plan__authority=authority).count(),
        "people": Person.objects.filter(authority=authority).count(),
        "related_links": Action.related.through.objects.filter(
            from_action__plan__authority=authority
        ).count(),
        "audit_events": AuditEvent.objects.filter(authority=authority).count(),
    }


def _profile(actor: Any, filename: str, data: bytes) -> str:
    """cProfile of one more full import (into a new authority): the top 15 by cumulative time."""
    import cProfile
    import pstats

    from stocktake.accounts.services import authority_create

    authority = authority_create(name="Import Borough (profile)")
    profiler = cProfile.Profile()
    profiler.enable()
    _import(authority, actor, filename, data)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(15)
    return out.getvalue()


def _db_version() -> str:
    import sqlite3

    from django.db import connection

    if connection.vendor != "postgresql":
        return sqlite3.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0]).split()[0]


def _background_busy(seconds: float = 1.0) -> float:
    """The share of all CPUs busy while this benchmark is idle: other work on the machine."""

    def busy_and_total() -> tuple[int, int]:
        ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        return sum(ticks) - ticks[3] - ticks[4], sum(ticks)  # less idle and iowait

    busy, total = busy_and_total()
    time.sleep(seconds)
    busy2, total2 = busy_and_total()
    return round((busy2 - busy) / max(total2 - total, 1), 2)


# --- The parent: databases and the report --------------------------------------------------


def postgres_database(admin_url: str) -> contextlib.AbstractContextManager[str]:
    return scratch_db.postgres_database(admin_url, BENCH_DB, BENCH_DB_MARK)


def run_child(database_url: str, plan_path: Path, runs: int, profile: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="stocktake-import-bench-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("STOCKTAKE_", "DJANGO_"))}
        env.update(
            {
                "DATABASE_URL": database_url,
                "DJANGO_SETTINGS_MODULE": "stocktake.settings",
                "STOCKTAKE_ENV": "development",
                "STOCKTAKE_SECRET_KEY": secrets.token_urlsafe(40),
                "STOCKTAKE_VAR_DIR": tmp,
                "STOCKTAKE_MEDIA_ROOT": str(Path(tmp) / "media"),
                "STOCKTAKE_LOG_LEVEL": "WARNING",
            }
        )
        command = [sys.executable, __file__, "--child", str(plan_path), "--runs", str(runs)]
        out = subprocess.run(
            [*command, *(["--profile"] if profile else [])],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            check=False,
        )
    if out.returncode != 0:
        sys.stderr.write(out.stdout)
        raise SystemExit(f"The benchmark failed on {database_url}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def summarise(seconds: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(seconds), 3),
        "min": round(min(seconds), 3),
        "max": round(max(seconds), 3),
    }


def machine() -> dict[str, Any]:
    meminfo = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gib": round(int(meminfo[1]) / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": metadata.version("django"),
        "python_docx": metadata.version("python-docx"),
        "psycopg": metadata.version("psycopg"),
    }


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"| Database | Measure | Runs | Median s | Min s | Max s | Median ÷ {TARGET_S:.0f} s |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    steps = [
        "| Database | Measure | Reading s | Interpreting s | Applying s"
        " | of which plain-row inserts s | of which in SQL s | SQL queries |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for res in results["databases"].values():
        name = f"{'SQLite' if res['vendor'] == 'sqlite' else 'PostgreSQL'} {res['version']}"
        for measure, label in MEASURES.items():
            s = res["summary"][measure]
            lines.append(
                f"| {name} | {label} | {len(res['seconds'][measure])} | {s['median']:.2f}"
                f" | {s['min']:.2f} | {s['max']:.2f} | {s['median'] / TARGET_S:.2f}\u00d7 |"
            )
            if measure == "understand":
                continue
            m = {k: statistics.median(r[k] for r in res["runs"][measure]) for k in STEPS}
            steps.append(
                f"| {name} | {label} | {m['read']:.2f} | {m['interpret']:.2f}"
                f" | {m['apply']:.2f} | {m['rows']:.2f} | {m['sql']:.2f} | {m['queries']:,.0f} |"
            )
    d = results["dataset"]
    load = results.get("load_average_before")
    notes = [
        f"- Load average before the benchmark (1, 5, 15 min): {', '.join(map(str, load))}."
        if load
        else "- Load average before the benchmark: not recorded.",
        f"- The file: {d['actions']:,} actions under {d['themes']} themes"
        f" ({', '.join(map(str, d['actions_per_theme']))}), {d['updates_per_action']} updates"
        f" each ({d['continued_updates']:,} running on into a second paragraph), {d['bytes']:,}"
        f" bytes, seed {d['seed']}. Owners: {d.get('single', 0)} actions with one,"
        f" {d.get('parts', 0)} in parts, {d.get('joint', 0) + d.get('joint_one_line', 0)}"
        f" joint ({d.get('joint_one_line', 0)} written on one line).",
    ]
    for res in results["databases"].values():
        full = res["summary"]["full_import"]["median"]
        rows = res["checks"]["rows"]
        notes.append(
            f"- {res['vendor']}: one full import wrote {rows['actions']:,} actions,"
            f" {rows['updates']:,} updates, {rows['action_owners']:,} owners,"
            f" {rows['people']} people, {rows['themes']} themes, {rows['related_links']}"
            f" cross-reference links and {rows['audit_events']:,} audit events."
            f" Target {TARGET_S:.0f} s: {'met' if full < TARGET_S else 'NOT met'}"
            f" ({full:.2f} s, {full / TARGET_S:.1f}\u00d7). Share of both CPUs busy with other"
            f" work before each round: {', '.join(f'{b:.0%}' for b in res['background_cpu'])}."
        )
    return "\n".join(
        [
            *lines,
            "",
            "Where the time goes (medians). Plain-row inserts: `insert_rows` writing the"
            " updates and audit events, preparing the values included. SQL: time inside the"
            " database driver, seen through Django's execute wrappers, which do not see"
            " PostgreSQL's COPY (inside the plain-row inserts there):",
            "",
            *steps,
            "",
            *notes,
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--actions", type=int, default=1000)
    parser.add_argument("--updates", type=int, default=20, help="updates per action")
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--require-postgres", action="store_true")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also cProfile one more full import on SQLite (top 15 by cumulative time)",
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.runs, args.profile)))
        return 0
    began = time.monotonic()
    data, dataset = generate_plan(args.seed, args.actions, args.updates)
    generate_s = time.monotonic() - began
    print(f"Generated the plan in {generate_s:.1f} s: {dataset['bytes']:,} bytes.", flush=True)
    results: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "machine": machine(),
        "options": vars(args) | {"child": None},
        "dataset": dataset,
        "databases": {},
    }
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    with tempfile.TemporaryDirectory(prefix="stocktake-import-bench-") as tmp:
        plan_path = Path(tmp) / "generated-plan.docx"
        plan_path.write_bytes(data)
        if "sqlite" in databases:
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            print("sqlite: migrating and timing…", flush=True)
            results["databases"]["sqlite"] = run_child(url, plan_path, args.runs, args.profile)
        if "postgresql" in databases:
            admin = scratch_db.postgres_admin_url()
            if admin:
                with postgres_database(admin) as url:
                    print(f"postgresql: migrating and timing (database {BENCH_DB})…", flush=True)
                    results["databases"]["postgresql"] = run_child(
                        url, plan_path, args.runs, profile=False
                    )
            elif args.require_postgres:
                raise SystemExit("--require-postgres given but PostgreSQL is not reachable")
            else:
                print("PostgreSQL skipped: set DATABASE_URL or start the local server.")
    for res in results["databases"].values():
        res["summary"] = {m: summarise(s) for m, s in res["seconds"].items()}
    results["seconds"] = round(time.monotonic() - began, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print()
    print(markdown(results))
    for db, res in results["databases"].items():
        if res.get("profile"):
            print(f"\ncProfile of one full import on {db}:\n{res['profile']}")
    print(f"\nWrote {RESULTS.relative_to(ROOT)} in {results['seconds']:.0f} s.")
    met = all(
        r["summary"]["full_import"]["median"] < TARGET_S for r in results["databases"].values()
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
