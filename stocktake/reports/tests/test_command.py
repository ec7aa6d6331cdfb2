"""`stocktake report`: builds, stores as issued by the command line and writes the file;
`--reissue` writes an issued report again from its snapshot; clear errors otherwise."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from stocktake.reports.models import Report


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def args_for(world, tmp_path, kind="weekly-highlight", fmt="docx", period="2019-06"):
    output = str(tmp_path / f"out.{fmt}")
    return [kind, "--authority", world.authority.name, "--plan", "Board plan",
            "--period", period, "--format", fmt, "--output", output]  # fmt: skip


def test_the_command_issues_the_report_and_writes_the_file(world, rw, tmp_path):
    message = run(*args_for(world, tmp_path), "--as-of", "2019-06-16")

    report = Report.objects.get()
    assert report.status == Report.Status.ISSUED and report.issued_by is None
    assert report.as_of.isoformat() == "2019-06-16"
    written = (tmp_path / "out.docx").read_bytes()
    assert written == bytes(report.files.get(format="docx").content)
    assert f"Issued report {report.pk}" in message
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]  # no temporary file left

    run("--reissue", str(report.pk), "--format", "xlsx", "--output", str(tmp_path / "again.xlsx"))
    assert (tmp_path / "again.xlsx").read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({0: "monthly-report"}, "There is no report called 'monthly-report'"),
        ({2: "Nowhere"}, "There is no authority called 'Nowhere'"),
        ({4: "Other plan"}, "has no plan called 'Other plan'"),
        ({6: "June 2019"}, "Enter the period as YYYY-MM, for example 2019-06"),
        ({6: "2019-13"}, "Enter the period as YYYY-MM, for example 2019-06"),
        ({8: "odt"}, "Choose the format docx, pdf, xlsx or json"),
        ({6: "2018-01"}, "There is nothing to report"),
    ],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(world, rw, tmp_path, change, message):
    args = args_for(world, tmp_path)
    for index, value in change.items():
        args[index] = value

    with pytest.raises(CommandError, match=message):
        run(*args)
    assert list(tmp_path.iterdir()) == []
    assert not Report.objects.issued().exists()


def test_missing_libreoffice_is_reported_before_any_work(
    world, rw, tmp_path, monkeypatch, settings
):
    settings.STOCKTAKE_PDF_CONVERTER = "libreoffice"
    monkeypatch.setattr("stocktake.reports.management.commands.report.libreoffice", lambda: None)

    with pytest.raises(CommandError, match="LibreOffice is not installed"):
        run(*args_for(world, tmp_path, fmt="pdf"))
    assert not Report.objects.exists()


def test_pdf_turned_off_is_reported_before_any_work(world, rw, tmp_path, settings):
    settings.STOCKTAKE_PDF_CONVERTER = "none"

    with pytest.raises(CommandError, match="PDF files are turned off on this server"):
        run(*args_for(world, tmp_path, fmt="pdf"))
    assert not Report.objects.exists()


@pytest.mark.pdf
def test_the_command_writes_a_pdf(world, rw, tmp_path):
    run(*args_for(world, tmp_path, fmt="pdf"))

    report = Report.objects.get()
    assert (tmp_path / "out.pdf").read_bytes() == bytes(report.files.get(format="pdf").content)
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")


def test_reissue_of_an_unknown_or_unissued_report_is_refused(world, rw, tmp_path):
    with pytest.raises(CommandError, match="no issued report with the id 999"):
        run("--reissue", "999", "--format", "docx", "--output", str(tmp_path / "x.docx"))
