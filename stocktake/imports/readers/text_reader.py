"""Plain text: tab-separated tables (as Word's text export gives), `|` tables, paragraphs."""

from __future__ import annotations

import re

from stocktake.imports.document import Document, Paragraph, Table, Where
from stocktake.imports.readers.encoding import decode

_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_BULLET = re.compile(r"^\s*([•·▪‣◦*-]|\d+[.)])\s+")


def _cells(line: str) -> list[str] | None:
    if "\t" in line:
        return line.split("\t")
    if line.count("|") >= 2:
        inner = line.strip()
        inner = inner[1:] if inner.startswith("|") else inner
        inner = inner[:-1] if inner.endswith("|") else inner
        return [cell.strip() for cell in inner.split("|")]
    return None


def read(name: str, data: bytes) -> Document:
    text = decode(name, data)
    blocks: list[Paragraph | Table] = []
    table: Table | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if _PIPE_RULE.match(line) and table is not None:
            continue
        cells = _cells(line)
        if cells is not None:
            if table is None:
                table = Table(rows=[], where=Where(name, f"table at line {number}"))
                blocks.append(table)
            table.rows.append(cells)
            table.row_numbers.append(number)
            continue
        table = None
        if line.strip():
            blocks.append(
                Paragraph(
                    text=line.strip(),
                    where=Where(name, f"line {number}"),
                    bullet=bool(_BULLET.match(line)),
                )
            )
    return Document(name=name, blocks=blocks)
