"""`stocktake childdata import` and `stocktake childdata kpis`: a dry run stores nothing; an
import stores the extract and applies its KPIs as indicator figures with provenance; `kpis`
gives exactly the issue's JSON shape, computed again from the stored Parquet files."""

from __future__ import annotations

import io
import json
import logging
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command

from stocktake.childdata.models import Extract, PseudonymKey, RejectedRow
from stocktake.childdata.services import pseudonym_secret
from stocktake.childdata.tests.helpers import d, keyed, write_lists
from stocktake.indicators.models import Observation

LISTS = {
    3: [["1", d("2019-03-01"), "a) Yes", 0, "Duty", "Ann"],
        ["2", d("2019-04-01"), "No", 1, "Duty", "Ann"],
        ["3", "31/09/2019", "No", 1, "Duty", "Ann"]],
    6: [["4", 3, d("2019-01-01"), None, "Team A", "Ann"],
        ["5", -1, d("2019-02-01"), None, "Team A", ""],
        ["6", 8, d("2019-02-01"), None, "Team B", "Bo"]],
}  # fmt: skip


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("childdata", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def folder(tmp_path):
    return write_lists(tmp_path / "extract", LISTS)


def test_dry_run_reports_and_stores_nothing(world, folder):
    args = ["--authority", "Testshire", "--extract-date", "2019-06-30", "--dry-run"]
    out = json.loads(run("import", str(folder), *args, "--format", "json"))
    assert not Extract.objects.exists() and not Observation.objects.exists()
    three = next(e for e in out["lists"] if e["list"] == 3)
    assert (three["read"], three["rejected"]) == (3, 1)
    assert three["rejections"] == [{"sheet": "List 3.csv", "row": 4, "column": "Date of referral",
                                    "reason": '"31/09/2019" is not a date'}]  # fmt: skip
    assert out["stored"] is False and out["dry_run"] is True


def _leftovers(settings, temp: Path) -> list[str]:
    """Files in the media storage and anything in the temporary directory."""
    media = [str(p) for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    return media + [str(p) for p in temp.rglob("*")]


def test_dry_run_previews_the_kpis_and_leaves_nothing_behind(
    world, folder, settings, tmp_path, monkeypatch
):
    temp = tmp_path / "temp"  # this test's own temporary directory and media storage
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    settings.MEDIA_ROOT = str(tmp_path / "media")
    before = _leftovers(settings, temp)
    args = ["--authority", "Testshire", "--extract-date", "2019-06-30", "--dry-run"]
    out = json.loads(run("import", str(folder), *args, "--format", "json"))
    by_code = {k["code"]: k for k in out["kpis"]}
    # List 3 keeps two referrals in W (1 March and 1 April), one NFA; the third is rejected.
    assert by_code["AA_REFERRALS"] == {"code": "AA_REFERRALS", "numerator": 2,
                                       "denominator": None, "value": 2}  # fmt: skip
    assert (by_code["AA_REFERRAL_NFA"]["numerator"], by_code["AA_REFERRAL_NFA"]["denominator"]) == (
        1, 2)  # fmt: skip
    # List 6: three open cases, one with no worker; two workers hold the other two.
    assert by_code["AA_UNALLOCATED"]["value"] == pytest.approx(100 / 3)
    assert by_code["AA_CASELOAD"]["value"] == 1.0
    assert by_code["AA_CPP_REPEAT"]["value"] is None  # no List 7: no denominator
    assert out["by_team"] == {"Team A": {"AA_CASELOAD": 1.0, "AA_UNALLOCATED": 50.0},
                              "Team B": {"AA_CASELOAD": 1.0, "AA_UNALLOCATED": 0.0}}  # fmt: skip

    text = run("import", str(folder), *args)
    assert text.splitlines()[0] == "Checked (dry run): 6 rows read, 1 rejected"
    assert '  List 3.csv, row 4, Date of referral: "31/09/2019" is not a date' in text
    assert "KPIs that would be computed for 2019-06-30:" in text
    assert "  AA_REFERRAL_NFA: 50 (1 of 2)" in text.splitlines()
    assert "  AA_UNALLOCATED: 33.3 (1 of 3)" in text.splitlines()
    assert "  AA_CPP_REPEAT: no value (0 of 0)" in text.splitlines()
    assert "  Team A: AA_CASELOAD 1, AA_UNALLOCATED 50" in text.splitlines()
    assert any(
        line.startswith("  Columns not found: Gender; Ethnicity; Date of birth (month)")
        for line in text.splitlines()
    )

    assert not Extract.objects.exists() and not Observation.objects.exists()
    assert not PseudonymKey.objects.exists()  # not even the authority's key is made
    assert _leftovers(settings, temp) == before


def test_import_applies_and_kpis_recomputes(world, folder, tmp_path, indicator_catalogue, caplog):
    caplog.set_level(logging.DEBUG)
    text = run("import", str(folder), "--authority", "testshire", "--extract-date", "2019-06-30")
    assert "6 rows read, 1 rejected" in text.splitlines()[0]
    extract = Extract.objects.get()
    assert extract.status == "applied"
    secret = pseudonym_secret(world.authority)
    assert RejectedRow.objects.get().subject == keyed("3", secret)
    nfa = Observation.objects.get(indicator__code="AA_REFERRAL_NFA")
    assert (nfa.period, nfa.value, nfa.numerator, nfa.denominator) == (d("2019-06-01"), 50, 1, 2)
    assert nfa.source == "computed" and nfa.indicator.authority == world.authority
    assert nfa.provenance["extract"] == extract.pk
    assert nfa.provenance["definition_version"] == "annex-a-kpis/1"
    assert nfa.provenance["computed_at"]
    assert not Observation.objects.filter(indicator__code="AA_CPP_REPEAT").exists()  # no value
    caseload = Observation.objects.get(indicator__code="AA_CASELOAD")
    assert caseload.provenance["by_team"] == {"Team A": 1.0, "Team B": 1.0}
    # No child ID, as given or hashed, in the application log.
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for child in ("1", "2", "3", "4", "5", "6"):
        assert keyed(child, secret) not in logged

    out = json.loads(run("kpis", "--authority", "Testshire", "--extract-date", "2019-06-30",
                         "--format", "json"))  # fmt: skip
    assert set(out) == {"extract_date", "kpis", "by_team"}
    assert out["extract_date"] == "2019-06-30"
    assert all(set(k) == {"code", "numerator", "denominator", "value"} for k in out["kpis"])
    by_code = {k["code"]: k for k in out["kpis"]}
    assert by_code["AA_REFERRALS"] == {"code": "AA_REFERRALS", "numerator": 2,
                                       "denominator": None, "value": 2}  # fmt: skip
    assert by_code["AA_UNALLOCATED"]["value"] == pytest.approx(100 / 3)
    assert out["by_team"] == {"Team A": {"AA_CASELOAD": 1.0, "AA_UNALLOCATED": 50.0},
                              "Team B": {"AA_CASELOAD": 1.0, "AA_UNALLOCATED": 0.0}}  # fmt: skip

    target = tmp_path / "kpis.csv"
    run("kpis", "--authority", "Testshire", "--extract-date", "2019-06-30", "--format", "csv",
        "--output", str(target))  # fmt: skip
    lines = target.read_text().splitlines()
    assert lines[0] == "extract_date,code,team,numerator,denominator,value"
    assert "2019-06-30,AA_REFERRALS,,2,,2" in lines
    assert "2019-06-30,AA_CASELOAD,Team A,,,1.0" in lines
