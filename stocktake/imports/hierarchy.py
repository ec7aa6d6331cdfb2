"""The findings a plan's actions answer, listed as the plan's findings (ADR 0021).

A recommendation or area for improvement written above its actions (a numbered row, a
merged row, a "Recommendation" column) is named in each answering action's `finding`. It is
a finding of the plan as much as one in an appendix table, so the dry run lists it under
`findings` too, once, with its reference; the import already puts it in the register and
links the actions to it.
"""

from __future__ import annotations

import re

from stocktake.imports.parsed import ParsedFinding, ParsedPlan

# "R1. Leaders should…", "AFI 3: …", "2 – …": the finding's reference written before it.
_LEADING_REF = re.compile(
    r"^\s*(?P<ref>(?:[A-Za-z]{1,4}\s?)?\d{1,2}(?:\.\d{1,2})*[a-z]?)\s*[.):\-\u2013\u2014]?\s+(?=\S)"
)
# What a recommendation says and a theme's title does not: "Leaders should…", "…must…".
_ASKS = re.compile(r"\b(should|must|needs? to|ought to)\b|^(ensure|make sure)\b", re.I)


def reads_as_finding(text: str) -> bool:
    """A row above the actions' level that asks for something is a recommendation (a
    finding the actions answer), not a section's title, however short."""
    return bool(_ASKS.search(text)) and len(text.split()) >= 4


_MARKER = re.compile(r"^\s*\(?(?P<label>[a-z]|[ivx]{1,4}|\d{1,2})[.)]\s+(?=\S)")


def split_marker(text: str) -> tuple[str, str]:
    """ "a) Draft the document" → ("a", "Draft the document"); unmarked text → ("", text)."""
    found = _MARKER.match(text)
    if not found:
        return "", text
    return found.group("label"), text[found.end() :].strip()


def _key(text: str) -> str:
    return " ".join(text.split()).casefold().rstrip(" .;:")


def add_findings_named_by_actions(plan: ParsedPlan) -> None:
    known = {_key(f.text) for f in plan.findings}
    for action in plan.actions:
        if not action.finding:
            continue
        lead = _LEADING_REF.match(action.finding)
        if lead and len(action.finding) > lead.end() + 20:
            action.finding_ref = action.finding_ref or lead.group("ref")
            action.finding = action.finding[lead.end() :]
            if "Area for improvement" in action.extra:
                action.extra["Area for improvement"] = action.finding
        key = _key(action.finding)
        if key in known:
            continue
        known.add(key)
        plan.findings.append(
            ParsedFinding(
                reference=action.finding_ref,
                text=action.finding,
                planned_response="",
                progress="",
                where=action.where,
            )
        )
