"""The action list as a dense table: its sortable columns (the sort in the URL, `?sort=due`
or `?sort=-rag`) and the CSV of exactly the rows it shows, in the order it shows them.

Sorting is done on the rows already read (`plans.position`), so no sort or filter changes
the number of queries. Empty values sort last whichever way round.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from stocktake.documents.blocks import Table
from stocktake.documents.csv_file import table_csv
from stocktake.plans.choices import DeliveryStatus, Rag
from stocktake.plans.position import ActionRow

_STATUS_ORDER = {value: n for n, value in enumerate(DeliveryStatus.values)}
_RAG_ORDER = {value: n for n, value in enumerate(Rag.values)}
_STATUS_LABELS = dict(DeliveryStatus.choices)
_RAG_LABELS = dict(Rag.choices)


def age(row: ActionRow, as_at: dt.date) -> int | None:
    """Days from the latest accepted (or imported) update's own date to `as_at`; None if
    there is none or it is undated."""
    day = row.state.latest_update_on if row.state.latest_update_id else None
    return None if day is None else (as_at - day).days


def _natural(reference: str) -> tuple[Any, ...]:
    """LA2 before LA10."""
    head = reference.rstrip("0123456789")
    tail = reference[len(head) :]
    return (head.lower(), int(tail) if tail else -1, reference)


KEYS: dict[str, tuple[str, Callable[[ActionRow, dt.date], Any]]] = {
    "reference": ("Reference", lambda r, _: _natural(r.state.reference)),
    "theme": ("Theme", lambda r, _: r.theme.lower() or None),
    "owners": ("Owners", lambda r, _: ", ".join(r.owners).lower() or None),
    "due": ("Due", lambda r, _: r.state.due_date),
    "status": ("Delivery status", lambda r, _: _STATUS_ORDER.get(r.state.delivery_status)),
    "rag": ("RAG", lambda r, _: _RAG_ORDER.get(r.state.rag)),
    "age": ("Last accepted update", age),
}


@dataclass(frozen=True)
class Sort:
    key: str = ""  # "" is the plan's own order
    descending: bool = False

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key

    def link_for(self, key: str) -> str:
        """The `sort` value a column's heading links to: ascending first, then reversed."""
        return f"-{key}" if self.key == key and not self.descending else key

    def aria(self, key: str) -> str:
        if key != self.key:
            return ""
        return "descending" if self.descending else "ascending"


def parse_sort(value: object) -> Sort:
    text = value if isinstance(value, str) else ""
    key = text.removeprefix("-")
    return Sort(key, text.startswith("-")) if key in KEYS else Sort()


def sort_rows(rows: list[ActionRow], sort: Sort, as_at: dt.date) -> list[ActionRow]:
    if not sort.key:
        return rows
    value = KEYS[sort.key][1]
    present = [r for r in rows if value(r, as_at) is not None]
    missing = [r for r in rows if value(r, as_at) is None]
    present.sort(key=lambda r: value(r, as_at), reverse=sort.descending)
    return present + missing


def columns(sort: Sort) -> list[dict[str, str]]:
    """The table's sortable headings: label, the `sort` value it links to, its aria-sort."""
    return [
        {"key": key, "label": label, "link": sort.link_for(key), "aria": sort.aria(key)}
        for key, (label, _value) in KEYS.items()
    ]


def rows_csv(rows: list[ActionRow], as_at: dt.date) -> bytes:
    """The rows as CSV through the one document layer (every text cell neutralised)."""
    table = Table(
        title="Actions",
        columns=[
            "Reference",
            "Theme",
            "Action",
            "Owners",
            "Deadline as written",
            "Due date",
            "Delivery status",
            "RAG",
            "Days since the last accepted update",
            "Awaiting review",
        ],
        rows=[
            [
                r.state.reference,
                r.theme,
                r.state.text,
                "; ".join(r.owners),
                r.state.deadline_text,
                r.state.due_date.isoformat() if r.state.due_date else None,
                _STATUS_LABELS.get(r.state.delivery_status, r.state.delivery_status),
                _RAG_LABELS.get(r.state.rag, "Not rated"),
                age(r, as_at),
                "Yes" if r.state.awaiting_review else "No",
            ]
            for r in rows
        ],
    )
    return table_csv(table)
