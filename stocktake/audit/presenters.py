"""Audit events as a person reads them: "Deadline: Week 20 → Week 24", not field names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps

from stocktake.plans.choices import DeliveryStatus, ImpactStatus, PlanKind, Rag

VERBS = {
    "action arising recorded": "Action arising recorded",
    "applied": "Applied",
    "assigned": "Assigned",
    "audit action completed": "Audit action completed",
    "audit action raised": "Audit action raised",
    "audits exported": "Case audits exported",
    "benchmarked": "Benchmark recorded",
    "captured": "Captured",
    "chair_report.signed": "Chair's report signed",
    "chair_report.started": "Chair's report started",
    "chair_report.written": "Chair's report section written",
    "commented": "Commentary written",
    "completed": "Completed",
    "converted": "Converted",
    "created": "Created",
    "decision recorded": "Decision recorded",
    "deleted": "Deleted",
    "evidence_added": "Evidence added",
    "import_corrected": "Import preview corrected",
    "import_layout_deleted": "Import layout deleted",
    "import_layout_saved": "Import layout saved",
    "import_layout_used": "Saved layout used for an import",
    "imported": "Imported",
    "job.requested": "Background job requested",
    "linked": "Links changed",
    "loaded": "Loaded and checked",
    "meetings scheduled": "Meetings scheduled",
    "member added": "Board member added",
    "member removed": "Board member removed",
    "moderated": "Moderated",
    "narrative_written": "Phase narrative written",
    "phase_closed": "Phase closed",
    "recorded": "Recorded",
    "reminder failed": "Reminder could not be sent",
    "reminder sending": "Reminder being sent",
    "reminder sent": "Reminder sent",
    "removed": "Removed",
    "report.issued": "Report issued",
    "report.requested": "Report requested",
    "revised": "Revised",
    "safeguarding concern closed": "Safeguarding concern closed",
    "safeguarding concern raised": "Safeguarding concern raised",
    "saved draft": "Draft saved",
    "scheduled": "Scheduled",
    "status_changed": "Status changed",
    "tagged": "Tagged",
    "unblock requested": "Unblock requested",
    "unblock resolved": "Unblock resolved",
    "update accepted": "Update accepted",
    "update returned": "Update returned to the owner",
    "update window set": "Update window set",
    "update_posted": "Update posted",
    "updated": "Edited",
    "updates_imported": "Updates imported",
    "viewed": "Viewed",
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
    """What happened, in words: "Report issued", never the code "report.issued"."""
    if verb in VERBS:
        return VERBS[verb]
    return " ".join(verb.replace(".", " ").replace("_", " ").split()).capitalize()


def record_label(object_type: str, object_repr: str) -> str:
    """The record an event is about, with its kind in words: "Report: Board pack June 2019"."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_repr
    kind = str(model._meta.verbose_name)
    return f"{kind[:1].upper()}{kind[1:]}: {object_repr}"


def _field_choices(object_type: str) -> dict[str, dict[str, str]]:
    """The choices of each field of the event's model, so a value reads "Held", not "held"."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return {}
    return {
        f.name: {str(k): str(v) for k, v in f.flatchoices}
        for f in model._meta.get_fields()
        if getattr(f, "choices", None)
    }


def _shown(value: Any, choices: dict[str, str]) -> str:
    if isinstance(value, str) and value in choices:
        return choices[value]
    return _show(value)


def change_rows(changes: dict[str, Any], object_type: str = "") -> list[ChangeRow]:
    rows = []
    choices = _field_choices(object_type) if object_type else {}
    for name, values in changes.items():
        before, after = values if isinstance(values, list) and len(values) == 2 else (None, values)
        own = choices.get(name, {})
        rows.append(
            ChangeRow(
                field=FIELDS.get(name, name.replace("_", " ").capitalize()),
                before=_shown(before, own),
                after=_shown(after, own),
                created=before is None,
            )
        )
    return rows
