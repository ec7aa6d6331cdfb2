"""Splitting a "Summary update" cell into dated updates.

"Week 20 – …" starts an update for week 20; paragraphs after it belong to it until the next
marker; "11.06.19 update – …" is dated; text before any marker is one undated update; a
marker with nothing after it ("Week 24 -") is not an update.
"""

from __future__ import annotations

import datetime as dt
import re

from stocktake.imports.parsed import ParsedUpdate
from stocktake.plans.deadlines import parse_date

_WEEK_MARK = re.compile(
    r"^(?:\(\s*p(?:ar)?t\.?\s*(?P<part1>\d)\s*\)\s*)?"
    r"w(?:ee)?k\.?\s*(?P<week>\d{1,3})\s*(?:[:\u2013\u2014-]\s*|\s+|$)"
    r"(?:\(\s*p(?:ar)?t\.?\s*(?P<part2>\d)\s*\)\s*)?",
    re.I,
)
_DATE_MARK = re.compile(
    r"^(?:(?:update|progress|position|status|as|as at|as of|at|on)\s+(?:at\s+|as at\s+|on\s+)?)?"
    r"(?P<date>\d{1,2}[./]\s?\d{1,2}[./]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\.?\s+"
    r"\d{4})\s*(?:update)?\s*(?:[:\u2013\u2014-]\s*|\s(?=[A-Z]))",
    re.I,
)
# A month, a month and year, or a quarter at the start of a paragraph starts a new update;
# the interpreter dates it, and its text is kept whole.
_MONTH_MARK = re.compile(
    r"^(?:w/?c\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"(?:\s*[\-' ]?\s*(?:\d{4}|\d{2}))?\s*(?:update)?\s*[:\u2013\u2014\-]\s*\S|"
    r"^q[1-4](?:\s+20\d{2}(?:/\d{2})?)?\s*(?:update)?\s*[:\u2013\u2014\-]\s*\S",
    re.I,
)
_PART_ONLY = re.compile(r"^\(\s*p(?:ar)?t\.?\s*(?P<part>\d)\s*\)\s*", re.I)
# A week marker in the middle of running text, after the end of a sentence.
_INLINE_WEEK = re.compile(r"(?<=[.!?])\s+(?=w(?:ee)?k\.?\s*\d{1,3}\s*[:\u2013\u2014-])", re.I)


def _paragraphs(cell: str) -> list[str]:
    pieces: list[str] = []
    for paragraph in re.split(r"\n\s*\n|\n(?=w(?:ee)?k\.?\s*\d)", cell, flags=re.I):
        pieces.extend(_by_dated_lines(paragraph))
    return [p for p in pieces if p]


def _by_dated_lines(paragraph: str) -> list[str]:
    """A paragraph whose lines start with dates ("April 2024 – …" on each line) is several
    updates; other lines run on in the update above them."""
    if "\n" not in paragraph:
        return _split_inline(paragraph)
    lines = paragraph.split("\n")
    if len(lines) < 2 or sum(1 for line in lines if _starts_dated(line)) < 2:
        return _split_inline(paragraph)
    out: list[str] = []
    for line in lines:
        if _starts_dated(line) or not out:
            out.append(line)
        else:
            out[-1] = f"{out[-1]}\n{line}"
    return [piece for chunk in out for piece in _split_inline(chunk)]


def _starts_dated(line: str) -> bool:
    line = line.strip()
    return bool(_WEEK_MARK.match(line) or _DATE_MARK.match(line) or _MONTH_MARK.match(line))


def _split_inline(paragraph: str) -> list[str]:
    return [p.strip() for p in _INLINE_WEEK.split(paragraph)]


def _marker(paragraph: str) -> tuple[bool, int | None, dt.date | None, str, str]:
    """(is a marker, week, date, part, the text after the marker)."""
    week = _WEEK_MARK.match(paragraph)
    if week:
        part = week.group("part1") or week.group("part2")
        return (
            True,
            int(week.group("week")),
            None,
            f"pt{part}" if part else "",
            (paragraph[week.end() :].strip()),
        )
    date = _DATE_MARK.match(paragraph)
    if date:
        return True, None, parse_date(date.group("date")), "", paragraph[date.end() :].strip()
    if _MONTH_MARK.match(paragraph):
        return True, None, None, "", paragraph
    return False, None, None, "", paragraph


def split_updates(cell: str) -> list[ParsedUpdate]:
    updates: list[ParsedUpdate] = []
    current: ParsedUpdate | None = None
    for paragraph in _paragraphs(cell):
        is_marker, week, date, part, rest = _marker(paragraph)
        if not is_marker:
            only_part = _PART_ONLY.match(paragraph)
            if only_part and current is not None and current.text:
                is_marker, part, rest = (
                    True,
                    f"pt{only_part.group('part')}",
                    (paragraph[only_part.end() :].strip()),
                )
                week, date = current.week, current.date
        if is_marker or current is None:
            if current is None and not is_marker:
                only_part = _PART_ONLY.match(paragraph)
                if only_part:
                    part, rest = f"pt{only_part.group('part')}", paragraph[only_part.end() :]
            current = ParsedUpdate(text=rest.strip(), week=week, date=date, part=part)
            updates.append(current)
        else:
            current.text = f"{current.text}\n\n{paragraph}".strip()
    return [u for u in updates if u.text.strip(" -–—:")]
