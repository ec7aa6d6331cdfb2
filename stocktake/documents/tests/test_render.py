"""Each format opened and checked: Word (heading styles, cover, contents, footer page fields,
tables with repeated header rows and RAG cells shaded and in words, charts with alt text,
the same bytes every time), PDF through LibreOffice (text and page images with poppler),
Excel (sheets, headers, typed numbers, formulas neutralised)."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from stocktake.documents import RenderError, renderer
from stocktake.documents.blocks import (
    Bullets,
    Chart,
    Heading,
    PageBreak,
    Paragraph,
    ReportDocument,
    Table,
)
from stocktake.documents.docx import render_docx
from stocktake.documents.pdf import docx_to_pdf
from stocktake.documents.tests.reading import pdf_text
from stocktake.documents.xlsx import render_xlsx
from stocktake.indicators.charts import ChartData
from stocktake.reports.builders.common import chart_to_dict

CHART = ChartData(
    description="SPC chart of re-referrals",
    y_label="%",
    x_labels=[f"Month {n}" for n in range(1, 13)],
    values=[27.0, 26.5, float("nan"), 26.0, 25.5, 25.9, 25.0, 24.6, 24.0, 23.8, 23.1, 22.7],
    mean=25.0,
    ucl=28.0,
    lcl=22.0,
    target=[25.0] * 12,
)
EXCEPTIONS = Table(
    title="Exceptions",
    columns=["Action", "Status", "Days"],
    rows=[
        ["LA1: Ensure all referrals are screened", "Rated red; Overdue", 21],
        ["CC2: Review every care plan", "Overdue", 2],
    ],
    sheet="Exceptions",
    widths=[4, 2, 1],
    row_marks=["red", "red"],
)
THEMES = Table(
    title="Actions by theme",
    columns=["Theme", "Actions", "RAG"],
    rows=[["Leadership", 12, "Green"], ["Care", 3, "Amber"], ['=HYPERLINK("x")', 1.5, ""]],
    sheet="Delivery by theme",
    row_marks=["green", "amber", "grey"],
)
DOC = ReportDocument(
    title="Improvement Board pack",
    authority="Testshire",
    subtitle="Board plan: progress for June 2019",
    period_label="June 2019",
    prepared_on="1 July 2019",
    blocks=[
        Heading("Summary"),
        Paragraph("1 of 4 actions (25%) are complete.", style="lead"),
        Bullets(["2 exceptions", "3 actions due"]),
        Heading("Exceptions"),
        EXCEPTIONS,
        Heading("Delivery by theme"),
        Heading("Leadership", 2),
        THEMES,
        PageBreak(),
        Heading("Indicators"),
        Chart("Re-referrals within 12 months", chart_to_dict(CHART), "Re-referrals: 22.7%"),
        Chart("Second chart", chart_to_dict(CHART), "Second caption"),
        *[
            Paragraph(f"Filler paragraph {n} so the report runs to several pages.")
            for n in range(40)
        ],
    ],
)


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return render_docx(DOC)


@pytest.fixture
def pdf_bytes(docx_bytes) -> bytes:
    return docx_to_pdf(docx_bytes)


def test_word_has_real_heading_styles_a_cover_and_contents(docx_bytes):
    document = Document(io.BytesIO(docx_bytes))
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.text]

    assert ("Title", "Improvement Board pack") in styled
    assert ("Heading 1", "Summary") in styled and ("Heading 2", "Leadership") in styled
    texts = [t for _, t in styled]
    assert "Prepared on 1 July 2019" in texts and "OFFICIAL" in texts and "Testshire" in texts
    assert "Period: June 2019" in texts
    body = document.element.body.xml
    assert 'TOC \\o "1-2"' in body
    toc = [t for style, t in styled if style in ("TOC 1", "TOC 2")]
    assert toc == ["Summary", "Exceptions", "Delivery by theme", "Leadership", "Indicators"]


def test_word_footer_numbers_pages_with_fields(docx_bytes):
    document = Document(io.BytesIO(docx_bytes))
    footer = document.sections[0].footer.paragraphs[0]
    instructions = [e.text.strip() for e in footer._p.iter(qn("w:instrText"))]

    assert instructions == ["PAGE", "NUMPAGES"]
    assert "Page" in footer.text and "of" in footer.text


def test_word_tables_repeat_their_header_and_shade_rag_cells_with_words(docx_bytes):
    document = Document(io.BytesIO(docx_bytes))
    exceptions, themes = document.tables

    assert len(exceptions.rows) - 1 == 2  # two exception rows under the header
    assert exceptions.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    amber = themes.rows[2].cells[2]
    assert amber.text == "Amber"
    fill = amber._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
    assert fill == "FFE9C7"
    assert themes.rows[3].cells[2].text == "Grey"  # an empty marked cell says its colour
    assert themes.rows[1].cells[1].text == "12"


def test_word_charts_are_inline_pictures_with_their_caption_as_alt_text(docx_bytes):
    document = Document(io.BytesIO(docx_bytes))
    shapes = document.inline_shapes

    assert len(shapes) == 2
    described = [s._inline.docPr.get("descr") for s in shapes]
    assert described == ["Re-referrals: 22.7%", "Second caption"]
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert media and all(archive.read(n).startswith(b"\x89PNG") for n in media)


def test_word_is_the_same_bytes_from_the_same_document(docx_bytes):
    again = render_docx(ReportDocument.from_json(DOC.to_json()))

    assert again == docx_bytes
    with zipfile.ZipFile(io.BytesIO(again)) as archive:
        assert {i.date_time[:3] for i in archive.infolist()} == {(2019, 7, 1)}


@pytest.mark.pdf
def test_word_converts_in_libreoffice_and_the_pdf_reads_the_same(pdf_bytes, tmp_path):
    assert pdf_bytes.startswith(b"%PDF")
    text = pdf_text(pdf_bytes, tmp_path)
    for expected in ("Improvement Board pack", "Prepared on 1 July 2019", "Summary",
                     "LA1: Ensure all referrals", "Rated red; Overdue", "Page 1 of"):  # fmt: skip
        assert expected in text
    (tmp_path / "r.pdf").write_bytes(pdf_bytes)
    command = [shutil.which("pdftoppm") or "pdftoppm", "-r", "30", "-png"]
    subprocess.run([*command, str(tmp_path / "r.pdf"), str(tmp_path / "page")], check=True)  # noqa: S603
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) > 1
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pages)


def test_excel_has_an_about_sheet_then_one_sheet_per_table(tmp_path):
    book = load_workbook(io.BytesIO(render_xlsx(DOC)))

    assert book.sheetnames == ["About", "Exceptions", "Delivery by theme", "Chart figures"]
    about = book["About"]
    assert about["A1"].value == "Improvement Board pack"
    assert ("Prepared on", "1 July 2019") in [
        (r[0], r[1]) for r in about.iter_rows(values_only=True)
    ]
    sheet = book["Delivery by theme"]
    assert [c.value for c in sheet[1]] == ["Theme", "Actions", "RAG"]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet["B2"].value == 12 and sheet["B2"].data_type == "n"
    assert sheet["B4"].value == 1.5
    assert sheet["A4"].value == '\'=HYPERLINK("x")'  # text never runs as a formula
    figures = book["Chart figures"]
    assert figures["C2"].value == 27.0 and figures["C4"].value is None


def test_unknown_format_and_missing_libreoffice_are_clear_errors(monkeypatch, settings):
    with pytest.raises(RenderError, match="no format"):
        renderer("odt")
    settings.STOCKTAKE_PDF_CONVERTER = "libreoffice"
    monkeypatch.setattr("stocktake.documents.pdf.libreoffice", lambda: None)
    with pytest.raises(RenderError, match="LibreOffice is not installed"):
        docx_to_pdf(b"not used")
