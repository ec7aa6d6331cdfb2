"""The workforce return: caseload per FTE, agency, vacancy and turnover rates as in
csc-data.md §7, for the authority and per team, worked out here from the rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from stocktake.childdata.models import WorkforceReturn
from stocktake.childdata.workforce import (
    TeamFigures,
    workforce_apply,
    workforce_figures,
    workforce_record,
    workforce_upload,
)
from stocktake.indicators.models import Observation

JUNE = dt.date(2019, 6, 1)
CSV = (
    b"Month,Team,Case-holding FTE,Cases,Agency FTE,Employed FTE,Vacant FTE,Leavers FTE,"
    b"Newly qualified,Newly qualified cases\n"
    b"2019-06,Team A,10,160,2,9,1.5,0.5,2,24\n"
    b"June 2019,Team B,5.5,99,0,6,0,1,0,0\n"
    b"2019-05,Team A,10,150,2,9,1,2,2,20\n"
)


def test_figures_for_the_authority_and_each_team(world):
    assert workforce_upload(authority=world.authority, actor=None, data=CSV) == 3
    got = workforce_figures(world.authority, JUNE)
    whole = got["authority"]
    assert whole["CASELOAD"]["value"] == pytest.approx((160 + 99) / (10 + 5.5))
    assert whole["AGENCY"]["value"] == pytest.approx(100 * 2 / (2 + 9 + 6))
    assert whole["VACANCY"]["value"] == pytest.approx(100 * 1.5 / (1.5 + 9 + 6))
    # Leavers over the months returned up to June (May and June), over June's employed FTE.
    assert whole["TURNOVER"]["value"] == pytest.approx(100 * (0.5 + 1 + 2) / (9 + 6))
    assert got["months_returned"] == 2
    team_a = got["teams"]["Team A"]
    assert team_a["CASELOAD"]["value"] == pytest.approx(16.0)
    assert team_a["TURNOVER"]["value"] == pytest.approx(100 * 2.5 / 9)
    assert got["teams"]["Team B"]["AGENCY"]["value"] == 0


def test_apply_writes_observations_with_a_team_breakdown(world, indicator_catalogue):
    workforce_upload(authority=world.authority, actor=None, data=CSV)
    workforce_apply(authority=world.authority, actor=None, month=JUNE)
    caseload = Observation.objects.get(indicator__code="CASELOAD", period=JUNE)
    assert caseload.value == pytest.approx(259 / 15.5)
    assert caseload.provenance["by_team"]["Team A"] == pytest.approx(16.0)
    turnover = Observation.objects.get(indicator__code="TURNOVER", period=JUNE)
    assert "2 months returned" in turnover.note


def test_a_bad_row_stops_the_whole_upload(world):
    bad = CSV + b"2019-06,Team C,x,10,0,1,0,0,0,0\n2019-06,Team D,1,-3,0,1,0,0,0,0\n"
    with pytest.raises(ValidationError) as error:
        workforce_upload(authority=world.authority, actor=None, data=bad)
    assert error.value.messages == [
        "Row 5, case holding fte: enter a number, 0 or more",
        "Row 6, cases: enter a number, 0 or more",
    ]
    assert not WorkforceReturn.objects.exists()


def test_a_month_recorded_again_is_replaced(world):
    figures = TeamFigures("Team A", D("10"), 100, D("0"), D("10"), D("0"), D("0"))
    workforce_record(authority=world.authority, actor=None, month=dt.date(2019, 6, 17),
                     figures=figures)  # fmt: skip
    figures.cases = 120
    workforce_record(authority=world.authority, actor=None, month=JUNE, figures=figures)
    assert list(WorkforceReturn.objects.values_list("month", "cases")) == [(JUNE, 120)]
