"""Checks on evidence files: size, type by name, and that the contents match the type."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

# Extension → the first bytes a genuine file of that type starts with (None: plain text).
ALLOWED: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "xls": (b"\xd0\xcf\x11\xe0",),
    "msg": (b"\xd0\xcf\x11\xe0",),
    "png": (b"\x89PNG",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "csv": None,
    "txt": None,
    "eml": None,
}
TYPES_IN_WORDS = (
    "a PDF, Word, Excel, PowerPoint, OpenDocument, Outlook, CSV, text, PNG or JPEG file"
)


def size_in_words(size: int) -> str:
    """A byte count as GOV.UK writes file sizes: 10485760 → "10MB", 1024 → "1KB"."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:g}{unit}"
    return f"{size} bytes"


def evidence_file_problem(upload: UploadedFile) -> str:
    """What is wrong with an uploaded evidence file, in words for the person; '' if fine."""
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        return f"The selected file must be smaller than {size_in_words(limit)}"
    if not upload.size:
        return "The selected file is empty"
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension not in ALLOWED:
        return f"The selected file must be {TYPES_IN_WORDS}"
    upload.seek(0)
    head = upload.read(512)
    upload.seek(0)
    signatures = ALLOWED[extension]
    if signatures is None:
        if b"\x00" in head:
            return f"The selected file is not a text file, though its name ends .{extension}"
    elif not head.startswith(signatures):
        return f"The selected file is not a real .{extension} file"
    return ""
