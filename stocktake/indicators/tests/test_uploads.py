"""Uploading figures: long and wide form, CSV and Excel, previewed and applied whole; every
bad input reported at its row and column, with nothing written."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from stocktake.audit.models import AuditEvent
from stocktake.indicators import selectors
from stocktake.indicators.choices import Source
from stocktake.indicators.models import Observation, ObservationUpload
from stocktake.indicators.services import (
    UploadRefused,
    observation_upload_apply,
    observation_upload_create,
    observations_import,
)
from stocktake.indicators.tests.conftest import adopt, db_state

pytestmark = pytest.mark.django_db


def xlsx(rows: list[list[object]], title: str = "Figures") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refused(authority, name: str, data: bytes) -> list[str]:
    """The problems, as "where: message", after checking nothing was written."""
    before = db_state()
    with pytest.raises(UploadRefused) as caught:
        observations_import(authority=authority, actor=None, filename=name, data=data)
    assert db_state() == before
    return [f"{p.where}: {p.message}" for p in caught.value.problems]


LONG = (
    "indicator,period,value,numerator,denominator,note\n"
    "REREF12,2025-01,,45,200,from the CIN extract\n"
    "REREF12,Feb 2025,21.5,,,\n"
    "CL_EET,2025-01,55,,,\n"
)


def test_long_form_csv_is_applied_whole(world, iw):
    parsed, applied = observations_import(
        authority=world.authority, actor=world.users["lead"], filename="f.csv", data=LONG.encode()
    )
    assert parsed.form == "long"
    assert (applied.created, applied.updated, applied.unchanged) == (3, 0, 0)
    jan = iw.reref.observations.get(period=dt.date(2025, 1, 1))
    assert (jan.value, jan.numerator, jan.denominator) == (22.5, 45, 200)
    assert jan.source == Source.FILE and jan.note == "from the CIN extract"
    assert jan.entered_by == world.users["lead"]
    (loaded,) = selectors.load([iw.reref])
    assert loaded.sources[-2] == "From a file, by lead: from the CIN extract"
    assert AuditEvent.objects.filter(verb="imported", object_id=str(iw.reref.pk)).exists()
    # The same file again changes nothing; a changed figure replaces the old one.
    _, again = observations_import(
        authority=world.authority, actor=None, filename="f.csv", data=LONG.encode()
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    changed = LONG.replace("21.5", "20.5").encode()
    _, third = observations_import(
        authority=world.authority, actor=None, filename="f.csv", data=changed
    )
    assert third.updated == 1


def test_wide_form_excel_with_periods_as_columns(world, iw):
    rows = [
        ["Performance dataset – illustrative"],
        ["Indicator", "Name", "2025-01", "Feb 2025", "2025-03-01", "Target"],
        ["REREF12", "Re-referrals", 22.0, "21.5%", None, 20],
        ["cl_eet", "Care leavers in EET", 55, 56, 57, 60],
    ]
    parsed, applied = observations_import(
        authority=world.authority, actor=None, filename="wide.xlsx", data=xlsx(rows)
    )
    assert parsed.form == "wide"
    assert applied.created == 5
    assert iw.eet.observations.get(period=dt.date(2025, 3, 1)).value == 57
    # "Target" is not a period: that column is ignored, and the person is told.
    assert any("Target" in w.where for w in parsed.warnings)


def test_dry_run_writes_nothing(world, iw):
    before = db_state()
    _, applied = observations_import(
        authority=world.authority, actor=None, filename="f.csv", data=LONG.encode(), dry_run=True
    )
    assert applied.created == 3
    assert db_state() == before


# --- Bad input: each reported where it is, nothing written ------------------------------


def test_an_unknown_indicator_code(world, iw):
    problems = refused(world.authority, "f.csv", b"indicator,period,value\nNOPE,2025-01,3\n")
    assert problems == [
        "f.csv, row 2, column “indicator”: There is no indicator with the code “NOPE”. "
        "Check the code, or add the indicator (or adopt it from the catalogue) first"
    ]


def test_another_authoritys_code_is_unknown_here(world, iw):
    adopt(world.other, "PEP")
    problems = refused(world.authority, "f.csv", b"indicator,period,value\nPEP,2025-01,3\n")
    assert "There is no indicator with the code “PEP”" in problems[0]


def test_a_period_outside_the_indicators_frequency(world, iw):
    problems = refused(world.authority, "f.csv", b"indicator,period,value\nREREF12,2025 Q1,20\n")
    assert problems == [
        "f.csv, row 2, column “period”: Jan–Mar 2025 is a quarter, but Re-referrals within "
        "12 months is reported monthly: give a month, like 2024-05"
    ]


def test_a_numerator_larger_than_its_denominator(world, iw):
    data = b"indicator,period,numerator,denominator\nREREF12,2025-01,250,200\n"
    (problem,) = refused(world.authority, "f.csv", data)
    assert problem.startswith("f.csv, row 2, column “numerator”: The numerator (250) is larger")


def test_a_percentage_over_100(world, iw):
    rows = [["Code", "Period", "Value"], ["REREF12", "2025-01", 120]]
    (problem,) = refused(world.authority, "f.xlsx", xlsx(rows))
    assert problem == (
        "f.xlsx, sheet “Figures”, row 2, column “Value”: A percentage cannot be over 100 "
        "(120 given)"
    )


def test_duplicate_periods_in_one_file(world, iw):
    data = b"indicator,period,value\nREREF12,2025-01,20\nCL_EET,2025-01,50\nREREF12,Jan 2025,21\n"
    (problem,) = refused(world.authority, "f.csv", data)
    assert problem == (
        "f.csv, row 4, column “period”: REREF12 already has a figure for Jan 2025 in this file "
        "(row 2); keep only one"
    )


def test_duplicate_periods_in_wide_form(world, iw):
    rows = [["indicator", "2025-01", "Jan 2025"], ["REREF12", 20, 21]]
    (problem,) = refused(world.authority, "w.xlsx", xlsx(rows))
    assert problem.startswith("w.xlsx, sheet “Figures”, row 2, column “Jan 2025”: REREF12 already")


def test_text_in_a_number_column(world, iw):
    data = b"indicator,period,value\nREREF12,2025-01,twenty\n"
    assert refused(world.authority, "f.csv", data) == [
        "f.csv, row 2, column “value”: “twenty” is not a number: the value must be a number"
    ]
    rows = [["indicator", "2025-01", "2025-02"], ["CL_EET", 50, "n/a"]]
    assert refused(world.authority, "w.xlsx", xlsx(rows)) == [
        "w.xlsx, sheet “Figures”, row 2, column “2025-02”: “n/a” is not a number: the value "
        "must be a number"
    ]


def test_an_empty_file(world, iw):
    assert refused(world.authority, "empty.csv", b"") == ["empty.csv: empty.csv is empty"]
    assert refused(world.authority, "heads.csv", b"indicator,period,value\n") == [
        "heads.csv: The file has headings but no figures"
    ]
    (problem,) = refused(world.authority, "none.csv", b"just,some,words\n1,2,3\n")
    assert problem.startswith("none.csv: No heading row was found")


def test_every_problem_is_reported_not_just_the_first(world, iw):
    data = (
        b"indicator,period,value\n"
        b"NOPE,2025-01,3\n"
        b"REREF12,2025-01,text\n"
        b"REREF12,2025-02,20\n"
        b"CL_EET,2025-13,50\n"
    )
    problems = refused(world.authority, "f.csv", data)
    assert [p.split(":")[0] for p in problems] == [
        "f.csv, row 2, column “indicator”",
        "f.csv, row 3, column “value”",
        "f.csv, row 5, column “period”",
    ]


def test_files_that_are_not_csv_or_excel(world, iw):
    assert refused(world.authority, "plan.docx", b"PK") == [
        "plan.docx: The file must be a CSV file (.csv) or an Excel workbook (.xlsx)"
    ]
    (problem,) = refused(world.authority, "old.xls", b"\xd0\xcf\x11\xe0")
    assert "old-style Excel file" in problem


# --- Preview, then apply whole ----------------------------------------------------------


def test_preview_then_apply(world, iw):
    upload = observation_upload_create(
        authority=world.authority, actor=None, filename="f.csv", data=LONG.encode()
    )
    assert upload.status == ObservationUpload.Status.PREVIEWED
    assert upload.outcome["created"] == 3
    assert not Observation.objects.filter(period=dt.date(2025, 1, 1)).exists()
    upload = observation_upload_apply(upload=upload, actor=world.users["lead"])
    assert upload.status == ObservationUpload.Status.APPLIED
    assert Observation.objects.filter(period=dt.date(2025, 1, 1)).count() == 2
    with pytest.raises(UploadRefused, match="already been applied"):
        observation_upload_apply(upload=upload, actor=None)


def test_an_upload_that_no_longer_fits_is_refused_whole(world, iw):
    upload = observation_upload_create(
        authority=world.authority, actor=None, filename="f.csv", data=LONG.encode()
    )
    iw.eet.delete()  # CL_EET's row can no longer be applied
    before = db_state()
    with pytest.raises(UploadRefused):
        observation_upload_apply(upload=upload, actor=None)
    assert db_state() == before


def test_the_upload_pages(world, iw, client):
    client.force_login(world.users["lead"])
    slug = world.authority.slug
    bad = SimpleUploadedFile("f.csv", b"indicator,period,value\nREREF12,2025-01,abc\n")
    response = client.post(reverse("indicators:upload_new", args=[slug]), {"file": bad})
    assert response.status_code == 200
    assert "row 2, column “value”: “abc” is not a number" in response.content.decode()
    good = SimpleUploadedFile("f.csv", LONG.encode())
    response = client.post(reverse("indicators:upload_new", args=[slug]), {"file": good})
    run = ObservationUpload.objects.get(authority=world.authority, filename="f.csv")
    assert response.url == reverse("indicators:upload_detail", args=[slug, run.pk])
    page = client.get(response.url).content.decode()
    assert "Check the figures before saving them" in page and "3 new figures" in page
    response = client.post(reverse("indicators:upload_apply", args=[slug, run.pk]))
    assert response.status_code == 302
    assert iw.reref.observations.filter(period=dt.date(2025, 2, 1)).exists()
    # Applying twice is refused, and says so.
    response = client.post(reverse("indicators:upload_apply", args=[slug, run.pk]))
    assert response.status_code == 409


def test_the_import_observations_command(world, iw, tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(LONG.encode())
    out = io.StringIO()
    call_command("import_observations", str(path), authority="Testshire", dry_run=True, stdout=out)
    assert "Would add 3 figures" in out.getvalue() and "Dry run" in out.getvalue()
    assert not Observation.objects.filter(period=dt.date(2025, 1, 1)).exists()
    call_command("import_observations", str(path), authority="Testshire", stdout=io.StringIO())
    assert Observation.objects.filter(period=dt.date(2025, 1, 1)).count() == 2
    path.write_bytes(b"indicator,period,value\nNOPE,2025-01,1\n")
    with pytest.raises(CommandError, match="row 2, column “indicator”"):
        call_command("import_observations", str(path), authority="Testshire")
    with pytest.raises(CommandError, match="no authority"):
        call_command("import_observations", str(path), authority="Nowhere")
