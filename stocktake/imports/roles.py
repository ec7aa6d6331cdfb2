"""Column roles scored from a column's heading and from what its cells look like.

Each column gets a score for each role: its heading's words (the strongest evidence when
they are clear) plus the shape of its values (dates, people and job titles, references such
as 3.2, 4(ii) or W2b, RAG words, long prose). Roles that an action has once (its text, owner,
deadline…) go to the best-scoring column; roles that can repeat (progress updates, RAG,
measures, evidence) keep every column, and a column dated by its heading ("Update May
2024", "Q2 review") dates its cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stocktake.imports.columns import normalise

# Roles an action has once; the best column wins and the others are kept as extra fields.
SINGLE = (
    "number",
    "reference",
    "theme",
    "sub_theme",
    "finding",
    "finding_ref",
    "planned_response",
    "action",
    "sub_action",
    "owner",
    "deadline",
    "start",
    "impact",
    "outcome",
    "achieved",
    "on_target",
    "update_date",
    "baseline",
)
# Roles several columns can share.
MANY = ("update", "rag", "measures", "evidence", "review")

HEADINGS: list[tuple[str, str]] = [
    ("sub_theme", r"sub[- ]?(workstream|theme|area|priority)"),
    ("sub_action", r"sub[- ]?(action|task|step)s?|detailed (actions?|steps?)|^steps?$|^tasks?$"),
    (
        "finding",
        r"(ofsted|inspection|jtai|ilacs)?\s*area(s)? for (improvement|development)|^afi$|"
        r"finding|recommendation|what (ofsted|inspectors) (said|found)|what needs to (improve|"
        r"change)|^issues?( identified)?$|^(the )?(issue|problem|concern)",
    ),
    ("finding_ref", r"ofsted\s*para|para(graph)?\s*(no|ref)|report para"),
    ("planned_response", r"planned response|response summary"),
    (
        "impact",
        r"anticipated impact|impact on (the )?quality|^impact$|expected impact|intended impact",
    ),
    (
        "measures",
        r"success measure|measures? of success|monitoring (and|&) evaluation|how will we know|"
        r"evidence of impact|impact measure|outcome measure|performance measure|^kpis?\b|"
        r"^measures?$|key (performance )?indicators?|^indicators?$|success criteria|"
        r"how (we|will we) measure|what (will )?success (will )?look|targets? and measures",
    ),
    ("outcome", r"outcome"),
    # A measures table's figures: "Baseline (March 2024)", "Current position".
    ("baseline", r"^baseline|^starting point$"),
    ("evidence", r"^evidence|evidence (of completion|base|required|to support)|^proof"),
    (
        "owner",
        r"accountable|responsib|^lead|lead officer|^who\b|owner|^by whom|officer|^sro$|"
        r"senior responsible|^manager$|^person$|assigned|\bleads?$",
    ),
    ("start", r"^start|start date|^commenc|^begin|^from$|date started"),
    ("review", r"review date|next review|^review by|date of (next )?review|^review$"),
    (
        "deadline",
        r"deadline|by when|^when\b|timescale|time ?frame|due|target date|^target$|completion|"
        r"^complete by|finish|end date|^date$|^by$|date (to be )?(completed|achieved)|"
        r"^target completion|delivery date|^timeline|milestone|^quarter (due|end)",
    ),
    ("rag", r"^r\s*/?\s*a\s*/?\s*g\b|\bb?rag\b|^rating$|traffic light"),
    # The date a tracker's notes were last written ("Last updated", "Last Update Date").
    (
        "update_date",
        r"^(date )?last updated?( on| date)?$|^update date$|^date (of )?(last )?update$|"
        r"^(last )?modified( on| date)?$",
    ),
    ("achieved", r"^achieved|^complete[d]?\??$"),
    ("on_target", r"on target|on track"),
    (
        "update",
        r"update|progress|commentary|current status|^status$|position|^comments?\b|narrative|"
        r"what has (happened|been done)|^notes? on progress|review\b|^q[1-4]\b|^quarter",
    ),
    ("number", r"^no\.?$|^number$|^#$|^item$|^row$|^s/?no\.?$"),
    (
        "reference",
        r"^id$|^ref(erence)?\.?( no\.?)?$|action (id|ref|no)|^(action|rec|item)\s*(no|number|#)|"
        r"^(task|item)\s*id$",
    ),
    (
        "theme",
        r"workstream|work stream|^theme|priority area|^priority$|^area$|^objective|^strand|"
        r"^domain|^key (area|priority)|^improvement (area|priority)|^strategic (aim|priority)|"
        r"^aim$|^goal$|^pillar|^bucket|^category$|^programme area|^areas?\b",
    ),
    (
        "action",
        r"^actions?\b|^what\b|^tasks?$|activit|key action|what (we|will we|are we going to) "
        r"do|actions? (required|to be taken|planned)|^how( will we do it)?$|^intervention|"
        r"^task (name|title)$|^title$|^(action|task) description$",
    ),
]
_COMPILED = [(role, re.compile(pattern, re.I)) for role, pattern in HEADINGS]

_REFERENCE = re.compile(
    r"^\(?(?:[A-Za-z]{1,4}\s?)?\d{1,3}(?:[.\-]\d{1,3}){0,3}(?:[.\-]?[a-z])?"
    r"(?:\s?\((?:[ivx]{1,5}|[a-z]|\d{1,2})\))?\.?\)?$|^\(?(?:[ivx]{1,6}|[a-z])[.)]?\)?$",
    re.I,
)
_RAG_WORD = re.compile(
    r"^(r|a|g|b|red|amber|green|blue|complete[d]?|on track|off track|at risk|"
    r"red\s*/\s*amber|amber\s*/\s*green|ra|ag|not started|in progress)\.?$",
    re.I,
)
_DATE_LIKE = re.compile(
    r"\b\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|"
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*[\-' ]?\s*\d{2,4}\b|"
    r"\bq[1-4]\b|\b(?:qtr|quarter)\.?\s*[1-4]\b|"
    r"\bw/?c\b|\bweeks?\s*\d|\bwk\s*\d|^ongoing|^monthly|^quarterly|^end of|"
    r"\b20\d{2}\s*/\s*\d{2}\b|^by\s",
    re.I,
)
_TITLE_WORDS = re.compile(
    r"\b(head|director|manager|lead|officer|chair|coordinator|co-ordinator|advisor|adviser|"
    r"principal|senior|team|service|services|dcs|ads?|dcs|hos|practitioner|partnership|"
    r"board|police|health|nhs|commissioning|designated|virtual school|iro|psw|ceo|"
    r"chief|executive|assistant|deputy|group)\b",
    re.I,
)
_PERSON = re.compile(
    r"^(?:(?:dr|mr|mrs|ms|miss|cllr)\.?\s+)?[A-Z][a-z'’\-]+(?:\s+[A-Z][a-z'’\-]+){1,2}$"
)


@dataclass
class Column:
    index: int
    heading: str
    role: str | None  # None: kept as an extra field under its heading
    score: float = 0.0


@dataclass
class _Shape:
    filled: float
    dates: float
    refs: float
    rags: float
    people: float
    long: float
    mean_length: float
    count: int = 0


def heading_role(heading: str) -> str | None:
    text = normalise(heading)
    if not text or len(text) > 80:
        return None
    for role, pattern in _COMPILED:
        if pattern.search(text):
            return role
    return None


def _shape(values: list[str]) -> _Shape:
    cells = [" ".join(v.split()) for v in values if v and v.strip()]
    if not cells:
        return _Shape(0, 0, 0, 0, 0, 0, 0)
    n = len(cells)

    def share(test: object) -> float:
        assert callable(test)
        return sum(1 for c in cells if test(c)) / n

    return _Shape(
        filled=n / max(len(values), 1),
        dates=share(lambda c: len(c) <= 60 and bool(_DATE_LIKE.search(c))),
        refs=share(lambda c: bool(_REFERENCE.match(c))),
        rags=share(lambda c: bool(_RAG_WORD.match(c))),
        people=share(
            lambda c: (
                len(c) <= 120
                and not c.endswith(".")
                and (
                    bool(_PERSON.match(c.split(",")[0].split(" – ")[0].split(" - ")[0].strip()))
                    or bool(_TITLE_WORDS.search(c))
                )
            )
        ),
        long=share(lambda c: len(c) >= 60),
        mean_length=sum(len(c) for c in cells) / n,
        count=n,
    )


def _value_scores(shape: _Shape) -> dict[str, float]:
    """What a column's values alone suggest, each score from 0 to about 4."""
    if shape.filled == 0:
        return {}
    scores = {
        "deadline": 4 * shape.dates if shape.mean_length < 60 else 0.0,
        "reference": 4 * shape.refs if shape.mean_length < 12 else 0.0,
        "rag": 4 * shape.rags,
        "owner": 3 * shape.people if shape.mean_length < 120 and shape.dates < 0.5 else 0.0,
        "action": 3 * shape.long + min(shape.mean_length / 60, 1.5),
        "update": 2 * shape.long,
    }
    return scores


def assign(header: list[str], body: list[list[str]]) -> list[Column]:
    """The role of each column of a table whose header row is `header`."""
    width = len(header)
    sample = body[:120]
    shapes = [_shape([row[i] if i < len(row) else "" for row in sample]) for i in range(width)]
    columns = [Column(i, header[i].strip(), heading_role(header[i])) for i in range(width)]
    for column in columns:
        shape = shapes[column.index]
        role = column.role if shapes[column.index].count >= 3 else None
        # Values that contradict a heading win: "No" holding 3.2, "Status" holding Red/Amber.
        if role == "number" and shape.filled and shape.refs > 0.6:
            if not all(
                row[column.index].strip().isdecimal()
                for row in sample
                if column.index < len(row) and row[column.index].strip()
            ):
                column.role = "reference"
        elif role == "update" and shape.rags >= 0.8:
            column.role = "rag"
        elif role == "rag" and shape.filled and shape.rags < 0.3 and shape.mean_length > 25:
            column.role = "update"
        elif role in ("deadline", "start", "review") and shape.long > 0.5 and shape.dates < 0.3:
            column.role = "update" if role == "review" else None
        elif role == "reference" and shape.long > 0.5:
            column.role = None
        column.score = 10.0 if column.role else 0.0
    _resolve_findings(columns)
    _notes_as_progress(columns)
    _dated_headings_as_progress(columns, shapes)
    _outcomes_that_are_measures(columns, sample)
    _fill_blanks(columns, shapes)
    return _single(columns, shapes)


def _resolve_findings(columns: list[Column]) -> None:
    """With no column headed as the action, a sub-action or task column is the action."""
    if any(c.role == "action" for c in columns):
        return
    for column in columns:
        if column.role == "sub_action":
            column.role = "action"
            return


def _notes_as_progress(columns: list[Column]) -> None:
    """A tracker's "Notes" column, dated by its "Last updated" column, is its progress when
    no column is headed as progress; otherwise it stays an extra field, as written."""
    roles = {c.role for c in columns}
    if "update" in roles or "update_date" not in roles:
        return
    for column in columns:
        if column.role is None and re.fullmatch(r"notes?", normalise(column.heading)):
            column.role = "update"
            return


_DATE_HEADING = re.compile(
    r"^(?:(?:w/?c|week ending|as at|at)\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"\s*[\-' ]?\s*(?:\d{4}|\d{2})$|"
    r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$",
    re.I,
)


def _dated_headings_as_progress(columns: list[Column], shapes: list[_Shape]) -> None:
    """A column headed only by a date ("Jun 2024", "30/09/2024") is that date's progress
    (a monthly tracker), or that date's RAG when its cells are RAG words: its heading
    dates its cells."""
    for column in columns:
        shape = shapes[column.index]
        if column.role is not None or not shape.count:
            continue
        if not _DATE_HEADING.match(normalise(column.heading)):
            continue
        if shape.rags >= 0.8:
            column.role = "rag"
        elif shape.dates < 0.5 and shape.mean_length >= 8:
            column.role = "update"


# What a measure of success says and a narrative outcome rarely does: a figure, a rise or a
# fall, what people say.
_MEASURABLE = re.compile(
    r"\d|%|\b(say|says|tell us|rate|rates|rated|rises?|falls?|increases?|reduces?|doubles?|"
    r"halves?|fewer|no more than|at least|within)\b",
    re.I,
)


def _outcomes_that_are_measures(columns: list[Column], sample: list[list[str]]) -> None:
    """An "Outcomes" column whose entries are measurable ("rises to 65%", "families say…")
    holds the actions' measures of success."""
    for column in columns:
        if column.role != "outcome":
            continue
        values = [
            row[column.index].strip()
            for row in sample
            if column.index < len(row) and row[column.index].strip()
        ]
        lines = [line for value in values for line in value.split("\n") if line.strip()]
        if len(lines) >= 3 and sum(1 for v in lines if _MEASURABLE.search(v)) >= 0.6 * len(lines):
            column.role = "measures"


_PLAIN_VALUE_ROLES = ("deadline", "rag", "owner")


def _fill_blanks(columns: list[Column], shapes: list[_Shape]) -> None:
    """A column whose heading says nothing Stocktake knows is judged by its values, for
    the roles no heading claimed."""
    taken = {c.role for c in columns if c.role}
    for column in columns:
        if column.role:
            continue
        shape = shapes[column.index]
        scores = _value_scores(shape)
        # A heading Stocktake does not know ("Milestone", "Who's on it") gives way only to
        # values that leave no doubt: nearly every cell a date, a RAG word or a person.
        need = 3.0 if column.heading else 1.6
        for role, score in sorted(scores.items(), key=lambda kv: -kv[1]):
            if column.heading and (role not in _PLAIN_VALUE_ROLES or shape.count < 3):
                continue
            if role in taken and role not in MANY:
                continue
            if score >= need:
                column.role, column.score = role, score
                taken.add(role)
                break


def _single(columns: list[Column], shapes: list[_Shape]) -> list[Column]:
    best: dict[str, Column] = {}
    for column in columns:
        role = column.role
        if role is None or role in MANY:
            continue
        kept = best.get(role)
        if kept is None:
            best[role] = column
            continue
        # Two columns for one role: the better-filled keeps it (ties: the first); a second
        # deadline column headed "end", "completion" or "target" beats a plain "date".
        if _prefer(column, kept, shapes):
            kept.role = None
            best[role] = column
        else:
            column.role = None
    return columns


def _prefer(new: Column, kept: Column, shapes: list[_Shape]) -> bool:
    if new.role == "deadline":
        strong = re.compile(r"end|complet|target|deadline|by when|due", re.I)
        return bool(strong.search(new.heading) and not strong.search(kept.heading))
    if new.role == "owner":
        return False
    return shapes[new.index].filled > shapes[kept.index].filled + 0.3


def table_kind(columns: list[Column]) -> str | None:
    roles = {c.role for c in columns if c.role}
    if "action" in roles and len(roles) >= 2:
        return "actions"
    if "finding" in roles and "planned_response" in roles:
        return "findings"
    if "finding" in roles and roles & {"owner", "deadline", "update"}:
        return "actions"  # AFI-led plans: the finding is the action's subject
    if "sub_action" in roles and roles & {"owner", "deadline"}:
        return "actions"
    if "measures" in roles and not roles & {"action", "sub_action", "finding"}:
        return "measures"
    return None


def header_score(row: list[str]) -> int:
    return sum(1 for cell in row if heading_role(cell))
