"""Shaping computed KPIs for the pages."""

from __future__ import annotations

from typing import Any

from stocktake.childdata.kpis import BY_CODE


def shown(value: float | None, unit: str) -> str:
    if value is None:
        return "No value (nothing to divide by)"
    if unit == "percent":
        return f"{value:.1f}%"
    if unit == "ratio":
        return f"{value:.1f}"
    return f"{value:g}"


def kpi_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for figure in results.get("kpis", []):
        kpi = BY_CODE.get(figure["code"])
        if kpi is None:
            continue
        rows.append(
            {
                "code": kpi.code,
                "name": kpi.name,
                "list": kpi.list_number,
                "numerator": figure["numerator"],
                "denominator": figure["denominator"],
                "value": shown(figure["value"], kpi.unit),
            }
        )
    return rows
