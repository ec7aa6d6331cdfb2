"""Finding the lists in what was uploaded: the sheets of a workbook or the CSV files of a
folder or zip, each with its header row and which field each column holds."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, zip_longest
from pathlib import Path
from typing import IO

from openpyxl import load_workbook

from stocktake.childdata.lists import Field, ListSpec, header_key, list_for_name, match_header

HEADER_SEARCH = 10  # rows searched for the header row
ID_HEADERS = {"child unique id", "individual adopter identifier", "child id"}


class UnreadableFile(ValueError):
    """The upload is not a workbook, CSV file, folder or zip Stocktake can read."""


@dataclass
class Source:
    """One list as found: where its rows are (a CSV file with no header: the file row number,
    then the fields' cells) and what its columns mean."""

    spec: ListSpec
    sheet: str
    columns: list[Field]  # the fields found
    headers: dict[str, str]  # field name → the header as written in the file
    missing: list[str] = field(default_factory=list)  # fields of the list not in the file
    csv_path: Path = Path()
    positions: list[int] = field(default_factory=list)  # each field's column in csv_path
    skip: int = 0  # lines before the first row of data
    row_column: int | None = None  # a column holding the file's row number, if any


@dataclass
class Found:
    sources: list[Source] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # whole sheets or files not read
    ignored: list[str] = field(default_factory=list)  # sheets or files that are no list


def cell_text(value: object) -> str:
    """A cell as text: dates as YYYY-MM-DD, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _header_row(rows: list[tuple[object, ...]], spec: ListSpec) -> int | None:
    """Index of the header row among the first rows: the one naming the list's identifier,
    or else matching at least three of its fields."""
    for index, row in enumerate(rows):
        if any(header_key(cell) in ID_HEADERS for cell in row):
            return index
    for index, row in enumerate(rows):
        if sum(1 for cell in row if match_header(spec, cell)) >= 3:
            return index
    return None


def _columns(spec: ListSpec, header: tuple[object, ...]) -> tuple[list[int], Source]:
    """Which cell positions hold which fields (the first column for a field wins)."""
    positions: list[int] = []
    columns: list[Field] = []
    headers: dict[str, str] = {}
    for position, cell in enumerate(header):
        found = match_header(spec, cell)
        if found and found.name not in headers:
            positions.append(position)
            columns.append(found)
            headers[found.name] = " ".join(str(cell).split())
    missing = [f.title for f in spec.fields if f.name not in headers]
    return positions, Source(spec, "", columns, headers, missing)


def _write_rows(
    rows: Iterable[tuple[object, ...]], positions: list[int], first_row: int, path: Path
) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        for number, row in enumerate(rows, start=first_row):
            cells = [cell_text(row[p]) if p < len(row) else "" for p in positions]
            if any(c.strip() for c in cells):
                writer.writerow([number, *cells])


def _take(
    name: str,
    rows: Iterator[tuple[object, ...]],
    workdir: Path,
    found: Found,
    kind: str,
    original: Path | None = None,
) -> None:
    """Find the list, its header row and columns. A CSV file on disk (`original`) is read by
    DuckDB as it is; anything else is streamed to a temporary CSV file first."""
    spec = list_for_name(name)
    if spec is None:
        found.ignored.append(name)
        return
    if any(s.spec.number == spec.number for s in found.sources):
        found.problems.append(f"{kind} {name}: List {spec.number} was already read; left out")
        return
    head = [tuple(r) for _, r in zip(range(HEADER_SEARCH), rows, strict=False)]
    index = _header_row(head, spec)
    if index is None:
        found.problems.append(
            f"{kind} {name}: no header row naming the Child Unique ID in its first "
            f"{HEADER_SEARCH} rows; List {spec.number} not read"
        )
        return
    positions, source = _columns(spec, head[index])
    if spec.id_field.name not in source.headers:
        found.problems.append(
            f"{kind} {name}: no {spec.id_field.title} column; List {spec.number} not read"
        )
        return
    source.sheet = name
    if original is not None:
        source.csv_path, source.positions, source.skip = original, positions, index + 1
    else:
        source.csv_path = workdir / f"list{spec.number}.csv"
        source.positions = list(range(1, len(positions) + 1))
        source.row_column = 0
        _write_rows(chain(head[index + 1 :], rows), positions, index + 2, source.csv_path)
    found.sources.append(source)


def _csv_rows(text: Iterable[str]) -> Iterator[tuple[object, ...]]:
    for row in csv.reader(text):
        yield tuple(row)


def _cells(
    formulas: Iterable[tuple[object, ...]], values: Iterable[tuple[object, ...]]
) -> Iterator[tuple[object, ...]]:
    """A sheet's rows, each cell the value Excel last saved for it or, for a formula with no
    saved value (a file never opened in Excel), the formula itself, which is then reported
    as what it is rather than read as a blank."""
    for formula_row, value_row in zip_longest(formulas, values, fillvalue=()):
        yield tuple(
            f if v is None else v for f, v in zip_longest(formula_row, value_row, fillvalue=None)
        )


def read_workbook(path: Path, workdir: Path) -> Found:
    """Every list sheet of an .xlsx workbook, streamed (read-only), as temporary CSV files."""
    try:
        book = load_workbook(path, read_only=True, data_only=False)
        saved = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        raise UnreadableFile("The file is not an Excel workbook Stocktake can read") from error
    found = Found()
    try:
        for sheet in book.worksheets:
            rows = _cells(
                sheet.iter_rows(values_only=True), saved[sheet.title].iter_rows(values_only=True)
            )
            _take(sheet.title, rows, workdir, found, "Sheet")
    finally:
        book.close()
        saved.close()
    return found


def read_csv_files(files: Iterable[tuple[str, Iterable[str], Path | None]], workdir: Path) -> Found:
    """CSV files, one per list: (name, lines, the file on disk if DuckDB can read it as it is)."""
    found = Found()
    for name, handle, original in sorted(files, key=lambda f: f[0]):
        _take(name, _csv_rows(handle), workdir, found, "File", original)
    return found


def _decoded(raw: IO[bytes]) -> io.TextIOWrapper:
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")


def read_any(path: Path, workdir: Path) -> Found:
    """A workbook, a CSV file, a folder of CSV files or a zip of them."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
        if not files:
            raise UnreadableFile("The folder has no CSV files")
        handles: list[tuple[str, io.TextIOWrapper, Path | None]] = [
            (p.name, _decoded(p.open("rb")), p) for p in files
        ]
        try:
            return read_csv_files(handles, workdir)
        finally:
            for _, h, _p in handles:
                h.close()
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return read_workbook(path, workdir)
    if suffix == ".csv":
        with _decoded(path.open("rb")) as handle:
            return read_csv_files([(path.name, handle, path)], workdir)
    if suffix == ".zip" or zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".csv")]
            if not names:
                raise UnreadableFile("The zip file has no CSV files")
            members: list[tuple[str, io.TextIOWrapper, Path | None]] = [
                (Path(n).name, _decoded(archive.open(n)), None) for n in names
            ]
            try:
                return read_csv_files(members, workdir)
            finally:
                for _, h, _p in members:
                    h.close()
    raise UnreadableFile("Upload an Excel workbook (.xlsx), a CSV file or a zip of CSV files")


__all__ = ["Found", "Source", "UnreadableFile", "read_any"]
