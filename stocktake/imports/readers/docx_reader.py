"""Word documents: every table in order, with the headings and paragraphs around it."""

from __future__ import annotations

import io

from docx import Document as open_docx
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from stocktake.imports.document import Document, Paragraph, ReadError, Table, Where
from stocktake.imports.readers.safety import open_office_zip


class _StyleNames:
    """Paragraph style names by style id, looked up once per document.

    python-docx's `paragraph.style` scans every style definition on each call (a 1,000-row
    plan has tens of thousands of paragraphs), so the reader reads the id from the XML.
    """

    def __init__(self, document) -> None:  # type: ignore[no-untyped-def]
        self.names = {s.style_id: s.name or "" for s in document.styles}

    def of(self, paragraph: DocxParagraph) -> str:
        props = paragraph._p.pPr
        style_id = props.pStyle.val if props is not None and props.pStyle is not None else None
        return self.names.get(style_id, "") if style_id else ""


def _is_list(paragraph: DocxParagraph, styles: _StyleNames) -> bool:
    props = paragraph._p.pPr
    return "List" in styles.of(paragraph) or (props is not None and props.numPr is not None)


def _heading_level(paragraph: DocxParagraph, styles: _StyleNames) -> int:
    style = styles.of(paragraph)
    if style.startswith("Heading"):
        digits = "".join(ch for ch in style if ch.isdigit())
        return int(digits) if digits else 1
    return 1 if style == "Title" else 0


def _cell_text(cell, styles: _StyleNames) -> str:  # type: ignore[no-untyped-def]
    lines = []
    for paragraph in cell.paragraphs:
        text = paragraph.text.strip()
        if text:
            lines.append(f"• {text}" if _is_list(paragraph, styles) else text)
    return "\n".join(lines)


def _table_rows(table: DocxTable, styles: _StyleNames) -> list[list[str]]:
    """Rows of text; a merged cell's text appears once, in its first row and column."""
    rows: list[list[str]] = []
    above: list[object] = []
    for row in table.rows:
        cells, seen = [], []
        for index, cell in enumerate(row.cells):
            tc = cell._tc
            repeated_across = bool(seen) and seen[-1] is tc
            repeated_down = index < len(above) and above[index] is tc
            cells.append("" if repeated_across or repeated_down else _cell_text(cell, styles))
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
    styles = _StyleNames(document)
    blocks: list[Paragraph | Table] = []
    tables = paragraphs = 0
    for item in document.iter_inner_content():
        if isinstance(item, DocxTable):
            tables += 1
            blocks.append(
                Table(rows=_table_rows(item, styles), where=Where(name, f"table {tables}"))
            )
        else:
            paragraphs += 1
            if item.text.strip():
                blocks.append(
                    Paragraph(
                        text=item.text.strip(),
                        where=Where(name, f"paragraph {paragraphs}"),
                        heading_level=_heading_level(item, styles),
                        bullet=_is_list(item, styles),
                    )
                )
    return Document(name=name, blocks=blocks)
