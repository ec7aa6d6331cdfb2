"""From a read document to a ParsedPlan: tables, themes, continuation rows, owners, updates."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Field, Model

from stocktake.imports import columns, roles
from stocktake.imports import owners as owners_key
from stocktake.imports.cells import html_to_text, join_continued
from stocktake.imports.dates import PlanYear, find_week1, heading_date, read_when
from stocktake.imports.document import Document, Paragraph, Table, Where
from stocktake.imports.hierarchy import (
    add_findings_named_by_actions,
    reads_as_finding,
    split_marker,
)
from stocktake.imports.overrides import EXTRA, Overrides
from stocktake.imports.owners import parse_owners
from stocktake.imports.parsed import ParsedAction, ParsedFinding, ParsedMeasure, ParsedPlan
from stocktake.imports.roles import Column
from stocktake.imports.row_dates import updated_on
from stocktake.imports.updates import split_updates
from stocktake.people.models import Person
from stocktake.plans.choices import Rag
from stocktake.plans.models import Action, Theme
from stocktake.plans.weeks import week_number, week_start

_MEASURES = re.compile(
    r"^(key\s+)?(measures? of success|success measures?|impact measures?|outcome measures?|"
    r"how (will|do|would|can) we know|outcomes?(\s*(we (want|expect|will see)|measures?))?\s*:?$|"
    r"what (will )?success (will )?look|performance (measures|indicators)|"
    r"key performance indicators|kpis?\b|success criteria|we will know|"
    r"measuring (impact|success)|impact:?$)",
    re.I,
)
# Lines around a plan's tables that are never its themes.
_NOT_THEME = re.compile(
    r"^(version|v\s?\d|key\b|key:|date\b|dated\b|last (updated|reviewed|revised)|updated\b|"
    r"document (owner|control|status)|author|owner:|status:|draft\b|classification|official|"
    r"page \d|produced by|prepared by|contents$|table of contents|approved|review date|"
    r"r\s*[=:–-]\s*red|red\s*[=:–-]|rag (key|rating key)|protective marking)|\bversion \d|"
    r"\bv\d+(\.\d+)+\b|"
    r"\b(improvement|action|recovery|development|delivery|strategic|practice)\s+plan\b",
    re.I,
)
_SECTION_WORDS = re.compile(
    r"^(theme|priority|workstream|work stream|section|area|part|objective|strand|domain|"
    r"outcome|pillar|aim|goal)\b|^\d{1,2}[.)]?\s+[A-Z][^.]*$|^[A-Z][.)]\s+[A-Z]",
)
_SECTION_NUMBER = re.compile(
    r"^(?:(?:theme|priority|workstream|section|area|objective|strand|domain|part)\s*)?"
    r"(?:\d{1,2}(?:\.\d{1,2})*|[A-Z]|[ivx]{1,4})\s*[:.)\-–—]?\s+(?=\S)",
    re.I,
)
_ITEM = re.compile(
    r"^\s*(?:\(?\d{1,2}(?:\.\d{1,2}){0,2}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}[.)]|[•·▪‣◦*-])\s+"
)
_LEADING_DATE = re.compile(
    r"^(?P<when>(?:w/?c\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"(?:\s*[\-' ]?\s*(?:\d{4}|\d{2}))?|q[1-4](?:\s+20\d{2}(?:/\d{2})?)?)"
    r"\s*(?:update)?\s*[:\u2013\u2014\-]\s*",
    re.I,
)
_FINDING_NUMBER = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\s*[\u2013\u2014.)\-:]\s*")
_REF_SPLIT = re.compile(r"^([A-Za-z]{1,5})\s+(\d{1,3}[a-z]?)\b")
_REF_SHAPE = re.compile(r"^[A-Za-z]{1,5}\d{1,3}[a-z]?$")
_RAG = {
    "r": Rag.RED,
    "red": Rag.RED,
    "a": Rag.AMBER,
    "amber": Rag.AMBER,
    "g": Rag.GREEN,
    "green": Rag.GREEN,
    "b": Rag.BLUE,
    "blue": Rag.BLUE,
    "complete": Rag.BLUE,
    "completed": Rag.BLUE,
    "on track": Rag.GREEN,
    "at risk": Rag.AMBER,
    "off track": Rag.RED,
}


def _limit(model: type[Model], name: str) -> int:
    model_field = model._meta.get_field(name)
    if not isinstance(model_field, Field) or model_field.max_length is None:
        raise TypeError(f"{model.__name__}.{name} has no maximum length")
    return model_field.max_length


_RAG_LEAD = re.compile(r"^(red|amber|green|blue|complete[d]?|on track|off track|at risk)\b", re.I)
_SUB_ROW_ROLES = ("owner", "deadline", "start", "rag", "update")
_OWN_ONLY = ("action", "reference", "number", "finding", "sub_action", "update")


@dataclass
class _Draft:
    """An action (or sub-action) being assembled from a row and its continuation rows."""

    where: Where
    theme: str
    columns: list[Column]
    cells: dict[int, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    kind: str = "action"
    parent: str = ""
    reference: str = ""
    text: str | None = None  # the action's text when it is not its row's action cell
    finding: str = ""
    finding_ref: str = ""
    parent_draft: _Draft | None = None
    dates: dict[int, tuple[dt.date, str]] = field(default_factory=dict)  # dated headings
    label: str = ""  # a sub-action's own number or letter ("a" in "a) …"), if it has one
    by_role: dict[str, list[tuple[int, str]]] | None = None  # cells by role, once complete

    def role_of(self, index: int) -> str | None:
        return self.columns[index].role if index < len(self.columns) else None

    def add(self, index: int, text: str) -> None:
        if not text:
            return
        self.by_role = None
        before = self.cells.get(index, "")
        if self.role_of(index) == "owner" and before:
            # Owners continue mid-title across a page ("Head of" | "Safeguarding…"); only a
            # new "(Pt2)" or "(Joint…)" marker starts a new line.
            glue = "\n" if text.lstrip().startswith("(") else " "
            self.cells[index] = f"{before.rstrip()}{glue}{text.lstrip()}"
        else:
            self.cells[index] = join_continued(before, text)

    def texts(self, role: str) -> list[tuple[int, str]]:
        if self.by_role is None:
            self.by_role = {}
            for index, text in sorted(self.cells.items()):
                name = self.role_of(index)
                if text and name:
                    self.by_role.setdefault(name, []).append((index, text))
        return self.by_role.get(role, [])

    def first(self, role: str) -> str:
        found = self.texts(role)
        return found[0][1] if found else ""


@dataclass
class _Context:
    kind: str
    columns: list[Column]
    header: list[str]
    raw_header: list[str]
    heading_dates: dict[int, tuple[dt.date, str]] = field(default_factory=dict)
    draft: _Draft | None = None
    finding: ParsedFinding | None = None
    action: _Draft | None = None  # the latest action, for the sub-actions under it
    action_depth: int | None = None
    current_finding: tuple[str, str] = ("", "")

    def roles(self) -> set[str]:
        return {c.role for c in self.columns if c.role}

    def indexes(self, role: str) -> list[int]:
        return [c.index for c in self.columns if c.role == role]


def _is_heading(paragraph: Paragraph) -> bool:
    text = paragraph.text
    if paragraph.heading_level:
        return True
    return (
        not paragraph.bullet
        and len(text) <= 150
        and not text.endswith((".", ":", ";"))
        and not text.startswith("__")
    )


def _find_header(table: Table) -> tuple[int, list[Column], str] | None:
    best: tuple[int, list[Column], str] | None = None
    best_score = 0
    for index, row in enumerate(table.rows[:12]):
        score = roles.header_score(row)
        if score < 2 or score <= best_score:
            continue
        assigned = roles.assign(row, table.rows[index + 1 :])
        kind = roles.table_kind(assigned)
        if kind:
            best, best_score = (index, assigned, kind), score
    return best


def ref_path(reference: str) -> tuple[str, ...]:
    """ "1.1.a" → ("1", "1", "a"); "4(ii)" → ("4", "ii"); "W2b" → ("W2", "b")."""
    text = reference.strip().strip("()").rstrip(".")
    prefix = re.match(r"^([A-Za-z]{1,5})\s?(?=\d)", text)
    rest = text[prefix.end() :] if prefix else text
    tokens = re.findall(r"\d+|[A-Za-z]+", rest)
    if prefix and tokens:
        tokens[0] = prefix.group(1) + tokens[0]
    return tuple(tokens)


def _letters_only(path: tuple[str, ...]) -> bool:
    return len(path) == 1 and path[0].isalpha() and len(path[0]) <= 4


def _split_reference(cell: str) -> tuple[str, list[str]]:
    cell = _REF_SPLIT.sub(r"\1\2", " ".join(cell.split()))
    first, _, rest = cell.partition(" ")
    others = [r for r in re.split(r"[\s/,;]+", rest) if r]
    # "LA25/S3" is kept whole as the action's reference, as the plan writes it, and also
    # cross-refers to S3, as "LA32 FD5/ S10" is LA32 cross-referring to FD5 and S10.
    pieces = first.strip(" ,;").split("/")
    if len(pieces) > 1 and all(_REF_SHAPE.match(p) for p in pieces):
        others = pieces[1:] + others
    return first.strip(" ,;"), [_REF_SPLIT.sub(r"\1\2", r) for r in others]


def _looks_like_reference(text: str) -> bool:
    """A reference ("3.2", "LA32 FD5/ S10"), not a section's title written in its place."""
    words = text.split()
    return bool(words) and not any(len(w) > 3 and w.isalpha() and w.islower() for w in words)


def _column_name(context: _Context, index: int) -> str:
    """A column's heading as written, or its place for a column with none."""
    head = context.raw_header[index] if index < len(context.raw_header) else ""
    return head or f"Column {index + 1}"


def _section_text(text: str) -> str:
    text = " ".join(text.split())
    stripped = _SECTION_NUMBER.sub("", text).strip(" :–-")
    return stripped or text


def _items(cell: str) -> list[str]:
    """Numbered or bulleted paragraphs of a cell, or [] if it is not such a list."""
    lines = [line.strip() for line in cell.split("\n") if line.strip()]
    if len(lines) < 2:
        return []
    numbered = [bool(_ITEM.match(line)) for line in lines]
    if sum(numbered) < 2:
        return []
    items: list[str] = []
    for line, is_item in zip(lines, numbered, strict=True):
        if is_item or not items:
            items.append(line)
        else:
            items[-1] = f"{items[-1]}\n{line}"
    return items


class Interpreter:
    def __init__(
        self,
        document: Document,
        week1: dt.date | None,
        known: list[str],
        overrides: Overrides | None = None,
    ) -> None:
        self.document = document
        # The lead's corrections (ADR 0022), and where the reader is: the table ("1" for the
        # document's first), and what the row being read was taken to be.
        self.overrides = overrides or Overrides()
        self.table_id = ""
        self.row_kind = ""
        self.read_as: dict[int, str | None] = {}
        self.week1 = week1
        self.known = known
        self.result = ParsedPlan()
        self.drafts: list[_Draft] = []
        self.theme = ""
        self.pending_heading = ""
        self.pending_styled = False  # the pending heading is styled as one (Heading 1, 2…)
        self.measures_open = False
        self.context: _Context | None = None
        self.unrecognised: list[str] = []
        self.area_number = ""  # the number of the area a theme column last gave ("1. …")
        counts = Counter(b.text for b in document.blocks if isinstance(b, Paragraph))
        self.page_headers = {text for text, n in counts.items() if n >= 3}
        texts = [b.text for b in document.blocks if isinstance(b, Paragraph)]
        for block in document.blocks:
            if isinstance(block, Table):
                texts.extend(" ".join(row) for row in block.rows[:30])
        self.year = PlanYear.of(texts)
        if self.week1 is None:
            self.week1 = find_week1(texts)
            self.result.week1 = self.week1
        self.key = owners_key.find_key(document)

    def run(self) -> ParsedPlan:
        tables = 0
        for block in self.document.blocks:
            if isinstance(block, Paragraph):
                self._paragraph(block)
            else:
                tables += 1
                self.table_id = str(tables)
                self._table(block)
        self._finish()
        return self.result

    # Paragraphs ----------------------------------------------------------------------
    def _paragraph(self, block: Paragraph) -> None:
        text = block.text
        if text in self.page_headers and not block.sheet:
            return
        if text.startswith("__formula__"):
            cells = text.removeprefix("__formula__").strip()
            self.result.warn(
                block.where,
                f"Cells {cells} hold formulas; their last calculated "
                "values are imported as text and the formulas are not run",
            )
            return
        if _MEASURES.match(text) and len(text) <= 120 and not block.sheet:
            self.measures_open = True
            self.pending_heading, self.pending_styled = "", False
            rest = _MEASURES.sub("", text).strip(" :–-")
            if rest and len(text) > 60:
                self._measure(rest, block.where)
            return
        if self.measures_open and not block.heading_level:
            self._measure(text, block.where)
            return
        self.measures_open = False
        if _NOT_THEME.search(text):
            return
        if block.heading_level or (_is_heading(block) and not self.pending_styled):
            self.pending_heading, self.pending_styled = text, bool(block.heading_level)
        elif not self.pending_styled:
            # Body text after a styled heading ("This workstream covers…") keeps the heading.
            self.pending_heading = ""

    def _measure(self, text: str, where: Where, action: str = "") -> None:
        for line in text.split("\n"):
            line = re.sub(r"^[•·▪‣◦*\-]\s*", "", line).strip()
            if line:
                self.result.measures.append(ParsedMeasure(self.theme, line, str(where), action))

    # Tables --------------------------------------------------------------------------
    def _table(self, table: Table) -> None:
        found = _find_header(table)
        if found is None:
            if self.context and table.rows and len(table.rows[0]) == len(self.context.header):
                # A table continued without its header; a heading between its parts (a
                # theme line in a text export) is the theme of the rows after it.
                heading = self._take_heading(self.context.kind)
                if heading:
                    self._close_draft()
                    self.theme = heading
                self._rows(table, 0)
            else:
                heads = " | ".join(c for c in (table.rows[0] if table.rows else []) if c)[:120]
                self.unrecognised.append(f"{table.where}: {heads or 'no headings'}")
            self.pending_heading, self.pending_styled = "", False
            return
        index, assigned, kind = found
        kind = self._override_columns(assigned, kind)
        header = [columns.normalise(c) for c in table.rows[index]]
        continued = (
            self.context is not None and self.context.kind == kind and self.context.header == header
        )
        heading = self._take_heading(kind)
        if heading:
            self.theme = heading
        if not continued:
            self._close_context()
            self.context = self._new_context(table, index, assigned, kind, header)
        elif heading and self.context is not None:
            self._close_draft()
        self._rows(table, index + 1)

    def _override_columns(self, assigned: list[Column], kind: str) -> str:
        """The lead's role for each column they corrected; the table's kind follows."""
        self.read_as = {c.index: c.role for c in assigned}
        for column in assigned:
            role = self.overrides.column(self.table_id, column.index)
            if role is not None:
                column.role = None if role == EXTRA else role
        if self.overrides.columns:
            return roles.table_kind(assigned) or kind
        return kind

    def _new_context(
        self, table: Table, index: int, assigned: list[Column], kind: str, header: list[str]
    ) -> _Context:
        raw = [c.strip() for c in table.rows[index]]
        context = _Context(kind=kind, columns=assigned, header=header, raw_header=raw)
        for column in assigned:
            if column.role in ("update", "rag", "review") and column.heading:
                found = heading_date(column.heading, week1=self.week1, context=self.year)
                if found:
                    context.heading_dates[column.index] = found
        context.action_depth = self._action_depth(table, index + 1, context)
        self.result.layouts.append(
            {
                "where": str(table.where),
                "table": self.table_id,
                "header_row": table.number_of(index),
                "kind": kind,
                "columns": [
                    {
                        "index": c.index,
                        "heading": c.heading,
                        "role": c.role or "extra",
                        "read_as": self.read_as.get(c.index, c.role) or "extra",
                        "dated": context.heading_dates[c.index][0].isoformat()
                        if c.index in context.heading_dates
                        else None,
                    }
                    for c in assigned
                ],
            }
        )
        return context

    def _action_depth(self, table: Table, start: int, context: _Context) -> int | None:
        """The numbering depth of the rows that are actions (they name owners or dates)."""
        refs = context.indexes("reference") or context.indexes("number")
        marks = context.indexes("owner") + context.indexes("deadline")
        if not refs or not marks:
            return None
        depths: Counter[int] = Counter()
        for row in table.rows[start:]:
            ref = row[refs[0]].strip() if refs[0] < len(row) else ""
            if not ref or not _looks_like_reference(ref):
                continue
            path = ref_path(ref)
            if (
                path
                and not _letters_only(path)
                and any(i < len(row) and row[i].strip() for i in marks)
            ):
                depths[len(path)] += 1
        return min(depths) if depths else None

    def _take_heading(self, kind: str) -> str:
        heading = self.pending_heading
        if self.measures_open and not heading and self.result.measures:
            last = self.result.measures[-1]
            # The paragraph just before the next table is that table's heading, not a measure.
            if len(last.text) <= 150 and not last.text.endswith("."):
                self.result.measures.pop()
                heading = last.text
        self.pending_heading, self.pending_styled = "", False
        self.measures_open = False
        return heading if kind in ("actions", "measures") else ""

    def _rows(self, table: Table, start: int) -> None:
        assert self.context is not None
        header = self.context.header
        for offset, raw in enumerate(table.rows[start:], start=start):
            if len(raw) == len(header) and all(
                columns.normalise(c) == h for c, h in zip(raw, header, strict=True)
            ):
                continue  # a table header repeated on a new page
            if not any(cell.strip() for cell in raw):
                continue
            where = table.where.at(row=table.number_of(offset))
            cells = {i: html_to_text(raw[i]) for i in range(min(len(raw), len(header)))}
            carried = {i for i in cells if (offset, i) in table.carried}
            forced = self.overrides.row(self.table_id, offset)
            if self.context.kind == "actions":
                self.row_kind = "ignored"
                if forced != "ignored":
                    merged = offset in table.merged_rows
                    self._action_row(cells, carried, where, merged, forced=forced)
                self._note_row(table, offset, cells, forced)
                continue
            if self.context.kind == "findings":
                row = {
                    c.role: cells.get(c.index, "")
                    for c in reversed(self.context.columns)
                    if c.role and c.index in cells
                }
                self._finding_row(row, where)
            elif self.context.kind == "measures":
                self._measures_row(cells, carried, where, offset in table.merged_rows)
            else:
                self._action_row(cells, carried, where, offset in table.merged_rows)

    def _measures_row(
        self, cells: dict[int, str], carried: set[int], where: Where, merged: bool
    ) -> None:
        context = self.context
        assert context is not None
        fresh = {i: t for i, t in cells.items() if t and i not in carried}
        if len(set(fresh.values())) == 1 and (merged or len(context.columns) >= 3):
            only = next(iter(fresh))
            if context.columns[only].role != "measures" or merged:
                self.theme = _section_text(fresh[only])
                return
        for index in context.indexes("theme"):
            if cells.get(index):
                self.theme = cells[index]
        for index in context.indexes("measures"):
            if index in fresh:
                self._measure(fresh[index], where)

    def _section(self, fresh: dict[int, str], merged: bool, context: _Context) -> str | None:
        """ "section" or "finding" for a row that heads the rows below it, else None."""
        if len(context.columns) < 3 or len(set(fresh.values())) != 1:
            return None
        index = min(fresh)
        text = " ".join(fresh[index].split())
        role = context.columns[index].role
        if role in ("update", "owner", "deadline", "rag", "measures", "evidence", "start"):
            return None
        if role in ("reference", "number") and _looks_like_reference(text):
            return None
        long = len(text) > 120 or (text.endswith(".") and len(text) > 60)
        long = long or reads_as_finding(text)
        if merged:
            return "finding" if long else "section"
        if role in ("reference", "number", "theme", "sub_theme") or (
            index == 0 and role not in ("action", "finding", "sub_action")
        ):
            return "finding" if long else "section"
        if (
            role in ("action", "finding")
            and not long
            and (_SECTION_WORDS.match(text) or (text.isupper() and len(text) > 3))
        ):
            return "section"
        draft = context.draft
        if (
            role == "action"
            and (context.indexes("reference") or context.indexes("number"))
            and len(text) <= 80
            and text[:1].isupper()
            and not text.endswith((".", ",", ";", ":"))
            and draft is not None
            and (draft.first("owner") or draft.first("deadline"))
        ):
            # A short title alone in the action column, after an action with its owner or
            # date, in a table whose actions have references: a section heading as a row.
            return "section"
        return None

    def _note_row(
        self, table: Table, offset: int, cells: dict[int, str], forced: str | None
    ) -> None:
        """What a row of an actions table was taken to be, for the preview (ADR 0022)."""
        context = self.context
        assert context is not None
        ids = set(context.indexes("reference") + context.indexes("number"))
        ref = next((cells[i] for i in sorted(ids) if cells.get(i)), "")
        text = " ".join(" ".join(t.split()) for i, t in sorted(cells.items()) if t and i not in ids)
        self.result.rows.append(
            {
                "table": self.table_id,
                "row": offset,
                "line": table.number_of(offset),
                "type": forced or self.row_kind,
                "read_as": self.row_kind if not forced else "",
                "ref": ref[:20],
                "text": text[:90],
            }
        )

    def _forced_row(
        self, forced: str, cells: dict[int, str], fresh: dict[int, str], where: Where
    ) -> None:
        """A row read as the lead said it is, not as the reader would have taken it."""
        context = self.context
        assert context is not None
        ids = context.indexes("reference") + context.indexes("number")
        ref = next((fresh[i] for i in ids if fresh.get(i)), "")
        ref = ref if _looks_like_reference(ref) else ""
        body = [t for i, t in sorted(fresh.items()) if i not in ids] or [ref]
        texts = [fresh.get(i, "") for i in context.indexes("action") + context.indexes("finding")]
        text = " ".join((next((t for t in texts if t), "") or body[0]).split())
        if forced == "section":
            self._close_draft()
            self.theme = _section_text(text)
            context.current_finding, context.action = ("", ""), None
        elif forced == "finding":
            self._close_draft()
            context.current_finding = (text, ref)
        elif forced in ("action", "sub_action"):
            kind = forced if context.action is not None else "action"
            for index in context.indexes("theme"):
                if fresh.get(index):
                    self.theme = _section_text(fresh[index])
            self._start(context, where, ref=ref, fresh=fresh, cells=cells, kind=kind)
        elif context.draft is None:
            self.result.warn(where, "This row continues no action, so it was skipped")
        else:
            for index, value in fresh.items():
                if context.columns[index].role is None:
                    head = _column_name(context, index)
                    context.draft.extra[head] = join_continued(
                        context.draft.extra.get(head, ""), value
                    )
                elif context.columns[index].role not in ("theme", "sub_theme"):
                    context.draft.add(index, value)

    def _action_row(
        self,
        cells: dict[int, str],
        carried: set[int],
        where: Where,
        merged: bool,
        *,
        forced: str | None = None,
    ) -> None:
        context = self.context
        assert context is not None
        fresh = {i: t for i, t in cells.items() if t and i not in carried}
        if not fresh:
            return
        if forced:
            self._forced_row(forced, cells, fresh, where)
            return
        section = self._section(fresh, merged, context)
        if section == "section":
            self.row_kind = "section"
            self._close_draft()
            self.theme = _section_text(next(iter(fresh.values())))
            context.current_finding = ("", "")
            context.action = None
            return
        if section == "finding":
            self.row_kind = "finding"
            self._close_draft()
            context.current_finding = (" ".join(next(iter(fresh.values())).split()), "")
            return

        def value(role: str, any_cell: bool = False) -> str:
            for index in context.indexes(role):
                text = cells.get(index, "") if any_cell else fresh.get(index, "")
                if text:
                    return text
            return ""

        theme, sub_theme = value("theme", True), value("sub_theme", True)
        if theme:
            theme = _section_text(theme)
            self.theme = f"{theme} – {sub_theme}" if sub_theme else theme
        elif sub_theme:
            base = self.theme.split(" – ")[0]
            self.theme = f"{base} – {sub_theme}" if base else sub_theme
        has_action_column = bool(context.indexes("action"))
        if has_action_column and value("finding"):
            context.current_finding = (value("finding"), value("finding_ref", True))
        ref = value("reference") or value("number")
        own_ref = value("reference")
        if value("theme", True):
            area = re.match(r"^\s*(\d{1,2})\b", value("theme", True))
            self.area_number = area.group(1) if area else ""
        if (
            ref
            and own_ref
            and self.area_number
            and context.action_depth is None
            and _letters_only(ref_path(ref))
        ):
            # "a" under the area "1. Early help", the number given once: action 1a.
            ref = own_ref = f"{self.area_number}{ref.strip('().')}"
        text = value("action") if has_action_column else value("finding")
        sub_text = value("sub_action")
        marked = bool(value("owner") or value("deadline"))
        has_ids = bool(context.indexes("reference") or context.indexes("number"))
        others = {
            i: t for i, t in fresh.items() if context.columns[i].role not in ("theme", "sub_theme")
        }
        if not others:
            self.row_kind = "section" if theme or sub_theme else "ignored"
            return
        if ref and not _looks_like_reference(ref):
            # A long text in the reference column beside other cells: kept, never refused.
            index = (context.indexes("reference") or context.indexes("number"))[0]
            fresh.pop(index, None)
            cells.pop(index, None)
            self._start(context, where, ref="", fresh=fresh, cells=cells)
            assert context.draft is not None
            context.draft.extra["Reference as written"] = ref
            return
        if ref:
            path = ref_path(ref)
            depth = context.action_depth
            parent = context.action
            if _letters_only(path) and parent is not None and depth is not None:
                self._start(context, where, ref="", fresh=fresh, cells=cells, kind="sub_action")
                assert context.draft is not None
                context.draft.label = ref.strip("().")
                return
            if depth is not None and len(path) < depth and not marked:
                self._close_draft()
                ids = context.indexes("reference") + context.indexes("number")
                body = text or next((v for i, v in sorted(others.items()) if i not in ids), "")
                if not body:
                    return
                if (
                    len(body) > 90
                    or body.rstrip().endswith(".")
                    or ("finding" in context.roles() and has_action_column)
                    or reads_as_finding(body)
                ):
                    self.row_kind = "finding"
                    context.current_finding = (" ".join(body.split()), ref)
                else:
                    self.row_kind = "section"
                    self.theme = _section_text(body)
                    context.current_finding = ("", "")
                context.action = None
                return
            if (
                depth is not None
                and len(path) > depth
                and parent is not None
                and path[: len(ref_path(parent.reference))] == ref_path(parent.reference)
            ):
                self._start(
                    context, where, ref=own_ref, fresh=fresh, cells=cells, kind="sub_action"
                )
                return
            self._start(context, where, ref=own_ref, fresh=fresh, cells=cells)
            return
        draft = context.draft
        if text:
            # Without its reference, a row is a new action only if it gives its own deadline
            # (an area number given once over several actions); a page break's
            # continuation carries on the text, the owners and the updates, not the date.
            dated = value("deadline") if context.indexes("deadline") else value("owner")
            continues = draft is not None and (text[0].islower() or (has_ids and not dated))
            if not continues:
                carried_ref = value("reference", True)
                self._start(context, where, ref=carried_ref, fresh=fresh, cells=cells)
                return
        elif sub_text and context.action is not None:
            self._start(context, where, ref="", fresh=fresh, cells=cells, kind="sub_action")
            return
        if draft is None:
            self.result.warn(
                where,
                "This row has no action or reference and follows no action, so it was skipped",
            )
            return
        self.row_kind = "continuation"
        for index, text in fresh.items():
            role = context.columns[index].role
            if role in ("theme", "sub_theme"):
                continue
            if role is None:
                head = _column_name(context, index)
                if head:
                    draft.extra[head] = join_continued(draft.extra.get(head, ""), text)
                continue
            draft.add(index, text)

    def _start(
        self,
        context: _Context,
        where: Where,
        *,
        ref: str,
        fresh: dict[int, str],
        cells: dict[int, str],
        kind: str = "action",
    ) -> None:
        """Start an action (or sub-action) from a row: its own cells, and the cells merged
        down over it (an owner or a date given once for several actions)."""
        self.row_kind = kind
        self._close_draft()
        items = self._split_items(context, fresh)
        draft = _Draft(
            where=where,
            theme=self.theme,
            columns=context.columns,
            kind=kind,
            dates=context.heading_dates,
        )
        draft.finding, draft.finding_ref = context.current_finding
        own = dict(fresh) if kind == "action" or not items else {}
        for index, text in cells.items():
            role = context.columns[index].role
            if role in ("theme", "sub_theme") or not text:
                continue
            if index not in fresh and role in _OWN_ONLY:
                continue  # carried from the action above: not this row's own
            own.setdefault(index, text)
        if items:
            action_index = context.indexes("action")[0]
            lead, parts = items
            own[action_index] = lead
        sub_text = ""
        if context.indexes("sub_action"):
            sub_index = context.indexes("sub_action")[0]
            sub_text = own.pop(sub_index, "")
        parent = context.action
        if kind == "sub_action" and parent is not None:
            draft.parent_draft = parent
            if sub_text:
                draft.label, draft.text = split_marker(sub_text)
        draft.reference = ref
        # A sub-action column beside the action: the row's owner, dates, RAG and update are
        # the sub-action's, not the action's (giving them to both would date the action with
        # a date the plan gives only its first sub-action).
        row_is_the_subs = kind == "action" and bool(sub_text)
        for index, text in own.items():
            role = context.columns[index].role
            if row_is_the_subs and role in _SUB_ROW_ROLES:
                continue
            if role is None:
                head = _column_name(context, index)
                if head:
                    draft.extra[head] = text
            elif role != "reference":
                draft.add(index, text)
        if kind == "action":
            context.action = draft
        context.draft = draft
        if kind == "action" and sub_text:
            # A sub-action column beside the action: the row's sub-action sits under it.
            self._close_draft()
            sub = _Draft(
                where=where,
                theme=self.theme,
                columns=context.columns,
                kind="sub_action",
                dates=context.heading_dates,
            )
            sub.finding, sub.finding_ref = draft.finding, draft.finding_ref
            sub.parent_draft = draft
            sub.label, sub.text = split_marker(sub_text)
            for index, text in own.items():
                if context.columns[index].role in _SUB_ROW_ROLES:
                    sub.cells[index] = text
            context.draft = sub
        if items:
            lead, parts = items
            self._close_draft()
            owner_lines, date_lines = self._aligned(context, fresh, len(parts))
            # Progress paragraphs that line up one for one with the items are theirs, not
            # the whole row's.
            progress_lines: dict[int, list[str]] = {}
            for index in context.indexes("update"):
                pieces = [p.strip() for p in fresh.get(index, "").split("\n") if p.strip()]
                if len(pieces) == len(parts) and (owner_lines or date_lines):
                    progress_lines[index] = pieces
                    draft.cells.pop(index, None)
                    draft.by_role = None
            for number, part in enumerate(parts, start=1):
                sub = _Draft(
                    where=where,
                    theme=self.theme,
                    columns=context.columns,
                    kind="sub_action",
                    dates=context.heading_dates,
                )
                sub.parent_draft = draft
                sub.finding, sub.finding_ref = draft.finding, draft.finding_ref
                sub.text = _ITEM.sub("", part, count=1).strip()
                marker = _ITEM.match(part)
                label = marker.group(0).strip(" .()•") if marker else ""
                sub.label = label if label and len(label) <= 4 else ""
                for index, lines in {**owner_lines, **date_lines, **progress_lines}.items():
                    sub.cells[index] = lines[number - 1]
                self.drafts.append(sub)

    def _split_items(
        self, context: _Context, fresh: dict[int, str]
    ) -> tuple[str, list[str]] | None:
        """Numbered paragraphs in the action cell that line up, one for one, with
        paragraphs in the owner or date cells: (the lead text, the sub-actions)."""
        actions = context.indexes("action")
        if not actions or actions[0] not in fresh:
            return None
        items = _items(fresh[actions[0]])
        if not items:
            return None
        lead = ""
        if not _ITEM.match(items[0]):
            lead, items = items[0], items[1:]
        if len(items) < 2:
            return None
        owner_lines, date_lines = self._aligned(context, fresh, len(items))
        if not owner_lines and not date_lines:
            return None
        return (lead or fresh[actions[0]]), items

    def _aligned(
        self, context: _Context, fresh: dict[int, str], count: int
    ) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
        found: list[dict[int, list[str]]] = []
        for role in ("owner", "deadline"):
            lines: dict[int, list[str]] = {}
            for index in context.indexes(role):
                cell = fresh.get(index, "")
                pieces = [_ITEM.sub("", p).strip() for p in cell.split("\n") if p.strip()]
                if len(pieces) == count:
                    lines[index] = pieces
            found.append(lines)
        return found[0], found[1]

    def _finding_row(self, row: dict[str, str], where: Where) -> None:
        context = self.context
        assert context is not None
        text = row.get("finding", "")
        number = _FINDING_NUMBER.match(text)
        if number or context.finding is None:
            if not text:
                return
            self._close_context_finding()
            context.finding = ParsedFinding(
                reference=number.group(1) if number else "",
                text=_FINDING_NUMBER.sub("", text, count=1) if number else text,
                planned_response=row.get("planned_response", ""),
                progress=row.get("update", ""),
                where=str(where),
            )
            return
        finding = context.finding
        finding.text = join_continued(finding.text, text)
        finding.planned_response = join_continued(
            finding.planned_response, row.get("planned_response", "")
        )
        finding.progress = join_continued(finding.progress, row.get("update", ""))

    def _close_context_finding(self) -> None:
        if self.context and self.context.finding is not None:
            self.result.findings.append(self.context.finding)
            self.context.finding = None

    def _close_draft(self) -> None:
        if self.context and self.context.draft is not None:
            self.drafts.append(self.context.draft)
            self.context.draft = None

    def _close_context(self) -> None:
        self._close_draft()
        self._close_context_finding()

    # Finishing -----------------------------------------------------------------------
    def _finish(self) -> None:
        self._close_context()
        seen: dict[str, int] = {}
        final: dict[int, str] = {}
        children: Counter[int] = Counter()
        for index, draft in enumerate(self.drafts, start=1):
            parent = draft.parent_draft
            if draft.kind == "sub_action" and parent is not None and id(parent) in final:
                parent_ref = final[id(parent)]
                children[id(parent)] += 1
                if not draft.reference:
                    label = draft.label or str(children[id(parent)])
                    path, above = ref_path(label), ref_path(parent_ref)
                    if len(path) > len(above) and path[: len(above)] == above:
                        draft.reference = label
                    elif label.isalpha() and parent_ref[-1:].isdigit():
                        draft.reference = f"{parent_ref}{label}"  # "1" and "a)": "1a"
                    else:
                        draft.reference = f"{parent_ref}.{label}"
                draft.parent = parent_ref
            elif draft.kind == "sub_action":
                draft.kind = "action"
            action = self._action(draft, index)
            if action.parent:
                # ADR 0021: a sub-action is an action of its own, linked to its action.
                action.extra["Sub-action of"] = action.parent
                if action.parent not in action.cross_references:
                    action.cross_references.append(action.parent)
            clash = seen.get(action.reference.upper())
            if clash is not None:
                new_ref = f"{action.reference}-{index}"
                self.result.warn(
                    draft.where,
                    f"Reference {action.reference} is used again "
                    f"here; this action is imported as {new_ref}",
                )
                action.reference = new_ref
            seen[action.reference.upper()] = index
            final[id(draft)] = action.reference
            self._check_lengths(action, draft.where)
            self.result.actions.append(action)
            if action.theme and action.theme not in self.result.themes:
                self.result.themes.append(action.theme)
        for measure in self.result.measures:
            if measure.theme and measure.theme not in self.result.themes:
                self.result.themes.append(measure.theme)
        add_findings_named_by_actions(self.result)
        if not self.result.actions and not self.result.findings and not self.result.measures:
            found = "; ".join(self.unrecognised[:5]) or "no tables at all"
            self.result.fail(
                self.document.name,
                "No table of actions was found. Stocktake "
                f"looked for {columns.LOOKED_FOR}. It found: {found}",
            )

    def _check_lengths(self, action: ParsedAction, where: Where) -> None:
        """Refuse, saying where, what the database cannot hold (PostgreSQL would fail)."""
        checks = [
            ("ID", action.reference, _limit(Action, "reference")),
            ("ID", " ".join(action.cross_references), _limit(Action, "cross_references")),
            ("Deadline", action.deadline_text, _limit(Action, "deadline_text")),
            ("Theme", action.theme, _limit(Theme, "name")),
        ]
        for owner in action.owners:
            for value, name in (
                (owner.name, "name"),
                (owner.title, "job_title"),
                (owner.organisation, "organisation"),
            ):
                checks.append(("Accountable person", value, _limit(Person, name)))
        for column, value, limit in checks:
            if len(value) > limit:
                self.result.fail(
                    where.at(column=column),
                    f"“{value[:50]}…” is {len(value)} characters long; Stocktake keeps up "
                    f"to {limit} here. Shorten it in the file and upload it again",
                )

    def _heading(self, draft: _Draft, index: int) -> str:
        column = draft.columns[index] if index < len(draft.columns) else None
        return column.heading if column and column.heading else f"column {index + 1}"

    def _action(self, draft: _Draft, index: int) -> ParsedAction:
        where = draft.where
        raw_reference = draft.reference or draft.first("reference")
        reference, cross = _split_reference(raw_reference)
        written = draft.first("number").strip() or (
            raw_reference.strip() if raw_reference.strip().isdecimal() else ""
        )
        # isdecimal, not isdigit ("²" is a digit int() refuses); nine digits fit any database.
        number = int(written) if written.isdecimal() and len(written) <= 9 else None
        if not reference:
            reference = str(number) if number is not None else str(index)
        has_action_column = any(c.role == "action" for c in draft.columns)
        if draft.text is not None:
            text = draft.text
        elif has_action_column:
            text = draft.first("action")
        else:
            text = draft.first("finding")
        action = ParsedAction(
            reference=reference,
            theme=draft.theme,
            text=text,
            where=str(where),
            number=number if number is not None else index,
            impact=draft.first("impact"),
            outcome=draft.first("outcome"),
            cross_references=cross,
            finding_ref=draft.first("finding_ref") or draft.finding_ref,
            extra=dict(draft.extra),
            kind=draft.kind,
            parent=draft.parent,
        )
        if draft.finding and (has_action_column or draft.finding != text):
            action.finding = draft.finding
            action.extra["Area for improvement"] = draft.finding
        for role, label in (
            ("finding_ref", "Ofsted paragraph"),  # no field of its own yet: never dropped
            ("achieved", "Achieved"),
            ("on_target", "On target"),
        ):
            if draft.first(role):
                action.extra[label] = draft.first(role)
        for role in ("evidence", "review", "start", "update_date", "baseline"):
            for column, value in draft.texts(role):
                action.extra[self._heading(draft, column)] = value
        for role in ("impact", "outcome", "deadline", "owner", "action"):
            for column, value in draft.texts(role)[1:]:
                action.extra[self._heading(draft, column)] = value
        for _, value in draft.texts("measures"):
            self._measure_for(action, value, where)
        if not text:
            self.result.warn(where, f"Action {reference} has no action text")
        owner_cells = [v for _, v in draft.texts("owner")]
        self._owners(action, owner_cells[0] if owner_cells else "", where)
        self._deadline(action, draft.first("deadline"), draft.first("start"), where)
        for column, value in draft.texts("update"):
            self._updates(action, value, draft, column)
        self._rags(action, draft)
        return action

    def _measure_for(self, action: ParsedAction, cell: str, where: Where) -> None:
        for line in cell.split("\n"):
            line = re.sub(r"^[•·▪‣◦*\-]\s*", "", line).strip()
            if line:
                self.result.measures.append(
                    ParsedMeasure(action.theme, line, str(where), action.reference)
                )

    def _rags(self, action: ParsedAction, draft: _Draft) -> None:
        context_dates = draft.dates
        found: list[tuple[int, int, str, str]] = []  # (order, column, rag, as written)
        for position, (column, value) in enumerate(draft.texts("rag")):
            written = " ".join(value.split())
            rag = _RAG.get(written.lower().strip(" ."), "")
            lead = _RAG_LEAD.match(written)
            if not rag and lead:  # "Green – on track", "AMBER (slipping)": kept as written too
                rag = _RAG.get(lead.group(1).lower(), "")
                action.extra[self._heading(draft, column)] = written
            if not rag:
                self.result.warn(
                    draft.where.at(column=self._heading(draft, column)),
                    f"RAG “{written}” is not red, amber, green or blue; kept as an extra field",
                )
                action.extra[self._heading(draft, column) if position else "RAG"] = written
                continue
            found.append((position, column, rag, written))
        if not found:
            return
        # The latest RAG is the action's; earlier ones (by their headings' dates, or left to
        # right) are kept as written under their headings.
        found.sort(key=lambda f: (context_dates.get(f[1], (dt.date.min, ""))[0], f[0]))
        action.rag = found[-1][2]
        for _, column, _, written in found[:-1]:
            action.extra[self._heading(draft, column)] = written

    def _owners(self, action: ParsedAction, cell: str, where: Where) -> None:
        owners, joint = parse_owners(cell, self.known, self.key)
        action.owners, action.joint_delivery = owners, joint
        for owner in owners:
            if not owner.is_role:
                self.known.append(owner.name)
            else:
                self.result.warn(
                    where.at(column="Accountable person"),
                    f"“{owner.name}” is a "
                    "role, not a named person; it is added to the register as "
                    "written",
                )
        if not owners:
            self.result.warn(where, f"Action {action.reference} has no accountable person")

    def _deadline(self, action: ParsedAction, cell: str, start: str, where: Where) -> None:
        deadline = read_when(cell, week1=self.week1, context=self.year)
        action.deadline_text = deadline.text
        action.due_start, action.due_date = deadline.due_start, deadline.due_date
        action.deadline_precision = deadline.precision
        if deadline.problem:
            self.result.warn(
                where.at(column="Deadline"),
                f"{deadline.problem}; the deadline is kept as written with no due date",
            )
        for note in deadline.notes:
            self.result.warn(where.at(column="Deadline"), note)
        if start and action.due_date:
            begins = read_when(start, week1=self.week1, context=self.year)
            if begins.due_date and begins.due_date <= action.due_date:
                action.due_start = begins.due_start or begins.due_date

    def _updates(self, action: ParsedAction, cell: str, draft: _Draft, column: int) -> None:
        where = draft.where
        dated = draft.dates.get(column)
        heading = self._heading(draft, column)
        if dated is None:
            on_row = [(self._heading(draft, i), v) for i, v in draft.texts("update_date")]
            dated, heading = updated_on(on_row, heading, self.year)
        for update in split_updates(cell):
            if update.week is not None and self.week1 is not None:
                update.date = week_start(self.week1, update.week)
                update.precision, update.dated_by = "week", "text"
            elif update.date is not None:
                update.precision, update.dated_by = "day", "text"
                if self.week1 is not None:
                    update.week = week_number(self.week1, update.date)
            else:
                leading = _LEADING_DATE.match(update.text)
                when = (
                    read_when(leading.group("when"), week1=self.week1, context=self.year)
                    if leading
                    else None
                )
                if when is not None and when.due_date is not None and not when.problem:
                    update.date, update.precision = when.due_date, when.precision or "day"
                    update.dated_by = "text"
                    if when.precision != "day":
                        self.result.warn(
                            where.at(column=heading),
                            f"An update starting “{leading.group('when') if leading else ''}” "
                            f"is dated {when.due_date:%-d %B %Y}, the last day it allows",
                        )
                elif dated is not None:
                    update.date, update.precision = dated
                    update.dated_by = f"heading “{heading}”"
            action.updates.append(update)


def interpret(
    document: Document,
    *,
    week1: dt.date | None = None,
    known_people: list[str] | None = None,
    overrides: Overrides | None = None,
) -> ParsedPlan:
    """What a read document says; `overrides` are the lead's corrections (ADR 0022)."""
    return Interpreter(document, week1, list(known_people or []), overrides).run()
