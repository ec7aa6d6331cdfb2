"""The traceability matrix as JSON, an Excel workbook and a Word document.

All three are built from the same `Matrix` and the same cell texts, so a download says what
the page says. Excel cells that would start with = + - @ (or a tab or carriage return) are
prefixed with an apostrophe so a spreadsheet never runs text a person typed as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

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
XLSX_WIDTHS = [50, 28, 45, 45, 40, 50, 28]
DOCX_WIDTHS_CM = [5.2, 2.6, 4.0, 4.2, 3.6, 4.0, 2.4]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def neutralise(text: str) -> str:
    """Text a spreadsheet will show as written, never evaluate."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


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


def matrix_xlsx(matrix: Matrix, today: dt.date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Traceability"
    _xlsx_table(sheet, HEADERS, [row_cells(r) for r in matrix.rows], XLSX_WIDTHS)
    summary = book.create_sheet("Summary")
    _xlsx_table(
        summary,
        ["Traceability matrix", scope_label(matrix)],
        [["Produced on", _day(today)], *[[k, str(v)] for k, v in summary_lines(matrix)]],
        [40, 60],
    )
    if matrix.actions_without_finding is not None:
        orphans = book.create_sheet("Actions answering no finding")
        _xlsx_table(
            orphans,
            ["Action", "Plan", "Delivery status", "Due"],
            [
                [f"{a.reference}: {a.text}", a.plan_name, a.status_label, _day(a.due_date)]
                for a in matrix.actions_without_finding
            ],
            [70, 30, 18, 18],
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_table(sheet: Any, headers: list[str], rows: list[list[str]], widths: list[int]) -> None:
    sheet.append([neutralise(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append([neutralise(v) for v in values])
    for row in sheet.iter_rows():
        for cell in row:
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def matrix_docx(matrix: Matrix, today: dt.date) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.add_heading("Traceability matrix", level=1)
    document.add_paragraph(f"{scope_label(matrix)}. Produced on {_day(today)}.")
    document.add_heading("Summary", level=2)
    _docx_table(document, ["What", "How many"], [[k, str(v)] for k, v in summary_lines(matrix)])
    document.add_heading("Finding to impact", level=2)
    if matrix.rows:
        table = _docx_table(document, HEADERS, [row_cells(r) for r in matrix.rows])
        for row in table.rows:
            for cell, width in zip(row.cells, DOCX_WIDTHS_CM, strict=True):
                cell.width = Cm(width)
    else:
        document.add_paragraph("No findings recorded.")
    if matrix.actions_without_finding is not None:
        document.add_heading("Actions answering no finding", level=2)
        if matrix.actions_without_finding:
            _docx_table(
                document,
                ["Action", "Plan", "Delivery status", "Due"],
                [
                    [f"{a.reference}: {a.text}", a.plan_name, a.status_label, _day(a.due_date)]
                    for a in matrix.actions_without_finding
                ],
            )
        else:
            document.add_paragraph("Every action answers at least one finding.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_table(document: Any, headers: list[str], rows: list[list[str]]) -> Any:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    _repeat_as_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)
    return table


def _repeat_as_header(row: Any) -> None:
    """Word repeats this row at the top of each page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def render(matrix: Matrix, fmt: str, today: dt.date) -> bytes:
    if fmt == "docx":
        return matrix_docx(matrix, today)
    if fmt == "xlsx":
        return matrix_xlsx(matrix, today)
    if fmt == "json":
        return json.dumps(matrix_json(matrix, today), indent=2, ensure_ascii=False).encode()
    raise ValueError(f"Unknown format {fmt!r}")


def filename(matrix: Matrix, fmt: str, today: dt.date) -> str:
    scope = f"-source-{matrix.source.pk}" if matrix.source else ""
    return f"traceability-{matrix.authority.slug}{scope}-{today:%Y-%m-%d}.{fmt}"
