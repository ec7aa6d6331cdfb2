"""Moved to `stocktake.documents.blocks` (the one document layer, ADR 15). Kept only so code
written against this path still imports; import from `stocktake.documents.blocks`."""

from stocktake.documents.blocks import (
    Block,
    Bullets,
    Chart,
    Heading,
    PageBreak,
    Paragraph,
    ReportDocument,
    Table,
)

__all__ = [
    "Block",
    "Bullets",
    "Chart",
    "Heading",
    "PageBreak",
    "Paragraph",
    "ReportDocument",
    "Table",
]
