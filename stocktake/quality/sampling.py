"""Case references: read from a pasted list, checked, and sampled at random with a stated seed.

A case reference is the number the council's case management system gives a case. It is
never a child's name, so a "reference" with no digit in it is refused: it is most likely a
name typed by mistake.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

MAX_LENGTH = 40
_ALLOWED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./_\-]*$")
_SPLIT = re.compile(r"[\n\r,;\t]+")


def reference_problem(text: str) -> str | None:
    """Why `text` is not a usable case reference, or None."""
    if not text:
        return "Enter the case reference"
    if len(text) > MAX_LENGTH:
        return f"A case reference must be {MAX_LENGTH} characters or fewer"
    if not any(c.isdigit() for c in text):
        return (
            f"“{text}” has no number in it. Enter the case reference the council uses, "
            "never a child's name"
        )
    if not _ALLOWED.match(text):
        return (
            f"“{text}” is not a case reference: use only letters, numbers, spaces, full stops, "
            "slashes, dashes and underscores"
        )
    return None


def clean_reference(text: str) -> str:
    return " ".join(text.split())


@dataclass
class References:
    references: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_references(text: str) -> References:
    """The references in a pasted list (one a line, or separated by commas), each checked;
    a repeated reference is a problem, since a case is audited once in a round."""
    found = References()
    seen: set[str] = set()
    for number, raw in enumerate(_SPLIT.split(text or ""), start=1):
        reference = clean_reference(raw)
        if not reference:
            continue
        problem = reference_problem(reference)
        if problem:
            found.problems.append(f"Item {number}: {problem}")
        elif reference.casefold() in seen:
            found.problems.append(f"Item {number}: {reference} is in the list twice")
        else:
            seen.add(reference.casefold())
            found.references.append(reference)
    return found


def sample(population: list[str], size: int, seed: int) -> list[str]:
    """`size` references drawn at random from `population`, the same every time for the same
    list and seed (so anyone can check the draw), in the order drawn."""
    if size > len(population):
        raise ValueError(f"Cannot sample {size} cases from {len(population)}")
    return random.Random(seed).sample(population, size)  # not for security: a checkable draw
