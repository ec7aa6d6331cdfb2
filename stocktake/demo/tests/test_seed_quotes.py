"""The demo quotes the seeds as written: every sentence of the monitoring visit's findings
is seed 002's, and the areas for improvement and HMIP recommendations are seed 004's.

The seeds live beside the project (`../shared/seeds/` from its root, or from the folder that
holds a worktree of it) and are not shipped with it; these tests skip only when that folder
is absent, and say so.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stocktake.demo.findings_data import (
    AREAS_FOR_IMPROVEMENT,
    HMIP_RECOMMENDATIONS,
    MONITORING_VISIT_FINDINGS,
)

ROOT = Path(__file__).resolve().parents[3]
# `../shared/seeds` from the project (or from the folder holding a git worktree of it).
SEEDS = next(
    (p / "shared" / "seeds" for p in ROOT.parents[:2] if (p / "shared" / "seeds").is_dir()),
    ROOT.parent / "shared" / "seeds",
)


def _seed(prefix: str) -> str:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"The seed documents are not beside the project ({SEEDS} is absent)")
    text = found[0].read_text(encoding="utf-8")
    return " ".join(text.replace("\u2019", "'").split())


def _sentences(text: str) -> list[str]:
    parts = [p.strip() for p in text.replace("\u2019", "'").split("…")]
    return [s for p in parts for s in re.split(r"(?<=\.)\s+", p) if s]


def test_every_sentence_of_the_monitoring_visits_findings_is_the_letters():
    letter = _seed("002")

    for _kind, text, _repeats in MONITORING_VISIT_FINDINGS:
        for sentence in _sentences(text):
            assert sentence in letter, sentence


def test_the_areas_for_improvement_and_recommendations_are_seed_004s():
    report = _seed("004")

    for line in (AREAS_FOR_IMPROVEMENT + HMIP_RECOMMENDATIONS).splitlines():
        words = " ".join(line.strip().lstrip("- ").split())
        if words:
            assert words in report, words
