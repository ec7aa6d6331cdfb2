"""The Word plan the import benchmark reads: 1,000 actions shaped like seed 000.

Seeded, so every run and every machine reads the same file. Used by benchmarks/imports.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import random
from typing import Any

from vocabulary import (
    FIRST,
    IMPACTS,
    LAST,
    OBJECTS,
    OUTCOMES,
    QUALIFIERS,
    THEMES,
    UPDATE_DETAILS,
    UPDATE_OPENERS,
    VERBS,
)

PLAN_NAME = "Improvement Plan 2025–26"
WEEK1 = dt.date(2025, 1, 6)  # a Monday; week 52 starts on 22 December 2025
PLAN_WEEKS = 52
TODAY = WEEK1 + dt.timedelta(weeks=PLAN_WEEKS)  # every update is in the past
DASH = "\u2013"  # the en dash plans write between a name and a title, and in "Week 13 – 24"
COLUMNS = [
    "No",
    "ID",
    "Action",
    "Anticipated Impact on the Quality of Practice",
    "Outcome for Children and Families",
    "Accountable Person",
    "Deadline",
    "Summary update",
]
JOB_TITLES = [
    "Director of Children’s Services",
    "Assistant Director, Children’s Social Care",
    "Head of Safeguarding, Quality Assurance and PSW",
    "Head of Commissioning and Corporate Delivery",
    "Head of HR & Workforce Development",
    "Head of Partnerships and Improvement",
    "Head of Targeted Intervention Service",
    "Head of Performance and Systems Intelligence",
    "HeadStart Programme Manager",
    "Director of Adult Social Care",
    "Head of Service, Children in Care",
    "Head of Service, Front Door",
    "Principal Social Worker",
    "Service Manager, Care Leavers",
    "Head of Early Help",
    "Team Manager, MASH",
    "IRO Service Manager",
    "Head of Education Safeguarding",
    "Designated Nurse for Safeguarding",
    "Virtual School Head",
]
PARTNERS = ["Lancashire Constabulary", "Blackpool Teaching Hospitals NHS Foundation Trust"]
EXTRA = [
    "A further review is planned for the next improvement board.",
    "Heads of service have agreed to report exceptions weekly.",
    "The principal social worker will sample a further 10 cases.",
    "Timescales have been revised and agreed with partners.",
]


def _people(rng: random.Random, count: int) -> list[str]:
    """The register, as owner cells write people: "Name – Job title" (a few partners)."""
    names = rng.sample([f"{f} {s}" for f, s in itertools.product(FIRST, LAST)], count)
    people = []
    for index, name in enumerate(names):
        title = PARTNERS[index % 2] if index % 15 == 14 else rng.choice(JOB_TITLES)
        people.append(f"{name} {DASH} {title}")
    return people


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}."


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """`total` split into `parts` uneven sizes of at least 1."""
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def _action_row(
    rng: random.Random,
    number: int,
    reference: str,
    references: list[str],
    people: list[str],
    weights: list[float],
    updates: int,
) -> tuple[list[list[str]], dict[str, int]]:
    """One action's eight cells, each a list of paragraphs, and what it contains."""
    shape = rng.choices(["single", "parts", "joint", "joint_one_line"], [70, 12, 13, 5])[0]
    owners = rng.choices(people, weights, k=1)
    while shape != "single" and len(owners) < 2:
        owners = list(dict.fromkeys(owners + rng.choices(people, weights, k=1)))
    ident = reference
    if rng.random() < 0.05:  # cross-references, written "LA32 FD5" or "LA32 FD5/ CP10"
        others = rng.sample([r for r in references if r != reference], rng.randint(1, 2))
        ident = f"{reference} {'/ '.join(others)}"
    if shape == "parts":
        text = [f"(pt{n}) {_sentence(rng)}" for n in (1, 2)]
        owner_cell = [f"(pt{n}) {owner}" for n, owner in enumerate(owners, start=1)]
    else:
        text = [_sentence(rng) for _ in range(rng.choice([1, 1, 1, 2]))]
        if shape == "joint":
            owner_cell = [f"(Joint delivery) {owners[0]}", owners[1]]
        elif shape == "joint_one_line":  # as seed 000's LA32 writes it
            owner_cell = [f"(Joint Delivery) {owners[0]} {owners[1]}"]
        else:
            owner_cell = owners
    first = rng.randint(4, PLAN_WEEKS)
    if rng.random() < 0.25 and first < PLAN_WEEKS:
        deadline = f"Week {first} {DASH} {rng.randint(first + 1, PLAN_WEEKS)}"
    else:
        deadline = f"Week {first}"
    texts = rng.sample(list(itertools.product(UPDATE_OPENERS, UPDATE_DETAILS)), updates)
    summary, continued = [], 0
    for week, (opener, detail) in zip(
        sorted(rng.sample(range(1, PLAN_WEEKS + 1), updates)), texts, strict=True
    ):
        part = f"(pt{rng.randint(1, 2)}) " if shape == "parts" else ""
        summary.append(f"Week {week} {DASH} {part}{opener} {detail}")
        if rng.random() < 0.15:  # an update that runs on into a second paragraph
            summary.append(rng.choice(EXTRA))
            continued += 1
    cells = [
        [str(number)],
        [ident],
        text,
        rng.sample(IMPACTS, rng.randint(1, 3)),
        [rng.choice(OUTCOMES)],
        owner_cell,
        [deadline],
        summary,
    ]
    return cells, {"owners": len(owners), "continued_updates": continued, shape: 1}


def generate_plan(
    seed: int, actions: int, updates: int, people: int = 60
) -> tuple[bytes, dict[str, Any]]:
    """The Word file and a summary of what it holds. Same arguments, same file content."""
    from docx import Document as new_docx

    rng = random.Random(seed)
    themes = sorted(rng.sample(range(len(THEMES)), rng.randint(4, 8)))
    sizes = _split(rng, actions, len(themes))
    register = _people(rng, people)
    weights = [rng.paretovariate(1.5) for _ in register]  # a few people own many actions
    refs = [
        [f"{THEMES[t][0]}{n}" for n in range(1, size + 1)]
        for t, size in zip(themes, sizes, strict=True)
    ]
    every_ref = [r for theme_refs in refs for r in theme_refs]
    document = new_docx()
    document.add_paragraph(f"{PLAN_NAME} {DASH} Post Ofsted Inspection", style="Title")
    document.add_paragraph(
        "This plan sets out the actions agreed with partners after the inspection, who is "
        "accountable for each, and the progress reported each week."
    )
    stats: dict[str, int] = {"actions": 0, "update_paragraphs": 0}
    number = 0
    for t, theme_refs in zip(themes, refs, strict=True):
        document.add_heading(THEMES[t][1], level=1)
        table = document.add_table(rows=len(theme_refs) + 1, cols=len(COLUMNS))
        table.style = "Table Grid"
        rows = iter(table.rows)
        _fill_row(next(rows), [[c] for c in COLUMNS])
        for reference, row in zip(theme_refs, rows, strict=True):
            number += 1
            cells, counts = _action_row(
                rng, number, reference, every_ref, register, weights, updates
            )
            _fill_row(row, cells)
            stats["actions"] += 1
            stats["update_paragraphs"] += len(cells[-1])
            for key, value in counts.items():
                stats[key] = stats.get(key, 0) + value
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    return data, {
        "seed": seed,
        "themes": len(themes),
        "actions_per_theme": sizes,
        "updates_per_action": updates,
        "register": people,
        **stats,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def _fill_row(row: Any, cells: list[list[str]]) -> None:
    for cell, paragraphs in zip(row.cells, cells, strict=True):
        cell.text = paragraphs[0]
        for paragraph in paragraphs[1:]:
            cell.add_paragraph(paragraph)
