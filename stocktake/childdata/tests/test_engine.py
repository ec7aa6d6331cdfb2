"""The engine's stored aids: the working-day calendar kept with an extract is what its KPIs
are computed again with (the `holidays` package is not consulted), and an extract stored
before the calendar and `child_key` existed is computed the same as one stored after."""

from __future__ import annotations

import duckdb
import pytest

from stocktake.childdata import kpis
from stocktake.childdata.ingest.run import validated
from stocktake.childdata.lists import CALENDAR
from stocktake.childdata.tests.helpers import SECRET, d, write_lists
from stocktake.childdata.tests.test_kpis import ASSESSMENTS, CIN, REFERRALS, E


@pytest.fixture
def stored(tmp_path):
    folder = write_lists(tmp_path / "lists", {3: REFERRALS, 4: ASSESSMENTS, 6: CIN})
    with validated(folder, SECRET) as result:
        files = result.write_parquet(tmp_path)
    files[CALENDAR] = kpis.write_calendar(files, E, tmp_path / "calendar.parquet")
    return files


def test_the_stored_calendar_is_used_not_the_holidays_package(stored, monkeypatch):
    expected = kpis.compute(stored, E)

    def no(*args: object) -> list[object]:
        raise AssertionError("the holidays package was consulted")

    monkeypatch.setattr(kpis, "bank_holidays", no)
    assert kpis.compute(stored, E) == expected
    without_calendar = {n: p for n, p in stored.items() if n != CALENDAR}
    with pytest.raises(AssertionError, match="consulted"):
        kpis.compute(without_calendar, E)


def test_the_calendar_counts_working_days_in_england(stored):
    con = duckdb.connect()
    rows = dict(con.execute(f"SELECT d, n FROM read_parquet('{stored[CALENDAR]}')").fetchall())
    # Easter 2019: Good Friday 19 April and Easter Monday 22 April are bank holidays.
    assert rows[d("2019-04-23")] - rows[d("2019-04-18")] == 1
    assert rows[d("2019-06-30")] - rows[d("2019-06-28")] == 0  # a weekend
    assert min(rows) <= d("2018-11-01") and max(rows) >= d("2019-07-05")  # every date used


def test_an_extract_stored_before_child_key_and_the_calendar(stored, tmp_path):
    expected = kpis.compute(stored, E)
    con = duckdb.connect()
    old = {}
    for number in (3, 4, 6):
        old[number] = tmp_path / f"old{number}.parquet"
        con.execute(f"COPY (SELECT * EXCLUDE (child_key) FROM read_parquet('{stored[number]}')) "
                    f"TO '{old[number]}' (FORMAT parquet)")  # fmt: skip
        columns = con.execute(f"SELECT * FROM read_parquet('{old[number]}') LIMIT 0").description
        assert "child_key" not in {c[0] for c in columns}
    assert kpis.compute(old, E) == expected
    assert kpis._files_with_child_key(con, [old[3], stored[3]]) == {str(stored[3])}
