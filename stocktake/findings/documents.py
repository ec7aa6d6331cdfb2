"""The traceability matrix as JSON, an Excel workbook and a Word document.

All three are built from the same `Matrix` and the same cell texts, so a download says what
the page says. Word and Excel are one `ReportDocument` (`matrix_document`) rendered by the
document layer (`stocktake.documents`), which neutralises any cell a spreadsheet would run as
a formula.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from stocktake.documents import render as render_document
from stocktake.documents.blocks import Block, Heading, Paragraph, ReportDocument, Table
from stocktake.findings.impact import Impact
from stocktake.findings.traceability import FLAG_LABELS, Matrix, MatrixAction, MatrixRow

HEADERS = [
    "Finding",
    "Source",
    "Planned response",
    "Actions (delivery status, due)",
    "Impact measures and indicators (latest against target)",
    "Latest progress",
    "Flags",
]
# Relative widths of the columns in Word (landscape).
WIDTHS = [5.2, 2.6, 4.0, 4.2, 3.6, 4.0, 2.4]
ORPHAN_HEADERS = ["Action", "Plan", "Delivery status", "Due"]


def _day(value: dt.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def scope_label(matrix: Matrix) -> str:
    if matrix.source is not None:
        return f"{matrix.source.title} ({matrix.authority.name})"
    return f"Every source for {matrix.authority.name}"


def action_line(action: MatrixAction, with_plan: bool = True) -> str:
    due = f", due {_day(action.due_date)}" if action.due_date else ""
    plan = f" ({action.plan_name})" if with_plan else ""
    return f"{action.reference}{plan} – {action.status_label}{due}"


def impact_line(impact: Impact) -> str:
    """ "Re-referrals within 12 months (REREF12) – Not met (Target missed): 24.0% (43 of 180)
    in May 2026 against a target of 22.0% by …", or a typed reading of a measure."""
    name = f"{impact.label} ({impact.indicator_code})" if impact.computed else impact.label
    status = f" ({impact.status_label})" if impact.status_label else ""
    latest = f": {impact.latest}" if impact.latest else ""
    return f"{name} – {impact.reading_label}{status}{latest}"


def _impact_json(impact: Impact) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    if impact.computed:
        figures = {
            "indicator": {"id": impact.indicator_id, "code": impact.indicator_code},
            "status": impact.status,
            "period": impact.period.isoformat() if impact.period else None,
            "value": impact.value,
            "target": impact.target,
            "target_due": impact.target_due.isoformat() if impact.target_due else None,
        }
    return {
        "measure": impact.label,
        "measure_text": impact.measure_text or None,
        "reading": impact.reading,
        "latest": impact.latest,
        "read_from_indicator": impact.computed,
        **figures,
    }


def row_cells(row: MatrixRow) -> list[str]:
    """The texts of one matrix row, in HEADERS order."""
    finding = f"{row.reference} – {row.text}" if row.reference else row.text
    finding += f"\n{row.kind_label}" + (f", addressed to {row.addressee}" if row.addressee else "")
    impacts = [impact_line(i) for i in row.impacts]
    progress = [row.progress] if row.progress else []
    latest = row.latest_update
    if latest is not None:
        progress.append(
            f"Latest update ({latest.reference}, {_day(latest.last_update_on)}): "
            f"{latest.last_update_text}"
        )
    flags = list(row.flag_labels)
    flags += [f"Raised again in {r.source_title} ({r.reference})".strip() for r in row.repeated_by]
    return [
        finding,
        row.source_title,
        row.planned_response or "None recorded",
        "\n".join(action_line(a) for a in row.actions) or "None",
        "\n".join(impacts) or "None",
        "\n".join(progress) or "None recorded",
        "\n".join(flags) or "None",
    ]


def summary_lines(matrix: Matrix) -> list[tuple[str, int]]:
    lines = [("Findings", matrix.total)]
    return lines + [(FLAG_LABELS[key], count) for key, count in matrix.summary.items()]


def _action_json(action: MatrixAction) -> dict[str, Any]:
    return {
        "id": action.id,
        "reference": action.reference,
        "plan": action.plan_name,
        "text": action.text,
        "delivery_status": action.status,
        "due_date": action.due_date.isoformat() if action.due_date else None,
        "deadline": action.deadline_text,
        "last_update_on": action.last_update_on.isoformat() if action.last_update_on else None,
    }


def matrix_json(matrix: Matrix, today: dt.date) -> dict[str, Any]:
    return {
        "authority": matrix.authority.name,
        "source": (
            {"id": matrix.source.pk, "title": matrix.source.title} if matrix.source else None
        ),
        "generated_on": today.isoformat(),
        "summary": {"findings": matrix.total, **matrix.summary},
        "findings": [
            {
                "id": row.id,
                "reference": row.reference,
                "text": row.text,
                "kind": row.kind,
                "addressee": row.addressee,
                "source": row.source_title,
                "parent": row.parent_reference or None,
                "planned_response": row.planned_response,
                "progress": row.progress,
                "actions": [_action_json(a) for a in row.actions],
                "impact_measures": [_impact_json(i) for i in row.impacts],
                "repeated_by": [
                    {"id": r.id, "reference": r.reference, "source": r.source_title}
                    for r in row.repeated_by
                ],
                "repeats": [
                    {"id": r.id, "reference": r.reference, "source": r.source_title}
                    for r in row.repeats
                ],
                "flags": row.flags,
            }
            for row in matrix.rows
        ],
        "actions_answering_no_finding": (
            [_action_json(a) for a in matrix.actions_without_finding]
            if matrix.actions_without_finding is not None
            else None
        ),
    }


def matrix_document(matrix: Matrix, today: dt.date) -> ReportDocument:
    """The matrix as a document: a summary, the finding-to-impact table and (for every
    source) the actions answering no finding; one sheet each in Excel."""
    blocks: list[Block] = [
        Paragraph(f"{scope_label(matrix)}. Produced on {_day(today)}."),
        Heading("Summary"),
        Table(
            title="",
            columns=["What", "How many"],
            rows=[[k, v] for k, v in summary_lines(matrix)],
            sheet="Summary",
        ),
        Heading("Finding to impact"),
        Table(
            title="",
            columns=HEADERS,
            rows=[list(row_cells(r)) for r in matrix.rows],
            sheet="Traceability",
            widths=WIDTHS,
            empty="No findings recorded.",
        ),
    ]
    if matrix.actions_without_finding is not None:
        blocks += [
            Heading("Actions answering no finding"),
            Table(
                title="",
                columns=ORPHAN_HEADERS,
                rows=[
                    [f"{a.reference}: {a.text}", a.plan_name, a.status_label, _day(a.due_date)]
                    for a in matrix.actions_without_finding
                ],
                sheet="Actions answering no finding",
                widths=[7, 3, 2, 2],
                empty="Every action answers at least one finding.",
            ),
        ]
    return ReportDocument(
        title="Traceability matrix",
        authority=matrix.authority.name,
        subtitle=scope_label(matrix),
        prepared_on=_day(today),
        blocks=blocks,
        orientation="landscape",
    )


def render(matrix: Matrix, fmt: str, today: dt.date) -> bytes:
    if fmt in ("docx", "xlsx"):
        return render_document(matrix_document(matrix, today), fmt)
    if fmt == "json":
        return json.dumps(matrix_json(matrix, today), indent=2, ensure_ascii=False).encode()
    raise ValueError(f"Unknown format {fmt!r}")


def filename(matrix: Matrix, fmt: str, today: dt.date) -> str:
    scope = f"-source-{matrix.source.pk}" if matrix.source else ""
    return f"traceability-{matrix.authority.slug}{scope}-{today:%Y-%m-%d}.{fmt}"
