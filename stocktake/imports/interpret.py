"""From a read document to a ParsedPlan: tables, themes, continuation rows, owners, updates."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Field, Model

from stocktake.imports import columns
from stocktake.imports.cells import html_to_text, join_continued
from stocktake.imports.document import Document, Paragraph, Table, Where
from stocktake.imports.owners import parse_owners
from stocktake.imports.parsed import ParsedAction, ParsedFinding, ParsedMeasure, ParsedPlan
from stocktake.imports.updates import split_updates
from stocktake.people.models import Person
from stocktake.plans.choices import Rag
from stocktake.plans.deadlines import parse_deadline
from stocktake.plans.models import Action, Theme
from stocktake.plans.weeks import week_number, week_start

_MEASURES = re.compile(r"^(key\s+)?measures? of success|^success measures", re.I)
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
}


def _limit(model: type[Model], name: str) -> int:
    model_field = model._meta.get_field(name)
    if not isinstance(model_field, Field) or model_field.max_length is None:
        raise TypeError(f"{model.__name__}.{name} has no maximum length")
    return model_field.max_length


@dataclass
class _Draft:
    """An action being assembled from a row and its continuation rows."""

    where: Where
    theme: str
    cells: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, text: str) -> None:
        if not text:
            return
        before = self.cells.get(name, "")
        if name == "owner" and before:
            # Owners continue mid-title across a page ("Head of" | "Safeguarding…"); only a
            # new "(Pt2)" or "(Joint…)" marker starts a new line.
            glue = "\n" if text.lstrip().startswith("(") else " "
            self.cells[name] = f"{before.rstrip()}{glue}{text.lstrip()}"
        else:
            self.cells[name] = join_continued(before, text)


@dataclass
class _Context:
    kind: str
    fields: dict[int, str]
    header: list[str]
    draft: _Draft | None = None
    finding: ParsedFinding | None = None


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


def _find_header(table: Table) -> tuple[int, dict[int, str], str] | None:
    for index, row in enumerate(table.rows[:12]):
        fields = columns.header_fields(row)
        kind = columns.table_kind(fields)
        if kind:
            return index, fields, kind
    return None


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


class Interpreter:
    def __init__(self, document: Document, week1: dt.date | None, known: list[str]) -> None:
        self.document = document
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
        counts = Counter(b.text for b in document.blocks if isinstance(b, Paragraph))
        self.page_headers = {text for text, n in counts.items() if n >= 3}

    def run(self) -> ParsedPlan:
        for block in self.document.blocks:
            if isinstance(block, Paragraph):
                self._paragraph(block)
            else:
                self._table(block)
        self._finish()
        return self.result

    # Paragraphs ----------------------------------------------------------------------
    def _paragraph(self, block: Paragraph) -> None:
        text = block.text
        if text in self.page_headers:
            return
        if text.startswith("__formula__"):
            cells = text.removeprefix("__formula__").strip()
            self.result.warn(
                block.where,
                f"Cells {cells} hold formulas; their last calculated "
                "values are imported as text and the formulas are not run",
            )
            return
        if _MEASURES.match(text):
            self.measures_open = True
            self.pending_heading, self.pending_styled = "", False
            rest = _MEASURES.sub("", text).strip(" :–-")
            if rest:
                self._measure(rest, block.where)
            return
        if self.measures_open and not block.heading_level:
            self._measure(text, block.where)
            return
        self.measures_open = False
        if block.heading_level or (_is_heading(block) and not self.pending_styled):
            self.pending_heading, self.pending_styled = text, bool(block.heading_level)
        elif not self.pending_styled:
            # Body text after a styled heading ("This workstream covers…") keeps the heading.
            self.pending_heading = ""

    def _measure(self, text: str, where: Where) -> None:
        text = re.sub(r"^[•·▪‣◦*\-]\s*", "", text).strip()
        if text:
            self.result.measures.append(ParsedMeasure(self.theme, text, str(where)))

    # Tables --------------------------------------------------------------------------
    def _table(self, table: Table) -> None:
        found = _find_header(table)
        if found is None:
            if self.context and table.rows and len(table.rows[0]) == len(self.context.header):
                self._rows(table, 0)  # a table continued on a new page without its header
            else:
                heads = " | ".join(c for c in (table.rows[0] if table.rows else []) if c)[:120]
                self.unrecognised.append(f"{table.where}: {heads or 'no headings'}")
            self.pending_heading, self.pending_styled = "", False
            return
        index, fields, kind = found
        header = [columns.normalise(c) for c in table.rows[index]]
        continued = (
            self.context is not None and self.context.kind == kind and self.context.header == header
        )
        heading = self._take_heading(kind)
        if heading:
            self.theme = heading
        if not continued:
            self._close_context()
            self.context = _Context(kind=kind, fields=fields, header=header)
        elif heading and self.context is not None:
            self._close_draft()
        self._rows(table, index + 1)

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
        return heading if kind == "actions" else ""

    def _rows(self, table: Table, start: int) -> None:
        assert self.context is not None
        header = self.context.header
        raw_header = self._raw_header(table)
        for offset, raw in enumerate(table.rows[start:], start=start):
            if len(raw) == len(header) and all(
                columns.normalise(c) == h for c, h in zip(raw, header, strict=True)
            ):
                continue  # a table header repeated on a new page
            if not any(cell.strip() for cell in raw):
                continue
            where = table.where.at(row=table.number_of(offset))
            row = {
                name: html_to_text(raw[i])
                for i, name in self.context.fields.items()
                if i < len(raw)
            }
            extra = {
                raw_head: html_to_text(raw[i])
                for i, raw_head in enumerate(raw_header)
                if i not in self.context.fields
                and i < len(raw)
                and raw_head.strip()
                and raw[i].strip()
            }
            if self.context.kind == "findings":
                self._finding_row(row, where)
            else:
                self._action_row(row, extra, where)

    def _raw_header(self, table: Table) -> list[str]:
        found = _find_header(table)
        if found:
            return [c.strip() for c in table.rows[found[0]]]
        return [""] * len(self.context.header) if self.context else []

    def _action_row(self, row: dict[str, str], extra: dict[str, str], where: Where) -> None:
        context = self.context
        assert context is not None
        if row.get("theme"):
            self.theme = row["theme"]
            if row.get("sub_theme"):
                self.theme = f"{self.theme} – {row['sub_theme']}"
        elif row.get("sub_theme"):
            base = self.theme.split(" – ")[0]
            self.theme = f"{base} – {row['sub_theme']}" if base else row["sub_theme"]
        has_ids = any(n in context.fields.values() for n in ("number", "reference"))
        starts = (
            bool(row.get("number") or row.get("reference"))
            if has_ids
            else bool(row.get("action") or row.get("finding"))
        )
        if not starts and context.draft is None:
            if any(v for k, v in row.items() if k not in ("theme", "sub_theme")):
                self.result.warn(
                    where,
                    "This row has no action or reference and follows no action, so it was skipped",
                )
            return
        if starts:
            self._close_draft()
            context.draft = _Draft(where=where, theme=self.theme)
        draft = context.draft
        assert draft is not None
        for name, text in row.items():
            if name not in ("theme", "sub_theme"):
                draft.add(name, text)
        for name, text in extra.items():
            draft.extra[name] = join_continued(draft.extra.get(name, ""), text)

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
        for index, draft in enumerate(self.drafts, start=1):
            action = self._action(draft, index)
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
            self._check_lengths(action, draft.where)
            self.result.actions.append(action)
            if action.theme and action.theme not in self.result.themes:
                self.result.themes.append(action.theme)
        if not self.result.actions and not self.result.findings:
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

    def _action(self, draft: _Draft, index: int) -> ParsedAction:
        cells, where = draft.cells, draft.where
        reference, cross = _split_reference(cells.get("reference", ""))
        written = cells.get("number", "").strip()
        # isdecimal, not isdigit ("²" is a digit int() refuses); nine digits fit any database.
        number = int(written) if written.isdecimal() and len(written) <= 9 else None
        if not reference:
            reference = str(number) if number is not None else str(index)
        text = cells.get("action") or cells.get("finding", "")
        action = ParsedAction(
            reference=reference,
            theme=draft.theme,
            text=text,
            where=str(where),
            number=number if number is not None else index,
            impact=cells.get("impact", ""),
            outcome=cells.get("outcome", ""),
            cross_references=cross,
            finding_ref=cells.get("finding_ref", ""),
            extra=dict(draft.extra),
        )
        if cells.get("action") and cells.get("finding"):
            action.extra["Area for improvement"] = cells["finding"]
        for name, label in (
            ("finding_ref", "Ofsted paragraph"),  # no field of its own yet: never dropped
            ("measures", "Success measures"),
            ("achieved", "Achieved"),
            ("on_target", "On target"),
        ):
            if cells.get(name):
                action.extra[label] = cells[name]
        if not text:
            self.result.warn(where, f"Action {reference} has no action text")
        self._owners(action, cells.get("owner", ""), where)
        self._deadline(action, cells.get("deadline", ""), where)
        self._updates(action, cells.get("update", ""), where)
        rag = cells.get("rag", "").strip().lower()
        if rag:
            action.rag = _RAG.get(rag, "")
            if not action.rag:
                self.result.warn(
                    where.at(column="RAG"),
                    f"RAG “{cells['rag']}” is not red, "
                    "amber, green or blue; kept as an extra field",
                )
                action.extra["RAG"] = cells["rag"]
        return action

    def _owners(self, action: ParsedAction, cell: str, where: Where) -> None:
        owners, joint = parse_owners(cell, self.known)
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

    def _deadline(self, action: ParsedAction, cell: str, where: Where) -> None:
        deadline = parse_deadline(cell, week1=self.week1)
        action.deadline_text = deadline.text
        action.due_start, action.due_date = deadline.due_start, deadline.due_date
        if deadline.problem:
            self.result.warn(
                where.at(column="Deadline"),
                f"{deadline.problem}; the deadline is kept as written with no due date",
            )
        for note in deadline.notes:
            self.result.warn(where.at(column="Deadline"), note)

    def _updates(self, action: ParsedAction, cell: str, where: Where) -> None:
        for update in split_updates(cell):
            if update.week is not None and self.week1 is not None:
                update.date = week_start(self.week1, update.week)
            elif update.date is not None and self.week1 is not None:
                update.week = week_number(self.week1, update.date)
            action.updates.append(update)


def interpret(
    document: Document, *, week1: dt.date | None = None, known_people: list[str] | None = None
) -> ParsedPlan:
    return Interpreter(document, week1, list(known_people or [])).run()
