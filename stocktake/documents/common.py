"""What every renderer shares: cell text, the one formula neutraliser, the RAG shading of a
row, the issue date, and rewriting a zip with fixed timestamps so the same document gives the
same bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from stocktake.documents.blocks import ReportDocument, Table

# Light tints (black text on them passes WCAG AA) with the words that go with them.
MARK_FILLS = {"red": "F6D7D2", "amber": "FFE9C7", "green": "CCE2D8", "grey": "E5E7E8"}
MARK_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "grey": "Grey"}
MARK_COLUMN_WORDS = ("rag", "status", "rating", "judgement")
# A spreadsheet runs a cell starting with one of these as a formula (or, for tab and carriage
# return, may shift it into one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet will show as written, never run: text that would start a formula
    gets a leading apostrophe. Anything but text (numbers, None) is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell_text(value: str | int | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    return value


def mark_column(table: Table) -> int | None:
    """The column whose cells a row's mark shades: the first headed RAG, status, rating or
    judgement (None if the table has no marks or no such column)."""
    if not any(table.row_marks):
        return None
    for index, name in enumerate(table.columns):
        if any(word in name.lower() for word in MARK_COLUMN_WORDS):
            return index
    return None


def issue_moment(document: ReportDocument) -> dt.datetime:
    """Midday on the day the snapshot was taken ("28 June 2019"), for file dates."""
    try:
        day = dt.datetime.strptime(document.prepared_on, "%d %B %Y").date()
    except ValueError:
        day = dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=dt.UTC)


def fixed_zip(data: bytes, moment: dt.datetime) -> bytes:
    """The same zip with every entry dated `moment` and stored in a fixed order."""
    stamp = (max(moment.year, 1980), moment.month, moment.day, 12, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
