"""`stocktake export audits --authority NAME --format json|csv|xlsx --output FILE`: every
audit with its framework, dates, auditor, overall and domain grades, moderation (both
grades) and actions. Spreadsheet formulas are neutralised; the export is logged, since it
shows every audit."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from stocktake.accounts.models import Authority
from stocktake.audit.services import audit_record
from stocktake.documents import render
from stocktake.documents.blocks import ReportDocument, Table
from stocktake.documents.csv_file import table_csv
from stocktake.quality.models import CaseAudit

FORMATS = ("json", "csv", "xlsx")


def _day(value: Any) -> str | None:
    return value.isoformat() if value else None


def audit_record_dict(audit: CaseAudit) -> dict[str, Any]:
    moderation = getattr(audit, "moderation", None)
    return {
        "case_reference": audit.case_reference,
        "framework": audit.round.version.framework.name,
        "framework_version": audit.round.version.number,
        "round": audit.round.title,
        "round_kind": audit.round.kind,
        "illustrative": audit.round.illustrative,
        "due": _day(audit.due_date),
        "status": audit.status,
        "completed_on": _day(audit.completed_on),
        "recorded_at": audit.recorded_at.isoformat(timespec="seconds")
        if audit.recorded_at
        else None,
        "origin": audit.origin,
        "auditor": audit.auditor.name if audit.auditor else None,
        "practitioner": audit.practitioner or None,
        "overall_grade": audit.overall_grade or None,
        "domain_grades": {g.domain.code: g.grade for g in audit.grades.all()},
        "moderation": None
        if moderation is None
        else {
            "moderated_on": _day(moderation.moderated_on),
            "overall_grade": moderation.overall_grade,
            "overall_agreed": moderation.overall_agreed,
            "reason": moderation.reason,
            "domain_grades": {g.domain.code: g.grade for g in moderation.grades.all()},
        },
        "actions": [
            {
                "text": a.text,
                "owner": a.owner.name,
                "due": _day(a.due_date),
                "completed_on": _day(a.completed_on),
                "on_time": None if a.completed_on is None else a.completed_on <= a.due_date,
            }
            for a in audit.actions.all()
        ],
        "learning_themes": sorted({t.theme.name for t in audit.tags.all()}),
    }


def audit_records(authority: Authority) -> list[dict[str, Any]]:
    audits = (
        CaseAudit.objects.in_authority(authority)
        .select_related("round__version__framework", "auditor", "moderation")
        .prefetch_related(
            "grades__domain", "moderation__grades__domain", "actions__owner", "tags__theme"
        )
        .order_by("round__due_date", "round_id", "case_reference")
    )
    return [audit_record_dict(a) for a in audits]


FLAT = [
    "case_reference",
    "framework",
    "framework_version",
    "round",
    "round_kind",
    "illustrative",
    "due",
    "status",
    "completed_on",
    "recorded_at",
    "origin",
    "auditor",
    "practitioner",
    "overall_grade",
]


def _flat(records: list[dict[str, Any]]) -> list[list[Any]]:
    codes = sorted({c for r in records for c in r["domain_grades"]})
    head = [
        *FLAT,
        *(f"grade_{c}" for c in codes),
        "moderated_on",
        "moderated_overall_grade",
        "moderator_agreed",
        "moderation_reason",
        *(f"moderated_grade_{c}" for c in codes),
        "actions",
        "actions_open",
        "learning_themes",
    ]
    rows: list[list[Any]] = [head]
    for r in records:
        m = r["moderation"] or {}
        rows.append(
            [
                *(r[k] for k in FLAT),
                *(r["domain_grades"].get(c) for c in codes),
                m.get("moderated_on"),
                m.get("overall_grade"),
                m.get("overall_agreed"),
                m.get("reason"),
                *((m.get("domain_grades") or {}).get(c) for c in codes),
                len(r["actions"]),
                sum(a["completed_on"] is None for a in r["actions"]),
                "; ".join(r["learning_themes"]),
            ]
        )
    return rows


def _actions(records: list[dict[str, Any]]) -> list[list[Any]]:
    rows: list[list[Any]] = [
        ["case_reference", "round", "action", "owner", "due", "completed_on", "on_time"]
    ]
    for r in records:
        for a in r["actions"]:
            rows.append(
                [
                    r["case_reference"],
                    r["round"],
                    a["text"],
                    a["owner"],
                    a["due"],
                    a["completed_on"],
                    a["on_time"],
                ]
            )
    return rows


def export_audits(authority: Authority, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"The format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    records = audit_records(authority)
    audit_record(
        authority=authority,
        actor=None,
        verb="audits exported",
        obj=authority,
        changes={"format": fmt, "audits": len(records)},
    )
    if fmt == "json":
        body = {
            "authority": authority.name,
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "audits": records,
        }
        return json.dumps(body, indent=2, ensure_ascii=False).encode("utf-8")
    flat = _flat(records)
    if fmt == "csv":
        return table_csv(Table(title="Audits", columns=flat[0], rows=flat[1:]))
    sheets = {"Audits": flat, "Audit actions": _actions(records)}
    workbook = ReportDocument(
        title="Case audits",
        authority=authority.name,
        prepared_on=f"{timezone.localdate():%-d %B %Y}",
        blocks=[
            Table(title=name, columns=rows[0], rows=rows[1:], sheet=name)
            for name, rows in sheets.items()
        ],
    )
    return render(workbook, "xlsx")


@dataclass(frozen=True)
class AuditsExporter:
    help: str = "every case audit with its grades, moderation and actions"
    formats: tuple[str, ...] = FORMATS

    def render(self, authority: Authority, fmt: str, options: dict[str, Any]) -> bytes:
        return export_audits(authority, fmt)


EXPORTERS = {"audits": AuditsExporter()}
