"""Shaping what the importer understood for the preview page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stocktake.imports.overrides import COLUMN_ROLES, ROW_TYPES

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
ROW_NAMES = {
    "section": "Section heading",
    "finding": "Finding or recommendation",
    "action": "Action",
    "sub_action": "Sub-action",
    "continuation": "Continues the row above",
    "ignored": "Left out",
}


@dataclass(frozen=True)
class ColumnChoice:
    field: str  # the form field that corrects it
    heading: str
    role: str
    read_as: str  # the reader's own role, in words, when the lead changed it
    dated: str


@dataclass(frozen=True)
class RowChoice:
    field: str
    line: int  # the row as the person sees it in the file
    type: str
    corrected: bool
    ref: str
    text: str


@dataclass(frozen=True)
class TableReading:
    table: str
    where: str
    header_row: int
    columns: list[ColumnChoice]
    rows: list[RowChoice]  # the rows shown: all of them, or those not read as actions
    row_count: int
    layout: str  # the saved layout used for it, if one was


def column_field(table: str, index: int) -> str:
    return f"col-{table}-{index}"


def row_field(table: str, index: int) -> str:
    return f"row-{table}-{index}"


# Every role the reader can give (a role added to the reader is offered, in words if it has
# them here): a select missing the role a column has would post another role for it.
ROLE_CHOICES = [
    (role, ROLE_NAMES.get(role) or role.replace("_", " ").capitalize()) for role in COLUMN_ROLES
]
ROW_CHOICES = [(kind, ROW_NAMES[kind]) for kind in ROW_TYPES]


def _column_choices(table: str, layout: dict[str, Any]) -> list[ColumnChoice]:
    return [
        ColumnChoice(
            field=column_field(table, int(column.get("index", number))),
            heading=column.get("heading") or f"Column {number + 1} (no heading)",
            role=column.get("role", "extra"),
            read_as=ROLE_NAMES.get(column.get("read_as", ""), "")
            if column.get("read_as", column.get("role")) != column.get("role")
            else "",
            dated=column.get("dated") or "",
        )
        for number, column in enumerate(layout.get("columns", []))
    ]


def _row_choices(table: str, rows: list[dict[str, Any]], fixed: dict[str, Any]) -> list[RowChoice]:
    return [
        RowChoice(
            field=row_field(table, int(row["row"])),
            line=int(row.get("line", 0)),
            type=row.get("type", ""),
            corrected=str(row["row"]) in fixed,
            ref=row.get("ref", ""),
            text=row.get("text", ""),
        )
        for row in rows
    ]


def readings(
    understood: dict[str, Any], corrections: dict[str, Any], all_rows: bool
) -> list[TableReading]:
    """Each table's columns and rows as read, for the lead to correct. Without `all_rows`,
    only the rows not read as actions (and those the lead corrected) are shown: on a long
    plan those are the ones worth checking. A table continued on a new page without its
    headings has rows but no columns of its own."""
    corrected_rows = corrections.get("rows") or {}
    layouts = corrections.get("layouts") or {}
    rows_by_table: dict[str, list[dict[str, Any]]] = {}
    for row in understood.get("rows", []):
        rows_by_table.setdefault(str(row.get("table")), []).append(row)
    tables = {str(t.get("table", "")): t for t in understood.get("columns", [])}
    for table in rows_by_table:
        tables.setdefault(table, {"table": table, "where": f"Table {table} (continued)"})
    found = []
    for table, layout in sorted(tables.items(), key=lambda t: (len(t[0]), t[0])):
        rows = _row_choices(table, rows_by_table.get(table, []), corrected_rows.get(table) or {})
        used = layouts.get(table) or {}
        found.append(
            TableReading(
                table=table,
                where=layout.get("where", ""),
                header_row=layout.get("header_row", 0),
                columns=_column_choices(table, layout),
                rows=rows if all_rows else [r for r in rows if r.type != "action" or r.corrected],
                row_count=len(rows),
                layout=str(used.get("name", "")) if isinstance(used, dict) else "",
            )
        )
    return found


def action_changes(outcome: dict[str, Any]) -> list[dict[str, Any]]:
    """The changes to actions already in the plan, each field's before and after."""
    labels = (
        ("text", "Text"),
        ("owners", "Owners"),
        ("deadline", "Deadline"),
        ("rag", "RAG"),
        ("theme", "Theme"),
    )
    found = []
    for change in outcome.get("changes", []):
        before, after = change.get("before", {}), change.get("after", {})
        fields = [
            {"label": label, "before": before.get(key, ""), "after": after.get(key, "")}
            for key, label in labels
            if before.get(key, "") != after.get(key, "")
        ]
        found.append({"ref": change.get("ref", ""), "fields": fields, **change})
    return found
