"""Benchmarks from a CSV in DfE's published layout: England, region, the mean of the ten
statistical neighbours, rank and quartile; suppressed cells left out."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from stocktake.indicators.benchmarks import compare, places, read_published, year_of
from stocktake.indicators.models import Benchmark
from stocktake.indicators.services import BenchmarksRefused, benchmarks_load

pytestmark = pytest.mark.django_db

HEAD = (
    "time_period,time_identifier,geographic_level,country_code,region_code,region_name,"
    "old_la_code,new_la_code,la_name,characteristic,rereferral_rate,referrals\n"
)
# Blackpool (890) and its statistical neighbours in Provider_data_lookup.csv.
NEIGHBOURS = ["805", "806", "394", "341", "393", "807", "354", "880", "355", "861"]


def rows(year: str = "202324", region: bool = True) -> str:
    lines = [f"{year},Financial year,National,E92000001,,,,,,Total,22.4,621880"]
    if region:
        lines.append(
            f"{year},Financial year,Regional,E92000001,E12000002,North West,,,,Total,23.9,90000"
        )
    lines.append(
        f"{year},Financial year,Local authority,E92000001,E12000002,North West,"
        "890,E06000009,Blackpool,Total,30.0,2400"
    )
    # neighbours: 20, 21, … 29, except two suppressed and one "low"
    for k, code in enumerate(NEIGHBOURS):
        value = {3: "c", 6: "x", 8: "low"}.get(k, str(20 + k))
        lines.append(
            f"{year},Financial year,Local authority,E92000001,,,{code},,,Total,{value},100"
        )
    # a handful of others, all lower (better) than Blackpool's 30, one worse
    for code, value in (("301", "10"), ("302", "12"), ("303", "31"), ("304", "z")):
        lines.append(
            f"{year},Financial year,Local authority,E92000001,,,{code},,,Total,{value},100"
        )
    lines.append(f"{year},Financial year,Local authority,E92000001,,,890,,,Boys,99,1")
    return "\n".join(lines) + "\n"  # fmt: skip


def test_a_dfe_file_gives_england_region_neighbours_rank_and_quartile():
    published = read_published(
        "cin.csv", (HEAD + rows()).encode(), column="rereferral_rate",
        filters={"characteristic": "Total"},
    )  # fmt: skip
    assert not published.problems
    (year,) = published.years.values()
    assert (year.label, year.end) == ("2023–24", dt.date(2024, 3, 31))
    result = compare(year, "890", "lower")
    assert result.england == 22.4
    assert (result.region, result.region_name) == (23.9, "North West")
    # neighbours 20 21 22 [c] 24 25 [x] 27 [low] 29 → mean of seven = 168 / 7 = 24
    assert result.neighbour_count == 7
    assert result.neighbours == pytest.approx(24.0)
    assert (result.la_value, result.la_marker) == (30.0, "")
    # Ranked among the 11 authorities with a figure (8 neighbours' + 3 others + Blackpool,
    # less the 3 suppressed neighbours and z): lower is better, so the 10 lower ones are
    # ahead: 20 21 22 24 25 27 29, 10 12 → 9 better; 31 is worse → rank 10 of 11.
    assert (result.rank, result.ranked) == (10, 11)
    assert result.quartile == 4
    # Higher is better: only 31 is ahead.
    assert (compare(year, "890", "higher").rank, compare(year, "890", "higher").quartile) == (2, 1)


def test_without_a_regional_row_the_region_is_the_mean_of_its_authorities():
    north_west = sorted(c for c, p in places().items() if p.region_code == "E12000002")
    assert "890" in north_west and "341" in north_west  # Blackpool and Liverpool
    extra = [c for c in north_west if c not in NEIGHBOURS and c != "890"][:2]
    more = "".join(
        f"202324,Financial year,Local authority,E92000001,,,{code},,,Total,{value},100\n"
        for code, value in zip(extra, ("20", "25"), strict=True)
    )
    data = (HEAD + rows(region=False) + more).encode()
    published = read_published("cin.csv", data, "rereferral_rate", {"characteristic": "Total"})
    result = compare(next(iter(published.years.values())), "890", "lower")
    # North West authorities with a figure: Blackpool 30 and the two added (Liverpool's
    # and Rochdale's cells are suppressed) → (30 + 20 + 25) / 3 = 25
    assert result.region == pytest.approx(25.0)
    assert result.region_name == "North West (mean of its authorities)"


def test_time_periods():
    assert year_of("202425", "Financial year") == ("2024–25", dt.date(2025, 3, 31))
    assert year_of("202425", "Academic year") == ("2024–25", dt.date(2025, 8, 31))
    assert year_of("2025", "Reporting year") == ("2025", dt.date(2025, 3, 31))
    assert year_of("2025", "Calendar year") == ("2025", dt.date(2025, 12, 31))
    with pytest.raises(ValueError):
        year_of("FY25", "")


def test_problems_in_a_benchmark_file_say_where():
    data = (HEAD + rows()).encode()
    unclear = read_published("cin.csv", data)
    assert "Say which column holds the figures" in unclear.problems[0].message
    assert "rereferral_rate, referrals" in unclear.problems[0].message
    bad = (HEAD + rows().replace(",Total,25,100", ",Total,twenty-five,100")).encode()
    problem = read_published("cin.csv", bad, "rereferral_rate").problems[0]
    assert problem.where == "cin.csv, row 10, column “rereferral_rate”"
    assert "neither a number nor a DfE suppression mark" in problem.message
    assert "no geographic_level" in read_published("x.csv", b"a,b\n1,2\n").problems[0].message
    assert read_published("x.csv", b"").problems[0].message == "x.csv is empty"
    assert "no column headed “rate”" in read_published("cin.csv", data, "rate").problems[0].message


def test_loading_benchmarks_for_an_indicator(world, iw):
    world.authority.la_code = "890"
    world.authority.save()
    data = (HEAD + rows("202223") + rows("202324")).encode()
    loaded = benchmarks_load(
        indicator=iw.reref, actor=None, filename="cin.csv", data=data,
        column="rereferral_rate", filters={"characteristic": "Total"},
    )  # fmt: skip
    assert loaded.years == ["2022–23", "2023–24"]
    latest = iw.reref.benchmarks.last()
    assert (latest.england, latest.neighbours, latest.rank, latest.quartile) == (22.4, 24.0, 10, 4)
    # Loading again replaces rather than duplicates.
    benchmarks_load(indicator=iw.reref, actor=None, filename="cin.csv", data=data,
                    column="rereferral_rate", filters={"characteristic": "Total"})  # fmt: skip
    assert Benchmark.objects.filter(indicator=iw.reref).count() == 2


def test_an_authority_without_a_dfe_code_gets_england_only(world, iw):
    loaded = benchmarks_load(
        indicator=iw.reref, actor=None, filename="cin.csv", data=(HEAD + rows()).encode(),
        column="rereferral_rate", filters={"characteristic": "Total"},
    )  # fmt: skip
    assert loaded.notes
    benchmark = iw.reref.benchmarks.get()
    assert benchmark.england == 22.4 and benchmark.neighbours is None and benchmark.rank is None


def test_a_refused_file_writes_nothing(world, iw):
    with pytest.raises(BenchmarksRefused):
        benchmarks_load(indicator=iw.reref, actor=None, filename="cin.csv",
                        data=(HEAD + rows()).encode())  # fmt: skip
    assert not Benchmark.objects.exists()


def test_the_load_benchmarks_command(world, iw, tmp_path):
    path = tmp_path / "cin.csv"
    path.write_bytes((HEAD + rows()).encode())
    out = io.StringIO()
    call_command("load_benchmarks", str(path), authority="Testshire", indicator="reref12",
                 column="rereferral_rate", filter=["characteristic=Total"], stdout=out)  # fmt: skip
    assert "Loaded 2023–24 from column rereferral_rate" in out.getvalue()
    with pytest.raises(CommandError, match="Say which column"):
        call_command("load_benchmarks", str(path), authority="Testshire", indicator="REREF12")
