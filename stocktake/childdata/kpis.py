"""The Annex A KPIs (annex-a-kpis.md, codes AA_*), computed in DuckDB SQL from an extract's
Parquet files. Each KPI is a population (its denominator, a WHERE clause on one list) and a
numerator; the drill-down lists the same rows with the same clauses.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from stocktake.childdata.lists import BY_NUMBER, CALENDAR, CHILD_KEY, q, sql_type

DEFINITION_VERSION = "annex-a-kpis/1"
EET = ("F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5")
IN_W = "{col} > $W AND {col} <= $E"
OPEN = "{start} <= $E AND ({end} IS NULL OR {end} > $E)"
CIN_OPEN = "(cin_start IS NULL OR cin_start <= $E) AND (cin_closed IS NULL OR cin_closed > $E)"
NO_TEAM = "Not recorded"
ROWS, CHILDREN, WORKERS = "rows", "children", "workers"
COUNTED = {ROWS: "*", CHILDREN: "DISTINCT child_key", WORKERS: "DISTINCT lower(worker)"}


@dataclass(frozen=True)
class Kpi:
    code: str
    name: str
    list_number: int
    unit: str  # percent, count or ratio
    base: str  # the population: the denominator's rows (or the counted rows)
    hit: str = "true"  # of those, the numerator's
    counting: str = ROWS  # what the numerator counts: rows, children or workers
    per: str = ROWS  # what the denominator counts

    def parts(self) -> tuple[tuple[str, str, str], tuple[str, str, str]]:
        """The numerator and the denominator: (column alias, what is counted, where)."""
        alias = self.code.lower()
        return (
            (f"{alias}_n", self.counting, f"({self.base}) AND ({self.hit})"),
            (f"{alias}_d", self.per, self.base),
        )


def _w(col: str) -> str:
    return IN_W.format(col=col)


def _open(start: str, end: str) -> str:
    return OPEN.format(start=start, end=end)


# fmt: off
KPIS: tuple[Kpi, ...] = (
    Kpi("AA_REFERRALS", "Referrals in the last six months", 3, "count", _w("referral_date")),
    Kpi("AA_REFERRAL_NFA", "Referrals ending in no further action", 3, "percent",
        _w("referral_date"), "referral_nfa = 'yes'"),
    Kpi("AA_REREFERRAL_12M", "Children re-referred within 12 months", 3, "percent",
        _w("referral_date"), "referrals_12m > 0", counting=CHILDREN, per=CHILDREN),
    Kpi("AA_ASSESS_45WD", "Assessments completed within 45 working days", 4, "percent",
        _w("authorised"), "wd(assessment_start, authorised) <= 45"),
    Kpi("AA_ASSESS_SEEN", "Children seen during their assessment", 4, "percent",
        _w("authorised"), "child_seen = 'yes'"),
    Kpi("AA_ASSESS_OPEN_OVER_45WD", "Assessments open beyond 45 working days", 4, "count",
        "assessment_start <= $E AND (authorised IS NULL OR authorised > $E) "
        "AND wd(assessment_start, $E) > 45"),
    Kpi("AA_ICPC_15WD", "Initial conferences within 15 working days of the strategy "
        "discussion", 5, "percent", _w("icpc_date"), "wd(strategy_start, icpc_date) <= 15"),
    Kpi("AA_CPP_REPEAT", "Child protection plans starting for a second or later time", 7,
        "percent", _w("cpp_start"), "previous_cpps > 0"),
    Kpi("AA_CPP_ENDED_2Y", "Child protection plans ending after two years or more", 7,
        "percent", _w("cpp_end"), "cpp_end >= CAST(cpp_start + INTERVAL 2 YEAR AS DATE)"),
    Kpi("AA_CPP_OPEN_18M", "Open child protection plans that started 18 months or more ago", 7,
        "count", _open("cpp_start", "cpp_end") + " AND cpp_start <= $E18"),
    Kpi("AA_CP_VISIT_10WD", "Children on a plan visited in the last 10 working days", 7,
        "percent", _open("cpp_start", "cpp_end"),
        "last_visit <= $E AND wd(last_visit, $E) <= 10"),
    Kpi("AA_CP_SEEN_ALONE", "Children on a plan seen alone at their last visit", 7, "percent",
        _open("cpp_start", "cpp_end"), "seen_alone = 'yes'"),
    Kpi("AA_CLA_3_PLACEMENTS", "Children in care with three or more placements in 12 months",
        8, "percent", _open("cla_start", "cla_end"), "placements_12m >= 3"),
    Kpi("AA_CLA_VISIT_6WK", "Children in care visited in the last six weeks", 8, "percent",
        _open("cla_start", "cla_end"),
        "last_visit <= $E AND date_diff('day', last_visit, $E) <= 42"),
    Kpi("AA_CLA_REVIEW_6M", "Children in care reviewed in the last six months", 8, "percent",
        _open("cla_start", "cla_end"),
        "last_review <= $E AND date_diff('day', last_review, $E) <= 183"),
    Kpi("AA_RHI_OFFERED", "Missing children in care offered a return interview", 8, "percent",
        _open("cla_start", "cla_end") + " AND missing_12m > 0", "rhi_offered = 'yes'"),
    Kpi("AA_CL_IN_TOUCH", "Care leavers the authority is in touch with", 9, "percent",
        "coalesce(lower(in_touch), '') <> 'died'", "lower(in_touch) IN ('yes', 'y')"),
    Kpi("AA_CL_SUITABLE", "Care leavers in suitable accommodation", 9, "percent",
        "coalesce(lower(in_touch), '') <> 'died'", "lower(suitability) = 'suitable'"),
    Kpi("AA_CL_EET", "Care leavers in education, employment or training", 9, "percent",
        "coalesce(lower(in_touch), '') <> 'died'",
        "upper(regexp_extract(activity, '^([A-Za-z][0-9])', 1)) IN "
        + "(" + ", ".join(f"'{c}'" for c in EET) + ")"),
    Kpi("AA_UNALLOCATED", "Open cases with no allocated worker", 6, "percent", CIN_OPEN,
        "worker IS NULL", counting=CHILDREN, per=CHILDREN),
    Kpi("AA_CASELOAD", "Children per allocated worker", 6, "ratio",
        CIN_OPEN + " AND worker IS NOT NULL", counting=CHILDREN, per=WORKERS),
)
# fmt: on
BY_CODE = {k.code: k for k in KPIS}
WD_COLUMNS = {4: ("assessment_start", "authorised"), 5: ("strategy_start", "icpc_date"),
              7: ("last_visit",)}  # fmt: skip


def months_before(day: dt.date, months: int) -> dt.date:
    """`day` less whole calendar months, counted from the day after (so the six months
    ending 30 June start after 31 December, and those ending 15 June after 15 December)."""
    after = day + dt.timedelta(days=1)
    index = after.year * 12 + after.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(after.day, monthrange(year, month + 1)[1])) - dt.timedelta(
        days=1
    )


def _sql(text: str, extract_date: dt.date) -> str:
    values = {
        "$E18": months_before(extract_date, 18),
        "$W": months_before(extract_date, 6),
        "$E": extract_date,
    }
    for name, value in values.items():
        text = text.replace(name, f"DATE '{value.isoformat()}'")
    return text


def _views(con: duckdb.DuckDBPyConnection, files: dict[int, Path]) -> None:
    """A view `list<n>` per list: its Parquet file, or an empty table of its columns. A file
    stored before `child_key` existed gets it computed."""
    with_key = _files_with_child_key(con, [files[n] for n in range(1, 12) if n in files])
    for number in range(1, 12):
        spec = BY_NUMBER[number]
        keyed = "child_id" in spec.names
        if number in files:
            source = f"read_parquet('{files[number]}')"
            missing = keyed and str(files[number]) not in with_key
            key = f", {CHILD_KEY} AS child_key" if missing else ""
            con.execute(f"CREATE VIEW list{number} AS SELECT *{key} FROM {source}")
        else:
            columns = ", ".join(f"{q(f.name)} {sql_type(f)}" for f in spec.fields)
            key = ", child_key UHUGEINT" if keyed else ""
            con.execute(f"CREATE TABLE list{number} ({columns}{key})")


def _files_with_child_key(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> set[str]:
    """Which of these Parquet files have a `child_key` column (one look at their schemas)."""
    if not paths:
        return set()
    listed = ", ".join(f"'{p}'" for p in paths)
    found = con.execute(
        f"SELECT DISTINCT file_name FROM parquet_schema([{listed}]) WHERE name = 'child_key'"
    ).fetchall()
    return {str(row[0]) for row in found}


def _span(con: duckdb.DuckDBPyConnection, extract_date: dt.date) -> tuple[int, int]:
    """The first and last year the working-day KPIs touch: the extract date's and every
    date in a column they count between."""
    bounds = [
        f"SELECT min({q(c)}), max({q(c)}) FROM list{n}" for n, cs in WD_COLUMNS.items() for c in cs
    ]
    found = con.execute(
        f"SELECT min(lo), max(hi) FROM ({' UNION ALL '.join(bounds)}) b(lo, hi)"
    ).fetchone()
    lo = min(filter(None, [found[0] if found else None, extract_date]))
    hi = max(filter(None, [found[1] if found else None, extract_date]))
    return lo.year, hi.year


def bank_holidays(first: int, last: int) -> list[dt.date]:
    """England and Wales bank holidays (the `holidays` package) from `first` to `last`."""
    import holidays  # here, not above: only a new calendar needs it, and it loads slowly

    days = holidays.country_holidays("GB", subdiv="ENG", years=range(first, last + 1))
    return sorted(days)


def _make_calendar(con: duckdb.DuckDBPyConnection, first: int, last: int) -> None:
    """Table `calendar(d, n)`: every day of the years `first` to `last`, with n the working
    days (Monday to Friday, not an England and Wales bank holiday) up to and including d."""
    con.execute("CREATE OR REPLACE TEMP TABLE bank_holiday (d DATE PRIMARY KEY)")
    days = bank_holidays(first, last)
    if days:
        con.executemany("INSERT INTO bank_holiday VALUES (?)", [[d] for d in days])
    con.execute(
        f"""CREATE OR REPLACE TABLE calendar AS
        SELECT d, CAST(sum(CASE WHEN isodow(d) <= 5 AND d NOT IN (SELECT d FROM bank_holiday)
                           THEN 1 ELSE 0 END) OVER (ORDER BY d) AS INTEGER) AS n
        FROM (SELECT CAST(unnest(generate_series(DATE '{first}-01-01',
                                                 DATE '{last}-12-31', INTERVAL 1 DAY))
                          AS DATE) AS d)"""
    )


def _calendar(con: duckdb.DuckDBPyConnection, extract_date: dt.date, stored: Path | None) -> None:
    """The working-day calendar: the one stored with the extract when it was loaded, if it
    covers every year needed, else made afresh from the `holidays` package. Macro `wd(a, b)`
    is then n(b) - n(a): the working days in (a, b]."""
    first, last = _span(con, extract_date)
    made = False
    if stored is not None:
        con.execute(f"CREATE TABLE calendar AS SELECT d, n FROM read_parquet('{stored}')")
        row = con.execute("SELECT min(d), max(d) FROM calendar").fetchone()
        made = bool(row and row[0] and row[0] <= dt.date(first, 1, 1)
                    and row[1] >= dt.date(last, 12, 31))  # fmt: skip
    if not made:
        _make_calendar(con, first, last)
    con.execute(
        "CREATE MACRO wd(a, b) AS "
        "((SELECT n FROM calendar WHERE d = b) - (SELECT n FROM calendar WHERE d = a))"
    )


def write_calendar(files: dict[int, Path], extract_date: dt.date, path: Path) -> Path:
    """Make the extract's working-day calendar from the `holidays` package and write it as
    Parquet beside its lists, so its KPIs are computed again with the same bank holidays."""
    con = duckdb.connect()
    try:
        _views(con, files)
        _make_calendar(con, *_span(con, extract_date))
        con.execute(f"COPY calendar TO '{path}' (FORMAT parquet)")
    finally:
        con.close()
    return path


@contextmanager
def engine(files: dict[int, Path], extract_date: dt.date) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    try:
        _views(con, files)
        _calendar(con, extract_date, files.get(CALENDAR))
        yield con
    finally:
        con.close()


def _figure(kpi: Kpi, numerator: float | None, denominator: float | None) -> dict[str, Any]:
    if kpi.unit == "count":
        return {"code": kpi.code, "numerator": numerator, "denominator": None, "value": numerator}
    value = None
    if denominator:
        value = (100 if kpi.unit == "percent" else 1) * (numerator or 0) / denominator
    return {"code": kpi.code, "numerator": numerator, "denominator": denominator, "value": value}


def compute(files: dict[int, Path], extract_date: dt.date) -> dict[str, Any]:
    """Every KPI and the team breakdown, in the `childdata kpis` JSON shape: one pass over
    each list, all in one statement."""
    with engine(files, extract_date) as con:
        return {
            "extract_date": extract_date.isoformat(),
            "kpis": _figures(con, extract_date),
            "by_team": _by_team(con, extract_date),
        }


def _pass(number: int, chosen: list[Kpi], by: str = "", where: str = "true") -> str:
    """One statement computing these KPIs of list `number` (all of the same list), per group
    `by` if given: a column per numerator and denominator, named as in `Kpi.parts`.

    Rows and workers are counted with FILTER clauses in one scan. Children are counted from
    the list grouped by child (does any of the child's rows meet the clause?): the same
    answer as count(DISTINCT …) FILTER, several times faster in DuckDB."""
    flat, children = [], []
    for kpi in chosen:
        for alias, what, clause in kpi.parts():
            if what == CHILDREN:
                children.append((alias, clause))
            else:
                flat.append(f"count({COUNTED[what]}) FILTER (WHERE {clause}) AS {alias}")
    group = f"{by} AS grp, " if by else ""
    grouped = "GROUP BY grp" if by else ""
    selects = [f"SELECT {group}{', '.join(flat)} FROM list{number} WHERE {where} {grouped}"]
    if children:
        inner = ", ".join(f"coalesce(bool_or({clause}), false) AS {a}" for a, clause in children)
        outer = ", ".join(f"count(*) FILTER (WHERE {a}) AS {a}" for a, _ in children)
        selects.append(
            f"SELECT {'grp, ' if by else ''}{outer} FROM (SELECT {group}child_key, {inner} "
            f"FROM list{number} WHERE {where} GROUP BY {'grp, ' if by else ''}child_key) "
            f"{grouped}"
        )
    if not flat:
        return selects[1]
    if len(selects) == 1:
        return selects[0]
    joined = "USING (grp)" if by else "ON true"
    return f"SELECT * FROM ({selects[0]}) JOIN ({selects[1]}) {joined}"


def _figures(con: duckdb.DuckDBPyConnection, extract_date: dt.date) -> list[dict[str, Any]]:
    numbers = sorted({k.list_number for k in KPIS})
    passes = ", ".join(
        f"({_pass(n, [k for k in KPIS if k.list_number == n])}) AS l{n}" for n in numbers
    )
    cursor = con.execute(_sql(f"SELECT * FROM {passes}", extract_date))
    row = cursor.fetchone()
    assert row is not None
    found = dict(zip((d[0] for d in cursor.description), row, strict=True))
    figures = []
    for kpi in KPIS:
        (numerator, *_), (denominator, *_) = kpi.parts()
        figures.append(_figure(kpi, found[numerator], found[denominator]))
    return figures


def _by_team(con: duckdb.DuckDBPyConnection, extract_date: dt.date) -> dict[str, Any]:
    """Caseload and unallocated cases for each team with an open case."""
    caseload, unallocated = BY_CODE["AA_CASELOAD"], BY_CODE["AA_UNALLOCATED"]
    team = f"coalesce(team, '{NO_TEAM}')"
    cursor = con.execute(
        _sql(
            f"SELECT * FROM ({_pass(6, [caseload, unallocated], team, CIN_OPEN)}) ORDER BY grp",
            extract_date,
        )
    )
    names = [d[0] for d in cursor.description]
    teams: dict[str, Any] = {}
    for row in cursor.fetchall():
        found = dict(zip(names, row, strict=True))
        teams[found["grp"]] = {
            kpi.code: _figure(kpi, *(found[alias] for alias, *_ in kpi.parts()))["value"]
            for kpi in (caseload, unallocated)
        }
    return teams


def records(
    files: dict[int, Path], extract_date: dt.date, code: str, columns: list[str]
) -> list[dict[str, Any]]:
    """The pseudonymised rows in a KPI's population, each marked whether it is in the
    numerator (for a count, every row is)."""
    kpi = BY_CODE[code]
    selected = ", ".join(q(c) for c in columns)
    with engine(files, extract_date) as con:
        cursor = con.execute(
            _sql(
                f"SELECT {selected}, coalesce(({kpi.hit}), false) AS in_numerator "
                f"FROM list{kpi.list_number} WHERE {kpi.base} ORDER BY child_id",
                extract_date,
            )
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
