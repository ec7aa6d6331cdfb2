"""Checks made before a file is parsed: size, emptiness, encryption and zip bombs."""

from __future__ import annotations

import io
import zipfile

from stocktake.imports.document import ReadError

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 150  # uncompressed / compressed, for any one member
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_size(name: str, data: bytes) -> None:
    if not data:
        raise ReadError(f"{name} is empty")
    if len(data) > MAX_BYTES:
        raise ReadError(f"{name} is larger than {MAX_BYTES // (1024 * 1024)}MB")


def open_office_zip(name: str, data: bytes, kind: str) -> zipfile.ZipFile:
    """Open a .docx or .xlsx safely, or say why it cannot be opened."""
    if data.startswith(OLE_MAGIC):
        raise ReadError(
            f"{name} is password-protected or encrypted. Remove the password in {kind}, "
            "save it, and upload it again"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        # NotImplementedError: a damaged header naming a zip version Python cannot read.
        article = "an" if kind[0] in "AEIOU" else "a"  # "an Excel file"
        raise ReadError(f"{name} is damaged or is not really {article} {kind} file") from None
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if total > MAX_UNZIPPED_BYTES or (member.file_size > 10_000_000 and ratio > MAX_RATIO):
            raise ReadError(f"{name} expands to far more data than a real {kind} file holds")
    return archive
