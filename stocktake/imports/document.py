"""What every reader produces: a file as a sequence of headings, paragraphs and tables.

Readers know file formats; the interpreter knows plans. Each block remembers where it came
from, so every warning can point at the file, sheet or table, row and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Where:
    file: str
    part: str = ""  # "table 3", "sheet “Plan”", "line 80"
    row: int | None = None
    column: str = ""

    def at(self, row: int | None = None, column: str = "") -> Where:
        return Where(
            self.file, self.part, row if row is not None else self.row, column or self.column
        )

    def __str__(self) -> str:
        bits = [self.file]
        if self.part:
            bits.append(self.part)
        if self.row is not None:
            bits.append(f"row {self.row}")
        if self.column:
            bits.append(f"column “{self.column}”")
        return ", ".join(bits)


@dataclass
class Paragraph:
    text: str
    where: Where
    heading_level: int = 0  # 0 for body text; 1, 2… for headings the format marks as such
    bullet: bool = False
    sheet: bool = False  # a workbook sheet's name, given before the sheet's table


@dataclass
class Table:
    rows: list[list[str]]
    where: Where
    # Row numbers as the person sees them (line numbers in text, spreadsheet rows in Excel).
    row_numbers: list[int] = field(default_factory=list)
    # (row, column) of cells whose text is carried down from a cell merged over them.
    carried: set[tuple[int, int]] = field(default_factory=set)
    # Rows that are one cell merged across (most of) the table: section rows.
    merged_rows: set[int] = field(default_factory=set)

    def number_of(self, index: int) -> int:
        return self.row_numbers[index] if self.row_numbers else index + 1


Block = Paragraph | Table


@dataclass
class Document:
    name: str
    blocks: list[Block]


class ReadError(Exception):
    """The file cannot be read at all; the message says why in words for the person."""
