"""Decoding text files: UTF-8 (with or without BOM), UTF-16, or Windows-1252 from Excel."""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

from stocktake.imports.document import ReadError

# Multi-byte UTF-8 sequences for the characters Word and Excel put in plans: dashes, curly
# quotes, bullets, non-breaking spaces, £.
_UTF8_TYPOGRAPHY = re.compile(rb"\xe2\x80[\x90-\xa6]|\xc2[\xa0\xa3]")


def decode(name: str, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError(f"{name} is not valid UTF-16 text") from None
    if b"\x00" in data[:4096]:
        raise ReadError(f"{name} is not a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if _UTF8_TYPOGRAPHY.search(data):
            line = data[: error.start].count(b"\n") + 1
            raise ReadError(
                f"{name} mixes two text encodings: most of it is UTF-8, but line {line} is "
                "not. Open it in Excel or a text editor, save it as “CSV UTF-8”, and upload "
                "it again"
            ) from None
    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "utf_8"]).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return data.decode("cp1252", errors="replace")
