"""The file formats Stocktake writes: their content types and names, in one table."""

from __future__ import annotations

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
FORMAT_LABELS = {"docx": "Word", "pdf": "PDF", "xlsx": "Excel", "csv": "CSV", "json": "JSON"}
