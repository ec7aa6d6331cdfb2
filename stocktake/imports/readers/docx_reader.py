"""Word documents: every table in order, with the headings and paragraphs around it."""

from __future__ import annotations

import io

from docx import Document as open_docx
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from stocktake.imports.document import Document, Paragraph, ReadError, Table, Where
from stocktake.imports.readers.safety import open_office_zip


def _is_list(paragraph: DocxParagraph) -> bool:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    props = paragraph._p.pPr
    return "List" in style or (props is not None and props.numPr is not None)


def _heading_level(paragraph: DocxParagraph) -> int:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.startswith("Heading"):
        digits = "".join(ch for ch in style if ch.isdigit())
        return int(digits) if digits else 1
    return 1 if style == "Title" else 0


def _cell_text(cell) -> str:  # type: ignore[no-untyped-def]
    lines = []
    for paragraph in cell.paragraphs:
        text = paragraph.text.strip()
        if text:
            lines.append(f"• {text}" if _is_list(paragraph) else text)
    return "\n".join(lines)


def _table_rows(table: DocxTable) -> list[list[str]]:
    """Rows of text; a merged cell's text appears once, in its first row and column."""
    rows: list[list[str]] = []
    above: list[object] = []
    for row in table.rows:
        cells, seen = [], []
        for index, cell in enumerate(row.cells):
            tc = cell._tc
            repeated_across = bool(seen) and seen[-1] is tc
            repeated_down = index < len(above) and above[index] is tc
            cells.append("" if repeated_across or repeated_down else _cell_text(cell))
            seen.append(tc)
        rows.append(cells)
        above = seen
    return rows


def read(name: str, data: bytes) -> Document:
    archive = open_office_zip(name, data, "Word")
    if any(m.filename.lower().endswith("vbaproject.bin") for m in archive.infolist()):
        raise ReadError(
            f"{name} contains macros, which Stocktake does not open. Save it as a "
            "Word Document (.docx) without macros and upload that"
        )
    try:
        document = open_docx(io.BytesIO(data))
    except Exception:
        raise ReadError(f"{name} is damaged or is not really a Word document") from None
    blocks: list[Paragraph | Table] = []
    tables = paragraphs = 0
    for item in document.iter_inner_content():
        if isinstance(item, DocxTable):
            tables += 1
            blocks.append(Table(rows=_table_rows(item), where=Where(name, f"table {tables}")))
        else:
            paragraphs += 1
            if item.text.strip():
                blocks.append(
                    Paragraph(
                        text=item.text.strip(),
                        where=Where(name, f"paragraph {paragraphs}"),
                        heading_level=_heading_level(item),
                        bullet=_is_list(item),
                    )
                )
    return Document(name=name, blocks=blocks)
