"""Reading a file of observations, in long or wide form, into checked figures and problems.

Long form has a row per figure: indicator code, period, value, numerator, denominator, note.
Wide form has a row per indicator and a column per period. Files are opened by the plan
importer's readers (size, type, encoding and zip-bomb checks included). Every problem names
its file, sheet, row and column; a file with any problem is applied not at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import PurePath
from typing import Any

from stocktake.imports.document import ReadError, Table, Where
from stocktake.imports.parsed import Problem
from stocktake.imports.readers import read_document
from stocktake.indicators.figures import NotANumber, check_figures, read_number
from stocktake.indicators.models import Indicator
from stocktake.indicators.periods import PeriodError, label, parse_period, read_period
from stocktake.indicators.services.observations import Figure

ACCEPTED = "a CSV file (.csv) or an Excel workbook (.xlsx)"
HEADERS = {
    "indicator": {"indicator", "indicator code", "code", "kpi", "kpi code", "measure code"},
    "period": {"period", "month", "date", "period start", "time period", "quarter", "year"},
    "value": {"value", "result", "figure", "actual", "performance"},
    "numerator": {"numerator", "num"},
    "denominator": {"denominator", "denom", "den"},
    "note": {"note", "notes", "comment", "comments"},
    "name": {"name", "indicator name", "description", "title", "unit"},
}
HEADER_SEARCH_ROWS = 10
MAX_PROBLEMS = 500


@dataclass
class ParsedFile:
    form: str = ""
    figures: list[Figure] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def fail(self, where: object, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(str(where), message))

    def preview(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "rows": [
                {
                    "code": f.indicator.code,
                    "name": f.indicator.name,
                    "period": label(f.period, f.indicator.frequency),
                    "value": f.value,
                    "numerator": f.numerator,
                    "denominator": f.denominator,
                    "note": f.note,
                }
                for f in self.figures
            ],
            "warnings": [asdict(w) for w in self.warnings],
        }


def _header_key(cell: str) -> str:
    text = " ".join(cell.replace("_", " ").split()).casefold()
    return next((key for key, names in HEADERS.items() if text in names), "")


def _find_header(table: Table) -> tuple[int, list[str], str] | None:
    """(row index, the key of each column, "long" or "wide") for the table's header row."""
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        keys = [_header_key(cell) for cell in row]
        if "indicator" not in keys:
            continue
        if "period" in keys and ({"value", "numerator"} & set(keys)):
            return index, keys, "long"
        periods = [c for c, k in zip(row, keys, strict=True) if not k and _is_period(c)]
        if periods:
            return index, keys, "wide"
    return None


def _is_period(text: str) -> bool:
    try:
        read_period(text)
    except PeriodError:
        return False
    return True


class _Reader:
    def __init__(self, indicators: dict[str, Indicator], parsed: ParsedFile) -> None:
        self.indicators, self.parsed = indicators, parsed
        self.seen: dict[tuple[int, dt.date], str] = {}

    def indicator(self, code: str, where: Where) -> Indicator | None:
        if not code.strip():
            self.parsed.fail(where, "Enter the indicator's code")
            return None
        found = self.indicators.get(code.strip().upper())
        if found is None:
            self.parsed.fail(
                where,
                f"There is no indicator with the code “{code.strip()}”. Check the code, or "
                "add the indicator (or adopt it from the catalogue) first",
            )
        return found

    def number(self, text: str, where: Where, name: str) -> tuple[float | None, bool]:
        try:
            return read_number(text), True
        except NotANumber:
            self.parsed.fail(where, f"“{text}” is not a number: the {name} must be a number")
            return None, False

    def figure(
        self, indicator: Indicator, period_text: str, cells: dict[str, str], where: Where
    ) -> None:
        """Check one figure; `cells` maps value/numerator/denominator/note to their text and
        `where` has no column yet."""
        try:
            period = parse_period(period_text, indicator.frequency, indicator.name)
        except PeriodError as error:
            self.parsed.fail(where.at(column=cells.get("_period_column", "period")), str(error))
            return
        numbers, ok = {}, True
        for name in ("value", "numerator", "denominator"):
            column = cells.get(f"_{name}_column", name)
            numbers[name], good = self.number(cells.get(name, ""), where.at(column=column), name)
            ok &= good
        if not ok:
            return
        checked = check_figures(
            indicator.unit, numbers["value"], numbers["numerator"], numbers["denominator"]
        )
        for name, message in checked.errors.items():
            self.parsed.fail(where.at(column=cells.get(f"_{name}_column", name)), message)
        if checked.errors or checked.value is None:
            return
        key = (indicator.pk, period)
        if key in self.seen:
            self.parsed.fail(
                where.at(column=cells.get("_period_column", "period")),
                f"{indicator.code} already has a figure for "
                f"{label(period, indicator.frequency)} in this file ({self.seen[key]}); "
                "keep only one",
            )
            return
        self.seen[key] = f"row {where.row}"
        self.parsed.figures.append(
            Figure(
                indicator,
                period,
                checked.value,
                numbers["numerator"],
                numbers["denominator"],
                cells.get("note", "").strip(),
            )
        )

    def long(self, table: Table, start: int, keys: list[str]) -> int:
        header = table.rows[start]
        column = {k: i for i, k in reversed(list(enumerate(keys))) if k}
        count = 0
        for index in range(start + 1, len(table.rows)):
            row = table.rows[index]
            if not any(c.strip() for c in row):
                continue
            count += 1
            cell = {k: (row[i] if i < len(row) else "") for k, i in column.items()}
            where = table.where.at(row=table.number_of(index))
            names = {f"_{k}_column": header[i] for k, i in column.items()}
            found = self.indicator(cell["indicator"], where.at(column=names["_indicator_column"]))
            if found is not None:
                self.figure(found, cell["period"], {**cell, **names}, where)
        return count

    def wide(self, table: Table, start: int, keys: list[str]) -> int:
        header = table.rows[start]
        code_at = keys.index("indicator")
        periods = [i for i, (c, k) in enumerate(zip(header, keys, strict=True)) if not k]
        for i in periods:
            if header[i].strip() and not _is_period(header[i]):
                self.parsed.warnings.append(
                    Problem(
                        str(table.where.at(row=table.number_of(start), column=header[i])),
                        "This column's heading is not a period, so it was ignored",
                    )
                )
        periods = [i for i in periods if _is_period(header[i])]
        count = 0
        for index in range(start + 1, len(table.rows)):
            row = table.rows[index]
            cells = [row[i] if i < len(row) else "" for i in periods]
            if not any(c.strip() for c in row):
                continue
            where = table.where.at(row=table.number_of(index))
            code = row[code_at] if code_at < len(row) else ""
            found = self.indicator(code, where.at(column=header[code_at]))
            for i, text in zip(periods, cells, strict=True):
                if not text.strip():
                    continue
                count += 1
                if found is not None:
                    self.figure(
                        found,
                        header[i],
                        {"value": text, "_value_column": header[i], "_period_column": header[i]},
                        where,
                    )
        return count


def parse_observations(filename: str, data: bytes, indicators: dict[str, Indicator]) -> ParsedFile:
    """Read `data` (named `filename`) against the authority's indicators (code → indicator,
    codes in capitals). Nothing is written."""
    parsed = ParsedFile()
    if PurePath(filename).suffix.lower() not in {".csv", ".xlsx", ".xls", ".xlsm"}:
        parsed.fail(filename, f"The file must be {ACCEPTED}")
        return parsed
    try:
        document = read_document(filename, data)
    except ReadError as error:
        parsed.fail(filename, str(error))
        return parsed
    for block in document.blocks:
        if not isinstance(block, Table) and block.text.startswith("__formula__"):
            cells = block.text.removeprefix("__formula__").strip()
            parsed.warnings.append(
                Problem(
                    str(block.where), f"Cells {cells} hold formulas: their saved values are used"
                )
            )
    reader, found_header, rows = _Reader(indicators, parsed), False, 0
    for table in (b for b in document.blocks if isinstance(b, Table)):
        header = _find_header(table)
        if header is None:
            continue
        found_header = True
        start, keys, form = header
        parsed.form = parsed.form or form
        rows += (reader.long if form == "long" else reader.wide)(table, start, keys)
    if not found_header:
        parsed.fail(
            filename,
            "No heading row was found. Long form needs columns headed indicator, period and "
            "value (or numerator and denominator); wide form needs an indicator column and a "
            "column for each period, headed like 2024-05",
        )
    elif rows == 0:
        parsed.fail(filename, "The file has headings but no figures")
    return parsed
