"""Benchmark: reading a 20 MB Excel workbook in bounded memory (issue 12).

    .venv/bin/python benchmarks/import_memory.py [--mb 20] [--seed 12] [--compare]

1. Writes, with openpyxl's streaming writer and a seed, a plan workbook of about --mb
   megabytes on disk: one sheet, a header row (Ref | Theme | Action | Lead | Deadline |
   RAG | Progress) and as many rows of varied text as it takes.
2. In a child process (so the figures are that process's own), reads it as the importer
   does (`read_document`: the zip checked, formulas and merges streamed from the sheet's
   XML, the rows streamed by openpyxl's read-only mode), then interprets it, and reports
   the peak resident memory (ru_maxrss) above the process's baseline after Django's
   start-up, the time taken, and how much text the rows hold.
3. With --compare, a second child loads the same workbook the way that holds it whole
   (openpyxl without read_only), for contrast.

Writes benchmarks/results/import_memory.json (not committed) and prints a Markdown table.
Bounded means: the peak is the file's bytes once plus the rows' text and the
interpreter's own objects, and grows with the rows, not with a copy of the workbook's
XML or cell objects per cell.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "import_memory.json"
WORDS = [
    "review",
    "audit",
    "plan",
    "children",
    "families",
    "social",
    "workers",
    "managers",
    "partners",
    "police",
    "health",
    "schools",
    "assessment",
    "supervision",
    "oversight",
    "caseloads",
    "placement",
    "stability",
    "permanence",
    "pathway",
    "leavers",
    "early",
    "help",
    "threshold",
    "referral",
    "strategy",
    "conference",
    "chairs",
    "quality",
    "training",
    "briefing",
    "scorecard",
    "dashboard",
    "monthly",
    "quarterly",
    "weekly",
    "escalation",
    "recording",
    "visits",
    "timeliness",
    "advocacy",
    "consultation",
    "recruitment",
    "retention",
    "agency",
    "permanent",
]
THEMES = ["Front door", "Assessment", "Child protection", "Children in care", "Workforce"]


def _sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize()


def write_workbook(path: Path, megabytes: float, seed: int) -> int:
    """A workbook of about `megabytes` MB (streamed out); returns its number of plan rows."""
    from openpyxl import Workbook

    target = megabytes * 1_000_000  # decimal megabytes: 20 MB is under the 20 MiB upload limit
    estimate = int(target / 140)  # rows of this shape compress to about 140 bytes each
    for _ in range(2):  # write, measure, write again scaled to the target
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Plan")
        sheet.append(["Ref", "Theme", "Action", "Lead", "Deadline", "RAG", "Progress"])
        rng = random.Random(seed)
        for n in range(1, estimate + 1):
            sheet.append(
                [
                    f"{n // 100 + 1}.{n % 100 + 1}",
                    rng.choice(THEMES),
                    _sentence(rng, 8, 16),
                    f"Person {rng.randint(1, 400)}, Head of Service",
                    f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2025",
                    rng.choice(["Red", "Amber", "Green", "Blue"]),
                    f"{rng.randint(1, 28):02d}/06/2024 – {_sentence(rng, 10, 30)}",
                ]
            )
        book.save(path)
        size = path.stat().st_size
        if abs(size - target) <= target * 0.05:
            break
        estimate = int(estimate * target / size) + 1
    return estimate


def _child(path: Path, mode: str) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stocktake.settings_test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from stocktake.imports.interpret import interpret
    from stocktake.imports.readers import read_document
    from stocktake.imports.readers.safety import MAX_BYTES

    data = path.read_bytes()
    base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    out: dict[str, Any] = {"mode": mode, "file_mb": round(len(data) / 1_000_000, 1)}
    if mode == "whole":
        import io

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), data_only=True)
        cells = sum(1 for row in book.active.iter_rows(values_only=True) for _ in row)
        out["cells"] = cells
    else:
        if len(data) > MAX_BYTES:
            out["note"] = f"over the upload limit of {MAX_BYTES // 1024 // 1024} MB"
        document = read_document(path.name, data)
        read_s = time.perf_counter() - started
        read_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        rows = [row for block in document.blocks if hasattr(block, "rows") for row in block.rows]
        out["rows"] = len(rows)
        out["text_mb"] = round(sum(len(c) for row in rows for c in row) / 1024 / 1024, 1)
        out["read_s"] = round(read_s, 2)
        out["read_peak_mb"] = round((read_kb - base_kb) / 1024, 1)
        parsed = interpret(document)
        out["actions"] = len(parsed.actions)
    out["seconds"] = round(time.perf_counter() - started, 2)
    out["peak_mb"] = round((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base_kb) / 1024, 1)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=20)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--compare", action="store_true", help="also load it whole, for contrast")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(Path(args.child[0]), args.child[1])))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big-plan.xlsx"
        rows = write_workbook(path, args.mb, args.seed)
        results = []
        for mode in ["streamed", *(["whole"] if args.compare else [])]:
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(path), mode],
                capture_output=True,
                text=True,
                check=True,
            )
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"Workbook: {results[0]['file_mb']} MB on disk, {rows:,} plan rows\n")
    print("| How | Peak memory above start-up | Time | What was read |")
    print("|---|---:|---:|---|")
    for r in results:
        if r["mode"] == "streamed":
            what = (
                f"{r['rows']:,} rows, {r['text_mb']} MB of text; read in {r['read_s']} s "
                f"(peak {r['read_peak_mb']} MB), then {r['actions']:,} actions interpreted"
            )
            how = "read_document + interpret (the importer)"
        else:
            what = f"{r['cells']:,} cells as objects"
            how = "openpyxl load_workbook, whole (contrast)"
        print(f"| {how} | {r['peak_mb']} MB | {r['seconds']} s | {what} |")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"rows": rows, "results": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
