"""Stocktake's one document layer: every report and export is a `ReportDocument`, rendered
to Word, PDF or Excel here and nowhere else (ADR 11, ADR 15).

Build a document from plain blocks (`stocktake.documents.blocks`: headings, paragraphs,
bullets, tables, charts), then render it::

    from stocktake.documents import render
    from stocktake.documents.blocks import Heading, ReportDocument, Table

    doc = ReportDocument(title="Case audits", authority=authority.name,
                         prepared_on="3 June 2019", blocks=[Heading("Results"), Table(...)])
    word = render(doc, "docx")          # also "pdf" (the Word file, converted) and "xlsx"

- Word: a cover, a contents list, real heading styles, "Page X of Y", tables whose header
  repeats and whose RAG or status cells are shaded and say their colour in words, charts.
- Excel: an "About" sheet, one sheet per `Table.sheet`, the figures behind each chart;
  numbers stay numbers.
- CSV (`table_csv`): one table.
- Every text cell of a spreadsheet or CSV goes through `common.neutralise`, so a typed
  formula is never run. Content types are in `formats.CONTENT_TYPES`.
- PDF is made by the STOCKTAKE_PDF_CONVERTER (`pdf`); `pdf_enabled()` says whether this server
  makes PDFs at all, and `document_formats()` lists what an issued report gets.

The same document always gives the same Word and Excel bytes (dates are the document's own).
"""

from __future__ import annotations

from collections.abc import Callable

from stocktake.documents.blocks import ReportDocument
from stocktake.documents.errors import RenderError

FORMATS = ("docx", "pdf", "xlsx")

__all__ = ["FORMATS", "RenderError", "document_formats", "render", "render_all", "renderer"]


def renderer(fmt: str) -> Callable[[ReportDocument], bytes]:
    if fmt == "docx":
        from stocktake.documents.docx import render_docx

        return render_docx
    if fmt == "pdf":
        from stocktake.documents.pdf import render_pdf

        return render_pdf
    if fmt == "xlsx":
        from stocktake.documents.xlsx import render_xlsx

        return render_xlsx
    raise RenderError(f"There is no format “{fmt}”. Choose docx, pdf or xlsx.")


def render(document: ReportDocument, fmt: str) -> bytes:
    """`document` as `fmt` (docx, pdf or xlsx)."""
    return renderer(fmt)(document)


def document_formats() -> tuple[str, ...]:
    """The formats a document is issued in on this server: PDF only if it makes PDFs."""
    from stocktake.documents.pdf import pdf_enabled

    return FORMATS if pdf_enabled() else tuple(f for f in FORMATS if f != "pdf")


def render_all(
    document: ReportDocument,
    formats: tuple[str, ...] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, bytes]:
    """Every format of `document` (by default `document_formats()`); the PDF is made from the
    very Word file returned with it. `progress(fmt)` is called before each."""
    from stocktake.documents.pdf import docx_to_pdf

    files: dict[str, bytes] = {}
    for fmt in formats or document_formats():
        if progress is not None:
            progress(fmt)
        if fmt == "pdf":
            files["pdf"] = docx_to_pdf(
                files["docx"] if "docx" in files else render(document, "docx")
            )
        else:
            files[fmt] = render(document, fmt)
    return files
