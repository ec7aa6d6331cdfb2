"""`stocktake export traceability --authority NAME [--source ID] --format … --output FILE`."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from stocktake.cli import main
from stocktake.findings.services import finding_link_indicators
from stocktake.findings.tests.conftest import make_target, observe

pytestmark = pytest.mark.django_db


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export", *args, stdout=out)
    return out.getvalue()


def test_json_shows_impact_read_from_an_indicator(world, fw, tmp_path):
    observe(fw.indicator, dt.date(2019, 3, 1), 17.0)
    make_target(fw.indicator, dt.date(2019, 2, 28), 18.0)
    finding_link_indicators(finding=fw.finding, actor=None, indicators=[fw.indicator])
    target = tmp_path / "matrix.json"

    export("traceability", "--authority", "Testshire", "--format", "json", "--output", str(target))

    data = json.loads(target.read_text())
    neglect = next(f for f in data["findings"] if f["text"] == "The response to chronic neglect")
    by_name = {i["measure"]: i for i in neglect["impact_measures"]}
    assert by_name["Re-referrals"]["reading"] == "met"
    assert by_name["Re-referrals"]["latest"] == (
        "17% in March 2019 against a target of 18% by February 2019"
    )
    assert by_name["Re-referrals fall to 22%"]["read_from_indicator"] is False


def test_json_for_the_whole_authority(world, fw, tmp_path):
    target = tmp_path / "matrix.json"

    said = export(
        "traceability", "--authority", "Testshire", "--format", "json", "--output", str(target)
    )

    data = json.loads(target.read_text())
    assert said.strip() == f"Wrote traceability for Testshire to {target}"
    assert data["authority"] == "Testshire"
    assert {f["text"] for f in data["findings"]} == {
        "The response to chronic neglect",
        "Neglect strategy",
        "Neglect still too slow",
    }
    assert [a["reference"] for a in data["actions_answering_no_finding"]] == ["LA2"]


def test_one_source_as_excel_and_word_by_slug(world, fw, tmp_path):
    xlsx, docx = tmp_path / "m.xlsx", tmp_path / "m.docx"

    export(
        "traceability",
        "--authority",
        "testshire",
        "--source",
        str(fw.visit.pk),
        "--format",
        "xlsx",
        "--output",
        str(xlsx),
    )
    export(
        "traceability",
        "--authority",
        "TESTSHIRE",
        "--source",
        str(fw.visit.pk),
        "--format",
        "docx",
        "--output",
        str(docx),
    )

    rows = list(load_workbook(xlsx)["Traceability"].iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0].startswith("1 – Neglect still too slow")
    assert "Neglect still too slow" in Document(docx).tables[1].rows[1].cells[0].text


def test_through_the_stocktake_console_command(world, fw, tmp_path, capsys):
    target = tmp_path / "out.json"

    main(
        [
            "export",
            "traceability",
            "--authority",
            "Testshire",
            "--format",
            "json",
            "--output",
            str(target),
        ]
    )

    assert json.loads(target.read_text())["summary"]["findings"] == 3


def test_json_to_standard_output(world, fw, capsys):
    export("traceability", "--authority", "Testshire", "--format", "json", "--output", "-")

    assert json.loads(capsys.readouterr().out)["authority"] == "Testshire"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--authority", "Nowhere", "--format", "json"], "There is no authority called 'Nowhere'"),
        (
            ["--authority", "Testshire", "--format", "pdf"],
            "traceability can be exported as json, xlsx, docx, not pdf",
        ),
        (
            ["--authority", "Testshire", "--format", "json", "--source", "999999"],
            "Testshire has no source with id 999999",
        ),
    ],
)
def test_bad_arguments_say_what_is_wrong(world, fw, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        export("traceability", *args, "--output", str(tmp_path / "x"))
    assert not (tmp_path / "x").exists()


def test_another_authoritys_source_is_not_exported(world, fw, tmp_path):
    with pytest.raises(CommandError, match="has no source with id"):
        export(
            "traceability",
            "--authority",
            "Testshire",
            "--source",
            str(fw.other_source.pk),
            "--format",
            "json",
            "--output",
            str(tmp_path / "x.json"),
        )


def test_an_unknown_subject_is_refused(world):
    with pytest.raises(CommandError, match="invalid choice: 'nonsense'"):
        export("nonsense", "--authority", "Testshire", "--format", "json", "--output", "-")
