"""The export: JSON, Excel and CSV from one function, the command and the dashboard download;
small numbers suppressed, formulas neutralised."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from stocktake.documents.common import neutralise
from stocktake.indicators.analysis.suppression import SuppressionRule
from stocktake.indicators.exports import export_indicators
from stocktake.indicators.services import observation_record

pytestmark = pytest.mark.django_db


def as_json(authority, rule=None) -> dict:
    return json.loads(export_indicators(authority, "json", rule))


def test_json_has_everything_per_indicator(world, iw):
    body = as_json(world.authority)
    assert body["authority"] == "Testshire" and body["small_numbers_suppressed"] == "1-5"
    (eet,) = [r for r in body["indicators"] if r["code"] == "CL_EET"]
    assert eet["polarity"] == "higher" and eet["definition"].startswith("Of the care leavers")
    assert len(eet["observations"]) == 12 and eet["observations"][-1]["value"] == 51.0
    assert [t["label"] for t in eet["targets"]] == ["6 months", "12 months"]
    assert eet["latest"]["status"] == "missed" and eet["latest"]["target"] == "12 months"
    assert eet["direction"]["code"] == "worsening"
    assert eet["spc"]["variation"] == "concerning"
    assert eet["spc"]["upper_limit"] > eet["spc"]["mean"] > eet["spc"]["lower_limit"]
    # Mean 54.67, lower limit 52.49: the last two (52, 51) are beyond it.
    last = eet["spc"]["signals"][-1]
    assert last == {"period": "2024-12-01", "rules": ["beyond", "two_of_three"], "direction": "low"}
    assert eet["summary"].startswith("Care leavers in education")
    assert eet["projection"] is None  # no target after December 2024
    assert [r["code"] for r in body["indicators"]] == ["CL_EET", "REREF12"]  # by area, name
    assert "Otherborough" not in json.dumps(body)


def test_small_numbers_are_shown_as_c(world, iw):
    observation_record(indicator=iw.eet, actor=None, period=dt.date(2025, 1, 1), value=None,
                       numerator=3, denominator=6)  # fmt: skip
    latest = next(r for r in as_json(world.authority)["indicators"] if r["code"] == "CL_EET")
    january = latest["observations"][-1]
    assert (january["value"], january["numerator"], january["denominator"]) == ("c", "c", 6)
    assert latest["latest"]["value"] == "c"
    unsuppressed = as_json(world.authority, SuppressionRule(enabled=False))
    eet = next(r for r in unsuppressed["indicators"] if r["code"] == "CL_EET")
    january = eet["observations"][-1]
    assert january["value"] == 50.0


def test_csv_and_xlsx(world, iw):
    rows = list(
        csv.DictReader(io.StringIO(export_indicators(world.authority, "csv").decode("utf-8-sig")))
    )
    assert len(rows) == 24
    assert {"code", "period", "value", "target", "status", "spc_mean", "spc_upper_limit",
            "direction", "projection_status", "benchmark_england"} <= set(rows[0])  # fmt: skip
    book = load_workbook(io.BytesIO(export_indicators(world.authority, "xlsx")))
    assert book.sheetnames == ["About", "Indicators", "Observations", "Targets", "Benchmarks"]
    summary = list(book["Indicators"].values)
    assert summary[0][0] == "code" and len(summary) == 3
    assert len(list(book["Targets"].values)) == 5


def test_spreadsheet_formulas_are_neutralised(world, iw):
    iw.reref.name = '=HYPERLINK("http://example.invalid")'
    iw.reref.save()
    book = load_workbook(io.BytesIO(export_indicators(world.authority, "xlsx")))
    names = [row[1] for row in book["Indicators"].values]
    assert '\'=HYPERLINK("http://example.invalid")' in names
    text = export_indicators(world.authority, "csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert neutralise("-3") == "'-3" and neutralise(-3) == -3 and neutralise("ok") == "ok"


def test_unknown_format(world):
    with pytest.raises(ValueError, match="json, xlsx, csv"):
        export_indicators(world.authority, "pdf")


def test_the_export_command(world, iw, tmp_path):
    out = tmp_path / "indicators.json"
    stdout = io.StringIO()
    call_command("export", "indicators", authority="Testshire", fmt="json", output=str(out),
                 stdout=stdout)  # fmt: skip
    assert json.loads(out.read_bytes())["authority"] == "Testshire"
    assert "Wrote" in stdout.getvalue()
    call_command("export", "indicators", "--authority", "Testshire", "--format", "xlsx",
                 "--output", str(tmp_path / "i.xlsx"), stdout=stdout)  # fmt: skip
    assert (tmp_path / "i.xlsx").read_bytes().startswith(b"PK")
    csv_path = str(tmp_path / "i.csv")
    call_command("export", "indicators", "--authority", "Testshire", "--format", "csv",
                 "--output", csv_path, "--suppress", "none", stdout=stdout)  # fmt: skip
    with pytest.raises(CommandError, match="Suppression must be a range"):
        call_command("export", "indicators", authority="Testshire", fmt="csv", output=csv_path,
                     suppress="lots")  # fmt: skip
    with pytest.raises(CommandError, match="can be exported as json, xlsx, csv"):
        call_command("export", "indicators", authority="Testshire", fmt="pdf", output=str(out))
    with pytest.raises(CommandError, match="no authority called"):
        call_command("export", "indicators", authority="Nowhere", fmt="json", output=str(out))


def test_the_dashboard_download(world, iw, client):
    client.force_login(world.users["partner"])
    url = reverse("indicators:export", args=[world.authority.slug])
    response = client.get(url, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="testshire-indicators-' in response["Content-Disposition"]
    assert client.get(url, {"format": "json"}).json()["authority"] == "Testshire"
    assert client.get(url, {"format": "nonsense"}).content.startswith(b"PK")  # Excel by default
