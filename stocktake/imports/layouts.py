"""Saved layouts: a table's column roles as a lead corrected them, kept for the authority and
offered for the next file whose table has the same headings (ADR 0022)."""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from stocktake.accounts.models import Authority, User
from stocktake.audit.services import audit_record
from stocktake.imports.columns import normalise
from stocktake.imports.models import ImportRun, SavedLayout


def heading_signature(headings: list[str]) -> str:
    """The same for two tables whose headings read the same, in the same order."""
    text = "\x1f".join(normalise(h) for h in headings)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def table_headings(table: dict[str, Any]) -> list[str]:
    return [str(c.get("heading", "")) for c in table.get("columns", [])]


def table_roles(table: dict[str, Any]) -> list[str]:
    return [str(c.get("role", "extra")) for c in table.get("columns", [])]


def column_corrections(run: ImportRun) -> dict[str, dict[str, str]]:
    columns = (run.corrections or {}).get("columns") or {}
    return {str(t): dict(c) for t, c in columns.items() if isinstance(c, dict) and c}


@transaction.atomic
def layout_save(
    *, run: ImportRun, actor: User | None, name: str = "", only_corrected: bool = False
) -> list[SavedLayout]:
    """Save the column roles of the run's tables (with `only_corrected`, of those whose
    columns the lead corrected) as the authority's layouts, one per set of headings."""
    corrected = column_corrections(run)
    saved = []
    for table in run.understood.get("columns", []):
        if only_corrected and str(table.get("table", "")) not in corrected:
            continue
        headings, roles = table_headings(table), table_roles(table)
        if not headings:
            continue
        # A table's place names its file too ("plan.docx, table 2"; a CSV's is its name).
        title = (name.strip() or str(table.get("where") or run.filename))[:200]
        layout, created = SavedLayout.objects.get_or_create(
            authority=run.authority,
            signature=heading_signature(headings),
            defaults={"name": title, "headings": headings, "roles": roles, "created_by": actor},
        )
        if not created:
            before = list(layout.roles)
            layout.headings, layout.roles = headings, roles
            if name.strip():
                layout.name = title
            layout.save(update_fields=["headings", "roles", "name", "updated_at"])
        audit_record(
            authority=run.authority,
            actor=actor,
            verb="import_layout_saved",
            obj=layout,
            changes={"roles": roles} if created else {"roles": {"from": before, "to": roles}},
        )
        saved.append(layout)
    return saved


@transaction.atomic
def layout_delete(*, layout: SavedLayout, actor: User | None) -> None:
    audit_record(
        authority=layout.authority,
        actor=actor,
        verb="import_layout_deleted",
        obj=layout,
        changes={"headings": layout.headings},
    )
    layout.delete()


@dataclass(frozen=True)
class Offer:
    """A saved layout whose headings match one of a run's tables."""

    table: str
    where: str
    layout: SavedLayout


def matching(authority: Authority, tables: list[dict[str, Any]]) -> list[Offer]:
    """The authority's saved layouts that match the tables read, one per table."""
    signatures = {heading_signature(table_headings(t)): t for t in tables if t.get("columns")}
    found = SavedLayout.objects.filter(authority=authority, signature__in=list(signatures))
    offers = []
    for layout in found.order_by("name", "pk"):
        table = signatures[layout.signature]
        if len(layout.roles) == len(table.get("columns", [])):
            offers.append(Offer(str(table.get("table", "")), str(table.get("where", "")), layout))
    return sorted(offers, key=lambda o: (int(o.table) if o.table.isdecimal() else 0, o.table))


def with_layout(
    corrections: dict[str, Any], table: dict[str, Any], layout: SavedLayout
) -> dict[str, Any]:
    """`corrections` with the layout's roles for the table's columns (a role the reader gave
    already needs no correction) and a note of which layout was used."""
    result = copy.deepcopy(corrections or {})
    table_id = str(table.get("table", ""))
    columns = result.setdefault("columns", {})
    mine: dict[str, str] = {}
    for column, role in zip(table.get("columns", []), layout.roles, strict=False):
        if role != column.get("read_as", column.get("role")):
            mine[str(column.get("index", ""))] = role
    if mine:
        columns[table_id] = mine
    else:
        columns.pop(table_id, None)
    result.setdefault("layouts", {})[table_id] = {
        "id": layout.pk,
        "name": layout.name,
        "saved": layout.updated_at.date().isoformat(),
    }
    return result
