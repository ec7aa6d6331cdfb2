"""Reading generated files back in tests: the text of a Word file, its pictures, and the
text of a PDF (with poppler's pdftotext, so only tests marked `pdf` may call `pdf_text`)."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def docx_images(data: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [archive.read(n) for n in sorted(archive.namelist()) if n.startswith("word/media/")]


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    command = [shutil.which("pdftotext") or "pdftotext", "-layout", str(path), "-"]
    return subprocess.run(command, capture_output=True, check=True, text=True).stdout  # noqa: S603
