"""Audit events as a person reads them: "Deadline: Week 20 → Week 24", not field names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from stocktake.plans.choices import DeliveryStatus, ImpactStatus, PlanKind, Rag

VERBS = {
    "created": "Created",
    "updated": "Edited",
    "update_posted": "Update posted",
    "status_changed": "Status changed",
    "evidence_added": "Evidence added",
    "phase_closed": "Phase closed",
    "narrative_written": "Phase narrative written",
}
FIELDS = {
    "deadline_text": "Deadline",
    "due_start": "Due from",
    "due_date": "Due date",
    "text": "Action",
    "impact": "Anticipated impact",
    "outcome": "Outcome for children and families",
    "joint_delivery": "Joint delivery",
    "cross_references": "Cross-references",
    "delivery_status": "Delivery status",
    "impact_status": "Impact status",
    "rag": "RAG",
    "week1_date": "Week 1 starts",
    "start_date": "Start date",
    "end_date": "End date",
    "job_title": "Job title",
    "user": "Signs in as",
    "next_phase": "Next phase",
    "carried": "Actions carried over",
    "gone_well": "What has gone well",
    "learned": "What we have learned",
    "needs_attention": "What needs further attention",
    "priority_1": "First priority",
    "priority_2": "Second priority",
    "priority_3": "Third priority",
}
_CHOICES: dict[str, str] = {
    **dict(DeliveryStatus.choices),
    **dict(ImpactStatus.choices),
    **dict(Rag.choices),
    **dict(PlanKind.choices),
}


@dataclass(frozen=True)
class ChangeRow:
    field: str
    before: str
    after: str
    created: bool


def _show(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(_show(v) for v in value) or "—"
    if isinstance(value, str):
        if value in _CHOICES:
            return _CHOICES[value]
        try:
            return f"{dt.date.fromisoformat(value):%-d %B %Y}"
        except ValueError:
            return value
    return str(value)


def verb_label(verb: str) -> str:
    return VERBS.get(verb, verb.replace("_", " ").capitalize())


def change_rows(changes: dict[str, Any]) -> list[ChangeRow]:
    rows = []
    for name, values in changes.items():
        before, after = values if isinstance(values, list) and len(values) == 2 else (None, values)
        rows.append(
            ChangeRow(
                field=FIELDS.get(name, name.replace("_", " ").capitalize()),
                before=_show(before),
                after=_show(after),
                created=before is None,
            )
        )
    return rows
