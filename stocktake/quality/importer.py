"""Reading a file of completed audits (CSV or Excel) into checked rows and placed problems.

A row per audit. Columns are found by their headings (in any of the first ten rows):
case reference, framework, date completed, overall grade, a column per domain of the
framework (headed with the domain's name or code), and optionally auditor, practitioner,
strengths, areas for development, the child's voice, round, and the moderation: moderated
grade, date moderated, moderation reason. Files are opened by the plan importer's readers
(size, type, encoding and zip-bomb checks). Every problem names the file, sheet, row and
column; a file with any problem is applied not at all. Nothing here raises for bad input.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from dateutil import parser as dateparser

from stocktake.imports.document import ReadError, Table, Where
from stocktake.imports.parsed import Problem
from stocktake.imports.readers import read_document
from stocktake.people.models import Person
from stocktake.quality.choices import read_grade
from stocktake.quality.models import Domain, Framework
from stocktake.quality.sampling import clean_reference, reference_problem

ACCEPTED = "a CSV file (.csv) or an Excel workbook (.xlsx)"
MAX_PROBLEMS = 500
HEADER_SEARCH_ROWS = 10
HEADERS: dict[str, set[str]] = {
    "case": {
        "case reference",
        "case ref",
        "case number",
        "case id",
        "case",
        "reference",
        "case no",
        "case no.",
    },
    "framework": {"framework", "audit framework", "audit tool", "tool"},
    "completed": {
        "completed",
        "completed on",
        "date completed",
        "date of audit",
        "audit date",
        "date audited",
    },
    "overall": {"overall", "overall grade", "grade overall", "overall judgement"},
    "auditor": {"auditor", "audited by", "auditor name"},
    "practitioner": {"practitioner", "social worker", "worker"},
    "strengths": {"strengths", "what is working well", "working well"},
    "development": {
        "areas for development",
        "development",
        "areas for improvement",
        "what needs to improve",
    },
    "child_voice": {"child's voice", "childs voice", "the child's voice", "child voice"},
    "round": {"round", "audit round", "programme", "audit programme"},
    "moderated_grade": {
        "moderated grade",
        "moderated overall grade",
        "moderator's grade",
        "moderators grade",
        "moderation grade",
    },
    "moderated_on": {"moderated on", "date moderated", "moderation date"},
    "moderation_reason": {
        "moderation reason",
        "reason for change",
        "moderator's reason",
        "moderation comment",
    },
}
REQUIRED = ("case", "completed", "overall")
_EARLY = dt.datetime(2001, 1, 1)
_LATE = dt.datetime(2002, 2, 2)


def _key(text: str) -> str:
    return " ".join(re.sub(r"[_’]", lambda m: " " if m[0] == "_" else "'", text).split()).casefold()


def read_day(text: str) -> dt.date:
    """A whole date in any common form (day first), or ValueError: a date missing its day,
    month or year is refused rather than completed with a guess."""
    text = text.strip()
    try:
        return (
            dt.date.fromisoformat(text[:10])
            if re.match(r"^\d{4}-\d\d-\d\d", text)
            else (_whole(text))
        )
    except (ValueError, OverflowError) as error:
        raise ValueError(str(error)) from None


def _whole(text: str) -> dt.date:
    first = dateparser.parse(text, dayfirst=True, default=_EARLY)
    second = dateparser.parse(text, dayfirst=True, default=_LATE)
    if first != second:
        raise ValueError("incomplete")
    return first.date()


@dataclass
class AuditRowIn:
    """One checked row, ready for the services."""

    where: str
    case: str
    framework: Framework
    completed_on: dt.date
    overall: str
    grades: dict[int, str]  # domain id → grade
    round: str
    auditor: Person | None = None
    practitioner: str = ""
    strengths: str = ""
    development: str = ""
    child_voice: str = ""
    moderated_grade: str = ""
    moderated_on: dt.date | None = None
    moderation_reason: str = ""


@dataclass
class ParsedAudits:
    rows: list[AuditRowIn] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def fail(self, where: Where | str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(str(where), message))

    def preview(self) -> dict[str, Any]:
        return {
            "rows": [
                {
                    "where": r.where,
                    "case": r.case,
                    "framework": r.framework.name,
                    "completed_on": r.completed_on.isoformat(),
                    "overall": r.overall,
                    "round": r.round,
                    "moderated": r.moderated_grade,
                }
                for r in self.rows
            ]
        }


@dataclass
class Context:
    frameworks: dict[str, Framework]  # by lower-case name
    domains: dict[int, list[Domain]]  # framework id → current version's domains
    people: dict[str, Person]  # by lower-case name
    today: dt.date


def _find_header(table: Table) -> tuple[int, list[str]] | None:
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        keys = [next((k for k, names in HEADERS.items() if _key(c) in names), "") for c in row]
        if "case" in keys and "overall" in keys:
            return index, keys
    return None


class _Row:
    """Reading one row: each check adds its problem with the row and column."""

    def __init__(
        self,
        parsed: ParsedAudits,
        ctx: Context,
        headings: list[str],
        keys: list[str],
        cells: list[str],
        where: Where,
    ) -> None:
        self.parsed, self.ctx, self.where = parsed, ctx, where
        self.by_key = {
            k: (cells[i] if i < len(cells) else "").strip() for i, k in enumerate(keys) if k
        }
        self.column = {k: headings[i] for i, k in enumerate(keys) if k}
        self.other = {
            _key(h): (cells[i] if i < len(cells) else "").strip()
            for i, (h, k) in enumerate(zip(headings, keys, strict=True))
            if not k
        }
        self.other_heading = {_key(h): h for h, k in zip(headings, keys, strict=True) if not k}
        self.ok = True

    def fail(self, key: str, message: str, heading: str = "") -> None:
        self.ok = False
        self.parsed.fail(self.where.at(column=heading or self.column.get(key, key)), message)

    def text(self, key: str) -> str:
        return self.by_key.get(key, "")

    def day(self, key: str, what: str) -> dt.date | None:
        text = self.text(key)
        if not text:
            self.fail(key, f"Enter the {what}")
            return None
        try:
            day = read_day(text)
        except ValueError:
            self.fail(key, f"“{text}” is not a whole date: write the {what} like 14/06/2019")
            return None
        if day > self.ctx.today:
            self.fail(key, f"The {what} cannot be in the future")
        return day

    def grade(self, text: str, what: str, key: str, heading: str = "") -> str:
        if not text:
            self.fail(key, f"Enter the {what}", heading)
            return ""
        grade = read_grade(text)
        if grade is None:
            self.fail(
                key,
                f"“{text}” is not a grade: write outstanding, good, requires "
                "improvement or inadequate",
                heading,
            )
        return grade or ""


def _framework(row: _Row) -> Framework | None:
    name = row.text("framework")
    if not name and len(row.ctx.frameworks) == 1:
        return next(iter(row.ctx.frameworks.values()))
    if not name:
        row.fail("framework", "Enter the framework the case was audited against")
        return None
    found = row.ctx.frameworks.get(name.casefold())
    if found is None:
        row.fail(
            "framework",
            f"There is no framework called “{name}”. Add it on the "
            "Frameworks page first, or correct the name",
        )
    return found


def _grades(row: _Row, framework: Framework) -> dict[int, str]:
    grades: dict[int, str] = {}
    for domain in row.ctx.domains[framework.pk]:
        names = {_key(domain.name), _key(domain.code), _key(f"{domain.name} grade")}
        heading = next((h for h in row.other if h in names), None)
        if heading is None:
            row.fail(
                "overall",
                f"The file has no column for the domain “{domain.name}” of "
                f"{framework.name}: add a column headed “{domain.name}”",
            )
            continue
        grade = row.grade(
            row.other[heading], f"grade for {domain.name}", "", row.other_heading[heading]
        )
        if grade:
            grades[domain.pk] = grade
    return grades


def _read_row(row: _Row) -> AuditRowIn | None:
    case = clean_reference(row.text("case"))
    problem = reference_problem(case)
    if problem:
        row.fail("case", problem)
    framework = _framework(row)
    completed = row.day("completed", "date the audit was completed")
    overall = row.grade(row.text("overall"), "overall grade", "overall")
    grades = _grades(row, framework) if framework else {}
    auditor = None
    if row.text("auditor"):
        auditor = row.ctx.people.get(" ".join(row.text("auditor").split()).casefold())
        if auditor is None:
            row.fail(
                "auditor",
                f"There is no one called “{row.text('auditor')}” in the "
                "register: add them on the People page, or leave the cell empty",
            )
    moderated, moderated_on, reason = "", None, row.text("moderation_reason")
    if row.text("moderated_grade"):
        moderated = row.grade(row.text("moderated_grade"), "moderated grade", "moderated_grade")
        moderated_on = row.day("moderated_on", "date of the moderation")
        if moderated and overall and moderated != overall and not reason:
            row.fail("moderation_reason", "Give the reason the moderator changed the grade")
        if moderated_on and completed and moderated_on < completed:
            row.fail("moderated_on", "The moderation cannot be before the audit was completed")
    if not row.ok or framework is None or completed is None:
        return None
    return AuditRowIn(
        where=str(row.where),
        case=case,
        framework=framework,
        completed_on=completed,
        overall=overall,
        grades=grades,
        round=row.text("round")[:200] or f"Imported audits – {completed:%B %Y}",
        auditor=auditor,
        practitioner=row.text("practitioner")[:200],
        strengths=row.text("strengths"),
        development=row.text("development"),
        child_voice=row.text("child_voice"),
        moderated_grade=moderated,
        moderated_on=moderated_on,
        moderation_reason=reason,
    )


def _read_table(table: Table, ctx: Context, parsed: ParsedAudits) -> bool:
    found = _find_header(table)
    if found is None:
        return False
    index, keys = found
    headings = table.rows[index]
    seen: dict[tuple[str, str], str] = {}
    for offset, cells in enumerate(table.rows[index + 1 :], start=index + 1):
        if not any(c.strip() for c in cells):
            continue
        where = table.where.at(row=table.number_of(offset))
        row = _Row(parsed, ctx, headings, keys, cells, where)
        read = _read_row(row)
        if read is None:
            continue
        key = (read.round.casefold(), read.case.casefold())
        if key in seen:
            parsed.fail(
                where.at(column=row.column["case"]),
                f"Case {read.case} is already in this file for {read.round} "
                f"({seen[key]}); keep one row",
            )
            continue
        seen[key] = str(where)
        parsed.rows.append(read)
    return True


def parse_audits(filename: str, data: bytes, ctx: Context) -> ParsedAudits:
    parsed = ParsedAudits()
    if PurePath(filename).suffix.lower() not in {".csv", ".xlsx"}:
        parsed.fail(filename, f"{filename} must be {ACCEPTED}")
        return parsed
    try:
        document = read_document(filename, data)
    except ReadError as error:
        parsed.fail(filename, str(error))
        return parsed
    tables = [b for b in document.blocks if isinstance(b, Table)]
    if not any(_read_table(t, ctx, parsed) for t in tables):
        parsed.fail(
            filename,
            "No row of headings was found. The file needs columns headed "
            "“case reference”, “date completed” and “overall grade”, and a column "
            "for each domain",
        )
    elif not parsed.rows and not parsed.problems:
        parsed.fail(filename, "The file has headings but no audits below them")
    return parsed
