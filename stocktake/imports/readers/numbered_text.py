"""Plans written as numbered items in running text, as board papers and text copied out of a
PDF give them:

    Priority 2: Child protection
    2.1 Provide advocacy for parents. Lead: Anne Brown (Head of Service). By: 31 July 2024.
        Update 03/07/2024: Protocol signed off

    1. Front door and MASH
    1.1 Publish a single front door telephone number and online
    referral form for professionals
    Lead: Gareth Price, Assistant Director,
    Children's Social Care
    Progress (July 2024): Daily triage meeting now held every
    weekday

An item starts at a number with a point (1.1, 2.3a); a heading numbered once (or "Priority 2:")
is its theme; labelled details ("Lead:", "By:", "Target date:", "RAG:", "Update 03/07/2024:")
follow on lines of their own or inline after a full stop; a line that is none of those runs
on the line above (a PDF wraps lines mid-sentence). Running page headers, page numbers and
contents lines are left out. The items become one table (Theme, Ref, Action and a column per
label) for the interpreter, so they are read like any other table; an update's date written
in its label is kept at the start of its text, where the update reader dates it.
"""

from __future__ import annotations

import re
from collections import Counter

from stocktake.imports.document import Paragraph, Table, Where
from stocktake.imports.roles import heading_role

_ITEM = re.compile(r"^(?P<ref>\d{1,2}(?:\.\d{1,2}){1,2}[a-z]?)\.?\s+(?P<text>\S.*)$")
_THEME = re.compile(
    r"^(?:(?:priority|theme|workstream|work stream|objective|area|section|strand|domain|"
    r"outcome)\s+)?\d{1,2}\s*[.:)\-\u2013\u2014]?\s+(?P<title>[A-Za-z].{1,90})$",
    re.I,
)
_LABEL = re.compile(r"^(?P<label>[A-Za-z][A-Za-z0-9 /&()'’.\-]{0,40}?)\s*:\s*(?P<value>.*)$")
# "… review. Lead: Anne Brown (Head of Service). By: 31 July 2024. Status: Green."
_INLINE_LABEL = re.compile(r"(?<=[.;])\s+(?=[A-Z][A-Za-z /()]{0,30}:\s)")
_PAGE = re.compile(r"(?:^|\s)page\s+\d+(?:\s+of\s+\d+)?\s*$|^\s*\d{1,3}\s*$", re.I)
_RAG_VALUE = re.compile(
    r"^(red|amber|green|blue|complete[d]?|on track|off track|at risk|r|a|g|b)$", re.I
)
_DETAIL_ROLES = {"owner", "deadline", "rag", "update", "measures", "evidence", "start", "review"}
_DATE_IN_LABEL = re.compile(
    r"^(?:update|progress|position|commentary|comment|status)\s*(?:at|as at|on|for)?\s*"
    r"\(?(?P<when>[^()]*\d[^()]*)\)?$",
    re.I,
)


def _label(line: str) -> tuple[str, str, str] | None:
    """(label, role, value) for a "Label: value" line whose label names a detail."""
    match = _LABEL.match(line.strip())
    if not match:
        return None
    label = match.group("label").strip()
    role = heading_role(label)
    if role not in _DETAIL_ROLES:
        return None
    return label, role or "", match.group("value").strip()


def _detail_pieces(text: str) -> tuple[str, list[str]]:
    """An item's first line: its own words, then the labelled details written inline."""
    pieces = _INLINE_LABEL.split(text)
    own = [pieces[0]]
    details: list[str] = []
    for piece in pieces[1:]:
        if _label(piece) is not None:
            details.append(piece.strip().rstrip("."))
        elif details:
            details[-1] = f"{details[-1]} {piece.strip()}"
        else:
            own.append(piece)
    return " ".join(own).strip(), details


def looks_numbered(lines: list[str]) -> bool:
    items = sum(1 for line in lines if _ITEM.match(line.strip()))
    details = 0
    for line in lines:
        stripped = line.strip()
        found = _ITEM.match(stripped)
        body = found.group("text") if found else stripped
        details += len(_detail_pieces(body)[1]) + (1 if _label(stripped) else 0)
    return items >= 3 and details >= items


class _Item:
    def __init__(self, theme: str, ref: str, text: str, line: int) -> None:
        self.theme = theme
        self.ref = ref
        self.text = text
        self.line = line
        self.fields: dict[str, str] = {}
        self.last = ""  # the field the next plain line runs on in ("" : the action's text)

    def add(self, label: str, role: str, value: str) -> str:
        column = label
        if role == "update" and _RAG_VALUE.match(value.strip(" .")):
            column = label  # "Status: Green" is a RAG, in a column of its own
        elif role == "update":
            dated = _DATE_IN_LABEL.match(label)
            column = "Progress"
            if dated:
                value = f"{dated.group('when').strip()}: {value}"
        before = self.fields.get(column, "")
        self.fields[column] = f"{before}\n{value}" if before else value
        self.last = column
        return column

    def run_on(self, text: str) -> None:
        if self.last:
            self.fields[self.last] = f"{self.fields[self.last]} {text}".strip()
        else:
            self.text = f"{self.text} {text}".strip()


def read_numbered(name: str, lines: list[str]) -> list[Paragraph | Table] | None:
    """The plan's items as one table, after the lines that come before the first item."""
    if not looks_numbered(lines):
        return None
    # A running header: the same line three times or more, each time on its own between
    # blank lines (a wrapped line repeated, "Assessment and Intervention", never is).
    padded = ["", *(line.strip().replace("\f", "") for line in lines), ""]
    alone = Counter(
        padded[i]
        for i in range(1, len(padded) - 1)
        if padded[i] and not padded[i - 1] and not padded[i + 1] and _label(padded[i]) is None
    )
    furniture = {text for text, n in alone.items() if n >= 3}
    blocks: list[Paragraph | Table] = []
    items: list[_Item] = []
    labels: list[str] = []
    theme = ""
    current: _Item | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.strip().replace("\f", "")
        if not line or line in furniture or _PAGE.search(line):
            continue
        item = _ITEM.match(line)
        if item:
            text, details = _detail_pieces(item.group("text"))
            current = _Item(theme, item.group("ref"), text, number)
            items.append(current)
            for detail in details:
                found = _label(detail)
                if found is not None:
                    column = current.add(*found)
                    if column not in labels:
                        labels.append(column)
            continue
        labelled = _label(line)
        if labelled is not None and current is not None:
            column = current.add(*labelled)
            if column not in labels:
                labels.append(column)
            continue
        heading = _THEME.match(line)
        if heading and not line.endswith((".", ",", ";")) and len(line) <= 100:
            theme = heading.group("title").strip(" :-\u2013\u2014")
            current = None
            continue
        if current is not None:
            current.run_on(line)
        elif not items:
            blocks.append(Paragraph(text=line, where=Where(name, f"line {number}")))
    if not items:
        return None
    header = ["Theme", "Ref", "Action", *labels]
    table = Table(rows=[header], where=Where(name, f"items from line {items[0].line}"))
    table.row_numbers.append(items[0].line)
    for entry in items:
        row = [entry.theme, entry.ref, entry.text.rstrip(".")]
        row += [entry.fields.get(label, "") for label in labels]
        table.rows.append(row)
        table.row_numbers.append(entry.line)
    blocks.append(table)
    return blocks
