"""The Word, Excel and JSON downloads: the same content as the page, real heading styles and
a table in Word (the document layer's, landscape), no formula ever run in Excel, and a Word
file LibreOffice opens and prints."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from stocktake.documents.common import neutralise
from stocktake.findings.services import finding_link_actions, finding_link_indicators
from stocktake.findings.tests.conftest import make_finding, make_target, observe

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


@pytest.fixture
def hostile(world, fw):
    """A finding and a response a person typed to look like spreadsheet formulas."""
    finding = make_finding(
        fw.source, "=2", '=HYPERLINK("http://evil")', planned_response="@SUM(A1:A9)"
    )
    finding_link_actions(
        finding=finding, actor=None, plan=world.plan, actions=[world.partner_action]
    )
    return finding


FIGURES = "21% (42 of 200) in March 2019 against a target of 18% by February 2019"
READ_FROM_INDICATOR = f"Re-referrals (REREF) – Not met (Target missed): {FIGURES}"


@pytest.fixture
def evidenced(fw):
    """The monitoring visit's finding evidenced by an indicator missing its target."""
    observe(fw.indicator, dt.date(2019, 3, 1), 21.0, 42, 200)
    make_target(fw.indicator, dt.date(2019, 2, 28), 18.0)
    finding_link_indicators(finding=fw.repeat, actor=None, indicators=[fw.indicator])
    return fw.repeat


def download(client, world, fmt: str, **query):
    response = client.get(
        reverse("findings:matrix_download", args=[world.authority.slug, fmt]), query
    )
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_like_text_is_neutralised(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Plain text", "1 = 1", "", "'quoted"])
def test_ordinary_text_is_left_alone(text):
    assert neutralise(text) == text


def test_excel_download_has_the_matrix_and_runs_no_formula(world, fw, hostile, client):
    client.force_login(world.users["viewer"])

    response = download(client, world, "xlsx")

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"traceability-{world.authority.slug}-" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["About", "Summary", "Traceability", "Actions answering no finding"]
    sheet = book["Traceability"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == [
        "Finding",
        "Source",
        "Planned response",
        "Actions (delivery status, due)",
    ]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type == "s" for c in cells if c.value is not None)
    assert not any(str(c.value).startswith(("=", "+", "-", "@")) for c in cells if c.value)
    hostile_row = next(r for r in rows if "HYPERLINK" in r[0])
    assert hostile_row[0].startswith("=2 – =HYPERLINK") is False
    assert hostile_row[0].startswith("'=2 – =HYPERLINK")
    assert hostile_row[2] == "'@SUM(A1:A9)"
    assert "LA2 (Test plan) – Not started" in hostile_row[3]
    neglect = next(r for r in rows if "chronic neglect" in r[0])
    assert "Raised again by a later source" in neglect[6]
    assert "Re-referrals fall to 22% – Not yet evidenced" in neglect[4]
    summary = {r[0].value: r[1].value for r in book["Summary"].iter_rows(min_row=2)}
    assert summary["Findings"] == 4  # numbers stay numbers
    assert summary["Actions answering no finding"] == 0
    about = {r[0]: r[1] for r in book["About"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert about["Authority"] == "Testshire" and about["For"] == "Every source for Testshire"


def test_word_download_uses_heading_styles_and_a_table(world, fw, client):
    client.force_login(world.users["owner"])

    response = download(client, world, "docx")

    document = Document(io.BytesIO(response.content))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [
        "Traceability matrix"
    ]
    assert headings == [
        ("Heading 1", "Summary"),
        ("Heading 1", "Finding to impact"),
        ("Heading 1", "Actions answering no finding"),
    ]
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape, for seven columns
    summary, matrix = document.tables[0], document.tables[1]
    assert [c.text for c in matrix.rows[0].cells][:2] == ["Finding", "Source"]
    assert matrix.rows[0]._tr.trPr.xml.count("tblHeader") == 1  # repeats on each page
    texts = [[c.text for c in row.cells] for row in matrix.rows[1:]]
    assert texts[0][0].startswith("1 – The response to chronic neglect")
    assert texts[0][3] == "LA1 (Test plan) – Not started, due " + texts[0][3].split("due ")[1]
    assert [r.cells[0].text for r in summary.rows][:2] == ["What", "Findings"]


def test_json_download_and_the_flag_filter(world, fw, client):
    client.force_login(world.users["partner"])

    data = json.loads(download(client, world, "json", flag="repeated").content)

    assert data["authority"] == "Testshire"
    assert data["summary"]["findings"] == 3
    assert data["summary"]["repeated"] == 1
    assert [f["reference"] for f in data["findings"]] == ["1"]
    assert data["findings"][0]["repeated_by"][0]["source"] == "Monitoring visit, December 2019"


def test_each_download_shows_the_indicators_figures(world, fw, evidenced, client):
    client.force_login(world.users["viewer"])

    book = load_workbook(io.BytesIO(download(client, world, "xlsx").content))
    document = Document(io.BytesIO(download(client, world, "docx").content))
    data = json.loads(download(client, world, "json").content)

    xlsx_row = next(
        [c.value for c in r]
        for r in book["Traceability"].iter_rows()
        if "Neglect still" in r[0].value
    )
    assert xlsx_row[4] == READ_FROM_INDICATOR
    docx_row = next(r for r in document.tables[1].rows if "Neglect still" in r.cells[0].text)
    assert docx_row.cells[4].text == READ_FROM_INDICATOR
    finding = next(f for f in data["findings"] if f["text"] == "Neglect still too slow")
    assert finding["impact_measures"] == [
        {
            "measure": "Re-referrals",
            "measure_text": None,
            "reading": "not_met",
            "latest": FIGURES,
            "read_from_indicator": True,
            "indicator": {"id": fw.indicator.pk, "code": "REREF"},
            "status": "missed",
            "period": "2019-03-01",
            "value": 21.0,
            "target": 18.0,
            "target_due": "2019-02-28",
        }
    ]
    assert "no_measure" not in finding["flags"]


def test_a_sources_downloads_hold_only_that_source(world, fw, client):
    client.force_login(world.users["viewer"])
    url = reverse(
        "findings:source_matrix_download", args=[world.authority.slug, fw.visit.pk, "json"]
    )

    data = json.loads(client.get(url).content)

    assert data["source"] == {"id": fw.visit.pk, "title": "Monitoring visit, December 2019"}
    assert [f["text"] for f in data["findings"]] == ["Neglect still too slow"]
    assert data["actions_answering_no_finding"] is None


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is missing: run `make system-deps` (Debian's packages)", pytrace=False)
    return path


@pytest.mark.pdf
def test_the_word_export_opens_in_libreoffice_and_shows_the_table(
    world, fw, evidenced, client, tmp_path
):
    libreoffice, pdftotext = _require("libreoffice"), _require("pdftotext")
    client.force_login(world.users["viewer"])
    docx = tmp_path / "matrix.docx"
    docx.write_bytes(download(client, world, "docx").content)

    subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [
            libreoffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "matrix.pdf"
    text = subprocess.run(  # noqa: S603
        [pdftotext, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout

    flat = " ".join(text.split())
    assert "Traceability matrix" in flat
    for heading in ("Finding", "Planned response", "Latest progress", "Flags"):
        assert heading in flat
    assert "The response to chronic neglect" in flat
    assert "Neglect still too slow" in flat
    assert "Raised again by a later source" in flat
    assert "LA1 (Test plan)" in flat
    assert "Re-referrals (REREF) – Not met (Target missed)" in flat
    assert "21% (42 of 200) in March 2019" in flat
    assert Path(pdf).stat().st_size > 1000
