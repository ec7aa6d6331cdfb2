"""Reading an "Accountable person" cell into people: names, job titles, parts, partners."""

from __future__ import annotations

import re

from stocktake.imports.parsed import ParsedOwner

_DASH = re.compile(r"\s+[\u2013\u2014\u2012-]\s+|\s+[\u2013\u2014]|[\u2013\u2014]\s+")
_PART = re.compile(r"^\(?\s*p(?:ar)?t\.?\s*(\d)\s*\)?[:\s]*", re.I)
_JOINT = re.compile(r"\(?\s*joint\s+(delivery|lead(s)?)\s*\)?", re.I)
_GROUP = re.compile(r"^(?P<names>.+?\band\b.+?)\s*\((?P<role>[^)]+)\)\s*$")
_HONORIFIC = re.compile(
    r"^(dr|mr|mrs|ms|miss|prof|cllr|supt|ch\.? supt|insp|di|dci|sgt|rev)\.?$", re.I
)
_ORGANISATION = re.compile(
    r"\b(constabulary|police|nhs|trust|ccg|icb|council|university|college|academy|school|"
    r"probation|cafcass|foundation|partnership|charity|ltd|limited|plc|commissioner)\b",
    re.I,
)
_NAME_WORD = re.compile(r"^[A-Z][a-zA-Z'’\-]+\.?$")
_ROLE_WORDS = re.compile(
    r"\b(heads?|managers?|team|service|services|panel|all|leads?|"
    r"officers?|board|group)\b",
    re.I,
)


def _split_name_tail(segment: str, known: list[str]) -> tuple[str, str]:
    """Split "Head of Service Karen Smith" into ("Head of Service", "Karen Smith")."""
    for name in sorted(known, key=len, reverse=True):
        if segment.endswith(" " + name):
            return segment[: -len(name)].strip(), name
    words = segment.split()
    take = 2
    if len(words) >= 3 and _HONORIFIC.match(words[-3]):
        take = 3
    if len(words) <= take or not all(_NAME_WORD.match(w) for w in words[-take:]):
        return segment, ""
    return " ".join(words[:-take]), " ".join(words[-take:])


def _person(name: str, title: str, part: str) -> ParsedOwner:
    name, title = name.strip(" ,;."), title.strip(" ,;.")
    if (
        title
        and _ORGANISATION.search(title)
        and not re.search(
            r"\b(head|director|manager|"
            r"chair|officer|lead)\b",
            title,
            re.I,
        )
    ):
        return ParsedOwner(name=name, organisation=title, part=part)
    return ParsedOwner(name=name, title=title, part=part)


def _line_owners(line: str, part: str, known: list[str]) -> list[ParsedOwner]:
    group = _GROUP.match(line)
    if group and not _DASH.search(line):
        role = group.group("role").strip()
        role = role[:-1] if role.endswith("s") and not role.endswith("ss") else role
        names = re.split(r"\s*,\s*|\s+and\s+", group.group("names"))
        return [ParsedOwner(name=n.strip(), title=role, part=part) for n in names if n.strip()]
    segments = _DASH.split(line)
    if len(segments) == 1:
        text = line.strip(" ,;.")
        looks_like_role = bool(_ROLE_WORDS.search(text)) or not all(
            _NAME_WORD.match(w) for w in text.split()
        )
        return [ParsedOwner(name=text, part=part, is_role=looks_like_role)] if text else []
    people = []
    name = segments[0]
    for middle in segments[1:-1]:
        title, next_name = _split_name_tail(middle, known)
        if not next_name:  # a dash inside a title: what follows still belongs to it
            people.append(_person(name, title, part))
            name = ""
            continue
        people.append(_person(name, title, part))
        name = next_name
    if name:
        people.append(_person(name, segments[-1], part))
    elif people:
        last = people[-1]
        last.title = f"{last.title} – {segments[-1]}".strip(" –")
    return people


def parse_owners(cell: str, known: list[str] | None = None) -> tuple[list[ParsedOwner], bool]:
    """People named in an owner cell, and whether it says joint delivery."""
    known = list(known or [])
    joint = bool(_JOINT.search(cell))
    text = _JOINT.sub("\n", cell)
    owners: list[ParsedOwner] = []
    part = ""
    for raw in re.split(r"\n+|\s*/\s*(?=[A-Z(])|;\s*", text):
        line = raw.strip(" •\t")
        match = _PART.match(line)
        if match:
            part = f"pt{match.group(1)}"
            line = line[match.end() :].strip()
        if not line:
            continue
        for owner in _line_owners(line, part, known):
            owners.append(owner)
            if owner.name and not owner.is_role:
                known.append(owner.name)
    return owners, joint
