"""A `ReportDocument` as PDF: the Word file, converted by LibreOffice headless.

One renderer (Word) means the PDF says exactly what the Word file says (ADR 11). Each
conversion runs with its own LibreOffice profile in a private temporary directory, so jobs
running at once never share (and lock) one profile, and is given a time limit.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

from stocktake.reports.blocks import ReportDocument
from stocktake.reports.render import RenderError
from stocktake.reports.render.docx import render_docx

MISSING = (
    "LibreOffice is not installed, so the PDF cannot be made. Install it (the Debian package "
    "libreoffice-writer-nogui) or choose Word or Excel."
)


def libreoffice() -> str | None:
    """The LibreOffice command on this machine, or None."""
    return shutil.which("libreoffice") or shutil.which("soffice")


def docx_to_pdf(docx: bytes, timeout: float | None = None) -> bytes:
    command = libreoffice()
    if command is None:
        raise RenderError(MISSING)
    limit = timeout or float(getattr(settings, "STOCKTAKE_REPORT_PDF_TIMEOUT", 180))
    with tempfile.TemporaryDirectory(prefix="stocktake-pdf-") as work:
        folder = Path(work)
        source = folder / "report.docx"
        source.write_bytes(docx)
        profile = (folder / "profile").as_uri()
        try:
            result = subprocess.run(  # noqa: S603 - a fixed command on our own temporary file
                [
                    command,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf:writer_pdf_Export",
                    "--outdir",
                    str(folder),
                    str(source),
                ],
                capture_output=True,
                timeout=limit,
                check=False,
                cwd=folder,
            )
        except subprocess.TimeoutExpired:
            raise RenderError(
                f"LibreOffice took longer than {limit:g} seconds to make the PDF, so it was "
                "stopped. Try again when the server is less busy."
            ) from None
        except OSError as error:
            message = f"LibreOffice could not be started to make the PDF: {error}"
            raise RenderError(message) from None
        target = folder / "report.pdf"
        if result.returncode != 0 or not target.exists():
            detail = (result.stderr or result.stdout).decode(errors="replace").strip()[-300:]
            raise RenderError(
                "LibreOffice could not turn the Word file into a PDF"
                + (f" ({detail})" if detail else "")
                + "."
            )
        return target.read_bytes()


def render_pdf(doc: ReportDocument) -> bytes:
    return docx_to_pdf(render_docx(doc))
