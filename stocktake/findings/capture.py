"""Quick capture: split a list pasted from a letter or report into one finding per item.

Reads the list styles inspection letters and notices use: "1 – …", "1. …", "3.2. …",
"4.1) …", "(a) …", bullets ("•", "-", "*"), bullets carrying a number ("- 3.1. …"), and plain
paragraphs when there is no list at all. Lines a PDF broke mid-sentence are joined back;
"The DCS should:" names who the items after it are addressed to; "3.2" sits under "3".
Pure functions, no database: the same split drives the preview and the save.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BULLET = re.compile(r"^[•▪◦●·‣*\-–—]\s+")
_NUMBER = re.compile(
    r"^\(?(?P<ref>\d{1,3}(?:\.\d{1,3})*)"
    r"(?:(?P<punct>[.)]|\s*[–—-]|:)\s+|\s+(?=[A-Z“\"'‘(]))"
)
_LETTER = re.compile(r"^\((?P<ref>[a-z]{1,3})\)\s+|^(?P<ref2>[a-z])\)\s+")
_ADDRESSEE = re.compile(
    r"^(?:\d{1,3}(?:\.\d{1,3})*\.?\s+)?(?P<who>.{2,150}?)\s+(?:should|must|is asked to)\s*:\s*$",
    re.I,
)
_TAG = re.compile(r"</?\s*(p|br|li|ul|ol|div|span|strong|em|b|i)\b[^>]*>", re.I)
_FOOTNOTE = re.compile(r"^(\^|\[\d+\]|https?://\S+$)")
_ENDS_SENTENCE = re.compile(r"[.!?;”\"'’)]\s*$")
MAX_ITEMS = 300


@dataclass
class CapturedItem:
    reference: str
    text: str
    addressee: str = ""
    parent_reference: str = ""
    line: int = 0  # where the item starts in the pasted text, counting from 1


@dataclass
class Capture:
    items: list[CapturedItem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # lines not read as a finding
    style: str = ""  # "numbered", "bulleted" or "paragraphs"


@dataclass
class _Line:
    number: int
    text: str
    reference: str | None  # None: no number; "" : a bullet without a number
    blank_before: bool


def _clean(text: str) -> str:
    text = _TAG.sub(" ", text).replace("\u00a0", " ").replace("**", "")
    return " ".join(text.split())


def _marker(text: str) -> tuple[str | None, bool, str]:
    """(reference or None, whether a bullet opened the line, the text after the markers)."""
    bulleted = False
    match = _BULLET.match(text)
    if match:
        bulleted, text = True, text[match.end() :]
    number = _NUMBER.match(text)
    if number and not (number["punct"] is None and "." not in number["ref"]):
        return number["ref"], bulleted, text[number.end() :].strip()
    letter = _LETTER.match(text)
    if letter:
        return letter["ref"] or letter["ref2"], bulleted, text[letter.end() :].strip()
    return None, bulleted, text


def _lines(pasted: str) -> list[tuple[_Line, bool]]:
    """Each non-blank line, with its marker read, and whether a bullet opened it."""
    out: list[tuple[_Line, bool]] = []
    blank = False
    for number, raw in enumerate(pasted.splitlines(), start=1):
        text = _clean(raw)
        if not text:
            blank = True
            continue
        reference, bulleted, rest = _marker(text)
        out.append((_Line(number, rest, reference, blank), bulleted))
        blank = False
    return out


def split_list(pasted: str) -> Capture:
    """One item per finding in `pasted`, with the style the list was read as."""
    lines = _lines(pasted)
    if any(line.reference is not None for line, _ in lines):
        capture = _numbered(lines)
    elif any(bulleted for _, bulleted in lines):
        capture = _bulleted(lines)
    else:
        capture = _paragraphs(lines)
    refs = {item.reference for item in capture.items if item.reference}
    for item in capture.items:
        parent = item.reference.rpartition(".")[0]
        item.parent_reference = parent if parent in refs else ""
    capture.items = capture.items[:MAX_ITEMS]
    return capture


def _join(text: str, more: str) -> str:
    if text.endswith("-") and not text.endswith(" -"):
        return text + more  # a word hyphenated across a line break
    return f"{text} {more}".strip()


def _numbered(lines: list[tuple[_Line, bool]]) -> Capture:
    capture = Capture(style="numbered")
    addressee = ""
    current: CapturedItem | None = None
    subpoints = False  # the current item has bulleted sub-points ("must take action to:")
    for line, bulleted in lines:
        maybe_heading = line.reference is None or "." in line.reference
        who = _ADDRESSEE.match(line.text) if maybe_heading else None
        if who:
            addressee, current = _addressee(who["who"]), None
            continue
        if line.reference:
            current = CapturedItem(line.reference, line.text, addressee, line=line.number)
            capture.items.append(current)
            subpoints = False
        elif current is None or _FOOTNOTE.match(line.text):
            capture.skipped.append(line.text)
        elif bulleted and (subpoints or current.text.endswith(":")):
            current.text += f"\n• {line.text}"
            subpoints = True
        elif bulleted and _ENDS_SENTENCE.search(current.text):
            current = CapturedItem("", line.text, addressee, line=line.number)
            capture.items.append(current)
            subpoints = False
        elif line.blank_before and _ENDS_SENTENCE.search(current.text):
            capture.skipped.append(line.text)  # stray text after a finished item
        else:
            current.text = _join(current.text, line.text)  # broken across a line or page
    return capture


def _addressee(who: str) -> str:
    who = who.strip(" :")
    return who[0].upper() + who[1:] if who else who


def _bulleted(lines: list[tuple[_Line, bool]]) -> Capture:
    capture = Capture(style="bulleted")
    addressee = ""
    current: CapturedItem | None = None
    for line, bulleted in lines:
        who = _ADDRESSEE.match(line.text)
        if who and not bulleted:
            addressee, current = _addressee(who["who"]), None
        elif bulleted:
            current = CapturedItem("", line.text, addressee, line=line.number)
            capture.items.append(current)
        elif current is not None and not _FOOTNOTE.match(line.text):
            current.text = _join(current.text, line.text)
        else:
            capture.skipped.append(line.text)
    return capture


def _is_heading(text: str) -> bool:
    return len(text.split()) <= 8 and not _ENDS_SENTENCE.search(text)


def _paragraphs(lines: list[tuple[_Line, bool]]) -> Capture:
    capture = Capture(style="paragraphs")
    current: CapturedItem | None = None
    for line, _ in lines:
        continues = current is not None and (
            not line.blank_before
            or (not _ENDS_SENTENCE.search(current.text) and line.text[:1].islower())
        )
        if continues and current is not None:
            current.text = _join(current.text, line.text)
        elif _is_heading(line.text) or _FOOTNOTE.match(line.text):
            capture.skipped.append(line.text)
            current = None
        else:
            current = CapturedItem("", line.text, line=line.number)
            capture.items.append(current)
    return capture


def number_unreferenced(items: list[CapturedItem], taken: set[str]) -> None:
    """Give items without a reference the next whole numbers not already taken."""
    used = {r.casefold() for r in taken} | {i.reference.casefold() for i in items if i.reference}
    whole = [int(r) for r in used if r.isdigit()]
    following = max(whole, default=0) + 1
    for item in items:
        if not item.reference:
            while str(following) in used:
                following += 1
            item.reference = str(following)
            used.add(item.reference)
            following += 1
