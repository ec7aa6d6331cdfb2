"""A seeded generator of synthetic Annex A extracts: made-up child journeys written as a CSV
folder, one file per list, with Ofsted's headers. Used by the demo (a few thousand rows) and
the benchmark (about a million). Generated in DuckDB SQL on one thread so a seed always
gives the same files; a small share of rows carry the problems real extracts have (an
impossible date, an end before its start, "#N/A" workers) so the checks are exercised.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

TEAMS = 12
WORKERS = 180
REF, TEAM, WORKER = "Child Unique ID", "Allocated Team", "Allocated Worker"
HEADERS: dict[int, list[str]] = {
    1: [REF, "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", "Date of Contact",
        "Contact Source"],
    3: [REF, "Date of referral", "Referral NFA?", "Number of Referrals in Last 12 Months", TEAM,
        WORKER],
    4: [REF, "Continuous Assessment Start Date", "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation", TEAM, WORKER],
    5: [REF, "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Date of Initial Child Protection Conference", TEAM, WORKER],
    6: [REF, "Age of Child (Years)", "CIN Start Date", "CIN Closure Date", TEAM, WORKER],
    7: [REF, "Child Protection Plan Start Date", "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?", "Latest Category of Abuse",
        "Date of latest review conference", "Child Protection Plan End Date",
        "Number of Previous Child Protection Plans", TEAM, WORKER],
    8: [REF, "Date Started to be Looked After", "Date of Latest Statutory Review",
        "Date of Last Social Work Visit", "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Number of Episodes the Child has been Missing from their Placement in the last 12 months",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        TEAM, WORKER],
    9: [REF, TEAM, WORKER, "LA in Touch", "Suitability of Accommodation", "Activity Status"],
}  # fmt: skip


def _d(expression: str) -> str:
    """A date column as the performance team's export writes it: day/month/year."""
    return f"strftime({expression}, '%d/%m/%Y')"


def generate(folder: Path, *, children: int, extract_date: dt.date, seed: float = 0.42) -> int:
    """Write Lists 1, 3–9 for about `children` children; return the rows written."""
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(config={"threads": 1})
    e = f"DATE '{extract_date.isoformat()}'"
    con.execute(f"SELECT setseed({seed})")
    con.execute(
        f"""CREATE TABLE child AS SELECT i AS id,
            {e} - CAST(floor(random() * 6570) AS INTEGER) - 30 AS born,
            CAST(floor(random() * {WORKERS}) AS INTEGER) AS worker_no
        FROM range({children}) t(i)"""
    )
    worker = (
        "CASE WHEN random() < 0.04 THEN '' WHEN random() < 0.01 THEN '#N/A' "
        "ELSE 'Worker ' || worker_no END"
    )
    team = f"'Team ' || (worker_no % {TEAMS} + 1)"
    child = "'C' || lpad(CAST(id AS VARCHAR), 8, '0')"
    common = f"{child} AS id, CASE WHEN random() < 0.5 THEN 'a) Male' ELSE 'b) Female' END AS g"
    pick = "(SELECT * FROM child ORDER BY random() LIMIT {n})"
    days = "CAST(floor(random() * {n}) AS INTEGER)"
    lists = {
        1: f"""SELECT {common}, 'a) WBRI', {_d("born")}, 0,
                {_d(e + " - " + days.format(n=182))}, 'q) 6: Police'
            FROM child, range(3)""",
        3: f"""SELECT {child}, {_d(e + " - " + days.format(n=182))},
                CASE WHEN random() < 0.08 THEN 'a) Yes' ELSE 'b) No' END,
                CAST(floor(random() * random() * 4) AS INTEGER), {team}, {worker}
            FROM child, range(2)""",
        4: f"""SELECT {child}, {_d("s")}, CASE WHEN random() < 0.92 THEN 'a) Yes' ELSE 'b) No' END,
                CASE WHEN a IS NULL OR a > {e} THEN '' WHEN random() < 0.002 THEN '31/09/2019'
                     ELSE {_d("a")} END, {team}, {worker}
            FROM (SELECT *, {e} - {days.format(n=240)} AS s FROM child, range(2)),
                 LATERAL (SELECT CASE WHEN random() < 0.9
                          THEN s + CAST(floor(random() * 80) AS INTEGER) END AS a)
            WHERE random() < 0.75""",
        5: f"""SELECT {child}, {_d("s")},
                CASE WHEN random() < 0.45 THEN {_d("s + CAST(floor(random() * 25) AS INTEGER)")}
                     ELSE '' END, {team}, {worker}
            FROM (SELECT *, {e} - {days.format(n=200)} AS s FROM {pick.format(n=children // 2)})""",
        6: f"""SELECT {child}, CASE WHEN random() < 0.01 THEN -1 ELSE 8 END,
                {_d("s")}, CASE WHEN random() < 0.2 THEN {_d("s + 30 + " + days.format(n=400))}
                ELSE '' END, {team}, {worker}
            FROM (SELECT *, {e} - {days.format(n=900)} AS s FROM child)""",
        7: f"""SELECT {child}, {_d("s")}, {_d(e + " - " + days.format(n=20))},
                CASE WHEN random() < 0.8 THEN 'a) Yes' ELSE 'b) No' END, '',
                {_d("s + 60 + " + days.format(n=60))},
                CASE WHEN random() < 0.3 THEN {_d("s + 30 + " + days.format(n=800))} ELSE '' END,
                CAST(floor(random() * random() * 3) AS INTEGER), {team}, {worker}
            FROM (SELECT *, {e} - {days.format(n=900)} AS s FROM {pick.format(n=children // 7)})""",
        8: f"""SELECT {child}, {_d("s")}, {_d(e + " - " + days.format(n=200))},
                {_d(e + " - " + days.format(n=60))},
                1 + CAST(floor(random() * random() * 4) AS INTEGER),
                CASE WHEN random() < 0.1 THEN {_d(e + " - " + days.format(n=150))} ELSE '' END,
                m, CASE WHEN m = 0 THEN '' WHEN random() < 0.7 THEN 'a) Yes' ELSE 'b) No' END,
                {team}, {worker}
            FROM (SELECT *, {e} - 200 - {days.format(n=1800)} AS s,
                         CAST(floor(random() * random() * 3) AS INTEGER) AS m
                  FROM {pick.format(n=children // 10)})""",
        9: f"""SELECT 'L' || lpad(CAST(i AS VARCHAR), 8, '0'), 'Leaving care', 'PA ' || (i % 40),
                CASE WHEN random() < 0.9 THEN 'a) Yes' WHEN random() < 0.1 THEN 'c) Died'
                     ELSE 'b) No' END,
                CASE WHEN random() < 0.86 THEN 'a) Suitable' ELSE 'b) Unsuitable' END,
                CASE WHEN random() < 0.55 THEN 'F3' ELSE 'G5' END
            FROM range({max(children // 20, 1)}) t(i)""",
    }
    written = 0
    for number, query in lists.items():
        con.execute(f"CREATE OR REPLACE TABLE out AS {query}")
        names = [row[0] for row in con.execute("DESCRIBE out").fetchall()]
        renamed = ", ".join(f'"{n}" AS "{h}"' for n, h in zip(names, HEADERS[number], strict=True))
        count = con.execute("SELECT count(*) FROM out").fetchone()
        written += int(count[0]) if count else 0
        path = str(folder / f"List {number}.csv").replace("'", "''")
        con.execute(f"COPY (SELECT {renamed} FROM out) TO '{path}' (HEADER true, DELIMITER ',')")
    con.close()
    return written
