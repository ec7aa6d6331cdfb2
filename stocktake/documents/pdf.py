"""A `ReportDocument` as PDF: the Word file, converted by the STOCKTAKE_PDF_CONVERTER.

One renderer (Word) means the PDF says exactly what the Word file says (ADR 11). The converter
is a setting (ADR 15):

- ``libreoffice`` (the default): LibreOffice headless, with its own profile in a private
  temporary folder per conversion (so conversions at once never share and lock one profile),
  a time limit (STOCKTAKE_REPORT_PDF_TIMEOUT), and, on Linux, told to die with the process
  that started it;
- ``none``: no PDF is made; reports are issued in Word and Excel (a server without
  LibreOffice, and every test not marked `pdf`);
- the dotted path of a function ``(docx: bytes, folder: Path, timeout: float) -> bytes``.

Each conversion works in a folder named ``stocktake-pdf-<pid>-…`` in the system's temporary
folder (which the operating system clears on restart). It is removed when the conversion
ends; one left by a process that was killed is removed by `temp_clean`, which each worker
runs when it starts.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from stocktake.documents.blocks import ReportDocument
from stocktake.documents.docx import render_docx
from stocktake.documents.errors import RenderError

MISSING = (
    "LibreOffice is not installed, so the PDF cannot be made. Install it (the Debian package "
    "libreoffice-writer-nogui) or choose Word or Excel."
)
TURNED_OFF = (
    "PDF files are turned off on this server (STOCKTAKE_PDF_CONVERTER is none), so the PDF "
    "cannot be made. Choose Word or Excel."
)
TEMP_PREFIX = "stocktake-pdf-"
TEMP_NAME = re.compile(rf"^{TEMP_PREFIX}(\d+)-")
Converter = Callable[[bytes, Path, float], bytes]


def libreoffice() -> str | None:
    """The LibreOffice command on this machine, or None."""
    return shutil.which("libreoffice") or shutil.which("soffice")


def pdf_enabled() -> bool:
    """Whether this server makes PDF files at all."""
    return converter_name() != "none"


def converter_name() -> str:
    return str(getattr(settings, "STOCKTAKE_PDF_CONVERTER", "libreoffice"))


def converter() -> Converter:
    name = converter_name()
    if name == "none":
        raise RenderError(TURNED_OFF)
    if name == "libreoffice":
        return libreoffice_convert
    made: Converter = import_string(name)
    return made


def docx_to_pdf(docx: bytes, timeout: float | None = None) -> bytes:
    """The PDF of a Word file, by the configured converter, in a temporary folder of its own."""
    convert = converter()
    limit = timeout or float(getattr(settings, "STOCKTAKE_REPORT_PDF_TIMEOUT", 180))
    with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-") as work:
        return convert(docx, Path(work), limit)


def render_pdf(doc: ReportDocument) -> bytes:
    return docx_to_pdf(render_docx(doc))


def _die_with_parent() -> None:
    """In the LibreOffice child, before it starts: be killed if the worker dies (Linux)."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def libreoffice_convert(docx: bytes, folder: Path, timeout: float) -> bytes:
    command = libreoffice()
    if command is None:
        raise RenderError(MISSING)
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
            timeout=timeout,
            check=False,
            cwd=folder,
            preexec_fn=_die_with_parent,
        )
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"LibreOffice took longer than {timeout:g} seconds to make the PDF, so it was "
            "stopped. Try again when the server is less busy."
        ) from None
    except OSError as error:
        raise RenderError(f"LibreOffice could not be started to make the PDF: {error}") from None
    target = folder / "report.pdf"
    if result.returncode != 0 or not target.exists():
        detail = (result.stderr or result.stdout).decode(errors="replace").strip()[-300:]
        raise RenderError(
            "LibreOffice could not turn the Word file into a PDF"
            + (f" ({detail})" if detail else "")
            + "."
        )
    return target.read_bytes()


def _pid_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def temp_clean(*, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Remove conversion folders whose process has died (or older than `older_than`, in case
    its id was reused); the number removed. Safe while other conversions run."""
    removed = 0
    cutoff = time.time() - older_than.total_seconds()
    for path in Path(tempfile.gettempdir()).glob(f"{TEMP_PREFIX}*"):
        match = TEMP_NAME.match(path.name)
        try:
            stale = path.stat().st_mtime < cutoff
        except FileNotFoundError:
            continue
        if (match and not _pid_running(int(match[1]))) or stale:
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    return removed
