"""A `ReportDocument`'s data as an Excel workbook.

An "About" sheet first (title, authority, period, prepared on, and what each sheet holds),
then one sheet per table name (`Table.sheet`; tables sharing a name are stacked on one
sheet), then the figures behind each chart. Header rows are styled and frozen, numbers stay
numbers, and text that a spreadsheet would run as a formula is neutralised.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from stocktake.documents.blocks import Chart, ReportDocument, Table
from stocktake.documents.common import (
    MARK_FILLS,
    fixed_zip,
    issue_moment,
    mark_column,
    neutralise,
)

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B0C0C")
TITLE_FONT = Font(bold=True, size=13)
MAX_WIDTH = 60
SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(wanted: str, used: set[str]) -> str:
    base = SHEET_BAD.sub("-", wanted).strip("'") or "Data"
    base = base[:31]
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _header(sheet: Any, row: int, names: list[str]) -> None:
    for column, name in enumerate(names, start=1):
        cell = sheet.cell(row=row, column=column, value=neutralise(name))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(sheet: Any) -> None:
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            longest = max(len(line) for line in str(cell.value).split("\n"))
            widths[cell.column] = max(widths.get(cell.column, 8), min(longest + 2, MAX_WIDTH))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width


def _write_table(sheet: Any, row: int, table: Table, with_title: bool) -> int:
    """Write `table` from `row`; return the row after it (and a blank line)."""
    if with_title:
        sheet.cell(row=row, column=1, value=neutralise(table.title)).font = TITLE_FONT
        row += 1
    _header(sheet, row, table.columns)
    header_row = row
    marked = mark_column(table)
    for index, values in enumerate(table.rows):
        row += 1
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=neutralise(value))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            mark = table.row_marks[index] if index < len(table.row_marks) else ""
            if marked is not None and column - 1 == marked and mark in MARK_FILLS:
                cell.fill = PatternFill("solid", fgColor=MARK_FILLS[mark])
    if sheet.freeze_panes is None:
        sheet.freeze_panes = f"A{header_row + 1}"
    return row + 2


def _about(sheet: Any, doc: ReportDocument, contents: list[tuple[str, str]]) -> None:
    sheet.title = "About"
    sheet.cell(row=1, column=1, value=neutralise(doc.title)).font = TITLE_FONT
    facts = [
        ("Authority", doc.authority),
        ("For", doc.subtitle),
        ("Period", doc.period_label),
        ("Prepared on", doc.prepared_on),
        ("Classification", doc.classification),
    ]
    row = 3
    for name, value in facts:
        if value:
            sheet.cell(row=row, column=1, value=name).font = Font(bold=True)
            sheet.cell(row=row, column=2, value=neutralise(value))
            row += 1
    row += 1
    _header(sheet, row, ["Sheet", "What it holds"])
    for name, what in contents:
        row += 1
        sheet.cell(row=row, column=1, value=neutralise(name))
        sheet.cell(row=row, column=2, value=neutralise(what))
    _widths(sheet)


def _chart_rows(chart: Chart) -> list[list[Any]]:
    data = chart.data
    if data.get("chart") == "bars":  # one row per bar segment: category, series, count
        return [
            [chart.title, f"{category}: {line['label']}", line["values"][i], None, None]
            for i, category in enumerate(data.get("categories", []))
            for line in data.get("series", [])
        ]
    values = data.get("values", [])
    targets = data.get("target", [])
    labels = data.get("x_labels", [])
    return [
        [
            chart.title,
            labels[i] if i < len(labels) else "",
            values[i],
            targets[i] if i < len(targets) else None,
            data.get("mean"),
        ]
        for i in range(len(values))
    ]


def render_xlsx(doc: ReportDocument) -> bytes:
    book = Workbook()
    about = book.active
    used = {"about"}
    by_sheet: dict[str, list[Table]] = {}
    for table in doc.tables():
        by_sheet.setdefault(table.sheet or table.title or "Data", []).append(table)
    contents: list[tuple[str, str]] = []
    for wanted, tables in by_sheet.items():
        name = _sheet_name(wanted, used)
        sheet = book.create_sheet(name)
        row = 1
        stacked = len(tables) > 1
        for table in tables:
            row = _write_table(sheet, row, table, with_title=stacked)
        _widths(sheet)
        contents.append((name, "; ".join(t.title for t in tables if t.title) or wanted))
    charts = doc.charts()
    if charts:
        name = _sheet_name("Chart figures", used)
        sheet = book.create_sheet(name)
        figures = Table(
            title="Chart figures",
            columns=["Chart", "Period", "Value", "Target", "Mean"],
            rows=[row for chart in charts for row in _chart_rows(chart)],
        )
        _write_table(sheet, 1, figures, with_title=False)
        _widths(sheet)
        contents.append((name, "The figures plotted in each chart, period by period"))
    _about(about, doc, contents)
    moment = issue_moment(doc).replace(tzinfo=None)
    book.properties.creator = doc.authority
    book.properties.title = doc.title
    book.properties.created = moment
    book.properties.modified = moment
    out = io.BytesIO()
    book.save(out)
    return fixed_zip(out.getvalue(), moment.replace(tzinfo=dt.UTC))
