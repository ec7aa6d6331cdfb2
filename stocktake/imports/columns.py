"""Recognising a table's columns by what their headings mean, not by exact words."""

from __future__ import annotations

import re

# (field, pattern) in priority order: the first pattern a heading matches decides its field.
RULES: list[tuple[str, str]] = [
    ("finding", r"(ofsted|inspection)?\s*area(s)? for improvement|^afi$|finding"),
    ("finding_ref", r"ofsted\s*para|para(graph)?\s*(no|ref)"),
    ("planned_response", r"planned response|response summary"),
    ("impact", r"anticipated impact|impact on (the )?quality|^impact$|expected impact"),
    ("outcome", r"outcome"),
    (
        "measures",
        r"success measure|measures? of success|monitoring (and|&) evaluation|"
        r"how will we know|evidence of impact",
    ),
    ("owner", r"accountable|responsib|^lead|lead officer|^who\b|owner|^by whom"),
    (
        "deadline",
        r"deadline|by when|^when\b|timescale|due date|target date|completion date|"
        r"^date$|^by$",
    ),
    ("rag", r"^r\s*/?\s*a\s*/?\s*g$|^b?rag( status| rating)?$"),
    ("achieved", r"^achieved|^complete[d]?\??$"),
    ("on_target", r"on target|on track"),
    ("update", r"update|progress|commentary|current status|^status$|position"),
    ("number", r"^no\.?$|^number$|^#$|^item$|^row$"),
    ("reference", r"^id$|^ref(erence)?\.?( no\.?)?$|action (id|ref)"),
    ("theme", r"workstream|work stream|^theme|priority area|^priority$|^area$|^objective"),
    ("sub_theme", r"sub[- ]?(workstream|theme|area)"),
    ("action", r"^actions?\b|what\b|recommendation|^tasks?$|activit|key action|^steps?$"),
]
_COMPILED = [(name, re.compile(pattern, re.I)) for name, pattern in RULES]


def normalise(heading: str) -> str:
    text = re.sub(r"[\s\u00a0]+", " ", heading.replace("\n", " ")).strip(" :?*")
    return text.lower()


def classify(heading: str) -> str | None:
    text = normalise(heading)
    if not text or len(text) > 80:
        return None
    for name, pattern in _COMPILED:
        if name == "sub_theme" and pattern.search(text):
            return name
    for name, pattern in _COMPILED:
        if pattern.search(text):
            return name
    return None


def header_fields(row: list[str]) -> dict[int, str]:
    """Column index → field for a candidate header row (each field used once, first wins)."""
    fields: dict[int, str] = {}
    used: set[str] = set()
    for index, cell in enumerate(row):
        name = classify(cell)
        if name and name not in used:
            fields[index] = name
            used.add(name)
    return fields


def table_kind(fields: dict[int, str]) -> str | None:
    names = set(fields.values())
    if "action" in names and len(names) >= 2:
        return "actions"
    if "finding" in names and "planned_response" in names:
        return "findings"
    if "finding" in names and ("owner" in names or "deadline" in names):
        return "actions"  # AFI-led plans: the area for improvement is the action's subject
    return None


LOOKED_FOR = (
    "an “Action” column with at least one of “Accountable person” / “Lead” / “Who?”, "
    "“Deadline” / “By when” / “When?”, “Progress” / “Summary update”, “ID” / “Ref”, "
    "“Workstream” / “Theme”; or “Area for improvement” with “Planned response”"
)
