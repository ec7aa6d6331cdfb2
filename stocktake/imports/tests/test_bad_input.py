"""Files the importer must refuse, each with a message that says why and where, and with the
database left exactly as it was."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from stocktake.demo import factories
from stocktake.imports.readers import MAX_BYTES
from stocktake.imports.services import ImportRefused, plan_import
from stocktake.imports.tests.builders import (
    all_text,
    csv_bytes,
    docx_bytes,
    rezip,
    row_counts,
    understand,
    xlsx_bytes,
)

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PLAN = [["Ref", "Action", "Lead", "Deadline"], ["A1", "Review thresholds", "Jane Smith", "Ongoing"]]


@pytest.fixture
def authority(db):
    """An authority that already has a plan, so "unchanged" means something."""
    authority = factories.make_authority("Testshire")
    plan_import(
        authority=authority, actor=None, filename="p.csv", data=csv_bytes(PLAN), plan_name="P"
    )
    return authority


def refused(authority, name: str, data: bytes) -> str:
    """Import the file, expecting refusal; return the message, checking nothing changed."""
    before = row_counts()
    with pytest.raises(ImportRefused) as caught:
        plan_import(authority=authority, actor=None, filename=name, data=data, plan_name="P")
    assert row_counts() == before
    return " ".join(f"{p.where}: {p.message}" for p in caught.value.problems)


def test_no_action_table_names_the_columns_looked_for(authority):
    data = docx_bytes([("p", "Contacts."), [["Name", "Phone"], ["Jane Smith", "01253 000000"]]])
    message = refused(authority, "contacts.docx", data)
    assert "No table of actions was found" in message
    for column in ("Action", "Accountable person", "Lead", "Deadline", "By when", "Ref"):
        assert f"“{column}”" in message
    assert "Name | Phone" in message  # and says what it did find
    assert message.startswith("contacts.docx")


@pytest.mark.parametrize("name", ["p.docx", "p.xlsx", "p.csv", "p.txt"])
def test_empty_file(authority, name):
    assert refused(authority, name, b"") == f"{name}: {name} is empty"


@pytest.mark.parametrize(("name", "kind"), [("p.docx", "a Word"), ("p.xlsx", "an Excel")])
def test_corrupt_office_file(authority, name, kind):
    noise = os.urandom(4096)
    message = refused(authority, name, noise)
    assert f"{name} is damaged or is not really {kind} file" in message
    # A real zip that is not an Office file, and a good file cut short, are refused too.
    assert "damaged" in refused(authority, name, rezip(xlsx_bytes(PLAN), add={"x.txt": b"x"})[:-1])


@pytest.mark.parametrize(("name", "kind"), [("p.docx", "Word"), ("p.xlsx", "Excel")])
def test_password_protected_office_file(authority, name, kind):
    message = refused(authority, name, OLE + os.urandom(2048))
    assert "password-protected" in message and f"Remove the password in {kind}" in message


@pytest.mark.parametrize("name", ["big.csv", "big.docx", "big.xlsx", "big.txt"])
def test_oversized_file(authority, name):
    message = refused(authority, name, b"x" * (MAX_BYTES + 1))
    assert "larger than 20MB" in message


def _bomb(member: str, size: int) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open(member, "w", force_zip64=True) as entry,
    ):
        chunk = bytes(1 << 20)
        for _ in range(size >> 20):
            entry.write(chunk)
    return out.getvalue()


def test_zip_bomb(authority):
    data = _bomb("word/document.xml", 300 << 20)
    assert len(data) < 2 << 20  # small on disk …
    message = refused(authority, "bomb.docx", data)
    assert "expands to far more data than a real Word file holds" in message


def test_zip_bomb_spread_over_many_members(authority):
    out = io.BytesIO()
    chunk = bytes(9 << 20)  # each member under the per-member limit, the total over
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for n in range(24):
            archive.writestr(f"xl/media/image{n}.bin", chunk)
    assert "expands to far more data" in refused(authority, "many.xlsx", out.getvalue())


def test_macro_enabled_workbooks(authority):
    assert "contains macros (.xlsm)" in refused(authority, "plan.xlsm", xlsx_bytes(PLAN))
    with_macros = rezip(xlsx_bytes(PLAN), add={"xl/vbaProject.bin": OLE + b"macro"})
    message = refused(authority, "plan.xlsx", with_macros)
    assert "contains macros" in message and "without macros" in message


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("plan.pdf", "cannot read tables from a PDF"),
        ("plan.doc", "old-style Word file (.doc)"),
        ("plan.xls", "old-style Excel file (.xls)"),
        ("plan.exe", "must be a Word document (.docx), an Excel workbook (.xlsx)"),
        ("plan", "must be a Word document"),
    ],
)
def test_unsupported_extensions(authority, name, says):
    assert says in refused(authority, name, b"%PDF-1.4 or anything else")


def test_csv_mixing_two_encodings_names_the_line(authority):
    data = "Ref,Action,Lead\nA1,Review – thresholds,Jane Smith\n".encode()
    data += b"A2,Caf\xe9 meeting \x96 weekly,Tom Jones\n"  # a raw Windows-1252 line
    message = refused(authority, "mixed.csv", data)
    assert "mixes two text encodings" in message and "line 3" in message


def _with_cached_formulas() -> bytes:
    """A workbook whose formula cells hold last-calculated values, as Excel saves them."""
    rows = [
        ["Ref", "Action", "Lead", "Deadline"],
        ["F1", '=UPPER("x")', '="Jane"&" Smith"', "=DATE(2017,8,1)"],
        ["F2", "Audit contacts", "Tom Jones", "=1+1"],
    ]
    data = xlsx_bytes(rows)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    cached = {
        '<c r="B2"><f>UPPER("x")</f><v></v></c>': '<c r="B2" t="str"><f>UPPER("x")</f>'
        "<v>Review thresholds</v></c>",
        '<c r="C2"><f>"Jane"&amp;" Smith"</f><v></v></c>': '<c r="C2" t="str">'
        '<f>"Jane"&amp;" Smith"</f><v>Jane Smith</v></c>',
        # D2 and D3 keep no cached value: if they were run they would give dates / 2.
    }
    for old, new in cached.items():
        assert old in sheet
        sheet = sheet.replace(old, new)
    return rezip(data, replace={"xl/worksheets/sheet1.xml": sheet.encode()})


def test_formula_cells_are_warned_and_never_imported_or_run():
    parsed = understand("f.xlsx", _with_cached_formulas())
    first, second = parsed.actions
    assert first.text == "Review thresholds"  # Excel's saved value, not the formula
    assert [o.name for o in first.owners] == ["Jane Smith"]
    assert first.deadline_text == "" and second.deadline_text == ""  # never calculated
    assert first.due_date is None and second.due_date is None
    [warning] = [w for w in parsed.warnings if "formulas" in w.message]
    assert warning.where == "f.xlsx, sheet “Plan”"
    assert "B2, C2, D2, D3" in warning.message and "not run" in warning.message
    for text in all_text(first) + all_text(second):
        assert not text.startswith("=") and "UPPER" not in text and "DATE(" not in text


@pytest.mark.django_db
def test_formula_text_never_reaches_the_database():
    authority = factories.make_authority()
    data = _with_cached_formulas()
    _, outcome = plan_import(
        authority=authority, actor=None, filename="f.xlsx", data=data, plan_name="P"
    )
    assert any("formulas" in w["message"] for w in outcome.warnings)
    for action in authority.plans.get().actions.all():
        stored = [action.text, action.deadline_text, *map(str, action.extra.values())]
        assert not any(s.startswith("=") or "UPPER(" in s for s in stored)


@pytest.mark.parametrize(
    ("column", "cells", "limit"),
    [
        (
            "Deadline",
            ["A1", "x", "Jane Smith", "Draft by 1 July 2017, " + "then consult " * 20],
            200,
        ),
        ("ID", ["R" * 41, "x", "Jane Smith", "Ongoing"], 40),
        ("ID", ["A1 " + "/".join(f"FD{n}" for n in range(60)), "x", "Jane Smith", "Ongoing"], 200),
        ("Accountable person", ["A1", "x", "Jane Smith – " + "Head of " * 30, "Ongoing"], 200),
    ],
)
def test_cells_longer_than_the_database_holds(authority, column, cells, limit):
    """On PostgreSQL these failed with a database error; now they are explained."""
    data = csv_bytes([["Ref", "Action", "Lead", "Deadline"], cells])
    message = refused(authority, "long.csv", data)
    assert message.startswith(f"long.csv, row 2, column “{column}”: ")
    assert f"Stocktake keeps up to {limit} here" in message


def test_row_numbers_that_are_not_small_numbers(authority):
    rows = [
        ["No", "Action", "Lead"],
        ["²", "First", "Jane Smith"],
        ["9" * 20, "Second", "Tom Jones"],
    ]
    _, outcome = plan_import(
        authority=authority, actor=None, filename="n.csv", data=csv_bytes(rows), plan_name="N"
    )
    assert outcome.actions_created == ["1", "2"]  # numbered by position instead
    actions = authority.plans.get(name="N").actions.order_by("number")
    assert [a.text for a in actions] == ["First", "Second"]
