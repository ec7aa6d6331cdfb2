"""The lead corrects how a file was read — a column's role, a row's type, a saved layout —
and the preview is read again from the stored file with the corrections (ADR 0022)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from stocktake.accounts.models import User
from stocktake.audit.services import audit_record
from stocktake.imports.layouts import matching, with_layout
from stocktake.imports.models import ImportRun, SavedLayout
from stocktake.imports.overrides import COLUMN_ROLES, ROW_TYPES, Overrides
from stocktake.imports.parsed import Problem
from stocktake.imports.presenters import ROLE_NAMES, ROW_NAMES
from stocktake.imports.services import STALE, ImportRefused, run_import


class CorrectionRefused(Exception):
    """The correction was not applied; `problems` say why. Nothing was changed."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def _locked(run: ImportRun, expected_version: int) -> ImportRun:
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.status != ImportRun.Status.PREVIEWED:
        raise CorrectionRefused([Problem(run.filename, "This import has already been dealt with")])
    if expected_version != run.version:
        raise CorrectionRefused([Problem(run.filename, STALE)])
    return run


def _tables(run: ImportRun) -> dict[str, dict[str, Any]]:
    return {str(t.get("table", "")): t for t in run.understood.get("columns", [])}


def _check(
    run: ImportRun,
    columns: Mapping[tuple[str, int], str],
    rows: Mapping[tuple[str, int], str],
) -> list[Problem]:
    """Every correction names a table, column and row the preview shows, and a role or type
    Stocktake knows."""
    tables = _tables(run)
    known_rows = {(str(r.get("table")), r.get("row")) for r in run.understood.get("rows", [])}
    problems = []
    for (table, index), role in columns.items():
        found = tables.get(table)
        if found is None or not 0 <= index < len(found.get("columns", [])):
            problems.append(
                Problem(run.filename, f"Table {table} has no column {index + 1} to correct")
            )
        elif role not in COLUMN_ROLES:
            heading = found["columns"][index].get("heading") or f"column {index + 1}"
            problems.append(Problem(run.filename, f"Choose what the column “{heading}” holds"))
    for (table, index), kind in rows.items():
        if (table, index) not in known_rows:
            problems.append(Problem(run.filename, f"Table {table} has no row {index} to correct"))
        elif kind not in ROW_TYPES:
            problems.append(Problem(run.filename, f"Choose what row {index} of table {table} is"))
    return problems


def _merged(
    run: ImportRun,
    columns: Mapping[tuple[str, int], str],
    rows: Mapping[tuple[str, int], str],
) -> dict[str, Any]:
    """The run's corrections with these: a column set back to the reader's own role needs no
    correction; a row left as the preview showed it keeps whatever it had."""
    result = copy.deepcopy(run.corrections or {})
    tables = _tables(run)
    shown = {(str(r.get("table")), r.get("row")): r.get("type") for r in run.understood["rows"]}
    for (table, index), role in columns.items():
        read_as = tables[table]["columns"][index].get("read_as")
        mine = result.setdefault("columns", {}).setdefault(table, {})
        if role == read_as:
            mine.pop(str(index), None)
        else:
            mine[str(index)] = role
    for (table, index), kind in rows.items():
        if kind != shown.get((table, index)):
            result.setdefault("rows", {}).setdefault(table, {})[str(index)] = kind
    for key in ("columns", "rows"):
        result[key] = {t: c for t, c in result.get(key, {}).items() if c}
    return result


def _reread(run: ImportRun, corrections: dict[str, Any]) -> None:
    """Read the stored file again with `corrections` and keep the new preview."""
    try:
        parsed, outcome = run_import(run, Overrides.from_json(corrections), dry_run=True)
    except ImportRefused as refused:
        lead = Problem(
            run.filename,
            "With these corrections the file could not be read, so they were not made",
        )
        raise CorrectionRefused([lead, *refused.problems]) from None
    run.corrections = corrections
    run.understood, run.outcome = parsed.as_json(), outcome.as_json()
    run.version += 1
    run.save(update_fields=["corrections", "understood", "outcome", "version"])


def _described(changes: Mapping[tuple[str, int], str], names: Mapping[str, str]) -> list[str]:
    return [f"table {t}, {i}: {names.get(v, v)}" for (t, i), v in sorted(changes.items())]


@transaction.atomic
def import_run_correct(
    *,
    run: ImportRun,
    actor: User | None,
    expected_version: int,
    columns: Mapping[tuple[str, int], str],
    rows: Mapping[tuple[str, int], str],
    reset: bool = False,
) -> ImportRun:
    """Correct the roles of columns (by table and column index) and the types of rows (by
    table and row index), or with `reset` drop every correction, and read the file again."""
    run = _locked(run, expected_version)
    if "rows" not in run.understood:
        # Previewed before corrections were possible: its tables have no ids to correct by.
        # Read it again, so the preview offers them.
        _reread(run, {})
        return run
    problems = _check(run, columns, rows)
    if problems:
        raise CorrectionRefused(problems)
    corrections = {} if reset else _merged(run, columns, rows)
    if corrections == (run.corrections or {}):
        return run
    _reread(run, corrections)
    audit_record(
        authority=run.authority,
        actor=actor,
        verb="import_corrected",
        obj=run,
        changes={
            "columns": _described(columns, ROLE_NAMES),
            "rows": _described(rows, ROW_NAMES),
            "reset": reset,
        },
    )
    return run


@transaction.atomic
def import_run_use_layout(
    *, run: ImportRun, actor: User | None, expected_version: int, layout: SavedLayout
) -> ImportRun:
    """Read the run's tables whose headings match the layout's with its column roles."""
    run = _locked(run, expected_version)
    if layout.authority_id != run.authority_id:
        raise CorrectionRefused([Problem(run.filename, "No such layout")])
    corrections = copy.deepcopy(run.corrections or {})
    tables = _tables(run)
    used = [o for o in matching(run.authority, list(tables.values())) if o.layout.pk == layout.pk]
    if not used:
        raise CorrectionRefused(
            [Problem(run.filename, f"The layout “{layout.name}” matches no table in this file")]
        )
    for offer in used:
        corrections = with_layout(corrections, tables[offer.table], layout)
    _reread(run, corrections)
    audit_record(
        authority=run.authority,
        actor=actor,
        verb="import_layout_used",
        obj=run,
        changes={"layout": layout.name, "tables": [o.table for o in used]},
    )
    return run
