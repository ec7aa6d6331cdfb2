"""Word documents: every table in order, with the headings and paragraphs around it.

python-docx opens and parses the file; the reader then walks its XML tree itself (lxml),
because building python-docx's proxies for every row, cell, paragraph and run, and its XPath
queries behind them, took most of the time of a 1,000-action import. What it reads is what
python-docx's own `Document.iter_inner_content()`, `Table.rows`, `_Row.cells`,
`_Cell.paragraphs` and `Paragraph.text` give: the same elements, the same text.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document as open_docx
from docx.oxml.ns import qn

from stocktake.imports.document import Document, Paragraph, ReadError, Table, Where
from stocktake.imports.readers.safety import open_office_zip

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_PPR, _PSTYLE, _NUMPR, _VAL = qn("w:pPr"), qn("w:pStyle"), qn("w:numPr"), qn("w:val")
_TCPR, _GRIDSPAN, _VMERGE = qn("w:tcPr"), qn("w:gridSpan"), qn("w:vMerge")
_R, _HYPERLINK, _T = qn("w:r"), qn("w:hyperlink"), qn("w:t")
# Run children that stand for text (`CT_R.text`): tabs, breaks and hyphens as python-docx
# renders them (its element classes' `str()`), plain text as itself.
_RUN_TEXT = {qn(f"w:{tag}") for tag in ("br", "cr", "noBreakHyphen", "ptab", "tab")}


class _StyleNames:
    """Paragraph style names by style id, looked up once per document.

    python-docx's `paragraph.style` scans every style definition on each call (a 1,000-row
    plan has tens of thousands of paragraphs), so the reader reads the id from the XML.
    """

    def __init__(self, document: Any) -> None:
        self.names = {s.style_id: s.name or "" for s in document.styles}

    def of(self, p: Any) -> str:
        props = p.find(_PPR)
        style = props.find(_PSTYLE) if props is not None else None
        style_id = style.get(_VAL) if style is not None else None
        return self.names.get(style_id, "") if style_id else ""


def _run_text(run: Any) -> str:
    return "".join(
        (child.text or "") if child.tag == _T else str(child)
        for child in run
        if child.tag == _T or child.tag in _RUN_TEXT
    )


def _text(p: Any) -> str:
    """A paragraph's text, as python-docx's `Paragraph.text`: its runs and hyperlinks."""
    parts = []
    for child in p:
        if child.tag == _R:
            parts.append(_run_text(child))
        elif child.tag == _HYPERLINK:
            parts.extend(_run_text(r) for r in child if r.tag == _R)
    return "".join(parts)


def _is_list(p: Any, styles: _StyleNames) -> bool:
    props = p.find(_PPR)
    return "List" in styles.of(p) or (props is not None and props.find(_NUMPR) is not None)


def _heading_level(p: Any, styles: _StyleNames) -> int:
    style = styles.of(p)
    if style.startswith("Heading"):
        digits = "".join(ch for ch in style if ch.isdigit())
        return int(digits) if digits else 1
    return 1 if style == "Title" else 0


def _cell_text(tc: Any, styles: _StyleNames) -> str:
    lines = []
    for p in tc.iterchildren(_P):
        text = _text(p).strip()
        if text:
            lines.append(f"• {text}" if _is_list(p, styles) else text)
    return "\n".join(lines)


def _grid_cells(tc: Any) -> list[Any]:
    """The cell elements `tc` stands for in the layout grid, as python-docx's `_Row.cells`:
    one per grid column it spans; a vertically merged continuation stands for the cell
    above it (python-docx's own look-up, for the rare cells that have either)."""
    props = tc.find(_TCPR)
    if props is None or (props.find(_VMERGE) is None and props.find(_GRIDSPAN) is None):
        return [tc]
    while tc.vMerge == "continue":
        tc = tc._tc_above
    return [tc] * tc.grid_span


def _table_rows(tbl: Any, styles: _StyleNames) -> Table:
    """Rows of text. A cell merged across shows its text once, in its first column; a cell
    merged down shows it in every row it covers, marked as carried."""
    table = Table(rows=[], where=Where(""))
    above: list[Any] = []
    before: list[str] = []
    for tr in tbl.iterchildren(_TR):
        cells: list[str] = []
        seen: list[Any] = []
        widest = 0
        for element in tr.iterchildren(_TC):
            grid = _grid_cells(element)
            widest = max(widest, len(grid))
            for tc in grid:
                index = len(seen)
                repeated_across = bool(seen) and seen[-1] is tc
                repeated_down = index < len(above) and above[index] is tc
                if repeated_across:
                    cells.append("")
                elif repeated_down:
                    cells.append(before[index])
                    if cells[-1]:
                        table.carried.add((len(table.rows), index))
                else:
                    cells.append(_cell_text(tc, styles))
                seen.append(tc)
        if len(cells) >= 3 and widest >= len(cells) - 1:
            table.merged_rows.add(len(table.rows))
        table.rows.append(cells)
        above, before = seen, cells
    return table


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
    for item in document.element.body:
        if item.tag == _TBL:
            tables += 1
            table = _table_rows(item, styles)
            table.where = Where(name, f"table {tables}")
            blocks.append(table)
        elif item.tag == _P:
            paragraphs += 1
            text = _text(item).strip()
            if text:
                blocks.append(
                    Paragraph(
                        text=text,
                        where=Where(name, f"paragraph {paragraphs}"),
                        heading_level=_heading_level(item, styles),
                        bullet=_is_list(item, styles),
                    )
                )
    return Document(name=name, blocks=blocks)
