"""Excel workbooks: every sheet, header anywhere, merged cells, formulas reported."""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile

from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from stocktake.imports.document import Document, Paragraph, ReadError, Table, Where
from stocktake.imports.readers.safety import open_office_zip


def _shows_month_only(number_format: str) -> bool:
    """A date format that shows the month and year and no day ("mmm-yy", "mmmm yyyy")."""
    shown = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format.lower())
    return "m" in shown and "y" in shown and "d" not in shown and "h" not in shown


def _text(value: object, number_format: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date) and _shows_month_only(number_format):
        # A date shown as "Jun-24" says a month: read what the person sees, never the 1st.
        return f"{value:%B %Y}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_GENERIC_SHEET = re.compile(r"^(sheet\s*\d*|plan|action plan|actions?|data|table\s*\d*)$", re.I)


def _sheet_extras(archive: zipfile.ZipFile, path: str) -> tuple[list[str], list[str]]:
    """(formula cells, merged ranges) of one sheet, read by streaming its XML."""
    formulas: list[str] = []
    merges: list[str] = []
    try:
        with archive.open(path) as stream:
            for _, element in etree.iterparse(
                stream, events=("end",), tag=(f"{_NS}c", f"{_NS}mergeCell")
            ):
                if element.tag == f"{_NS}mergeCell":
                    merges.append(element.get("ref", ""))
                elif element.find(f"{_NS}f") is not None:
                    formulas.append(element.get("r", ""))
                element.clear()
    except (KeyError, etree.XMLSyntaxError):
        return [], []
    return formulas, merges


def _apply_merges(table: Table, merges: list[str], numbers: list[int]) -> None:
    """Carry a cell merged down into the rows it covers; mark rows merged across."""
    row_at = {number: index for index, number in enumerate(numbers)}
    for ref in merges:
        try:
            first_col, first_row, last_col, last_row = range_boundaries(ref)
        except (TypeError, ValueError):
            continue
        if first_col is None or first_row is None or last_col is None or last_row is None:
            continue
        top = row_at.get(first_row)
        if top is None:
            continue
        width = len(table.rows[top])
        if last_col - first_col + 1 >= max(2, width - 1) and width >= 3:
            table.merged_rows.add(top)
        column = first_col - 1
        if column >= len(table.rows[top]):
            continue
        text = table.rows[top][column]
        for number in range(first_row + 1, last_row + 1):
            below = row_at.get(number)
            if below is None or not text:
                continue
            row = table.rows[below]
            while len(row) <= column:
                row.append("")
            row[column] = text
            table.carried.add((below, column))


def read(name: str, data: bytes) -> Document:
    archive = open_office_zip(name, data, "Excel")
    if any(m.filename.lower().endswith("vbaproject.bin") for m in archive.infolist()):
        raise ReadError(
            f"{name} contains macros, which Stocktake does not open. Save it as "
            "an Excel Workbook (.xlsx) without macros and upload that"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Read-only: rows are streamed from the file, not all held as cell objects.
            values = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except Exception:
        raise ReadError(f"{name} is damaged or is not really an Excel workbook") from None
    blocks: list[Paragraph | Table] = []
    try:
        sheets = list(values.worksheets)
        for sheet in sheets:
            where = Where(name, f"sheet “{sheet.title}”")
            path = getattr(sheet, "_worksheet_path", "")
            formulas, merges = _sheet_extras(archive, path) if path else ([], [])
            rows: list[list[str]] = []
            numbers: list[int] = []
            if hasattr(sheet, "reset_dimensions"):
                # Read-only sheets trust the size the writing program recorded, which some
                # programs get wrong ("A1"): read every row there really is.
                sheet.reset_dimensions()
            for number, row in enumerate(sheet.iter_rows(), start=1):
                cells = [
                    _text(cell.value, getattr(cell, "number_format", "") or "") for cell in row
                ]
                while cells and not cells[-1]:
                    cells.pop()
                if any(cells):
                    rows.append(cells)
                    numbers.append(number)
            if formulas:
                more = "…" if len(formulas) > 10 else ""
                blocks.append(
                    Paragraph(text=f"__formula__ {', '.join(formulas[:10])}{more}", where=where)
                )
            if rows:
                width = max(len(r) for r in rows)
                for r in rows:
                    r.extend([""] * (width - len(r)))
                table = Table(rows=rows, where=where, row_numbers=numbers)
                _apply_merges(table, merges, numbers)
                if len(sheets) > 1 and not _GENERIC_SHEET.match(sheet.title.strip()):
                    blocks.append(
                        Paragraph(
                            text=sheet.title.strip(), where=where, heading_level=1, sheet=True
                        )
                    )
                blocks.append(table)
    except ReadError:
        raise
    except Exception:
        raise ReadError(f"{name} is damaged or is not really an Excel workbook") from None
    finally:
        values.close()
    return Document(name=name, blocks=blocks)
