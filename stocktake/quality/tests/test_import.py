"""Importing audits: bad rows are refused with their file, sheet, row and column and nothing
is written; a good file applies whole; the command line does the same; and random, cut or
damaged files never raise anything but a refusal (fuzzed like the plan importer)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from stocktake.imports.tests.builders import csv_bytes, xlsx_bytes
from stocktake.quality.importer import Context, parse_audits
from stocktake.quality.models import CaseAudit, Moderation
from stocktake.quality.services.uploads import UploadRefused, audits_import, import_context
from stocktake.quality.tests.test_permissions import snapshot

HEAD = [
    "Case reference",
    "Framework",
    "Date completed",
    "Auditor",
    "Overall grade",
    "Voice of the child",
    "Management oversight",
    "Strengths",
    "Moderated grade",
    "Date moderated",
    "Moderation reason",
]
GOOD = [
    HEAD,
    [
        "7001",
        "Practice audit",
        "03/05/2019",
        "Ada Auditor",
        "Good",
        "good",
        "RI",
        "Clear",
        "",
        "",
        "",
    ],
    [
        "7002",
        "practice audit",
        "2019-05-21",
        "",
        "Inadequate",
        "inadequate",
        "inadequate",
        "",
        "Requires improvement",
        "28 May 2019",
        "Risk was managed",
    ],
    ["7003", "Practice audit", "14 June 2019", "", "outstanding", "1", "2", "", "", "", ""],
]
BAD = [
    HEAD,
    ["Jane Smith", "Practice audit", "03/05/2019", "", "Good", "good", "good", "", "", "", ""],
    ["7005", "Supervision audit", "03/05/2019", "", "Good", "good", "good", "", "", "", ""],
    ["7006", "Practice audit", "31/09/2019", "", "Good", "good", "good", "", "", "", ""],
    ["7007", "Practice audit", "June 2019", "Nobody Known", "Great", "", "good", "", "", "", ""],
    [
        "7008",
        "Practice audit",
        "03/05/2019",
        "",
        "Good",
        "good",
        "good",
        "",
        "Inadequate",
        "01/05/2019",
        "",
    ],
    ["7001", "Practice audit", "03/05/2099", "", "Good", "good", "good", "", "", "", ""],
]


def test_bad_rows_are_refused_with_their_place_and_nothing_is_written(qa, world):
    before = snapshot()
    with pytest.raises(UploadRefused) as refused:
        audits_import(
            authority=world.authority, actor=None, filename="audits.xlsx", data=xlsx_bytes(BAD)
        )
    got = {(p.where, p.message.split(":")[0].split(".")[0]) for p in refused.value.problems}
    sheet = "audits.xlsx, sheet “Plan”"
    expected = {
        (f"{sheet}, row 2, column “Case reference”", "“Jane Smith” has no number in it"),
        (f"{sheet}, row 3, column “Framework”", "There is no framework called “Supervision audit”"),
        (f"{sheet}, row 4, column “Date completed”", "“31/09/2019” is not a whole date"),
        (f"{sheet}, row 5, column “Date completed”", "“June 2019” is not a whole date"),
        (
            f"{sheet}, row 5, column “Auditor”",
            "There is no one called “Nobody Known” in the register",
        ),
        (f"{sheet}, row 5, column “Overall grade”", "“Great” is not a grade"),
        (f"{sheet}, row 5, column “Voice of the child”", "Enter the grade for Voice of the child"),
        (
            f"{sheet}, row 6, column “Moderation reason”",
            "Give the reason the moderator changed the grade",
        ),
        (
            f"{sheet}, row 6, column “Date moderated”",
            "The moderation cannot be before the audit was completed",
        ),
        (
            f"{sheet}, row 7, column “Date completed”",
            "The date the audit was completed cannot be in the future",
        ),
    }
    assert got == expected
    assert snapshot() == before


def test_a_good_file_applies_whole_with_both_grades_kept(qa, world):
    _, imported = audits_import(
        authority=world.authority, actor=None, filename="audits.csv", data=csv_bytes(GOOD)
    )
    assert (imported.audits, imported.moderated) == (3, 1)
    assert imported.rounds == ["Imported audits – May 2019", "Imported audits – June 2019"]
    audits = {
        a.case_reference: a for a in CaseAudit.objects.filter(case_reference__startswith="700")
    }
    assert audits["7001"].auditor == qa.auditor_person
    assert audits["7001"].completed_on == dt.date(2019, 5, 3)
    assert {g.domain.code: g.grade for g in audits["7003"].grades.all()} == {
        "VOICE_CHILD": "outstanding",
        "MANAGEMENT": "good",
    }
    moderation = Moderation.objects.get(audit=audits["7002"])
    assert (audits["7002"].overall_grade, moderation.overall_grade) == (
        "inadequate",
        "requires_improvement",
    )
    assert moderation.moderator is None  # the file does not say who moderated
    assert all(a.origin == "imported" for a in audits.values())
    # the same file again: every case is already audited in its round, and nothing changes
    before = snapshot()
    with pytest.raises(UploadRefused) as again:
        audits_import(
            authority=world.authority, actor=None, filename="audits.csv", data=csv_bytes(GOOD)
        )
    assert "Case 7001 is already audited in Imported audits – May 2019" in str(again.value)
    assert snapshot() == before


def test_a_dry_run_writes_nothing(qa, world):
    before = snapshot()
    _, imported = audits_import(
        authority=world.authority, actor=None, filename="a.csv", data=csv_bytes(GOOD), dry_run=True
    )
    assert imported.audits == 3
    assert snapshot() == before


def test_the_command(qa, world, tmp_path, capsys):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.xlsx"
    good.write_bytes(csv_bytes(GOOD))
    bad.write_bytes(xlsx_bytes(BAD))
    call_command("import_audits", str(good), authority="Testshire", dry_run=True)
    assert "Would import 3 audit(s)" in capsys.readouterr().out
    assert not CaseAudit.objects.filter(case_reference="7001").exists()
    with pytest.raises(CommandError, match="10 problem"):
        call_command("import_audits", str(bad), authority="testshire")
    assert "row 2, column “Case reference”" in capsys.readouterr().err
    call_command("import_audits", str(good), authority="Testshire")
    assert CaseAudit.objects.filter(case_reference__in=["7001", "7002", "7003"]).count() == 3
    with pytest.raises(CommandError, match="no authority"):
        call_command("import_audits", str(good), authority="Nowhere")


def test_a_file_without_headings_or_of_the_wrong_kind(qa, world):
    for name, data, message in (
        ("a.csv", b"x,y\n1,2\n", "No row of headings was found"),
        ("a.docx", b"PK", "must be a CSV file (.csv) or an Excel workbook (.xlsx)"),
        ("a.csv", b"", "a.csv is empty"),
    ):
        with pytest.raises(UploadRefused, match=re.escape(message)):
            audits_import(authority=world.authority, actor=None, filename=name, data=data)


# Fuzzing ----------------------------------------------------------------------------------
FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
VALID = {"audits.csv": csv_bytes(GOOD), "audits.xlsx": xlsx_bytes(GOOD)}
WORDS = [
    "Good",
    "good",
    "RI",
    "4",
    "5",
    "Inadequate",
    "",
    " ",
    "31/02/2019",
    "2019-13-01",
    "7001",
    "Jane",
    "Practice audit",
    "=SUM(A1)",
    "²",
    "9" * 500,
    "1 June 2019",
    "Outstanding",
    "requires improvement to be good",
]


@pytest.fixture
def fuzz_ctx(qa, world) -> Context:
    return import_context(world.authority, dt.date(2020, 1, 1))


def _parses(name: str, data: bytes, ctx: Context) -> None:
    """The property: rows or placed problems, never an exception."""
    parsed = parse_audits(name, data, ctx)
    assert parsed.rows or parsed.problems
    assert all(p.where and p.message for p in parsed.problems)


@FUZZ
@given(name=st.sampled_from(sorted(VALID)), data=st.binary(max_size=4096))
def test_random_bytes(fuzz_ctx, name, data):
    _parses(name, data, fuzz_ctx)


@FUZZ
@given(name=st.sampled_from(sorted(VALID)), cut=st.floats(min_value=0, max_value=1))
def test_truncated_files(fuzz_ctx, name, cut):
    _parses(name, VALID[name][: int(len(VALID[name]) * cut)], fuzz_ctx)


@FUZZ
@given(
    name=st.sampled_from(sorted(VALID)),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=8),
)
def test_damaged_bytes(fuzz_ctx, name, flips):
    data = bytearray(VALID[name])
    for where, value in flips:
        data[min(int(len(data) * where), len(data) - 1)] = value
    _parses(name, bytes(data), fuzz_ctx)


cell = st.one_of(st.sampled_from(WORDS), st.text(max_size=30))


@FUZZ
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=12), max_size=8))
def test_random_cells_under_real_headings(fuzz_ctx, rows):
    """Any cells at all below the real headings: every row is read or refused in place."""
    workbook = Workbook()
    sheet = workbook.active
    for row in [HEAD, *rows]:  # without the control characters a workbook cannot hold
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) for c in row])
    out = io.BytesIO()
    workbook.save(out)
    parsed = parse_audits("audits.xlsx", out.getvalue(), fuzz_ctx)
    assert len(parsed.rows) <= len(rows)
