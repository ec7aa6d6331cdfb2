"""Readers turn an uploaded file into a `Document`, refusing what cannot be read safely."""

from __future__ import annotations

from pathlib import PurePath

from stocktake.imports.document import Document, ReadError
from stocktake.imports.readers import csv_reader, docx_reader, text_reader, xlsx_reader
from stocktake.imports.readers.safety import MAX_BYTES, check_size

READERS = {
    ".docx": docx_reader.read,
    ".xlsx": xlsx_reader.read,
    ".csv": csv_reader.read,
    ".txt": text_reader.read,
    ".text": text_reader.read,
    ".md": text_reader.read,
    ".tsv": csv_reader.read,
}
REFUSED = {
    ".xlsm": "This workbook contains macros (.xlsm), which Stocktake does not open. Save it as "
    "an Excel Workbook (.xlsx) without macros and upload that.",
    ".docm": "This document contains macros (.docm), which Stocktake does not open. Save it as "
    "a Word Document (.docx) and upload that.",
    ".xls": "This is an old-style Excel file (.xls). Save it as an Excel Workbook (.xlsx) and "
    "upload that.",
    ".doc": "This is an old-style Word file (.doc). Save it as a Word Document (.docx) and "
    "upload that.",
    ".pdf": "Stocktake cannot read tables from a PDF reliably. Copy the plan's table into a "
    "text file, or upload the Word or Excel file the PDF was made from.",
}
ACCEPTED = "a Word document (.docx), an Excel workbook (.xlsx), a CSV file or a text file"


def read_document(name: str, data: bytes) -> Document:
    """Read `data` (the file's bytes, named `name`) or raise ReadError saying why not."""
    extension = PurePath(name).suffix.lower()
    if extension in REFUSED:
        raise ReadError(REFUSED[extension])
    reader = READERS.get(extension)
    if reader is None:
        raise ReadError(f"{name} must be {ACCEPTED}")
    check_size(name, data)
    return reader(PurePath(name).name, data)


__all__ = ["ACCEPTED", "MAX_BYTES", "read_document"]
