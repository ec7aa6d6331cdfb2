"""The speed benchmark: `make bench` (see docs/benchmarks.md).

For SQLite (a temporary file) and PostgreSQL (a scratch database `stocktake_bench`, when a
server is reachable at DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres):

1. migrate, generate a plan of 500 actions and 25,000 updates, count each page's SQL
   queries against a small plan, and sign the lead in (benchmarks/prepare.py);
2. start gunicorn on loopback, then from 16 client threads on keep-alive connections load
   /healthz (the baseline), the plan dashboard, the action list's first page and an action
   detail page with about 50 updates, a fixed number of requests each after a warm-up;
3. repeat step 2's measurement for several rounds and report, per page, the median across
   rounds of its median and 95th-percentile latency, and their ratio to /healthz's median
   in the same round.

Latency is measured two ways, both without touching the app: by the client (request sent
to response read, on loopback) and by gunicorn (its access log's request time, `%(D)s`);
the workers' CPU time per request comes from /proc. Writes benchmarks/results/latest.json
and prints two Markdown tables. The load tool itself is benchmarks/loadtool.py.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import platform
import secrets
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scratch_db
from loadtool import (
    Options,
    Server,
    background_busy,
    gunicorn,
    load,
    server_times,
    summarise,
)

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "latest.json"
BENCH_DB = "stocktake_bench"
BENCH_DB_MARK = "Stocktake benchmark scratch database (benchmarks/run.py drops it)"
ENDPOINTS = ["healthz", "dashboard", "action_list", "action_detail"]
BASELINE = "healthz"
TIMES = "\u00d7"  # the multiplication sign, for ratios


# --- Databases -----------------------------------------------------------------------------


def postgres_database(admin_url: str) -> contextlib.AbstractContextManager[str]:
    return scratch_db.postgres_database(admin_url, BENCH_DB, BENCH_DB_MARK)


def postgres_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"


def app_env(database_url: str, var_dir: Path) -> dict[str, str]:
    (var_dir / "static").mkdir(exist_ok=True)  # quietens whitenoise; pages' assets unused
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STOCKTAKE_", "DJANGO_"))}
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "stocktake.settings",
            "STOCKTAKE_ENV": "development",
            "STOCKTAKE_SECRET_KEY": secrets.token_urlsafe(40),
            "STOCKTAKE_VAR_DIR": str(var_dir),
            "STOCKTAKE_MEDIA_ROOT": str(var_dir / "media"),
            "STOCKTAKE_LOG_LEVEL": "WARNING",
        }
    )
    return env


def prepare(env: dict[str, str]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(HERE / "prepare.py")],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit("Preparing the database failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(
    server: Server, prepared: dict[str, Any], db: str, opts: Options
) -> list[dict[str, Any]]:
    """Every round loads every page in turn (the order rotating), then reads gunicorn's log."""
    paths = prepared["pages"]
    # Prime every thread of every worker (URLconf import, template compilation, connections).
    primer = dataclasses.replace(opts, warmup=opts.clients * opts.workers, requests=0)
    for name in ENDPOINTS:
        load(server.port, paths[name], prepared["session_cookie"], "prime", primer, server.pid)
    rounds: list[dict[str, Any]] = []
    for r in range(opts.rounds):
        order = ENDPOINTS[r % len(ENDPOINTS) :] + ENDPOINTS[: r % len(ENDPOINTS)]
        result: dict[str, Any] = {"background_cpu": background_busy()}
        if result["background_cpu"] > 0.1:
            print(
                f"  warning: {result['background_cpu']:.0%} of the CPUs were busy with other"
                " work before this round; the figures will be slower and noisier",
                flush=True,
            )
        for name in order:
            got = load(
                server.port,
                paths[name],
                prepared["session_cookie"],
                f"{db}:{r}:{name}",
                opts,
                server.pid,
            )
            if got.errors or len(got.latencies_ms) != opts.requests:
                raise SystemExit(f"{db} {name}: {len(got.errors)} errors, e.g. {got.errors[:3]}")
            result[name] = {
                "client": summarise(got.latencies_ms),
                "rate": got.rate,
                "server_cpu_ms": got.server_cpu_ms,
                "client_cpu_ms": got.client_cpu_ms,
                "latencies_ms": got.latencies_ms,
            }
            c = result[name]["client"]
            print(
                f"  {db} round {r + 1} {name:<13} p50 {c['p50']:7.1f} ms  p95 {c['p95']:7.1f}"
                f" ms  {got.rate:6.1f} req/s  server CPU {got.server_cpu_ms:5.1f} ms/request",
                flush=True,
            )
        rounds.append(result)
    time.sleep(0.5)  # let the last access log lines reach the disk
    served, busiest = server_times(server.access_log)
    for r, result in enumerate(rounds):
        for name in ENDPOINTS:
            result[name]["server"] = summarise(served[f"{db}:{r}:{name}"])
            result[name]["busiest_worker_share"] = busiest[f"{db}:{r}:{name}"]
        base = result[BASELINE]
        for name in ENDPOINTS:
            for how in ("client", "server"):
                s = result[name][how]
                s["p50_x"] = s["p50"] / base[how]["p50"]
                s["p95_x"] = s["p95"] / base[how]["p50"]
    return rounds


def across_rounds(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Per page: the median across rounds of each round's figures, the range of the rounds'
    medians, and the percentiles of all rounds' timed requests pooled."""
    summary: dict[str, Any] = {}
    for name in ENDPOINTS:
        entry: dict[str, Any] = {
            k: statistics.median(r[name][k] for r in rounds)
            for k in ("rate", "server_cpu_ms", "client_cpu_ms", "busiest_worker_share")
        }
        for how in ("client", "server"):
            entry[how] = {
                k: statistics.median(r[name][how][k] for r in rounds)
                for k in ("p50", "p95", "p50_x", "p95_x")
            }
            entry[how]["p50_range"] = [
                min(r[name][how]["p50"] for r in rounds),
                max(r[name][how]["p50"] for r in rounds),
            ]
        entry["client_pooled"] = summarise([x for r in rounds for x in r[name]["latencies_ms"]])
        summary[name] = entry
    for r in rounds:
        for name in ENDPOINTS:
            del r[name]["latencies_ms"]
    summary["background_cpu"] = [r["background_cpu"] for r in rounds]
    return summary


# --- One database, start to finish --------------------------------------------------------


def bench(db: str, database_url: str, opts: Options) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"stocktake-bench-{db}-") as tmp:
        env = app_env(database_url, Path(tmp))
        began = time.monotonic()
        print(f"{db}: migrating and generating the data…", flush=True)
        prepared = prepare(env)
        prepare_s = time.monotonic() - began
        print(
            f"{db}: prepared in {prepare_s:.0f} s; {prepared['dataset']['actions']} actions,"
            f" {prepared['dataset']['updates']} updates. Starting gunicorn.",
            flush=True,
        )
        with gunicorn(env, opts, Path(tmp)) as (port, access_log, pid):
            rounds = measure(Server(port, access_log, pid), prepared, db, opts)
        equal = {
            name: prepared["queries"]["large"][name]["queries"]
            == prepared["queries"]["small"][name]["queries"]
            for name in prepared["pages"]
        }
        return {
            "version": (
                postgres_version(database_url) if db == "postgresql" else sqlite3.sqlite_version
            ),
            "dataset": prepared["dataset"],
            "small_dataset": prepared["small_dataset"],
            "pages": prepared["pages"],
            "queries": prepared["queries"],
            "queries_constant": equal,
            "prepare_seconds": round(prepare_s, 1),
            "summary": across_rounds(rounds),
            "rounds": rounds,
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
        "gunicorn": metadata.version("gunicorn"),
        "psycopg": metadata.version("psycopg"),
    }


# --- Report --------------------------------------------------------------------------------


LABELS = {
    "healthz": "/healthz (baseline)",
    "dashboard": "Plan dashboard",
    "action_list": "Action list, page 1",
    "action_detail": "Action detail (~50 updates)",
}


def db_label(db: str, res: dict[str, Any]) -> str:
    version = res["version"].split()[0]
    return f"SQLite {version}" if db == "sqlite" else f"PostgreSQL {version}"


def markdown(results: dict[str, Any]) -> str:
    """Two tables: latency seen by the clients, and time and CPU spent by the server."""
    client = [
        "| Database | Page | SQL queries (500 actions / small plan) | p50 ms | p95 ms"
        " | p50 ÷ baseline p50 | p95 ÷ baseline p50 | Requests/s |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    server = [
        "| Database | Page | gunicorn p50 ms | gunicorn p95 ms | p50 ÷ baseline p50"
        " | p95 ÷ baseline p50 | Worker CPU ms/request |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for db, res in results["databases"].items():
        name = db_label(db, res)
        for page in ENDPOINTS:
            s = res["summary"][page]
            c, v = s["client"], s["server"]
            q = (
                f"{res['queries']['large'][page]['queries']} / "
                f"{res['queries']['small'][page]['queries']}"
            )
            client.append(
                f"| {name} | {LABELS[page]} | {q} | {c['p50']:.1f} | {c['p95']:.1f}"
                f" | {c['p50_x']:.1f}{TIMES} | {c['p95_x']:.1f}{TIMES} | {s['rate']:.0f} |"
            )
            server.append(
                f"| {name} | {LABELS[page]} | {v['p50']:.1f} | {v['p95']:.1f}"
                f" | {v['p50_x']:.1f}{TIMES} | {v['p95_x']:.1f}{TIMES} | {s['server_cpu_ms']:.1f} |"
            )
    notes = []
    for db, res in results["databases"].items():
        d = res["dataset"]
        busy = ", ".join(f"{b:.0%}" for b in res["summary"]["background_cpu"])
        notes.append(
            f"- {db_label(db, res)}: {d['actions']} actions, {d['updates']:,} updates,"
            f" {d['status_changes']:,} status changes, {d['evidence']:,} evidence links; the"
            f" detail page's action has {d['detail_action_updates']} updates. CPU busy with"
            f" other work before each round: {busy}."
        )
    o = results["options"]
    notes.append(
        f"- {o['rounds']} rounds of {o['requests']} timed requests per page (after"
        f" {o['warmup']} untimed), {o['clients']} clients; gunicorn -w {o['workers']}"
        f" --threads {o['threads']}; priority (nice) {o.get('nice', 0)}; whole run"
        f" {results.get('seconds', 0):.0f} s."
    )
    return "\n".join(
        [
            "Client-measured latency (median of rounds):",
            "",
            *client,
            "",
            "Server-side (gunicorn access log `%(D)s`; worker CPU from /proc):",
            "",
            *server,
            "",
            *notes,
        ]
    )


def parse_args(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(description="Stocktake's speed benchmark")
    parser.add_argument("--rounds", type=int, default=Options.rounds)
    parser.add_argument(
        "--requests", type=int, default=Options.requests, help="timed requests per page per round"
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=Options.warmup,
        help="untimed requests per page per round, before the timed ones",
    )
    parser.add_argument("--clients", type=int, default=Options.clients)
    parser.add_argument("--workers", type=int, default=Options.workers)
    parser.add_argument("--threads", type=int, default=Options.threads)
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql"
    )
    parser.add_argument(
        "--require-postgres",
        action="store_true",
        help="fail, rather than skip, when PostgreSQL is not reachable",
    )
    parser.add_argument(
        "--nice",
        type=int,
        default=int(os.environ.get("BENCH_NICE", "0")),
        help="scheduling priority for the benchmark and the server it starts (negative needs"
        " root): on a machine shared with other jobs, -10 keeps them from skewing the figures",
    )
    parser.add_argument(
        "--report",
        action="store_true",
        help=f"only print the tables from the last run's {RESULTS.relative_to(ROOT)}",
    )
    a = parser.parse_args(argv)
    if a.report:
        print(markdown(json.loads(RESULTS.read_text())))
        raise SystemExit(0)
    return Options(
        a.rounds,
        a.requests,
        a.warmup,
        a.clients,
        a.workers,
        a.threads,
        [d.strip() for d in a.databases.split(",") if d.strip()],
        a.require_postgres,
        a.nice,
    )


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    if opts.nice:
        try:
            os.nice(opts.nice)  # inherited by gunicorn and the prepare step
        except PermissionError:
            print(f"Cannot change priority by {opts.nice} (needs root); running as is.")
            opts.nice = 0
    began = time.monotonic()
    results: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine(),
        "options": {k: v for k, v in vars(opts).items() if k != "databases"},
        "databases": {},
    }
    if "sqlite" in opts.databases:
        with tempfile.TemporaryDirectory(prefix="stocktake-bench-sqlite-") as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            results["databases"]["sqlite"] = bench("sqlite", url, opts)
    if "postgresql" in opts.databases:
        admin = scratch_db.postgres_admin_url()
        if admin:
            with postgres_database(admin) as url:
                results["databases"]["postgresql"] = bench("postgresql", url, opts)
        elif opts.require_postgres:
            raise SystemExit("--require-postgres given but PostgreSQL is not reachable")
        else:
            print("PostgreSQL skipped: set DATABASE_URL or start the local server.")
    results["seconds"] = round(time.monotonic() - began, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(markdown(results))
    print(f"\nWrote {RESULTS.relative_to(ROOT)} in {results['seconds']:.0f} s.")
    unequal = [
        f"{db} {page}"
        for db, res in results["databases"].items()
        for page, same in res["queries_constant"].items()
        if not same
    ]
    if unequal:
        print(
            "Query counts differ between the 500-action plan and the small plan: "
            + ", ".join(unequal)
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
