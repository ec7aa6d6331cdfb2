"""CSV with any common delimiter and encoding (including Windows-1252 from Excel)."""

from __future__ import annotations

import csv
import io

from stocktake.imports.document import Document, ReadError, Table, Where
from stocktake.imports.readers.encoding import decode

DELIMITERS = ",;\t|"


def read(name: str, data: bytes) -> Document:
    text = decode(name, data)
    sample = text[:20_000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, DELIMITERS)
    except csv.Error:
        dialect = csv.excel_tab if name.lower().endswith(".tsv") else csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise ReadError(f"{name} is not a CSV file that can be read: {error}") from None
    table = Table(
        rows=[[cell.strip() for cell in row] for row in rows],
        where=Where(name),
        row_numbers=list(range(1, len(rows) + 1)),
    )
    return Document(name=name, blocks=[table])
