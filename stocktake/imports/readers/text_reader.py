"""Plain text: tab-separated tables (as Word's text export gives), `|` tables, paragraphs,
plans written as labelled blocks ("Action: …" / "Lead: …" lines), and tables flattened into
text from a PDF (columns lined up with runs of spaces)."""

from __future__ import annotations

import re

from stocktake.imports.document import Document, Paragraph, Table, Where
from stocktake.imports.readers.encoding import decode
from stocktake.imports.readers.numbered_text import read_numbered
from stocktake.imports.roles import heading_role

_LABEL = re.compile(r"^\s*(?P<label>[A-Za-z][A-Za-z0-9 /&()?'’.\-]{0,40}?)\s*[:]\s*(?P<value>.*)$")
_RECORD_TITLE = re.compile(
    r"^\s*(?:action|recommendation|item|ref(?:erence)?|objective)\s*(?:no\.?\s*)?"
    r"(?P<ref>[A-Za-z]{0,3}\d{1,3}(?:\.\d{1,3})*[a-z]?)\s*[:.\-–]?\s*$",
    re.I,
)
_ACTIONISH = {"action", "finding", "sub_action"}

_RULE = re.compile(r"^[-=_*~\u2013\u2014\s]{3,}$")
_SECTION_LINE = re.compile(
    r"^(?:theme|priority|objective|workstream|work stream|area|section|strand|outcome)\s*"
    r"\d{0,2}\s*[:.\-\u2013\u2014]\s*\S.{0,80}$",
    re.I,
)
_CAPITALS_LINE = re.compile(r"^[A-Z0-9][A-Z0-9 ,&'’\-\u2013:]{3,80}$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_BULLET = re.compile(r"^\s*([•·▪‣◦*-]|\d+[.)])\s+")


def _cells(line: str) -> list[str] | None:
    if "\t" in line:
        return line.split("\t")
    if line.count("|") >= 2:
        inner = line.strip()
        inner = inner[1:] if inner.startswith("|") else inner
        inner = inner[:-1] if inner.endswith("|") else inner
        return [cell.strip() for cell in inner.split("|")]
    return None


def read(name: str, data: bytes) -> Document:
    text = decode(name, data)
    lines = text.splitlines()
    if not any(_cells(line) for line in lines):
        if _labelled(lines):
            return Document(name=name, blocks=_read_labelled(name, lines))
        flattened = _read_flattened(name, lines)
        if flattened is not None:
            return Document(name=name, blocks=flattened)
        numbered = read_numbered(name, lines)
        if numbered is not None:
            return Document(name=name, blocks=numbered)
    return _read_lines(name, text)


def _label_role(line: str) -> tuple[str, str, str] | None:
    match = _LABEL.match(line)
    if not match:
        return None
    role = heading_role(match.group("label"))
    return (match.group("label").strip(), role, match.group("value").strip()) if role else None


def _labelled(lines: list[str]) -> bool:
    found = [found for line in lines if (found := _label_role(line))]
    roles = {role for _, role, _ in found}
    return len(found) >= 3 and len(roles) >= 2 and bool(roles & _ACTIONISH)


def _read_labelled(name: str, lines: list[str]) -> list[Paragraph | Table]:
    """Records of "Label: value" lines, one record per action, as a table per run."""
    blocks: list[Paragraph | Table] = []
    labels: list[str] = []
    records: list[dict[str, str]] = []
    numbers: list[int] = []
    record: dict[str, str] = {}
    last = ""
    first_line = 0

    def finish() -> None:
        nonlocal record, last
        if record:
            records.append(record)
            numbers.append(first_line)
        record, last = {}, ""

    def flush() -> None:
        finish()
        if records:
            rows = [list(labels)] + [[r.get(label, "") for label in labels] for r in records]
            table = Table(rows=rows, where=Where(name, f"record at line {numbers[0]}"))
            table.row_numbers = [numbers[0], *numbers]
            blocks.append(table)
        records.clear()
        numbers.clear()

    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        labelled = _label_role(line)
        title = _RECORD_TITLE.match(stripped)
        if title and not labelled:
            finish()
            label = "Ref"
            if label not in labels:
                labels.insert(0, label)
            record, last, first_line = {label: title.group("ref")}, label, number
            continue
        if labelled:
            label, role, value = labelled
            if role == "theme":
                # "Objective 2: Child protection": one theme column, whatever the number.
                label = re.sub(r"\s*\d{1,2}[a-z]?$", "", label) or label
            if label in record and label != last:
                finish()
            if not record:
                first_line = number
            if label not in labels:
                labels.append(label)
            record[label] = f"{record[label]}\n{value}".strip() if label in record else value
            last = label
            continue
        if not stripped:
            if any(heading_role(k) in _ACTIONISH for k in record):
                finish()
            continue
        if _RULE.match(stripped):
            finish()  # a line of dashes between blocks
            continue
        if record and (_SECTION_LINE.match(stripped) or _CAPITALS_LINE.match(stripped)):
            # "OBJECTIVE 2: CHILD PROTECTION" between blocks heads the blocks after it.
            flush()
            blocks.append(Paragraph(text=stripped, where=Where(name, f"line {number}")))
            continue
        if record and last:
            record[last] = f"{record[last]}\n{stripped}".strip()
            continue
        flush()
        blocks.append(
            Paragraph(
                text=stripped,
                where=Where(name, f"line {number}"),
                bullet=bool(_BULLET.match(line)),
            )
        )
    flush()
    return blocks


def _spans(line: str) -> list[tuple[int, str]]:
    """Chunks of a line separated by two or more spaces, with where each starts."""
    return [(m.start(), m.group(0)) for m in re.finditer(r"\S+(?: \S+)*", line)]


def _read_flattened(name: str, lines: list[str]) -> list[Paragraph | Table] | None:
    """A table copied out of a PDF: its header's columns lined up by runs of spaces."""
    header_at = None
    for index, line in enumerate(lines):
        chunks = _spans(line)
        named = {heading_role(t) for _, t in chunks} - {None}
        if len(chunks) >= 3 and len(named) >= 2 and named & _ACTIONISH:
            header_at = index
            break
    if header_at is None:
        return None
    blocks: list[Paragraph | Table] = []
    for number, line in enumerate(lines[:header_at], start=1):
        if line.strip():
            blocks.append(Paragraph(text=line.strip(), where=Where(name, f"line {number}")))
    header = _spans(lines[header_at])
    starts = [start for start, _ in header]
    heads = [text for _, text in header]
    roles = [heading_role(h) for h in heads]
    key = next((i for i, r in enumerate(roles) if r in ("reference", "number")), None)
    table = Table(rows=[heads], where=Where(name, f"table at line {header_at + 1}"))
    table.row_numbers.append(header_at + 1)
    current: list[str] | None = None
    body = lines[header_at + 1 :]
    for offset, line in enumerate(body):
        number = header_at + 2 + offset
        if not line.strip():
            continue
        if _alone_at_the_left(body, offset):
            # A line on its own at the table's left edge, blank lines around it: a section
            # row across the table ("Early help"), not a wrapped cell.
            table.rows.append([line.strip()] + [""] * (len(heads) - 1))
            table.row_numbers.append(number)
            table.merged_rows.add(len(table.rows) - 1)
            current = None
            continue
        cells = [""] * len(heads)
        for start, text in _spans(line):
            column = max((i for i, s in enumerate(starts) if s <= start + 2), default=0)
            cells[column] = f"{cells[column]} {text}".strip()
        filled = sum(1 for c in cells if c)
        starts_row = (
            bool(cells[key]) if key is not None else (bool(cells[0]) and filled * 2 >= len(heads))
        )
        if current is None or starts_row:
            current = cells
            table.rows.append(current)
            table.row_numbers.append(number)
        else:
            for i, text in enumerate(cells):
                if text:
                    current[i] = f"{current[i]} {text}".strip()
    blocks.append(table)
    return blocks


def _alone_at_the_left(body: list[str], offset: int) -> bool:
    line = body[offset]
    chunks = _spans(line)
    before = body[offset - 1] if offset else ""
    after = body[offset + 1] if offset + 1 < len(body) else ""
    text = line.strip()
    return (
        len(chunks) == 1
        and chunks[0][0] <= 2
        and not before.strip()
        and not after.strip()
        and len(text) <= 60
        and not text.endswith((".", ",", ";"))
        and not _PAGE_LINE.search(text)
    )


_PAGE_LINE = re.compile(r"\bpage\s+\d+|^\d{1,3}$", re.I)


def _read_lines(name: str, text: str) -> Document:
    blocks: list[Paragraph | Table] = []
    table: Table | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if _PIPE_RULE.match(line) and table is not None:
            continue
        cells = _cells(line)
        if cells is not None:
            if table is None:
                table = Table(rows=[], where=Where(name, f"table at line {number}"))
                blocks.append(table)
            table.rows.append(cells)
            table.row_numbers.append(number)
            continue
        table = None
        if line.strip():
            blocks.append(
                Paragraph(
                    text=line.strip(),
                    where=Where(name, f"line {number}"),
                    bullet=bool(_BULLET.match(line)),
                )
            )
    return Document(name=name, blocks=blocks)
