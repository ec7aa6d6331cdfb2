"""Child-level data benchmark (issue 14): a seeded synthetic Annex A extract of about a
million rows as a CSV folder; the whole `stocktake childdata import` (read, check,
pseudonymise, store as Parquet, compute and apply the KPIs) timed with its peak memory; then
the whole `stocktake childdata kpis` command against the pandas baseline
(`pandas_kpis.py`), each run three times in the same session, and the computation alone.
Both answers must agree. Prints a Markdown table for docs/benchmarks.md.

    .venv/bin/python benchmarks/childdata/run.py [--children 120000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent
EXTRACT_DATE = dt.date(2019, 6, 30)
AUTHORITY = "Benchmarkshire"


def env_for(var: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STOCKTAKE_", "DJANGO_"))}
    # Installed software runs from compiled bytecode; with PYTHONDONTWRITEBYTECODE set (as
    # on some machines) every run would compile Django, pandas and the app from source.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{var / 'bench.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "stocktake.settings",
            "STOCKTAKE_ENV": "development",
            "STOCKTAKE_SECRET_KEY": secrets.token_urlsafe(40),
            "STOCKTAKE_VAR_DIR": str(var),
            "STOCKTAKE_MEDIA_ROOT": str(var / "media"),
            "STOCKTAKE_LOG_LEVEL": "WARNING",
        }
    )
    return env


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Wall seconds, peak resident memory (MB) and standard output of one command."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - began
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            sys.stderr.write(err.read().decode())
            raise SystemExit(f"{' '.join(command)} failed")
        out.seek(0)
        return seconds, usage.ru_maxrss // 1024, out.read().decode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=120_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=float, default=0.42)
    opts = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from stocktake.childdata.synthetic import generate

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="stocktake-childdata-bench-") as work:
        var, folder = Path(work) / "var", Path(work) / "extract"
        var.mkdir()
        env = env_for(var)
        began = time.perf_counter()
        rows = generate(folder, children=opts.children, extract_date=EXTRACT_DATE, seed=opts.seed)
        generated = time.perf_counter() - began
        stocktake = str(BIN / "stocktake")
        subprocess.run([stocktake, "migrate", "-v", "0"], env=env, cwd=ROOT, check=True)
        setup = (
            "from stocktake.accounts.models import Authority; "
            f"Authority.objects.create(name='{AUTHORITY}', slug='bench')"
        )
        subprocess.run([stocktake, "shell", "-c", setup], env=env, cwd=ROOT, check=True)
        date = EXTRACT_DATE.isoformat()
        ingest_s, ingest_mb, report = timed(
            [stocktake, "childdata", "import", str(folder), "--authority", AUTHORITY,
             "--extract-date", date, "--format", "json"], env)  # fmt: skip
        loaded = json.loads(report)
        kpis_command = [stocktake, "childdata", "kpis", "--authority", AUTHORITY,
                        "--extract-date", date, "--format", "json"]  # fmt: skip
        pandas_command = [sys.executable, str(HERE / "pandas_kpis.py"), str(folder), date]
        for warm_up in (kpis_command, pandas_command):  # bytecode compiled, files cached
            timed(warm_up, env)
        ours, theirs, compute_ours, compute_theirs = [], [], [], []
        answer: dict[str, Any] = {}
        baseline: dict[str, Any] = {}
        for _ in range(opts.rounds):
            seconds, _, text = timed(kpis_command, env)
            ours.append(seconds)
            answer = json.loads(text)
            seconds, _, text = timed(pandas_command, env)
            theirs.append(seconds)
            baseline = json.loads(text)
            compute_theirs.append(baseline["compute_seconds"])
            compute_ours.append(compute_only(var, env))
        shape = ("code", "numerator", "denominator", "value")
        same_kpis = answer["kpis"] == [{k: x[k] for k in shape} for x in baseline["kpis"]]
        agree = same_kpis and answer["by_team"] == baseline["by_team"]
        result = {
            "rows": rows,
            "rows_rejected": loaded["rows_rejected"],
            "generate_s": generated,
            "ingest_s": ingest_s,
            "ingest_peak_mb": ingest_mb,
            "kpis_command_s": statistics.median(ours),
            "pandas_command_s": statistics.median(theirs),
            "kpis_compute_s": statistics.median(compute_ours),
            "pandas_compute_s": statistics.median(compute_theirs),
            "pandas_read_s": baseline["read_seconds"],
            "answers_agree": agree,
            "load_average": (load_before, os.getloadavg()[0]),
            "kpis_command_runs_s": ours,
            "pandas_command_runs_s": theirs,
        }
    print(json.dumps(result, indent=2))
    print(markdown(result))
    return 0 if agree else 1


def compute_only(var: Path, env: dict[str, str]) -> float:
    """The KPI computation alone, from the stored Parquet files (no start-up)."""
    code = (
        "import time, datetime as dt; from pathlib import Path;"
        "from stocktake.childdata.kpis import compute;"
        "from stocktake.childdata.lists import CALENDAR;"
        f"files = {{int(p.stem[4:]): p for p in Path('{var / 'media'}').rglob('list*.parquet')}};"
        f"files[CALENDAR] = next(Path('{var / 'media'}').rglob('calendar.parquet'));"
        "began = time.perf_counter(); compute(files, dt.date(2019, 6, 30));"
        "print(time.perf_counter() - began)"
    )
    _, _, text = timed([sys.executable, "-c", code], env)
    return float(text.strip().splitlines()[-1])


def markdown(r: dict[str, Any]) -> str:
    ratio = r["kpis_command_s"] / r["pandas_command_s"]
    compute_ratio = r["pandas_compute_s"] / r["kpis_compute_s"]
    rows = [
        ("rows generated (CSV folder, Lists 1, 3-9)", f"{r['rows']:,}"),
        ("rows rejected", f"{r['rows_rejected']}"),
        ("`childdata import`, whole command", f"{r['ingest_s']:.1f} s"),
        ("`childdata import`, peak memory", f"{r['ingest_peak_mb']} MB"),
        ("`childdata kpis`, whole command (median)", f"{r['kpis_command_s']:.2f} s"),
        ("pandas baseline, whole script (median)", f"{r['pandas_command_s']:.2f} s"),
        ("ratio of the whole commands (of the medians)", f"{ratio:.2f}"),
        (
            "ratio round by round",
            ", ".join(
                f"{a / b:.2f}"
                for a, b in zip(r["kpis_command_runs_s"], r["pandas_command_runs_s"], strict=True)
            ),
        ),
        ("KPI computation alone, DuckDB (median)", f"{r['kpis_compute_s']:.3f} s"),
        ("KPI computation alone, pandas (after reading; median)", f"{r['pandas_compute_s']:.3f} s"),
        ("pandas computation ÷ DuckDB computation", f"{compute_ratio:.1f}×"),
        ("pandas reading and checking the CSV files", f"{r['pandas_read_s']:.2f} s"),
        ("the two answers agree", str(r["answers_agree"])),
        (
            "load average (1 min) at the start and the end",
            "{:.1f}, {:.1f}".format(*r["load_average"]),
        ),
    ]
    return "\n".join(["| measure | figure |", "|---|---|", *(f"| {a} | {b} |" for a, b in rows)])


if __name__ == "__main__":
    raise SystemExit(main())
