"""`export_indicators(authority, fmt) -> bytes`: every indicator with its definition,
observations, targets, latest status, direction of travel, SPC mean, limits and signals,
projection and benchmarks – as JSON, an Excel workbook or a CSV file.

Used by `stocktake export indicators` (through EXPORTERS, below) and by the dashboard's
download. Small numbers are suppressed ("c") by the rule given, by default the
INDICATOR_SUPPRESSION setting (1–5). The workbook and the CSV file are written by the
document layer (`stocktake.documents`), which neutralises text a spreadsheet would run as a
formula.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone

from stocktake.accounts.models import Authority
from stocktake.documents import render
from stocktake.documents.blocks import ReportDocument, Table
from stocktake.documents.csv_file import table_csv
from stocktake.indicators.analysis.summary import describe
from stocktake.indicators.analysis.suppression import MARK, SuppressionRule, masks
from stocktake.indicators.analysis.targets import BAND_NAMES, STATUS_NAMES
from stocktake.indicators.models import Indicator
from stocktake.indicators.periods import label
from stocktake.indicators.selectors import Loaded, load

FORMATS = ("json", "xlsx", "csv")


def default_rule() -> SuppressionRule:
    return SuppressionRule.parse(str(getattr(settings, "INDICATOR_SUPPRESSION", "1-5")))


def _r(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(float(value), places)


def _observations(item: Loaded, rule: SuppressionRule) -> list[dict[str, Any]]:
    ind, a = item.indicator, item.analysis
    hide_v, hide_n, hide_d = masks(
        item.values,
        [float("nan") if v is None else v for v in item.numerators],
        [float("nan") if v is None else v for v in item.denominators],
        ind.unit,
        rule,
    )
    rows = []
    for i, period in enumerate(item.periods):
        t = int(a.target_index[i])
        rows.append(
            {
                "period": period.isoformat(),
                "label": label(period, ind.frequency),
                "value": MARK if hide_v[i] else item.values[i],
                "numerator": MARK if hide_n[i] else item.numerators[i],
                "denominator": MARK if hide_d[i] else item.denominators[i],
                "target": item.targets[t].value if t >= 0 else None,
                "status": STATUS_NAMES[int(a.statuses[i])],
                "band": BAND_NAMES[int(a.bands[i])],
                "signals": a.chart.rules_at(i) if a.chart is not None else [],
                "source": item.sources[i],
                "provenance": item.provenance[i] if i < len(item.provenance) else {},
            }
        )
    return rows


def _spc(item: Loaded) -> dict[str, Any] | None:
    a = item.analysis
    if a.chart is None:
        return None
    signals = [
        {
            "period": item.periods[i].isoformat(),
            "rules": a.chart.rules_at(i),
            "direction": "high" if a.chart.high[i] else "low",
        }
        for i in range(len(item.periods))
        if a.chart.special[i]
    ]
    return {
        "mean": _r(a.chart.mean),
        "lower_limit": _r(a.lcl),
        "upper_limit": _r(a.ucl),
        "average_moving_range": _r(a.chart.mr_bar),
        "variation": a.variation,
        "assurance": a.assurance,
        "signals": signals,
    }


def indicator_record(item: Loaded, rule: SuppressionRule) -> dict[str, Any]:
    """Everything the export says about one indicator."""
    ind, a = item.indicator, item.analysis
    observations = _observations(item, rule)
    compared, following = item.compared_target, item.next_target
    return {
        "code": ind.code,
        "name": ind.name,
        "area": ind.area,
        "definition": ind.definition,
        "numerator": ind.numerator,
        "denominator": ind.denominator,
        "unit": ind.unit,
        "polarity": ind.polarity,
        "frequency": ind.frequency,
        "statutory_basis": ind.statutory_basis,
        "england": {
            "value": ind.england_value,
            "year": ind.england_year,
            "source": ind.england_source,
        },
        "illustrative": ind.illustrative,
        "observations": observations,
        "targets": [
            {
                "label": t.label,
                "kind": t.kind,
                "due": t.due_date.isoformat(),
                "value": t.value,
                "tolerance": t.tolerance,
                "tolerance_kind": t.tolerance_kind,
                "bands": {
                    "outstanding": t.band_outstanding,
                    "good": t.band_good,
                    "requires_improvement": t.band_requires_improvement,
                },
            }
            for t in item.targets
        ],
        "latest": {
            "period": observations[-1]["period"] if observations else None,
            "value": observations[-1]["value"] if observations else None,
            "status": a.status,
            "target": compared.label if compared else None,
            "shortfall": _r(a.shortfall),
            "periods_missed_in_a_row": a.missing_for,
            "band": a.band,
            "periods_good_or_better_in_a_row": a.good_for,
        },
        "direction": {
            "code": a.direction.code,
            "change": _r(a.direction.change),
            "periods": a.direction.periods,
        },
        "spc": _spc(item),
        "projection": None
        if following is None or a.projection is None
        else {
            "target": following.label,
            "due": following.due_date.isoformat(),
            "target_value": following.value,
            "projected_value": _r(a.projection.value),
            "status": a.projected_status,
        },
        "benchmarks": [
            {
                "year": b.period_label,
                "england": b.england,
                "region": b.region,
                "region_name": b.region_name,
                "statistical_neighbours": b.neighbours,
                "neighbours_with_figures": b.neighbour_count,
                "authority": b.la_value if b.la_value is not None else b.la_marker or None,
                "rank": b.rank,
                "ranked": b.ranked,
                "quartile": b.quartile,
                "source": b.source,
            }
            for b in item.benchmarks
        ],
        "summary": describe(item.facts(), a),
    }


def export_records(authority: Authority, rule: SuppressionRule) -> list[dict[str, Any]]:
    indicators = list(Indicator.objects.in_authority(authority).order_by("area", "name", "id"))
    return [indicator_record(item, rule) for item in load(indicators)]


def export_indicators(authority: Authority, fmt: str, rule: SuppressionRule | None = None) -> bytes:
    """The authority's indicators as `fmt` (json, xlsx or csv)."""
    if fmt not in FORMATS:
        raise ValueError(f"The format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    rule = rule or default_rule()
    records = export_records(authority, rule)
    if fmt == "json":
        body = {
            "authority": authority.name,
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "small_numbers_suppressed": str(rule),
            "indicators": records,
        }
        return json.dumps(body, indent=2, ensure_ascii=False).encode("utf-8")
    tables = _tables(records)
    flat = tables.pop("Flat")
    if fmt == "csv":
        return table_csv(Table(title="Indicators", columns=flat[0], rows=flat[1:]))
    return render(_workbook(authority, tables), "xlsx")


SUMMARY_COLUMNS = [
    ("code", lambda r: r["code"]),
    ("name", lambda r: r["name"]),
    ("area", lambda r: r["area"]),
    ("unit", lambda r: r["unit"]),
    ("polarity", lambda r: r["polarity"]),
    ("frequency", lambda r: r["frequency"]),
    ("definition", lambda r: r["definition"]),
    ("latest_period", lambda r: r["latest"]["period"]),
    ("latest_value", lambda r: r["latest"]["value"]),
    ("latest_status", lambda r: r["latest"]["status"]),
    ("target_in_force", lambda r: r["latest"]["target"]),
    ("periods_missed_in_a_row", lambda r: r["latest"]["periods_missed_in_a_row"]),
    ("direction", lambda r: r["direction"]["code"]),
    ("direction_change", lambda r: r["direction"]["change"]),
    ("spc_mean", lambda r: (r["spc"] or {}).get("mean")),
    ("spc_lower_limit", lambda r: (r["spc"] or {}).get("lower_limit")),
    ("spc_upper_limit", lambda r: (r["spc"] or {}).get("upper_limit")),
    ("spc_variation", lambda r: (r["spc"] or {}).get("variation")),
    ("spc_assurance", lambda r: (r["spc"] or {}).get("assurance")),
    ("spc_signals", lambda r: len((r["spc"] or {}).get("signals", []))),
    ("projection_target", lambda r: (r["projection"] or {}).get("target")),
    ("projected_value", lambda r: (r["projection"] or {}).get("projected_value")),
    ("projection_status", lambda r: (r["projection"] or {}).get("status")),
    ("england", lambda r: r["england"]["value"]),
    ("england_year", lambda r: r["england"]["year"]),
    ("summary", lambda r: r["summary"]),
]


def _latest_benchmark(record: dict[str, Any]) -> dict[str, Any]:
    return record["benchmarks"][-1] if record["benchmarks"] else {}


def _tables(records: list[dict[str, Any]]) -> dict[str, list[list[Any]]]:
    summary = [[name for name, _ in SUMMARY_COLUMNS]]
    summary += [[get(r) for _, get in SUMMARY_COLUMNS] for r in records]
    obs_head = ["period", "label", "value", "numerator", "denominator", "target", "status",
                "band", "source", "provenance", "signals"]  # fmt: skip
    bench_keys = ["england", "region", "statistical_neighbours", "rank", "ranked", "quartile"]
    # The CSV is one flat table: each figure with its indicator's definition and analysis.
    flat: list[list[Any]] = [summary[0] + obs_head + [f"benchmark_{k}" for k in bench_keys]]
    # The workbook keeps those in its Indicators sheet, and each figure with its limits.
    slim: list[list[Any]] = [["code", *obs_head, "spc_mean", "spc_lower_limit", "spc_upper_limit"]]
    for record, row in zip(records, summary[1:], strict=True):
        bench = _latest_benchmark(record)
        extra = [bench.get(k) for k in bench_keys]
        spc = record["spc"] or {}
        limits = [spc.get("mean"), spc.get("lower_limit"), spc.get("upper_limit")]
        for o in record["observations"] or [{}]:
            values = [o.get(k) for k in obs_head]
            values[-1] = "; ".join(values[-1] or [])
            values[-2] = json.dumps(values[-2], ensure_ascii=False) if values[-2] else ""
            flat.append(row + values + extra)
            if o:
                slim.append([record["code"], *values, *limits])
    targets = [
        [
            "code",
            "label",
            "kind",
            "due",
            "value",
            "tolerance",
            "tolerance_kind",
            "outstanding_from",
            "good_from",
            "requires_improvement_from",
        ]
    ]
    for r in records:
        for t in r["targets"]:
            targets.append(
                [
                    r["code"],
                    t["label"],
                    t["kind"],
                    t["due"],
                    t["value"],
                    t["tolerance"],
                    t["tolerance_kind"],
                    *t["bands"].values(),
                ]
            )
    benchmarks = [
        [
            "code",
            "year",
            "england",
            "region",
            "region_name",
            "statistical_neighbours",
            "neighbours_with_figures",
            "authority",
            "rank",
            "ranked",
            "quartile",
            "source",
        ]
    ]
    for r in records:
        for b in r["benchmarks"]:
            benchmarks.append([r["code"], *b.values()])
    return {
        "Indicators": summary,
        "Observations": slim,
        "Flat": flat,
        "Targets": targets,
        "Benchmarks": benchmarks,
    }


def _workbook(authority: Authority, tables: dict[str, list[list[Any]]]) -> ReportDocument:
    """The workbook: an About sheet, then one sheet per table (its first row the header)."""
    return ReportDocument(
        title="Indicators",
        authority=authority.name,
        prepared_on=f"{timezone.localdate():%-d %B %Y}",
        blocks=[
            Table(title=name, columns=rows[0], rows=rows[1:], sheet=name)
            for name, rows in tables.items()
        ],
    )


@dataclass(frozen=True)
class IndicatorsExporter:
    """`stocktake export indicators` (the command lives in the findings app and finds every
    app's EXPORTERS)."""

    help: str = "every indicator with its figures, targets and analysis"
    formats: tuple[str, ...] = FORMATS

    def render(self, authority: Authority, fmt: str, options: dict[str, Any]) -> bytes:
        suppress = options.get("suppress")
        try:
            rule = SuppressionRule.parse(suppress) if suppress else None
        except ValueError as error:
            raise CommandError(str(error)) from None
        return export_indicators(authority, fmt, rule)


EXPORTERS = {"indicators": IndicatorsExporter()}
