"""Benchmarks from DfE's published statistics: England, region, statistical neighbours, rank.

Reads a CSV in the layout Explore Education Statistics publishes (time_period,
time_identifier, geographic_level, region_code, region_name, old_la_code, new_la_code,
la_name, then one column per measure), with suppressed cells (c, x, z, u, k, low, ":").
Statistical neighbours and regions come from Provider_data_lookup.csv (data-to-insight,
MIT; see THIRD_PARTY_NOTICES.md): the neighbour average is the plain mean of the ten
neighbours' published values that are not suppressed, as LAIT does.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from stocktake.imports.document import ReadError, Where
from stocktake.imports.parsed import Problem
from stocktake.imports.readers.encoding import decode
from stocktake.imports.readers.safety import check_size
from stocktake.indicators.figures import NotANumber, read_number

LOOKUP = Path(__file__).resolve().parent / "data" / "Provider_data_lookup.csv"
SUPPRESSED = {"c", "x", "z", "u", "k", "low", ":", "..", "~", "-"}
METADATA = {
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
    "lad_code",
    "lad_name",
}
NATIONAL, REGIONAL, LOCAL = "national", "regional", "local authority"


@dataclass(frozen=True)
class Place:
    la_code: str
    new_code: str
    name: str
    region_code: str
    region_name: str
    neighbours: tuple[str, ...]


@cache
def places() -> dict[str, Place]:
    """Every English local authority by its 3-digit DfE code."""
    with LOOKUP.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["la_code"]: Place(
                la_code=row["la_code"],
                new_code=row["la_code_new"],
                name=row["local_authority_ons_name"],
                region_code=row["rgn22cd"],
                region_name=row["rgn22nm"],
                neighbours=tuple(c.strip() for c in row["stat_neighbours"].split(",") if c.strip()),
            )
            for row in csv.DictReader(handle)
        }


def year_of(time_period: str, identifier: str) -> tuple[str, dt.date]:
    """(label, last day) of a DfE time period: "202425" is 2024–25, ending 31 March 2025
    (31 August for an academic year); "2025" is the year ending 31 March 2025 (31 December
    for a calendar year)."""
    text, kind = time_period.strip(), identifier.strip().lower()
    if len(text) == 6 and text.isdigit():
        start = int(text[:4])
        end = dt.date(start + 1, 8, 31) if "academic" in kind else dt.date(start + 1, 3, 31)
        return f"{start}–{text[4:]}", end
    if len(text) == 4 and text.isdigit():
        year = int(text)
        return text, dt.date(year, 12, 31) if "calendar" in kind else dt.date(year, 3, 31)
    raise ValueError(f"“{time_period}” is not a DfE time period such as 2025 or 202425")


@dataclass
class Year:
    label: str
    end: dt.date
    england: float | None = None
    regions: dict[str, float | None] = field(default_factory=dict)  # by code and by name
    authorities: dict[str, tuple[float | None, str]] = field(default_factory=dict)


@dataclass
class Published:
    column: str = ""
    years: dict[dt.date, Year] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _column(header: list[str], wanted: str, rows: list[dict[str, str]]) -> str | Problem:
    if wanted:
        match = next((h for h in header if h.casefold() == wanted.strip().casefold()), None)
        return match or Problem("", f"There is no column headed “{wanted}” in the file")
    candidates = [
        h for h in header if h not in METADATA and any(_is_number(r.get(h, "")) for r in rows[:200])
    ]
    if len(candidates) == 1:
        return candidates[0]
    names = ", ".join(candidates) or "none"
    return Problem("", f"Say which column holds the figures (numeric columns found: {names})")


def _is_number(text: str) -> bool:
    try:
        return read_number(text) is not None
    except NotANumber:
        return False


def read_published(
    filename: str, data: bytes, column: str = "", filters: dict[str, str] | None = None
) -> Published:
    """Read a DfE CSV into figures by year and place. Problems say where; nothing is written."""
    out = Published()
    try:
        check_size(filename, data)
        text = decode(filename, data)
    except ReadError as error:
        out.problems.append(Problem(filename, str(error)))
        return out
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = {"time_period", "geographic_level"} - set(header)
    if missing:
        out.problems.append(
            Problem(
                filename, f"This is not in DfE's layout: no {', '.join(sorted(missing))} column"
            )
        )
        return out
    rows = list(reader)
    chosen = _column(header, column, rows)
    if isinstance(chosen, Problem):
        out.problems.append(Problem(filename, chosen.message))
        return out
    out.column = chosen
    wanted = {k.strip(): v.strip().casefold() for k, v in (filters or {}).items()}
    for name in wanted:
        if name not in header:
            out.problems.append(
                Problem(filename, f"There is no column headed “{name}” to filter on")
            )
    for number, row in enumerate(rows, start=2):
        if any((row.get(k) or "").strip().casefold() != v for k, v in wanted.items()):
            continue
        _row(out, row, Where(filename, row=number), chosen)
    if not out.years and not out.problems:
        out.problems.append(Problem(filename, "The file has no rows of figures"))
    return out


def _row(out: Published, row: dict[str, str], where: Where, column: str) -> None:
    try:
        label, end = year_of(row.get("time_period") or "", row.get("time_identifier") or "")
    except ValueError as error:
        out.problems.append(Problem(str(where.at(column="time_period")), str(error)))
        return
    raw = (row.get(column) or "").strip()
    marker = raw if raw.casefold() in SUPPRESSED or raw == "" else ""
    value = None
    if not marker:
        try:
            value = read_number(raw)
        except NotANumber:
            out.problems.append(
                Problem(
                    str(where.at(column=column)),
                    f"“{raw}” is neither a number nor a DfE "
                    "suppression mark such as c, x, z or low",
                )
            )
            return
    year = out.years.setdefault(end, Year(label, end))
    level = (row.get("geographic_level") or "").strip().casefold()
    if level == NATIONAL:
        year.england = value
    elif level == REGIONAL:
        for key in ("region_code", "region_name"):
            if row.get(key):
                year.regions[row[key].strip().casefold()] = value
    elif level == LOCAL:
        code = (row.get("old_la_code") or "").strip()
        if not code and row.get("new_la_code"):
            by_new = {p.new_code: p.la_code for p in places().values()}
            code = by_new.get(row["new_la_code"].strip(), "")
        if code:
            year.authorities[code] = (value, marker)


@dataclass(frozen=True)
class Comparison:
    label: str
    end: dt.date
    england: float | None
    region: float | None
    region_name: str
    neighbours: float | None
    neighbour_count: int
    la_value: float | None
    la_marker: str
    rank: int | None
    ranked: int | None
    quartile: int | None


def compare(year: Year, la_code: str, polarity: str) -> Comparison:
    """The year's comparators for the authority with DfE code `la_code` (blank: England only).

    Rank 1 is the best value (the highest with no good direction); quartile 1 is the best
    quarter of the authorities with a published value."""
    place = places().get(la_code)
    region, region_name = None, ""
    if place is not None:
        region_name = place.region_name
        region = year.regions.get(
            place.region_code.casefold(), year.regions.get(region_name.casefold())
        )
        if region is None:
            members = [
                v
                for code, (v, _) in year.authorities.items()
                if v is not None
                and code in places()
                and places()[code].region_code == place.region_code
            ]
            region = sum(members) / len(members) if members else None
            region_name += " (mean of its authorities)" if members else ""
    published = [
        year.authorities.get(c, (None, ""))[0] for c in (place.neighbours if place else ())
    ]
    neighbour_values = [v for v in published if v is not None]
    own, marker = year.authorities.get(la_code, (None, ""))
    rank = ranked = quartile = None
    if own is not None:
        values = [v for v, _ in year.authorities.values() if v is not None]
        better = [v for v in values if (v < own if polarity == "lower" else v > own)]
        rank, ranked = len(better) + 1, len(values)
        quartile = 1 + (rank - 1) * 4 // ranked
    return Comparison(
        label=year.label,
        end=year.end,
        england=year.england,
        region=region,
        region_name=region_name,
        neighbours=sum(neighbour_values) / len(neighbour_values) if neighbour_values else None,
        neighbour_count=len(neighbour_values),
        la_value=own,
        la_marker=marker,
        rank=rank,
        ranked=ranked,
        quartile=quartile,
    )


def by_year(published: Published) -> list[Year]:
    return [published.years[end] for end in sorted(published.years)]
