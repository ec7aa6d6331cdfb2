"""Excel workbooks: every sheet, header anywhere, merged cells, formulas reported."""

from __future__ import annotations

import datetime as dt
import io
import warnings

from openpyxl import load_workbook

from stocktake.imports.document import Document, Paragraph, ReadError, Table, Where
from stocktake.imports.readers.safety import open_office_zip


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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
            values = load_workbook(io.BytesIO(data), data_only=True)
            formulas = load_workbook(io.BytesIO(data), data_only=False)
    except Exception:
        raise ReadError(f"{name} is damaged or is not really an Excel workbook") from None
    blocks: list[Paragraph | Table] = []
    for sheet in values.worksheets:
        where = Where(name, f"sheet “{sheet.title}”")
        formula_sheet = formulas[sheet.title]
        rows, numbers, notes = [], [], []
        for row in sheet.iter_rows():
            cells = []
            for cell in row:
                raw = formula_sheet[cell.coordinate].value
                if isinstance(raw, str) and raw.startswith("="):
                    notes.append(cell.coordinate)
                cells.append(_text(cell.value))
            if any(cells):
                rows.append(cells)
                numbers.append(row[0].row)
        if notes:
            blocks.append(
                Paragraph(
                    text=f"__formula__ {', '.join(notes[:10])}{'…' if len(notes) > 10 else ''}",
                    where=where,
                )
            )
        if rows:
            blocks.append(Table(rows=rows, where=where, row_numbers=numbers))
    return Document(name=name, blocks=blocks)
