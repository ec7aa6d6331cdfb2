"""Benchmark: the full analysis of 80 indicators x 120 monthly figures.

Times `stocktake.indicators.analysis.series.analyse_many` (numpy, vectorised per series)
against a plain-Python loop implementation of the same analysis written below, on the same
generated data, in the same run; checks first that both give the same answers. Prints the
median of several runs and the machine, as a Markdown table for docs/benchmarks-indicators.md.

    .venv/bin/python benchmarks/indicators.py [--indicators 80] [--months 120] [--runs 15]

No database: the analysis is pure. (The dashboard's fixed query count for the same data is
asserted in stocktake/indicators/tests/test_query_counts.py.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stocktake.indicators.analysis.series import Series, analyse_many
from stocktake.indicators.analysis.targets import Targets
from stocktake.indicators.periods import add_months, month_index, period_end

TARGET_MS = 200.0

# --- Data --------------------------------------------------------------------------------


def generate(indicators: int, months: int, seed: int = 5) -> list[tuple[Series, Targets]]:
    """Percentages with noise, drifts and steps; polarity mixed; two targets each (the notice's
    6 and 12 months, the first already in force), some with Ofsted-style bands."""
    rng = np.random.default_rng(seed)
    start = dt.date(2015, 1, 1)
    periods = [add_months(start, m) for m in range(months)]
    month_x = np.array([month_index(p) for p in periods], np.int64)
    ends = np.array([period_end(p, "monthly").toordinal() for p in periods], np.int64)
    notice = add_months(start, months - 9)
    items = []
    for n in range(indicators):
        polarity = ("higher", "lower", "neutral")[n % 3]
        level = rng.uniform(30, 70) + rng.uniform(-0.05, 0.05) * np.arange(months)
        if n % 4 == 0:
            level = level + np.where(np.arange(months) > months - 15, rng.uniform(-8, 8), 0)
        values = np.clip(level + rng.normal(0, rng.uniform(1, 4), months), 0, 100).round(1)
        dues = [period_end(add_months(notice, k).replace(day=1), "monthly") for k in (6, 12)]
        dues = [dues[0] - dt.timedelta(days=300), dues[1]]
        goal = float(values[-12:].mean())
        tg_values = np.array([goal + rng.normal(0, 3), goal + rng.normal(0, 5)])
        bands = (np.array([90.0, 90.0]), np.array([70.0, 70.0]), np.array([50.0, 50.0]))
        if polarity == "lower":
            bands = (np.array([10.0] * 2), np.array([30.0] * 2), np.array([50.0] * 2))
        if n % 2:
            bands = tuple(np.full(2, np.nan) for _ in range(3))  # type: ignore[assignment]
        items.append(
            (
                Series(month_x, ends, values, polarity, "percent"),
                Targets(
                    due=np.array([d.toordinal() for d in dues], np.int64),
                    due_month=np.array([month_index(d) for d in dues], np.int64),
                    values=tg_values,
                    tolerance=np.array([1.0, 1.0]),
                    labels=("6 months", "12 months"),
                    outstanding=bands[0],
                    good=bands[1],
                    requires_improvement=bands[2],
                ),
            )
        )
    return items


# --- The same analysis in plain Python ---------------------------------------------------


def p_shortfall(value, target, polarity):
    gap = value - target
    return -gap if polarity == "higher" else gap if polarity == "lower" else abs(gap)


def p_status(value, target, tolerance, polarity):
    short = p_shortfall(value, target, polarity)
    if short <= (tolerance if polarity == "neutral" else 0.0):
        return "met"
    return "within_tolerance" if short <= tolerance else "missed"


def p_xmr(xs):
    n = len(xs)
    mean = sum(xs) / n
    mr = sum(abs(xs[i] - xs[i - 1]) for i in range(1, n)) / (n - 1)
    ucl, lcl = mean + 2.66 * mr, mean - 2.66 * mr
    hi2, lo2 = mean + 2 * 2.66 / 3 * mr, mean - 2 * 2.66 / 3 * mr
    beyond = [x > ucl or x < lcl for x in xs]
    run_up, run_down = [False] * n, [False] * n
    for marks, side in ((run_up, 1), (run_down, -1)):
        length = 0
        for i, x in enumerate(xs):
            length = length + 1 if (x - mean) * side > 0 else 0
            if length >= 7:
                for k in range(i - length + 1, i + 1):
                    marks[k] = True
    trend_up, trend_down = [False] * n, [False] * n
    for marks, side in ((trend_up, 1), (trend_down, -1)):
        steps = 0
        for i in range(1, n):
            steps = steps + 1 if (xs[i] - xs[i - 1]) * side > 0 else 0
            if steps >= 5:
                for k in range(i - steps, i + 1):
                    marks[k] = True
    two_hi, two_lo = [False] * n, [False] * n
    for marks, test in ((two_hi, lambda v: v > hi2), (two_lo, lambda v: v < lo2)):
        for k in range(max(1, n - 2)):
            hits = [m for m in range(k, min(k + 3, n)) if test(xs[m])]
            if len(hits) >= 2:
                for m in hits:
                    marks[m] = True
    high = [((beyond[i] or two_hi[i] or two_lo[i]) and xs[i] > mean) or run_up[i] or trend_up[i]
            for i in range(n)]  # fmt: skip
    low = [((beyond[i] or two_hi[i] or two_lo[i]) and xs[i] < mean) or run_down[i] or trend_down[i]
           for i in range(n)]  # fmt: skip
    return {
        "mean": mean, "mr": mr, "ucl": ucl, "lcl": lcl, "beyond": beyond,
        "run": [a or b for a, b in zip(run_up, run_down, strict=True)],
        "trend": [a or b for a, b in zip(trend_up, trend_down, strict=True)],
        "two": [a or b for a, b in zip(two_hi, two_lo, strict=True)],
        "high": high, "low": low,
    }  # fmt: skip


def p_variation(chart, xs, polarity):
    high, low = chart["high"][-1], chart["low"][-1]
    if high and low:
        high, low = xs[-1] > chart["mean"], xs[-1] < chart["mean"]
    if not (high or low):
        return "common_cause"
    if polarity == "neutral":
        return "neither_high" if high else "neither_low"
    return "improving" if high == (polarity == "higher") else "concerning"


def p_assurance(chart, target, polarity):
    if target is None or polarity == "neutral":
        return "no_target"
    if polarity == "higher":
        if target <= chart["lcl"]:
            return "consistently_met"
        return "consistently_missed" if target > chart["ucl"] else "hit_and_miss"
    if target >= chart["ucl"]:
        return "consistently_met"
    return "consistently_missed" if target < chart["lcl"] else "hit_and_miss"


def p_shift_start(chart, xs):
    mean, start = chart["mean"], len(xs)
    above = xs[-1] > mean
    while start > 0 and ((xs[start - 1] > mean) if above else (xs[start - 1] < mean)):
        start -= 1
    if start == len(xs) or len(xs) - start < 7:
        return None
    return start


def p_slope(xs, ys):
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


def p_band(value, outstanding, good, ri, polarity):
    if polarity == "neutral" or all(math.isnan(t) for t in (outstanding, good, ri)):
        return ""
    sign = 1 if polarity == "higher" else -1
    for name, limit in (("outstanding", outstanding), ("good", good), ("requires_improvement", ri)):
        if not math.isnan(limit) and sign * (value - limit) >= 0:
            return name
    return "inadequate"


def plain_analyse(series: Series, tg: Targets) -> dict[str, object]:
    xs = series.values.tolist()
    months, ends = series.months.tolist(), series.ends.tolist()
    due, values, tols = tg.due.tolist(), tg.values.tolist(), tg.tolerance.tolist()
    pol = series.polarity
    index = []
    for end in ends:
        i = -1
        for k, d in enumerate(due):
            if d <= end:
                i = k
        index.append(i)
    statuses = [p_status(x, values[i], tols[i], pol) if i >= 0 else "no_target"
                for x, i in zip(xs, index, strict=True)]  # fmt: skip
    current = index[-1]
    compared = current if current >= 0 else 0
    status = statuses[-1] if current >= 0 else "not_due"
    missing = 0
    for s in reversed(statuses):
        if s != "missed":
            break
        missing += 1
    chart = p_xmr(xs)
    assurance = p_assurance(chart, values[compared], pol)
    start = p_shift_start(chart, xs)
    if start:
        assurance = p_assurance(p_xmr(xs[start:]), values[compared], pol)
    window_x, window_y = months[-6:], xs[-6:]
    change = p_slope(window_x, window_y) * (window_x[-1] - window_x[0])
    noise = 0.5 * chart["mr"] / 1.128
    if abs(change) <= noise:
        direction = "no_clear_change"
    elif pol == "neutral":
        direction = "rising" if change > 0 else "falling"
    else:
        direction = "improving" if (change > 0) == (pol == "higher") else "worsening"
    following = next((k for k, d in enumerate(due) if d > ends[-1]), None)
    projected = projected_status = None
    if following is not None:
        px, py = months[-12:], xs[-12:]
        b = p_slope(px, py)
        at = tg.due_month.tolist()[following]
        projected = min(max(sum(py) / len(py) + b * (at - sum(px) / len(px)), 0.0), 100.0)
        projected_status = p_status(projected, values[following], tols[following], pol)
    bands = [p_band(x, tg.outstanding[max(i, 0)], tg.good[max(i, 0)],
                    tg.requires_improvement[max(i, 0)], pol)
             for x, i in zip(xs, index, strict=True)]  # fmt: skip
    good_for = 0
    for band in reversed(bands):
        if band not in ("good", "outstanding"):
            break
        good_for += 1
    return {
        "statuses": statuses, "status": status, "missing_for": missing,
        "mean": chart["mean"], "ucl": chart["ucl"], "lcl": chart["lcl"],
        "special": [a or b or c or d for a, b, c, d in
                    zip(chart["beyond"], chart["run"], chart["trend"], chart["two"], strict=True)],
        "variation": p_variation(chart, xs, pol), "assurance": assurance,
        "direction": direction, "projected": projected, "projected_status": projected_status,
        "band": bands[-1], "good_for": good_for,
    }  # fmt: skip


def plain_analyse_many(items: list[tuple[Series, Targets]]) -> list[dict[str, object]]:
    return [plain_analyse(series, tg) for series, tg in items]


# --- Check, time, report -----------------------------------------------------------------


def check(items: list[tuple[Series, Targets]]) -> None:
    names = {1: "met", 2: "within_tolerance", 3: "missed", 0: "no_target"}
    for fast, slow in zip(analyse_many(items), plain_analyse_many(items), strict=True):
        assert [names[int(s)] for s in fast.statuses] == slow["statuses"]
        assert (fast.status, fast.missing_for) == (slow["status"], slow["missing_for"])
        assert math.isclose(fast.chart.mean, slow["mean"]) and math.isclose(
            fast.chart.ucl, slow["ucl"]
        )
        assert fast.chart.special.tolist() == slow["special"]
        assert (fast.variation, fast.assurance) == (slow["variation"], slow["assurance"])
        assert fast.direction.code == slow["direction"]
        if slow["projected"] is not None:
            assert math.isclose(fast.projection.value, slow["projected"], abs_tol=1e-9)
            assert fast.projected_status == slow["projected_status"]
        assert (fast.band, fast.good_for) == (slow["band"], slow["good_for"])


def median_ms(function, items, runs: int) -> float:
    function(items)  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function(items)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} CPUs; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; numpy {np.__version__}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=80)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    items = generate(args.indicators, args.months)
    check(items)
    fast = median_ms(analyse_many, items, args.runs)
    slow = median_ms(plain_analyse_many, items, args.runs)
    print(f"Full analysis of {args.indicators} indicators x {args.months} monthly figures "
          f"(median of {args.runs} runs; both implementations agree)\n")  # fmt: skip
    print("| implementation | median (ms) | per indicator (ms) |")
    print("|---|---:|---:|")
    for name, ms in (("numpy (analyse_many)", fast), ("plain Python loops", slow)):
        print(f"| {name} | {ms:.1f} | {ms / args.indicators:.2f} |")
    print(f"\nSpeed-up: {slow / fast:.1f}x. Target: under {TARGET_MS:.0f} ms: "
          f"{'met' if fast < TARGET_MS else 'NOT met'}.")  # fmt: skip
    print(f"Machine: {machine()}")
    return 0 if fast < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
