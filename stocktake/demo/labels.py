"""Labelling what the demo makes up, wherever it appears.

The demo's indicator figures are generated (`stocktake.indicators.demo`) and its case audits
made up (`stocktake.quality.demo`); both mark their indicators `illustrative`. Pages show that
flag as a tag, but a paper names an indicator wherever it quotes a figure (the scorecard, the
traceability appendix, the chair's report), so the demo also writes the label into each such
indicator's name: "Re-referrals within 12 months (illustrative)" reads the same in every page,
paper and export. Each of their figures' notes says so too (the quality demo's "audit
actions completed on time" figures are computed without it).
"""

from __future__ import annotations

from django.db.models import Value
from django.db.models.functions import Concat

from stocktake.accounts.models import Authority
from stocktake.indicators.models import Indicator, Observation

LABEL = "(illustrative)"


def label_illustrative_indicators(authority: Authority) -> int:
    """Add the label to the name of every illustrative indicator of `authority` (once)."""
    labelled = 0
    for indicator in Indicator.objects.in_authority(authority).filter(illustrative=True):
        if indicator.name.endswith(LABEL):
            continue
        indicator.name = f"{indicator.name} {LABEL}"
        indicator.save(update_fields=["name"])
        labelled += 1
    Observation.objects.filter(
        indicator__authority=authority, indicator__illustrative=True
    ).exclude(note__startswith="Illustrative").update(note=Concat(Value("Illustrative: "), "note"))
    return labelled
