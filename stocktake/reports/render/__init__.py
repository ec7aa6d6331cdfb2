"""Renderers: a `ReportDocument` (never the database) into Word, PDF or Excel bytes."""

from __future__ import annotations

from collections.abc import Callable

from stocktake.reports.blocks import ReportDocument


class RenderError(Exception):
    """A file could not be made; the message says why in plain English."""


def renderer(fmt: str) -> Callable[[ReportDocument], bytes]:
    if fmt == "docx":
        from stocktake.reports.render.docx import render_docx

        return render_docx
    if fmt == "pdf":
        from stocktake.reports.render.pdf import render_pdf

        return render_pdf
    if fmt == "xlsx":
        from stocktake.reports.render.xlsx import render_xlsx

        return render_xlsx
    raise RenderError(f"There is no format “{fmt}”. Choose docx, pdf or xlsx.")
