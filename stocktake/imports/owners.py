"""Reading an "Accountable person" cell into people: names, job titles, parts, partners."""

from __future__ import annotations

import re

from stocktake.imports.document import Document, Paragraph, Table
from stocktake.imports.parsed import ParsedOwner

# Initials → (name, job title), from a key of initials anywhere in the document.
Key = dict[str, tuple[str, str]]
_INITIALS = re.compile(r"^[A-Z]{2,4}$")
_KEY_LINE = re.compile(
    r"(?:^|[;,:]\s*|\n)\s*([A-Z]{2,4})\s*[-–—=:]\s*([A-Z][^;\n]+?)"
    r"(?=\s*(?:;|\n|$|,\s*[A-Z]{2,4}\s*[-–—=:]))"
)
_INITIALS_TITLE = re.compile(r"^(?P<initials>[A-Z]{2,4})\s*\(\s*(?P<title>[^)]{3,})\)$")
_TITLE_INITIALS = re.compile(r"^(?P<title>.+?)\s*\(\s*(?P<initials>[A-Z]{2,4})\s*\)$")
# "Anne Brown (Head of Service)": a person with the job title in brackets.
_NAME_BRACKET_TITLE = re.compile(r"^(?P<name>[^()]+?)\s*\(\s*(?P<title>[^()]{3,})\s*\)$")

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


def _name_and_title(text: str) -> tuple[str, str]:
    """ "Anne Brown, Director of Children's Services" → the name and the title."""
    for sep in (",", " – ", " - "):
        if sep in text:
            name, _, title = text.partition(sep)
            return name.strip(), title.strip()
    return text.strip(), ""


def find_key(document: Document) -> Key:
    """A key of initials anywhere in the document: a table of initials and names, or lines
    such as "AB – Anne Brown, Head of Service"."""
    key: Key = {}
    for block in document.blocks:
        if isinstance(block, Table):
            found: Key = {}
            for row in block.rows:
                cells = [c.strip() for c in row if c.strip()]
                if len(cells) in (2, 3) and _INITIALS.match(cells[0]):
                    name, title = _name_and_title(cells[1])
                    if _is_name(name):
                        found[cells[0]] = (name, cells[2] if len(cells) == 3 else title)
            if len(found) >= 2:
                key.update(found)
        elif isinstance(block, Paragraph):
            for initials, rest in _KEY_LINE.findall(block.text):
                name, title = _name_and_title(rest)
                if _is_name(name):
                    key[initials] = (name, title)
    return key


def _is_name(text: str) -> bool:
    words = text.split()
    if len(words) >= 3 and _HONORIFIC.match(words[0]):
        words = words[1:]
    return (
        2 <= len(words) <= 3
        and all(_NAME_WORD.match(w) for w in words)
        and not _ROLE_WORDS.search(text)
        and not _ORGANISATION.search(text)
        and not _TITLE_WORD.search(text)
    )


_TITLE_WORD = re.compile(
    r"\b(director|head|manager|officer|lead|chair|principal|senior|assistant|deputy|chief|"
    r"social|worker|practitioner|coordinator|co-ordinator|adviser|advisor|of|and|for|the)\b",
    re.I,
)


def _is_person(text: str, key: Key) -> bool:
    text = text.strip(" ,;.")
    if text in key or _is_name(text):
        return True
    segments = _DASH.split(text)
    if len(segments) > 1 and _is_name(segments[0]):
        return True
    bracketed = _NAME_BRACKET_TITLE.match(text)
    if bracketed and _is_name(bracketed.group("name").strip()):
        return True
    name, title = _name_and_title(text)
    return bool(title) and _is_name(name)


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


def _keyed(line: str, part: str, key: Key) -> list[ParsedOwner] | None:
    text = line.strip(" ,;.")
    if text in key:
        name, title = key[text]
        return [ParsedOwner(name=name, title=title, part=part)]
    initials_first = _INITIALS_TITLE.match(text)
    if initials_first:
        initials, title = initials_first.group("initials"), initials_first.group("title")
        name = key[initials][0] if initials in key else initials
        return [ParsedOwner(name=name, title=title.strip(), part=part)]
    titled = _TITLE_INITIALS.match(text)
    if titled:
        initials, title = titled.group("initials"), titled.group("title").strip(" ,–-")
        if initials in key:
            return [ParsedOwner(name=key[initials][0], title=title, part=part)]
        if _is_name(title):
            # "Tom Jones (PSW)": a name with its title abbreviated, not a title's initials.
            return [ParsedOwner(name=title, title=initials, part=part)]
        return [ParsedOwner(name=initials, title=title, part=part)]
    bracketed = _NAME_BRACKET_TITLE.match(text)
    if bracketed and _is_name(bracketed.group("name").strip()):
        return [_person(bracketed.group("name"), bracketed.group("title"), part)]
    joint = [p.strip() for p in re.split(r"\s+(?:and|&)\s+", text) if p.strip()]
    if len(joint) >= 2 and all(_is_name(p) for p in joint):
        # "Gareth Price and Joanne Fairley": two people leading together.
        return [ParsedOwner(name=p, part=part) for p in joint]
    pieces = [p.strip() for p in text.split(",") if p.strip()]
    if (
        len(pieces) >= 2
        and not _is_name(pieces[0])
        and _ORGANISATION.search(pieces[-1])
        and not any(p in key for p in pieces)
    ):
        # "Partnership Manager, Safeguarding Children Partnership": a partner's role.
        title = ", ".join(pieces[:-1])
        return [
            ParsedOwner(name=title, title=title, organisation=pieces[-1], part=part, is_role=True)
        ]
    if len(pieces) >= 2 and all(p in key for p in pieces):
        return [ParsedOwner(name=key[p][0], title=key[p][1], part=part) for p in pieces]
    if len(pieces) >= 2 and not _DASH.search(text):
        if all(_is_name(p) for p in pieces):
            return [ParsedOwner(name=p, part=part) for p in pieces]
        if _is_name(pieces[0]):
            # "Anne Brown, Head of Service": a person with a job title.
            return [_person(pieces[0], ", ".join(pieces[1:]), part)]
    return None


def _line_owners(
    line: str, part: str, known: list[str], key: Key | None = None
) -> list[ParsedOwner]:
    keyed = _keyed(line, part, key or {})
    if keyed is not None:
        return keyed
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
        if not text:
            return []
        organisation = text if _ORGANISATION.search(text) and looks_like_role else ""
        return [
            ParsedOwner(name=text, part=part, is_role=looks_like_role, organisation=organisation)
        ]
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


def _lines(text: str, key: Key) -> list[str]:
    """An owner cell's lines; "/" splits a line only when both sides are people."""
    lines: list[str] = []
    for raw in re.split(r"\n+|;\s*", text):
        pieces = re.split(r"\s*/\s*", raw.strip(" •\t"))
        if len(pieces) > 1 and all(_is_person(p, key) for p in pieces if p.strip()):
            lines.extend(pieces)
        else:
            lines.append(raw)
    return lines


def parse_owners(
    cell: str, known: list[str] | None = None, key: Key | None = None
) -> tuple[list[ParsedOwner], bool]:
    """People named in an owner cell, and whether it says joint delivery."""
    known = list(known or [])
    key = key or {}
    joint = bool(_JOINT.search(cell))
    text = _JOINT.sub("\n", cell)
    owners: list[ParsedOwner] = []
    part = ""
    for raw in _lines(text, key):
        line = raw.strip(" •\t")
        match = _PART.match(line)
        if match:
            part = f"pt{match.group(1)}"
            line = line[match.end() :].strip()
        if not line:
            continue
        for owner in _line_owners(line, part, known, key):
            owners.append(owner)
            if owner.name and not owner.is_role:
                known.append(owner.name)
    return owners, joint
