"""Checking, cleaning and pseudonymising every row of every list in DuckDB SQL.

Each list's raw cells (text) become a typed table `typed_<n>` and its rejections a table
`rejected_<n>` (row, column, reason, the pseudonymised ID); no Python loop touches a row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from stocktake.childdata.ingest.sources import Source
from stocktake.childdata.lists import (
    AGE,
    CODE,
    DATE,
    DOB,
    ID,
    INT,
    POSTCODE,
    TEXT,
    YESNO,
    Field,
    ListSpec,
    q,
    sql_type,
)

HASH_LENGTH = 32  # hex characters of the keyed hash kept (128 bits)
DATE_FORMATS = (
    "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M",
    "%d %B %Y", "%d %b %Y", "%d-%b-%Y", "%d-%B-%Y",
)  # fmt: skip
# A year of two digits ("01/02/19") reads as the year 19 with the formats above; such a
# date is read again with these, which take 19 as 2019 (and 70 to 99 as 1970 to 1999).
SHORT_YEAR_FORMATS = ("%d/%m/%y", "%d-%m-%y", "%d.%m.%y", "%d %b %y", "%d-%b-%y")
KIND_WORDS = {DATE: "a date", DOB: "a date", INT: "a whole number", AGE: "an age in years"}

# Cells arrive cleaned (see `_load_raw`): spaces collapsed and trimmed, blanks and "#N/A"
# as NULL. Each macro reads one cleaned cell.
# A cell needing its spaces collapsed (tested without a regular expression: most need not).
ODD_SPACE = " OR ".join(
    f"contains({{c}}, {s})" for s in ("'  '", "chr(160)", "chr(9)", "chr(10)", "chr(13)")
)
BLANKS = "('', '#n/a', 'n/a', '#na', 'na', 'null', '#value!', '#ref!', '-')"
MACROS = r"""
CREATE OR REPLACE MACRO coded(x) AS CASE WHEN contains(x, ')')
    THEN nullif(regexp_replace(x, '^[A-Za-z]{1,2}[0-9]?\)\s*', ''), '') ELSE x END;
CREATE OR REPLACE MACRO yes_no(x) AS (
    CASE WHEN lower(coded(x)) IN ('yes', 'y', 'true') THEN 'yes'
         WHEN lower(coded(x)) IN ('no', 'n', 'false') THEN 'no'
         WHEN lower(coded(x)) IN ('unknown', 'not known', 'u') THEN 'unknown'
         ELSE lower(coded(x)) END);
CREATE OR REPLACE MACRO as_date(x) AS (
    CASE WHEN x IS NULL THEN NULL
         WHEN TRY_CAST(x AS DOUBLE) IS NOT NULL
         THEN CASE WHEN TRY_CAST(x AS DOUBLE) BETWEEN 1 AND 73050
                   THEN DATE '1899-12-30' + CAST(floor(TRY_CAST(x AS DOUBLE)) AS INTEGER) END
         WHEN year(try_strptime(x, $formats)) >= 1900
         THEN CAST(try_strptime(x, $formats) AS DATE)
         ELSE CAST(try_strptime(x, $short) AS DATE) END);
CREATE OR REPLACE MACRO as_whole(x) AS (
    CASE WHEN TRY_CAST(x AS DOUBLE) = floor(TRY_CAST(x AS DOUBLE)) AND TRY_CAST(x AS DOUBLE) >= 0
         THEN CAST(TRY_CAST(x AS DOUBLE) AS BIGINT) END);
CREATE OR REPLACE MACRO as_age(x) AS (
    CASE WHEN TRY_CAST(x AS DOUBLE) >= -1 THEN CAST(floor(TRY_CAST(x AS DOUBLE)) AS BIGINT)
         WHEN lower(x) IN ('unborn', 'pre-birth', 'prebirth') THEN -1 END);
CREATE OR REPLACE MACRO as_id(x) AS
    CASE WHEN contains(x, '.') THEN regexp_replace(x, '^([0-9]+)\.0+$', '\1') ELSE x END;
CREATE OR REPLACE MACRO keyed(x) AS CASE WHEN x IS NOT NULL THEN
    left(sha256(getvariable('opad') || unhex(sha256(getvariable('ipad') || encode(as_id(x))))),
         $length) END;
CREATE OR REPLACE MACRO district(x) AS (
    CASE WHEN regexp_full_match(upper(x), '[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}')
         THEN regexp_extract(upper(x), '^([A-Z]{1,2}[0-9][A-Z0-9]?)', 1)
         WHEN regexp_full_match(upper(x), '[A-Z]{1,2}[0-9][A-Z0-9]?') THEN upper(x) END);
"""


def connect(secret: bytes, memory_limit: str = "1GB") -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the cleaning macros and the authority's key for the keyed
    hash (HMAC-SHA256, computed in SQL; the key is set as two pads and never written out)."""
    con = duckdb.connect(config={"memory_limit": memory_limit})
    key = secret.ljust(64, b"\0")
    con.execute("SET VARIABLE ipad = ?", [bytes(b ^ 0x36 for b in key)])
    con.execute("SET VARIABLE opad = ?", [bytes(b ^ 0x5C for b in key)])
    formats = "[" + ", ".join(f"'{f}'" for f in DATE_FORMATS) + "]"
    short = "[" + ", ".join(f"'{f}'" for f in SHORT_YEAR_FORMATS) + "]"
    con.execute(
        MACROS.replace("$formats", formats)
        .replace("$short", short)
        .replace("$length", str(HASH_LENGTH))
    )
    return con


def typed_expression(field_: Field, raw: str) -> str:
    return {
        ID: f"keyed({raw})",
        DATE: f"as_date({raw})",
        DOB: f"CAST(date_trunc('month', as_date({raw})) AS DATE)",
        INT: f"as_whole({raw})",
        AGE: f"as_age({raw})",
        YESNO: f"yes_no({raw})",
        CODE: f"coded({raw})",
        TEXT: raw,
        POSTCODE: f"district({raw})",
    }[field_.kind]


@dataclass
class Checked:
    spec: ListSpec
    sheet: str
    read: int
    rejected_rows: int
    missing: list[str] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return self.read - self.rejected_rows


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _load_raw(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    n = source.spec.number
    width = max([*source.positions, source.row_column or 0]) + 1
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    reader = (
        f"read_csv({_quote(str(source.csv_path))}, header = false, skip = {source.skip}, "
        f"columns = {columns}, delim = ',', quote = '\"', escape = '\"', null_padding = true, "
        "ignore_errors = false, auto_detect = false)"
    )
    row = (
        f"CAST(c{source.row_column} AS BIGINT)"
        if source.row_column is not None
        else f"row_number() OVER () + {source.skip}"
    )
    trimmed = ", ".join(
        f"trim(CASE WHEN {ODD_SPACE.format(c=f'c{p}')} "
        f"THEN regexp_replace(c{p}, '[\\s\\x{{00A0}}]+', ' ', 'g') ELSE c{p} END) AS {q(f.name)}"
        for p, f in zip(source.positions, source.columns, strict=True)
    )
    cleaned = ", ".join(
        f"CASE WHEN length({q(f.name)}) <= 8 AND lower({q(f.name)}) IN {BLANKS} THEN NULL "
        f"ELSE {q(f.name)} END AS {q(f.name)}"
        for f in source.columns
    )
    con.execute(
        f"CREATE OR REPLACE TABLE raw_{n} AS SELECT _row, {cleaned} "
        f"FROM (SELECT {row} AS _row, {trimmed} FROM {reader})"
    )


def _rejections(spec: ListSpec, source: Source) -> list[str]:
    """SELECTs of (_row, column, reason) for each way a row of this list can be refused."""
    present = {f.name for f in source.columns}
    checks: list[str] = []
    for f in spec.fields:
        header = _quote(source.headers.get(f.name, f.title))
        must = f.name in spec.required or f.name == spec.id_field.name
        if f.name not in present:
            if must:
                checks.append(f"SELECT _row, {header}, {_quote(f.title + ' is missing')} FROM t")
            continue
        raw, value = q("_raw_" + f.name), q(f.name)
        if f.kind in KIND_WORDS:
            words = f" is not {KIND_WORDS[f.kind]}"
            # A date of birth is not repeated in the report: only its month is kept.
            reason = (
                _quote(source.headers[f.name] + words)
                if f.kind == DOB
                else f"'\"' || {raw} || '\"{words}'"
            )
            where = f"{raw} IS NOT NULL AND {value} IS NULL"
            checks.append(f"SELECT _row, {header}, {reason} FROM t WHERE {where}")
        if must:
            missing = _quote(source.headers[f.name] + " is missing")
            checks.append(f"SELECT _row, {header}, {missing} FROM t WHERE {raw} IS NULL")
    for start, end in spec.ordered:
        if start in present and end in present:
            s, e = source.headers[start], source.headers[end]
            reason = (
                f"{_quote(e + ' (')} || strftime(t.{q(end)}, '%d/%m/%Y') || "
                f"{_quote(') is before ' + s + ' (')} || strftime(t.{q(start)}, '%d/%m/%Y') || ')'"
            )
            checks.append(
                f"SELECT _row, {_quote(e)}, {reason} FROM t WHERE t.{q(end)} < t.{q(start)}"
            )
    return checks


def check_list(con: duckdb.DuckDBPyConnection, source: Source) -> Checked:
    """Load, type, pseudonymise and check one list; leave `typed_<n>` (the rows that passed,
    in canonical columns) and `rejected_<n>`."""
    spec, n = source.spec, source.spec.number
    _load_raw(con, source)
    present = {f.name for f in source.columns}
    typed = ", ".join(
        (typed_expression(f, q(f.name)) if f.name in present else f"CAST(NULL AS {sql_type(f)})")
        + f" AS {q(f.name)}"
        for f in spec.fields
    )
    kept = [f for f in spec.fields if f.name in present and (f.kind in KIND_WORDS or
            f.name in spec.required or f.name == spec.id_field.name)]  # fmt: skip
    raws = "".join(f", {q(f.name)} AS {q('_raw_' + f.name)}" for f in kept)
    con.execute(f"CREATE OR REPLACE TEMP TABLE t AS SELECT _row, {typed}{raws} FROM raw_{n}")
    checks = _rejections(spec, source)
    union = " UNION ALL ".join(checks) if checks else "SELECT 0, '', '' WHERE false"
    id_name = spec.id_field.name
    con.execute(
        f"CREATE OR REPLACE TABLE rejected_{n} AS SELECT c._row AS row, c.col AS column_name, "
        f"c.reason, t.{q(id_name)} AS subject FROM ({union}) c(_row, col, reason) "
        "JOIN t USING (_row) ORDER BY c._row, c.col"
    )
    con.execute(
        f"CREATE OR REPLACE TABLE typed_{n} AS SELECT {', '.join(q(f.name) for f in spec.fields)} "
        "FROM t "
        f"WHERE _row NOT IN (SELECT row FROM rejected_{n}) ORDER BY _row"
    )
    counts = con.execute(
        f"SELECT (SELECT count(*) FROM raw_{n}), (SELECT count(DISTINCT row) FROM rejected_{n})"
    ).fetchone()
    assert counts is not None
    con.execute(f"DROP TABLE raw_{n}; DROP TABLE t")
    return Checked(spec, source.sheet, int(counts[0]), int(counts[1]), source.missing)


def rejections(con: duckdb.DuckDBPyConnection, n: int) -> list[dict[str, Any]]:
    rows = con.execute(
        f"SELECT row, column_name, reason, subject FROM rejected_{n} ORDER BY row, column_name"
    ).fetchall()
    return [{"row": r, "column": c, "reason": why, "subject": s or ""} for r, c, why, s in rows]
