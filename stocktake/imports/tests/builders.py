"""Plan files built in memory for the importer tests: Word, Excel, CSV and text.

Nothing here is a committed binary: every file a test imports is generated from the rows
the test writes, so the expected values are visible next to the assertions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.db.models import Model
from docx import Document as new_docx
from openpyxl import Workbook

from stocktake.audit.models import AuditEvent
from stocktake.imports.interpret import interpret
from stocktake.imports.models import ImportRun
from stocktake.imports.parsed import ParsedPlan
from stocktake.imports.readers import read_document
from stocktake.people.models import Person
from stocktake.plans.models import Action, ActionOwner, Measure, Plan, Theme, Update

SEED = Path(__file__).resolve().parents[2] / "demo" / "data" / "blackpool_12_week_plan_phase_2.txt"
SEED_WEEK1 = dt.date(2019, 1, 7)  # the seed's calendar: "Week 13 – 1 April"
HTML_TAG = re.compile(r"</?\s*(p|ul|ol|li|br|div|span)\b[^>]*>", re.I)


# Word -----------------------------------------------------------------------------------
def docx_bytes(blocks: Iterable[Any]) -> bytes:
    """A .docx from blocks: ("h1", text), ("h2", text), ("p", text), ("bullet", text), or a
    list of rows (a table; the first row is its header). A cell may hold "\\n" for lines."""
    document = new_docx()
    for block in blocks:
        if isinstance(block, list):
            _docx_table(document, block)
            continue
        kind, text = block
        if kind in ("h1", "h2", "h3"):
            document.add_heading(text, level=int(kind[1]))
        elif kind == "bullet":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_table(document: Any, rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            lines = str(value).split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)


# Excel ----------------------------------------------------------------------------------
def xlsx_bytes(
    rows: Sequence[Sequence[Any]], *, title: str = "Plan", merges: Sequence[str] = ()
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for cells in merges:
        sheet.merge_cells(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rezip(
    data: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None
) -> bytes:
    """The same Office file with some members replaced or added."""
    replace, add = replace or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, replace.get(info.filename, source.read(info.filename)))
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


# CSV and text ---------------------------------------------------------------------------
def csv_bytes(
    rows: Sequence[Sequence[str]], *, delimiter: str = ",", encoding: str = "utf-8"
) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def pipe_table(rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


# Understanding and the database -----------------------------------------------------------
def understand(name: str, data: bytes, week1: dt.date | None = None) -> ParsedPlan:
    """Read and interpret a file, as the preview does, without the database."""
    return interpret(read_document(name, data), week1=week1)


def by_ref(parsed: ParsedPlan) -> dict[str, Any]:
    return {a.reference: a for a in parsed.actions}


# Whatever model holds the findings a plan lists (the plan's appendix, the findings register).
FINDING: type[Model] = Plan.findings.rel.model
COUNTED: list[type[Model]] = [
    Plan,
    Theme,
    Action,
    ActionOwner,
    Update,
    Person,
    Measure,
    FINDING,
    AuditEvent,
]


def row_counts() -> dict[str, int]:
    """How many rows the tables an import writes to hold (ImportRun apart)."""
    counts = {model.__name__: model._default_manager.count() for model in COUNTED}
    counts["ImportRun"] = ImportRun.objects.count()
    return counts


def all_text(action: Any) -> list[str]:
    """Every text field of a parsed action, owners and updates included."""
    texts = [action.reference, action.theme, action.text, action.impact, action.outcome]
    texts += [action.deadline_text, *action.cross_references, *action.extra.values()]
    texts += [*action.extra.keys()]
    for owner in action.owners:
        texts += [owner.name, owner.title, owner.organisation]
    texts += [update.text for update in action.updates]
    return [t for t in texts if t]
