"""Reading Annex A extracts as councils produce them: varying sheet names and headers,
Excel serial and text dates, #N/A and blanks, the unborn; every rejection with its place and
reason; identifiers pseudonymised on the way in."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from stocktake.childdata.ingest.run import validated
from stocktake.childdata.ingest.sources import UnreadableFile
from stocktake.childdata.lists import BY_NUMBER, list_for_name, match_header
from stocktake.childdata.tests.helpers import SECRET, keyed, write_lists

ROOT = Path(__file__).resolve().parents[3]
# The shared samples sit beside the project (../shared), or beside a worktree's parent.
SHARED = (
    next(
        (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
        ROOT.parent / "shared",
    )
    / "data"
    / "annex_a"
)


def workbook(path: Path) -> Path:
    book = Workbook()
    front = book.active
    front.title = "Front_Sheet"
    front.append(["Annex A - Child level data"])
    cin = book.create_sheet("List_6 Children in need")
    cin.append(["List 6: Children in Need"])  # a title row above the headers
    cin.append(
        [
            " child unique\nID ",
            "Date of Birth",
            "AGE OF CHILD (YEARS)",
            "CIN Start Date",
            "CIN Closure Date",
            "Case status",
            "Allocated Team",
            "Allocated  Worker",
        ]
    )
    cin.append(
        [
            1001.0,
            dt.datetime(2019, 3, 17),
            -1,
            43466,
            None,
            "a) Looked after child",
            "Team A",
            "Ann\u00a0Lee",
        ]
    )  # serial 43466 = 1 January 2019
    cin.append(
        [
            "1002",
            "14/07/2012",
            6.9,
            "02/02/2019",
            "31/09/2019",
            "C) CHILD IN NEED PLAN",
            "#N/A",
            "#N/A",
        ]
    )  # impossible closure date
    cin.append(
        ["1003", None, 3, "2019-03-01", "2019-02-01", "Closed episode", "Team B", "Bo"]
    )  # closed before it started
    cin.append([None, None, None, None, None, None, None, None])  # a blank row is skipped
    cin.append([None, None, 4, "2019-03-01", None, None, "Team B", "Bo"])  # no child ID
    care = book.create_sheet("L8")
    care.append(
        [
            "Child Unique ID",
            "Date Started to be Looked After",
            "Placement postcode",
            "Number of Placements in the Last 12 months",
        ]
    )
    care.append(["2001", "01/01/2018", "fy1 4ab", "two"])
    care.append(["2002", "01/01/2018", "nope", 2])
    book.save(path)
    return path


def test_workbook_read_checked_and_pseudonymised(tmp_path):
    with validated(workbook(tmp_path / "a.xlsx"), SECRET) as result:
        report = result.report(with_subjects=True)
        rows = result.con.execute(
            "SELECT child_id, dob_month, age, cin_start, case_status, team, worker FROM typed_6"
        ).fetchall()
        care = result.con.execute("SELECT child_id, placement_district FROM typed_8").fetchall()
    assert report["ignored"] == ["Front_Sheet"]
    six = next(e for e in report["lists"] if e["list"] == 6)
    assert (six["sheet"], six["read"], six["rejected"], six["stored"]) == (
        "List_6 Children in need", 4, 3, 1)  # fmt: skip
    places = {(r["row"], r["column"], r["reason"]) for r in six["rejections"]}
    assert places == {
        (4, "CIN Closure Date", '"31/09/2019" is not a date'),
        (5, "CIN Closure Date", "CIN Closure Date (01/02/2019) is before CIN Start Date "
         "(01/03/2019)"),
        (7, "child unique ID", "child unique ID is missing"),
    }  # fmt: skip
    assert {r["subject"] for r in six["rejections"] if r["row"] == 4} == {keyed("1002")}
    # The one row kept: ID hashed (1001.0 read as 1001), birth to its month, serial date,
    # unborn age, code prefix removed, non-breaking space made a space.
    assert rows == [(keyed("1001"), dt.date(2019, 3, 1), -1, dt.date(2019, 1, 1),
                     "Looked after child", "Team A", "Ann Lee")]  # fmt: skip
    eight = next(e for e in report["lists"] if e["list"] == 8)
    assert eight["rejections"] == [{"sheet": "L8", "row": 2, "column": "Number of Placements "
        "in the Last 12 months", "reason": '"two" is not a whole number',
        "subject": keyed("2001")}]  # fmt: skip
    assert care == [(keyed("2002"), None)]  # an unreadable postcode keeps no district


def test_no_identifier_or_full_birth_date_reaches_the_parquet(tmp_path):
    with validated(workbook(tmp_path / "a.xlsx"), SECRET) as result:
        files = result.write_parquet(tmp_path)
    text = b"".join(p.read_bytes() for p in files.values())
    con = duckdb.connect()
    everything = str(con.execute(f"SELECT * FROM read_parquet('{files[6]}')").fetchall())
    assert "1001" not in everything and "2019-03-17" not in everything
    assert b"1001" not in text or keyed("1001").encode() in text
    assert keyed("1001") in everything


def test_another_key_gives_other_pseudonyms(tmp_path):
    with validated(workbook(tmp_path / "a.xlsx"), b"x" * 32) as result:
        ids = result.con.execute("SELECT child_id FROM typed_6").fetchall()
    assert ids == [(keyed("1001", b"x" * 32),)] and ids != [(keyed("1001"),)]


def test_csv_folder_and_zip(tmp_path):
    folder = write_lists(tmp_path / "csv", {3: [["7", "15/03/2019", "a) Yes", 0, "A", "Ann"],
                                                ["8", "45000", "no", 0, "A", ""]]})  # fmt: skip
    with validated(folder, SECRET) as result:
        dates = result.con.execute("SELECT referral_date FROM typed_3 ORDER BY 1").fetchall()
    assert dates == [(dt.date(2019, 3, 15),), (dt.date(2023, 3, 15),)]
    archive = tmp_path / "lists.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(folder / "List 3.csv", "export/list_3.csv")
    with validated(archive, SECRET) as result:
        assert result.report()["lists"][0]["read"] == 2


@pytest.mark.parametrize(
    ("name", "number"),
    [("List 1", 1), ("List_1 Contacts", 1), ("L1", 1), ("list10.csv", 10), ("List 11", 11),
     ("Care leavers.csv", 9), ("Children in care", 8), ("Guidance", None)],
)  # fmt: skip
def test_sheet_names(name, number):
    found = list_for_name(name)
    assert (found.number if found else None) == number


def test_not_a_workbook(tmp_path):
    bad = tmp_path / "a.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(UnreadableFile), validated(bad, SECRET):
        pass


NEW_LIST_9 = ["Unaccompanied Asylum Seeking Child", "Allocated Personal Advisor",
              "Latest Pathway Plan Review Date", "Latest Date of Contact"]  # fmt: skip


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared Annex A samples are not here")
@pytest.mark.parametrize(
    ("sample", "read", "ignored", "missing_in_list_9"),
    [
        ("liia_Annex_A.xlsx", 59, [], NEW_LIST_9),  # the 2019 List 9 columns
        ("liia_pipeline_Annex_A_2024_Jan.xlsx", 59, [], []),  # the 2023/24 ones
        ("ofsted_template_2019_sample.xlsx", 5,
         ["Front_Sheet", "FAQ_and_changes", "Guidance", "Codes_used"], NEW_LIST_9),
    ],
)  # fmt: skip
def test_shared_samples_import_with_their_problems_reported(
    sample, read, ignored, missing_in_list_9, tmp_path
):
    """Skips only when ../shared/data/annex_a/ is absent (it is outside the repository).
    Their dates in Lists 10 and 11 are formulas (=K2+5) whose values Excel saved: read as
    those dates, not refused."""
    with validated(SHARED / sample, SECRET) as result:
        report = result.report()
        result.write_parquet(tmp_path)
        placed = result.con.execute("SELECT count(placed) FROM typed_10").fetchone()
    assert (report["rows_read"], report["rows_rejected"], report["ignored"]) == (read, 0, ignored)
    nine = next(e for e in report["lists"] if e["list"] == 9)
    assert nine["missing_columns"] == missing_in_list_9
    assert [e["list"] for e in report["lists"]] == list(range(1, 12))
    if read == 59:
        assert placed == (5,)


def test_a_formula_is_read_as_the_value_excel_saved_or_reported(tmp_path):
    """openpyxl saves a formula with no value; a workbook saved by Excel has one."""
    path = tmp_path / "formulas.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.title = "List 3"
    sheet.append(["Child Unique ID", "Date of referral", "Referral NFA?"])
    sheet.append(["1", "=DATE(2019,3,1)", "No"])
    sheet.append(["2", "=B2+1", "No"])
    book.save(path)
    with zipfile.ZipFile(path) as original:
        parts = {n: original.read(n) for n in original.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    assert "<f>DATE(2019,3,1)</f><v></v>" in xml
    parts["xl/worksheets/sheet1.xml"] = xml.replace(
        "<f>DATE(2019,3,1)</f><v></v>",
        "<f>DATE(2019,3,1)</f><v>43525</v>",  # as Excel saves
    ).encode()
    with zipfile.ZipFile(path, "w") as patched:
        for name, data in parts.items():
            patched.writestr(name, data)
    with validated(path, SECRET) as result:
        kept = result.con.execute("SELECT referral_date FROM typed_3").fetchall()
        rejected = result.rejected(3)
    assert kept == [(dt.date(2019, 3, 1),)]
    assert [(r["row"], r["reason"]) for r in rejected] == [(3, '"=B2+1" is not a date')]


@pytest.mark.parametrize(
    ("number", "header", "field"),
    [(3, "Referral NFA? (Y/N)", "referral_nfa"), (3, " DATE OF\nREFERRAL ", "referral_date"),
     (3, "Number of referrals in last 12 months (not including this one)", "referrals_12m"),
     (4, "Child Seen During Continuous Assessment (Y/N)", "child_seen"),
     (4, "continuous  assessment date of authorisation", "authorised"),
     (7, "Was the Child Seen Alone?", "seen_alone"), (8, "Date Ceased to be Looked After",
     "cla_end"), (8, "Number of Episodes the Child has been 'Missing' from their Placement in "
     "the last 12 months", "missing_12m"), (9, "LA In Touch", "in_touch"),
     (6, "Allocated  Worker", "worker"), (6, "ALLOCATED TEAM", "team")],
)  # fmt: skip
def test_header_variants(number, header, field):
    found = match_header(BY_NUMBER[number], header)
    assert found is not None and found.name == field


@pytest.mark.parametrize(
    ("cell", "day"),
    [("30/06/2019", "2019-06-30"), ("1/2/2019", "2019-02-01"), ("01/02/19", "2019-02-01"),
     ("2019-06-30", "2019-06-30"), ("2019-06-30 00:00:00", "2019-06-30"),
     ("30-Jun-2019", "2019-06-30"), ("30 June 2019", "2019-06-30"), ("43646", "2019-06-30"),
     ("43646.0", "2019-06-30"), ("31/09/2019", None), ("29/02/2019", None), ("06/30/2019", None),
     ("soon", None), ("0", None)],
)  # fmt: skip
def test_dates_as_councils_write_them(tmp_path, cell, day):
    folder = write_lists(tmp_path / "csv", {3: [["7", cell, "No", 0, "A", "Ann"]]})
    with validated(folder, SECRET) as result:
        kept = result.con.execute("SELECT referral_date FROM typed_3").fetchall()
        rejected = result.rejected(3)
    if day is None:
        assert kept == [] and [r["column"] for r in rejected] == ["Date of referral"]
    else:
        assert kept == [(dt.date.fromisoformat(day),)] and rejected == []


@pytest.mark.parametrize(
    ("cell", "age"),
    [("-1", -1), ("-1.0", -1), ("Unborn", -1), ("6.9", 6), ("0", 0), ("-2", None),
     ("six", None)],
)  # fmt: skip
def test_ages_and_the_unborn(tmp_path, cell, age):
    folder = write_lists(tmp_path / "csv", {6: [["7", cell, "01/03/2019", "", "A", "Ann"]]})
    with validated(folder, SECRET) as result:
        kept = result.con.execute("SELECT age FROM typed_6").fetchall()
        rejected = result.rejected(6)
    if age is None:
        assert kept == [] and [r["column"] for r in rejected] == ["Age of Child (Years)"]
    else:
        assert kept == [(age,)] and rejected == []
