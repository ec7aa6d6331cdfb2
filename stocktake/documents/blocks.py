"""The content of a report, as plain data: what a snapshot freezes and every format renders.

A report builder reads the database once and returns a `ReportDocument`: headings,
paragraphs, bullet lists, tables and charts, every figure already worked out and every
sentence already written. The document is stored as JSON when the report is issued; the Word,
PDF and Excel files are rendered from that JSON alone, so an issued report can be produced
again later, identically, whatever has changed in the database since.

Only JSON types appear here (str, int, float, bool, None, lists and dicts), so
`to_json(from_json(x)) == x` always holds.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "bullets", "table", "chart", "page_break"]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 = a section, 2 = a subsection, 3 = within a subsection
    kind: Literal["heading"] = "heading"


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: Literal["body", "lead", "small", "warning"] = "body"
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class Bullets:
    items: list[str]
    kind: Literal["bullets"] = "bullets"


@dataclass(frozen=True)
class Table:
    """A table with a header row. `sheet` names its Excel sheet (tables sharing a name share
    a sheet); `widths` are relative column widths for Word and PDF."""

    title: str
    columns: list[str]
    rows: list[list[str | int | float | None]]
    sheet: str = ""
    widths: list[float] = field(default_factory=list)
    # A row's RAG or status colour, one per row ("red", "amber", "green", "grey" or "").
    row_marks: list[str] = field(default_factory=list)
    empty: str = "None."  # what Word and PDF say in place of a table with no rows
    kind: Literal["table"] = "table"


@dataclass(frozen=True)
class Chart:
    """A chart: the plotted series as numbers, drawn when the file is rendered.

    `data` is `stocktake.indicators.charts.ChartData` as a dict (see `chart_to_dict`) for an
    indicator's chart, or, with `"chart": "bars"`, stacked bars (`stocktake.documents.
    pictures.bars_png`), so the picture in a re-rendered report is drawn from the frozen
    figures, not today's.
    """

    title: str
    data: dict[str, Any]
    caption: str = ""
    kind: Literal["chart"] = "chart"


@dataclass(frozen=True)
class PageBreak:
    """A new page. With `orientation`, a new section whose pages are portrait or landscape
    (wide tables on landscape pages); Word and PDF only."""

    orientation: Literal["", "portrait", "landscape"] = ""
    kind: Literal["page_break"] = "page_break"


Block = Heading | Paragraph | Bullets | Table | Chart | PageBreak
BLOCK_TYPES: dict[str, type] = {
    "heading": Heading,
    "paragraph": Paragraph,
    "bullets": Bullets,
    "table": Table,
    "chart": Chart,
    "page_break": PageBreak,
}


@dataclass(frozen=True)
class ReportDocument:
    """A whole report: its cover facts and its blocks in reading order."""

    title: str
    authority: str
    subtitle: str = ""  # for example "Improvement Board, 27 June 2019"
    period_label: str = ""  # for example "June 2019"
    prepared_on: str = ""  # the date the snapshot was taken, as printed ("28 June 2019")
    classification: str = "OFFICIAL"
    blocks: list[Block] = field(default_factory=list)
    # "landscape" for wide tables (the traceability matrix); Word and PDF only.
    orientation: Literal["portrait", "landscape"] = "portrait"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportDocument:
        blocks: list[Block] = []
        for raw in data.get("blocks", []):
            block_type = BLOCK_TYPES[raw["kind"]]
            blocks.append(block_type(**raw))
        fields = {k: v for k, v in data.items() if k != "blocks"}
        return cls(**fields, blocks=blocks)

    def headings(self, level: int | None = None) -> list[str]:
        return [
            b.text
            for b in self.blocks
            if isinstance(b, Heading) and (level is None or b.level == level)
        ]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        return [b for b in self.blocks if isinstance(b, Chart)]
