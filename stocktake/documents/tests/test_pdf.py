"""PDF conversion is a setting: none (the tests) refuses plainly and reports are issued
without a PDF; a converter given by its path is called in a private temporary folder that is
always removed; folders a killed process left are cleaned; and a test not marked `pdf` cannot
start LibreOffice or poppler at all."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from stocktake.documents import FORMATS, RenderError, document_formats, render_all
from stocktake.documents.blocks import Heading, ReportDocument
from stocktake.documents.pdf import TEMP_PREFIX, docx_to_pdf, temp_clean

CALLS: list[tuple[bytes, Path, float, bool]] = []


def fake_converter(docx: bytes, folder: Path, timeout: float) -> bytes:
    CALLS.append((docx, folder, timeout, folder.is_dir()))
    return b"%PDF-fake " + docx[:2]


def test_with_no_converter_there_is_no_pdf_and_asking_for_one_says_why(settings):
    settings.STOCKTAKE_PDF_CONVERTER = "none"

    assert document_formats() == ("docx", "xlsx")
    files = render_all(ReportDocument(title="T", authority="A", blocks=[Heading("H")]))
    assert sorted(files) == ["docx", "xlsx"]
    with pytest.raises(RenderError, match="PDF files are turned off on this server"):
        docx_to_pdf(b"PK")


def test_a_converter_by_its_path_works_in_a_private_folder_that_is_removed(settings, tmp_path):
    settings.STOCKTAKE_PDF_CONVERTER = f"{__name__}.fake_converter"
    settings.STOCKTAKE_REPORT_PDF_TIMEOUT = 42
    CALLS.clear()

    files = render_all(ReportDocument(title="T", authority="A", blocks=[Heading("H")]))

    assert document_formats() == FORMATS and sorted(files) == ["docx", "pdf", "xlsx"]
    ((docx, folder, timeout, existed),) = CALLS
    assert docx == files["docx"] and files["pdf"] == b"%PDF-fake PK"  # made from that Word file
    assert timeout == 42 and existed
    assert folder.name.startswith(f"{TEMP_PREFIX}{os.getpid()}-")
    assert folder.parent == Path(tempfile.gettempdir()) and not folder.exists()


def a_dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def test_folders_left_by_a_dead_process_are_removed_and_live_ones_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = tmp_path / f"{TEMP_PREFIX}{a_dead_pid()}-x1"
    alive = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-x2"
    unnamed_old = tmp_path / f"{TEMP_PREFIX}oldstyle"
    unnamed_new = tmp_path / f"{TEMP_PREFIX}newstyle"
    other = tmp_path / "someone-elses"
    for folder in (dead, alive, unnamed_old, unnamed_new, other):
        (folder / "profile").mkdir(parents=True)
    two_days_ago = time.time() - 2 * 86400
    os.utime(unnamed_old, (two_days_ago, two_days_ago))

    assert temp_clean() == 2

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [alive.name, unnamed_new.name, other.name]
    )


@pytest.mark.parametrize("tool", ["libreoffice", "/usr/bin/soffice", "pdftotext", "pdftoppm"])
def test_a_test_not_marked_pdf_cannot_start_libreoffice_or_poppler(tool):
    with pytest.raises(AssertionError, match="is not marked pdf"):
        subprocess.run([tool, "--version"], check=False, capture_output=True)  # noqa: S603


def test_other_programs_still_run():
    done = subprocess.run([sys.executable, "-c", "print(6 * 7)"], capture_output=True,
                          text=True, check=True)  # fmt: skip
    assert done.stdout.strip() == "42"
