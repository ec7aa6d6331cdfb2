"""The lead's corrections to how a file was read, as the interpreter applies them (ADR 0022).

A table is named by its place among the document's tables ("1" for the first), which stays
the same each time the same file is read; a column by its index in that table's header row;
a row by its index in that table's rows (0 for the table's first row, header included).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from stocktake.imports.roles import MANY, SINGLE

EXTRA = "extra"  # a column kept as written, under its heading, with no role
# Every role a lead may give a column.
COLUMN_ROLES: tuple[str, ...] = (*SINGLE, *MANY, EXTRA)
# What a row of an actions table can be.
ROW_TYPES: tuple[str, ...] = (
    "section",
    "finding",
    "action",
    "sub_action",
    "continuation",
    "ignored",
)


@dataclass(frozen=True)
class Overrides:
    """Column roles by (table, column) and row types by (table, row)."""

    columns: Mapping[tuple[str, int], str] = field(default_factory=dict)
    rows: Mapping[tuple[str, int], str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.columns or self.rows)

    def column(self, table: str, index: int) -> str | None:
        return self.columns.get((table, index))

    def row(self, table: str, index: int) -> str | None:
        return self.rows.get((table, index))

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Overrides:
        """From the shape kept on an import run: {"columns": {table: {column: role}},
        "rows": {table: {row: type}}}. Anything not in that shape is left out."""
        data = data or {}
        columns: dict[tuple[str, int], str] = {}
        rows: dict[tuple[str, int], str] = {}
        for key, allowed, into in (
            ("columns", COLUMN_ROLES, columns),
            ("rows", ROW_TYPES, rows),
        ):
            tables = data.get(key)
            if not isinstance(tables, Mapping):
                continue
            for table, by_index in tables.items():
                if not isinstance(by_index, Mapping):
                    continue
                for index, value in by_index.items():
                    if str(index).isdecimal() and value in allowed:
                        into[(str(table), int(index))] = str(value)
        return cls(columns=columns, rows=rows)
