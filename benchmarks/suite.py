"""How long the two feedback commands take: `make check` and `make test`, each run N times
(default 3) in this checkout, printing every run and the median.

    .venv/bin/python benchmarks/suite.py [--runs 3] [--only check|test]

Run it on a quiet machine: the figures are wall-clock seconds. Each run is a fresh run of the
command (the linters' caches are kept, as they are when a developer runs it twice); the test
databases are created afresh by every run. The targets (issue "Fast, typed and safe by
default"): `make check` under 60 s, `make test` under 6 minutes.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"check": 60.0, "test": 360.0}


def once(target: str) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(
        ["make", target], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    return time.perf_counter() - started, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=sorted(TARGETS))
    options = parser.parse_args()
    print(
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    failed = False
    for target in [options.only] if options.only else ["check", "test"]:
        times = []
        for run in range(1, options.runs + 1):
            seconds, code = once(target)
            failed |= code != 0
            outcome = "" if code == 0 else f" (FAILED, exit {code})"
            print(f"make {target} run {run}: {seconds:.0f} s{outcome}", flush=True)
            times.append(seconds)
        median = statistics.median(times)
        verdict = "met" if median < TARGETS[target] else "NOT met"
        limit = TARGETS[target]
        print(
            f"make {target}: median {median:.0f} s of {len(times)} (under {limit:.0f} s: {verdict})"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
