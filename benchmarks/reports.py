"""Benchmark: an Improvement Board pack for a 100-action plan with 40 indicators and charts.

    .venv/bin/python benchmarks/reports.py [--runs 5] [--actions 100] [--indicators 40]
        [--months 24] [--seed 2019] [--databases sqlite,postgresql] [--require-postgres]

1. For each database, SQLite in a temporary file and PostgreSQL in a scratch database
   `stocktake_reports_bench` (created and dropped here; only when a server is reachable at
   DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres), a child process migrates,
   then generates with a seed: an authority, a 12-week plan of --actions actions in 6 themes
   (owners from a register of 30 people, RAG ratings and delivery statuses mixed, some
   blocked and some overdue, two imported updates each, a few posted and accepted), and
   --indicators monthly indicators with --months figures each, 6- and 12-month targets and an
   England figure (so every chart has a target line and a comparator).
2. It times, --runs times (default 5): building the board pack's snapshot and rendering it
   to Word ("Word": snapshot + docx, what a Word download costs), and the same followed by
   the PDF conversion in LibreOffice ("PDF": snapshot + docx + LibreOffice). Each run checks
   the output: one chart per indicator in the Word file, a PDF with pages.
3. Prints a Markdown table (median, min, max, and the median against the 10-second target)
   and writes every figure to benchmarks/results/reports.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import scratch_db  # noqa: E402

RESULTS = HERE / "results" / "reports.json"
TARGET_S = 10.0
BENCH_DB = "stocktake_reports_bench"
BENCH_DB_MARK = "Stocktake reports benchmark scratch database (benchmarks/reports.py drops it)"
THEMES = [
    "Leadership and Engagement",
    "Workforce development",
    "Help and Protection – Front Door and Child Exploitation",
    "Children in Care and Care Leavers",
    "Quality Assurance and Performance",
    "Partnership working",
]
VERBS = ["Develop", "Review", "Embed", "Deliver", "Audit", "Agree", "Recruit", "Launch"]
OBJECTS = [
    "a programme of work with first line managers",
    "the multi-agency front door arrangements",
    "supervision standards across all teams",
    "a recruitment campaign for qualified social workers",
    "the quality assurance framework and audit cycle",
    "care planning for children placed out of area",
    "return home interviews for children missing from care",
    "the child exploitation screening tool",
]


# --- The child: data and timings -----------------------------------------------------------


def generate(seed: int, actions: int, indicators: int, months: int) -> dict[str, Any]:
    """The plan and indicators; returns what the report needs to find them."""
    import datetime as dt

    from stocktake.accounts.services import authority_create
    from stocktake.governance.models import UpdateReview
    from stocktake.indicators.models import Indicator, Observation, Target
    from stocktake.people.models import Person
    from stocktake.plans.models import Action, ActionOwner, Plan, Theme, Update

    rng = random.Random(seed)
    authority = authority_create(name="Benchmark Borough")
    start = dt.date(2019, 4, 1)
    plan = Plan.objects.create(
        authority=authority,
        name="Improvement plan",
        start_date=start,
        end_date=dt.date(2019, 9, 29),
        week1_date=dt.date(2019, 1, 7),
    )
    themes = [Theme.objects.create(plan=plan, name=n, position=i) for i, n in enumerate(THEMES)]
    people = [
        Person.objects.create(authority=authority, name=f"Person {n}", job_title="Head of Service")
        for n in range(30)
    ]
    statuses = ["on_track"] * 5 + ["at_risk"] * 2 + ["off_track", "blocked", "complete", "complete"]
    made = Action.objects.bulk_create(
        Action(
            plan=plan,
            theme=themes[n % len(themes)],
            number=n + 1,
            reference=f"{'LQHCQP'[n % 6]}{'AWPCAW'[n % 6]}{n + 1}",
            text=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} (action {n + 1})",
            due_date=start + dt.timedelta(days=rng.randrange(0, 150)),
            delivery_status=rng.choice(statuses),
            rag=rng.choice(["red", "amber", "amber", "green", "green", "green", ""]),
        )
        for n in range(actions)
    )
    ActionOwner.objects.bulk_create(
        ActionOwner(action=a, person=p)
        for a in made
        for p in rng.sample(people, rng.choice([1, 2]))
    )
    updates = Update.objects.bulk_create(
        Update(action=a, date=dt.date(2019, 6, 3) + dt.timedelta(days=7 * k + rng.randrange(5)),
               text=f"Week {k}: progress as planned; the next step is agreed with partners.",
               rag=a.rag, origin=Update.Origin.IMPORTED if k else Update.Origin.POSTED)
        for a in made for k in range(3)
    )  # fmt: skip
    UpdateReview.objects.bulk_create(
        UpdateReview(update=u, decision="accepted") for u in updates[::9] if u.origin == "posted"
    )
    periods = [dt.date(2017 + (6 + m) // 12, (6 + m) % 12 + 1, 1) for m in range(months)]
    for n in range(indicators):
        polarity = ("higher", "lower")[n % 2]
        indicator = Indicator.objects.create(
            authority=authority, code=f"BENCH{n}", name=f"Indicator {n + 1}: timeliness measure",
            area=["Front door", "Children in care", "Workforce"][n % 3], polarity=polarity,
            england_value=60.0, england_year="2018",
        )  # fmt: skip
        level = rng.uniform(40, 70)
        Observation.objects.bulk_create(
            Observation(indicator=indicator, period=p, value=round(level + rng.gauss(0, 3), 1))
            for p in periods
        )
        for label, due, value in (
            ("6 months", periods[-6], level + 2),
            ("12 months", periods[-1], level + 5),
        ):
            Target.objects.create(indicator=indicator, label=label, due_date=due,
                                  value=round(value, 1), tolerance=1.0)  # fmt: skip
        indicator.themes.add(themes[n % len(themes)])
    return {"authority": authority.pk, "plan": plan.pk}


def child(runs: int, seed: int, actions: int, indicators: int, months: int) -> dict[str, Any]:
    import datetime as dt

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stocktake.settings")
    django.setup()
    from django.core.management import call_command
    from docx import Document

    from stocktake.accounts.models import Authority
    from stocktake.documents.docx import render_docx
    from stocktake.documents.pdf import docx_to_pdf
    from stocktake.plans.models import Plan
    from stocktake.reports.builders import builder_for
    from stocktake.reports.context import ReportContext

    call_command("migrate", verbosity=0, interactive=False)
    began = time.perf_counter()
    ids = generate(seed, actions, indicators, months)
    generate_s = time.perf_counter() - began
    ctx = ReportContext(
        authority=Authority.objects.get(pk=ids["authority"]),
        plan=Plan.objects.get(pk=ids["plan"]),
        period_start=dt.date(2019, 6, 1),
        period_end=dt.date(2019, 6, 30),
        as_of=dt.date(2019, 6, 30),
    )
    seconds: dict[str, list[float]] = {"word": [], "pdf": [], "snapshot": [], "libreoffice": []}
    pages = 0
    for _ in range(runs):
        for measure in ("word", "pdf"):
            t0 = time.perf_counter()
            document = builder_for("board-pack")(ctx)
            t1 = time.perf_counter()
            word = render_docx(document)
            t2 = time.perf_counter()
            if measure == "pdf":
                pdf = docx_to_pdf(word)
                seconds["libreoffice"].append(time.perf_counter() - t2)
                pages = pdf_pages(pdf)
                assert pdf.startswith(b"%PDF") and pages > 1
            else:
                seconds["snapshot"].append(t1 - t0)
                pictures = len(Document(io.BytesIO(word)).inline_shapes)
                assert pictures == indicators, (pictures, indicators)
            seconds[measure].append(time.perf_counter() - t0)
    with zipfile.ZipFile(io.BytesIO(word)) as archive:
        media = sum(1 for n in archive.namelist() if n.startswith("word/media/"))
    return {
        "generate_seconds": round(generate_s, 2),
        "seconds": {k: [round(v, 3) for v in vs] for k, vs in seconds.items()},
        "docx_bytes": len(word),
        "charts": media,
        "pdf_pages": pages,
        "database": _db_version(),
    }


def pdf_pages(pdf: bytes) -> int:
    """The page count, from poppler's pdfinfo."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        info = subprocess.run(
            ["pdfinfo", handle.name],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def _db_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("select sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


# --- The parent: databases and the report ------------------------------------------------


def run_child(database_url: str, args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="stocktake-reports-bench-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("STOCKTAKE_", "DJANGO_"))}
        env.update({
            "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "stocktake.settings",
            "STOCKTAKE_ENV": "development", "STOCKTAKE_SECRET_KEY": secrets.token_urlsafe(40),
            "STOCKTAKE_VAR_DIR": tmp, "STOCKTAKE_MEDIA_ROOT": str(Path(tmp) / "media"),
            "STOCKTAKE_LOG_LEVEL": "WARNING",
        })  # fmt: skip
        command = [sys.executable, __file__, "--child", "--runs", str(args.runs),
                   "--seed", str(args.seed), "--actions", str(args.actions),
                   "--indicators", str(args.indicators), "--months", str(args.months)]  # fmt: skip
        out = subprocess.run(
            command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False
        )
    if out.returncode != 0:
        sys.stderr.write(out.stdout)
        raise SystemExit(f"The benchmark failed on {database_url}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def summarise(seconds: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(seconds), 2),
        "min": round(min(seconds), 2),
        "max": round(max(seconds), 2),
    }


def machine() -> dict[str, Any]:
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    office = subprocess.run(
        ["libreoffice", "--version"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "os": platform.platform(),
        "python": platform.python_version(),
        "python_docx": metadata.version("python-docx"),
        "matplotlib": metadata.version("matplotlib"),
        "libreoffice": office,
    }


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"| Database | Measure | Runs | Median s | Min s | Max s | Median ÷ {TARGET_S:.0f} s |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    names = {"word": "Word (snapshot + docx)", "pdf": "PDF (snapshot + docx + LibreOffice)",
             "snapshot": "of which: snapshot", "libreoffice": "of which: LibreOffice"}  # fmt: skip
    for res in results["databases"].values():
        for measure, summary in res["summary"].items():
            ratio = f"{summary['median'] / TARGET_S:.2f}" if measure in ("word", "pdf") else ""
            lines.append(f"| {res['database']} | {names[measure]} | {len(res['seconds'][measure])} "
                         f"| {summary['median']:.2f} | {summary['min']:.2f} | {summary['max']:.2f} "
                         f"| {ratio} |")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--actions", type=int, default=100)
    parser.add_argument("--indicators", type=int, default=40)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--require-postgres", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        result = child(args.runs, args.seed, args.actions, args.indicators, args.months)
        print(json.dumps(result))
        return 0
    began = time.monotonic()
    results: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "machine": machine(),
        "options": vars(args),
        "databases": {},
    }
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    if "sqlite" in databases:
        with tempfile.TemporaryDirectory(prefix="stocktake-reports-bench-") as tmp:
            print("sqlite: migrating, generating and timing…", flush=True)
            results["databases"]["sqlite"] = run_child(f"sqlite:///{tmp}/bench.sqlite3", args)
    if "postgresql" in databases:
        admin = scratch_db.postgres_admin_url()
        if admin:
            with scratch_db.postgres_database(admin, BENCH_DB, BENCH_DB_MARK) as url:
                print(f"postgresql: migrating, generating and timing ({BENCH_DB})…", flush=True)
                results["databases"]["postgresql"] = run_child(url, args)
        elif args.require_postgres:
            raise SystemExit("--require-postgres given but PostgreSQL is not reachable")
        else:
            print("PostgreSQL skipped: set DATABASE_URL or start the local server.")
    for res in results["databases"].values():
        res["summary"] = {m: summarise(s) for m, s in res["seconds"].items()}
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    results["seconds"] = round(time.monotonic() - began, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print()
    print(markdown(results))
    print(f"\nWrote {RESULTS.relative_to(ROOT)} in {results['seconds']:.0f} s.")
    met = all(
        r["summary"][m]["median"] < TARGET_S
        for r in results["databases"].values()
        for m in ("word", "pdf")
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
