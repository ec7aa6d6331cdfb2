"""Shaping what the importer understood for the preview page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ROLE_NAMES = {
    "number": "Row number",
    "reference": "Reference",
    "theme": "Theme",
    "sub_theme": "Sub-theme",
    "finding": "Finding or recommendation",
    "finding_ref": "Finding's paragraph",
    "planned_response": "Planned response",
    "action": "Action",
    "sub_action": "Sub-action",
    "owner": "Owner",
    "deadline": "Deadline",
    "start": "Start date",
    "review": "Review date",
    "update": "Progress update",
    "rag": "RAG",
    "measures": "Measure of success",
    "evidence": "Evidence",
    "impact": "Anticipated impact",
    "outcome": "Outcome",
    "achieved": "Achieved",
    "on_target": "On target",
    "extra": "Kept as written",
}


@dataclass(frozen=True)
class ColumnRow:
    heading: str
    role: str
    dated: str


@dataclass(frozen=True)
class TableMapping:
    where: str
    header_row: int
    columns: list[ColumnRow]


def column_mappings(understood: dict[str, Any]) -> list[TableMapping]:
    """Each table's columns with the role Stocktake gave them, in plain words."""
    mappings = []
    for layout in understood.get("columns", []):
        columns = [
            ColumnRow(
                heading=column.get("heading") or f"Column {index} (no heading)",
                role=ROLE_NAMES.get(column.get("role", "extra"), column.get("role", "")),
                dated=column.get("dated") or "",
            )
            for index, column in enumerate(layout.get("columns", []), start=1)
        ]
        mappings.append(TableMapping(layout.get("where", ""), layout.get("header_row", 0), columns))
    return mappings
