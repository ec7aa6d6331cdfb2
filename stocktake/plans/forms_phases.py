"""Forms for closing a 12-week phase and writing its narrative."""

from __future__ import annotations

from typing import Any

from django import forms

from stocktake.core.forms import DateField, limited
from stocktake.plans.services.phases import MAX_NARRATIVE, NARRATIVE_SECTIONS


class PhaseCloseForm(forms.Form):
    name = forms.CharField(
        label="Name of the next phase",
        max_length=200,
        error_messages={"required": "Enter a name for the next phase"},
    )
    start_date = DateField(
        label="The next phase starts on",
        label_noun="start date of the next phase",
        help_text="For example, 1 7 2019",
    )
    end_date = DateField(label="The next phase ends on", label_noun="end date of the next phase")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The next phase must end on or after the day it starts")
        return data


def _section(label: str, noun: str, rows: int = 6) -> forms.CharField:
    return limited(
        forms.CharField(
            label=label,
            widget=forms.Textarea(attrs={"rows": rows}),
            error_messages={"required": f"Enter {noun}"},
        ),
        MAX_NARRATIVE,
    )


class PhaseNarrativeForm(forms.Form):
    """Seed 000's template: what has gone well, what we have learned, what needs further
    attention, and the three priorities for the next phase."""

    gone_well = _section("What has gone well?", NARRATIVE_SECTIONS["gone_well"])
    learned = _section("What have we learned?", NARRATIVE_SECTIONS["learned"])
    needs_attention = _section(
        "What needs further attention?", NARRATIVE_SECTIONS["needs_attention"]
    )
    priority_1 = _section("First priority", NARRATIVE_SECTIONS["priority_1"], 3)
    priority_2 = _section("Second priority", NARRATIVE_SECTIONS["priority_2"], 3)
    priority_3 = _section("Third priority", NARRATIVE_SECTIONS["priority_3"], 3)
