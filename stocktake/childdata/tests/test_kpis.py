"""Every AA_* KPI on small hand-built lists; each expected figure is worked out here, in the
test, from the rows and the definition in annex-a-kpis.md, with its own working-day count.

The extract date E is Sunday 30 June 2019, so the window W is 1 January to 30 June 2019.
England and Wales bank holidays in the window: 19 and 22 April, 6 and 27 May.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import holidays
import pytest

from stocktake.childdata.tests.helpers import d, kpis_for

E = d("2019-06-30")
W_START = d("2019-01-01")
BANK = holidays.country_holidays("GB", subdiv="ENG", years=[2017, 2018, 2019])


def wd(a: dt.date, b: dt.date) -> int:
    """Working days in (a, b], counted one day at a time."""
    days = (a + dt.timedelta(days=n) for n in range(1, (b - a).days + 1))
    return sum(1 for day in days if day.weekday() < 5 and day not in BANK)


def weekdays(a: dt.date, b: dt.date) -> int:
    days = (a + dt.timedelta(days=n) for n in range(1, (b - a).days + 1))
    return sum(1 for day in days if day.weekday() < 5)


def in_w(day: dt.date | None) -> bool:
    return day is not None and W_START <= day <= E


def open_at_e(start: dt.date | None, end: dt.date | None) -> bool:
    return start is not None and start <= E and (end is None or end > E)


def pct(numerator: int, denominator: int) -> float | None:
    return 100 * numerator / denominator if denominator else None


def check(figure: dict[str, Any], numerator: float, denominator: float | None) -> None:
    assert figure["numerator"] == numerator
    assert figure["denominator"] == denominator
    if denominator is None:
        assert figure["value"] == numerator
    else:
        assert figure["value"] == pytest.approx(100 * numerator / denominator)


# --- List 3: referrals --------------------------------------------------------------------
REFERRALS = [  # id, date, NFA?, referrals in last 12 months, team, worker
    ["1", d("2019-01-01"), "a) Yes", 0, "Duty", "Ann Lee"],  # first day of W
    ["1", d("2019-03-01"), "no", 1, "Duty", "Ann Lee"],  # the same child again
    ["2", d("2018-12-31"), "Yes", 2, "Duty", ""],  # the day before W
    ["3", d("2019-06-30"), "Y", 2, "Duty", ""],  # E itself
    ["4", d("2019-07-01"), "No", 0, "Duty", ""],  # after E
    ["5", "31/09/2019", "Yes", 3, "Duty", ""],  # impossible date: rejected
    ["6", d("2019-05-05"), "#N/A", 0, "Duty", "   "],  # NFA blank, blank worker
]
REF_VALID = [r for r in REFERRALS if isinstance(r[1], dt.date)]


def test_referrals(tmp_path):
    got = kpis_for(tmp_path, E, {3: REFERRALS})
    in_window = [r for r in REF_VALID if in_w(r[1])]
    check(got["AA_REFERRALS"], len(in_window), None)
    nfa = [r for r in in_window if r[2].lower().split(")")[-1].strip() in {"yes", "y"}]
    check(got["AA_REFERRAL_NFA"], len(nfa), len(in_window))
    children = {r[0] for r in in_window}
    again = {r[0] for r in in_window if r[3] > 0}
    check(got["AA_REREFERRAL_12M"], len(again), len(children))
    assert (len(in_window), len(nfa), len(again), len(children)) == (4, 2, 2, 3)


# --- List 4: assessments ------------------------------------------------------------------
ASSESSMENTS = [  # id, start, seen, authorised, team, worker
    ["10", d("2019-03-04"), "a) Yes", d("2019-03-04"), "A", "Ann"],  # same day: 0 WD
    ["11", d("2019-04-01"), "YES", d("2019-06-04"), "A", "Ann"],  # 46 weekdays, 42 WD
    ["12", d("2019-01-02"), "b) No", d("2019-04-30"), "A", ""],  # well over 45 WD
    ["13", d("2019-05-10"), "Yes", d("2019-05-09"), "A", "Ann"],  # before its start: rejected
    ["14", d("2018-11-01"), "Yes", d("2018-12-20"), "A", "Ann"],  # authorised before W
    ["15", d("2019-01-10"), "Yes", None, "A", "Ann"],  # open, long past 45 WD
    ["16", d("2019-06-20"), "", None, "A", "Ann"],  # open, recent
    ["17", d("2019-02-01"), "c) Unknown", d("2019-07-05"), "B", ""],  # authorised after E
]


def test_assessments(tmp_path):
    got = kpis_for(tmp_path, E, {4: ASSESSMENTS})
    valid = [r for r in ASSESSMENTS if r[3] is None or r[3] >= r[1]]
    assert wd(d("2019-03-04"), d("2019-03-04")) == 0
    assert weekdays(d("2019-04-01"), d("2019-06-04")) > 45 >= wd(d("2019-04-01"), d("2019-06-04"))
    done = [r for r in valid if in_w(r[3])]
    quick = [r for r in done if wd(r[1], r[3]) <= 45]
    check(got["AA_ASSESS_45WD"], len(quick), len(done))
    seen = [r for r in done if "yes" in r[2].lower()]
    check(got["AA_ASSESS_SEEN"], len(seen), len(done))
    still_open = [r for r in valid if r[1] <= E and (r[3] is None or r[3] > E) and wd(r[1], E) > 45]
    check(got["AA_ASSESS_OPEN_OVER_45WD"], len(still_open), None)
    assert (len(quick), len(done), len(seen), len(still_open)) == (2, 3, 2, 2)


# --- List 5: section 47 and initial conferences -------------------------------------------
S47 = [  # id, strategy discussion, ICPC, team, worker
    ["20", d("2019-02-11"), d("2019-02-11"), "A", "Ann"],  # same day
    ["21", d("2019-05-01"), d("2019-05-23"), "A", "Ann"],  # 16 weekdays, 15 WD (6 May)
    ["22", d("2019-02-01"), d("2019-03-01"), "A", ""],  # 20 WD
    ["23", d("2019-03-10"), d("2019-03-01"), "A", "Ann"],  # ICPC before strategy: rejected
    ["24", d("2018-11-01"), d("2018-12-10"), "A", "Ann"],  # ICPC before W
    ["25", d("2019-06-10"), None, "A", "Ann"],  # no conference yet
]


def test_icpc(tmp_path):
    got = kpis_for(tmp_path, E, {5: S47})
    assert weekdays(d("2019-05-01"), d("2019-05-23")) == 16
    valid = [r for r in S47 if r[2] is None or r[2] >= r[1]]
    held = [r for r in valid if in_w(r[2])]
    quick = [r for r in held if wd(r[1], r[2]) <= 15]
    check(got["AA_ICPC_15WD"], len(quick), len(held))
    assert (len(quick), len(held)) == (2, 3)


# --- List 7: child protection plans -------------------------------------------------------
PLANS = [  # id, start, last visit, seen alone, end, previous plans, team, worker
    ["30", d("2019-02-01"), d("2019-06-20"), "a) Yes", None, 0, "A", "Ann"],
    ["31", d("2017-06-01"), d("2019-05-01"), "No", d("2019-07-15"), 2, "A", "Ann"],
    ["32", d("2017-03-01"), d("2019-02-20"), "Yes", d("2019-03-10"), 0, "A", "Ann"],
    ["33", d("2018-01-01"), None, "", d("2019-05-01"), 1, "A", "Ann"],
    ["34", d("2019-03-05"), None, "", d("2019-03-01"), 1, "A", "Ann"],  # rejected
    ["35", d("2017-12-31"), None, "", None, 0, "B", ""],  # exactly 18 months before E
    ["36", d("2019-07-10"), None, "", None, 0, "B", ""],  # starts after E
    ["37", d("2019-04-01"), d("2019-06-01"), "yes", d("2019-06-30"), 0, "B", ""],  # ends on E
    ["38", d("2019-05-01"), d("2019-06-14"), "y", None, 3, "B", "Bo"],  # 10 WD before E
]


def test_child_protection(tmp_path):
    got = kpis_for(tmp_path, E, {7: PLANS})
    valid = [r for r in PLANS if r[4] is None or r[4] >= r[1]]
    starting = [r for r in valid if in_w(r[1])]
    check(got["AA_CPP_REPEAT"], sum(1 for r in starting if r[5] > 0), len(starting))
    ending = [r for r in valid if in_w(r[4])]
    long = [r for r in ending if r[4] >= r[1].replace(year=r[1].year + 2)]
    check(got["AA_CPP_ENDED_2Y"], len(long), len(ending))
    open_plans = [r for r in valid if open_at_e(r[1], r[4])]
    old = [r for r in open_plans if r[1] <= d("2017-12-31")]
    check(got["AA_CPP_OPEN_18M"], len(old), None)
    visited = [r for r in open_plans if r[2] is not None and r[2] <= E and wd(r[2], E) <= 10]
    check(got["AA_CP_VISIT_10WD"], len(visited), len(open_plans))
    alone = [r for r in open_plans if r[3].lower().split(")")[-1].strip() in {"yes", "y"}]
    check(got["AA_CP_SEEN_ALONE"], len(alone), len(open_plans))
    assert [len(x) for x in (starting, long, ending, old, visited, alone, open_plans)] == [
        3, 1, 3, 2, 2, 2, 4]  # fmt: skip


# --- List 8: children in care --------------------------------------------------------------
CARE = [  # id, start, review, visit, placements, ceased, missing, return interview, team, worker
    ["40", d("2018-01-01"), d("2019-01-01"), d("2019-05-19"), 3, None, 2, "a) Yes", "A", "Ann"],
    ["41", d("2019-01-01"), d("2018-12-28"), d("2019-05-18"), 1, d("2019-07-31"), 1, "b) No",
     "A", ""],
    ["42", d("2018-01-01"), d("2019-01-10"), d("2019-02-01"), 5, d("2019-03-01"), 4, "Yes",
     "A", "Ann"],  # ceased before E
    ["43", d("2019-05-01"), None, None, 1, d("2019-04-01"), 0, "", "A", "Ann"],  # rejected
    ["44", d("2016-05-01"), None, d("2019-07-02"), 4, None, 0, "", "B", "Bo"],
]  # fmt: skip


def test_children_in_care(tmp_path):
    got = kpis_for(tmp_path, E, {8: CARE})
    valid = [r for r in CARE if r[5] is None or r[5] >= r[1]]
    cla = [r for r in valid if open_at_e(r[1], r[5])]
    check(got["AA_CLA_3_PLACEMENTS"], sum(1 for r in cla if r[4] >= 3), len(cla))
    visited = [r for r in cla if r[3] and r[3] <= E and (E - r[3]).days <= 42]
    check(got["AA_CLA_VISIT_6WK"], len(visited), len(cla))
    reviewed = [r for r in cla if r[2] and r[2] <= E and (E - r[2]).days <= 183]
    check(got["AA_CLA_REVIEW_6M"], len(reviewed), len(cla))
    missing = [r for r in cla if r[6] > 0]
    offered = [r for r in missing if "yes" in r[7].lower()]
    check(got["AA_RHI_OFFERED"], len(offered), len(missing))
    assert [len(x) for x in (cla, visited, reviewed, missing, offered)] == [3, 1, 1, 2, 1]


# --- List 9: care leavers ------------------------------------------------------------------
LEAVERS = [  # id, team, worker, LA in touch, suitability, activity
    ["50", "Leaving care", "Jo", "a) Yes", "a) Suitable", "F1: Full time in higher education"],
    ["51", "Leaving care", "Jo", "No", "b) Unsuitable", "G5"],
    ["52", "Leaving care", "", "c) Died", "", ""],  # died: in no denominator
    ["53", "Leaving care", "", "yes", "suitable", "p5"],
    ["54", "Leaving care", "Jo", "d) Refu", "", "F3: Training or employment"],
]


def test_care_leavers(tmp_path):
    got = kpis_for(tmp_path, E, {9: LEAVERS})
    alive = [r for r in LEAVERS if "died" not in r[3].lower()]
    touch = [r for r in alive if r[3].lower().split(")")[-1].strip() in {"yes", "y"}]
    check(got["AA_CL_IN_TOUCH"], len(touch), len(alive))
    suitable = [r for r in alive if r[4].lower().split(")")[-1].strip() == "suitable"]
    check(got["AA_CL_SUITABLE"], len(suitable), len(alive))
    eet = [r for r in alive if r[5][:2].upper() in {"F1", "P1", "F2", "P2", "F3", "P3", "F4",
                                                     "P4", "F5", "P5"}]  # fmt: skip
    check(got["AA_CL_EET"], len(eet), len(alive))
    assert [len(x) for x in (alive, touch, suitable, eet)] == [4, 2, 2, 3]


# --- List 6: children in need, allocation and caseload ------------------------------------
CIN = [  # id, age, start, closed, team, worker
    ["60", -1, d("2019-06-01"), None, "Team A", "Ann Lee"],  # unborn
    ["61", 4, d("2018-06-01"), None, "Team A", "ann  lee"],  # the same worker, written apart
    ["62", 7, d("2019-01-15"), None, "Team A", ""],  # blank worker
    ["63", 9, d("2019-02-15"), None, "Team B", "#N/A"],  # blank worker
    ["64", 12, d("2019-01-01"), d("2019-06-30"), "Team B", "Bo Ray"],  # closed on E
    ["65", 3, d("2019-01-01"), d("2019-07-02"), "Team B", "Bo Ray"],  # closed after E
    ["66", 15, d("2019-03-01"), None, "Team B", "Cy Dee"],
    ["67", 2, d("2019-03-01"), d("2019-02-01"), "Team B", "Cy Dee"],  # rejected
]


def test_allocation_and_caseload(tmp_path):
    got = kpis_for(tmp_path, E, {6: CIN})
    valid = [r for r in CIN if r[3] is None or r[3] >= r[2]]
    open_cases = [r for r in valid if open_at_e(r[2], r[3])]

    def worker(r: list[Any]) -> str:
        name = " ".join(str(r[5]).split()).lower()
        return "" if name in {"", "#n/a"} else name

    blank = [r for r in open_cases if not worker(r)]
    check(got["AA_UNALLOCATED"], len(blank), len(open_cases))
    allocated = [r for r in open_cases if worker(r)]
    workers = {worker(r) for r in allocated}
    figure = got["AA_CASELOAD"]
    assert (figure["numerator"], figure["denominator"]) == (len(allocated), len(workers))
    assert figure["value"] == pytest.approx(len(allocated) / len(workers))
    assert (len(open_cases), len(blank), len(allocated), len(workers)) == (6, 2, 4, 3)
    for team in ("Team A", "Team B"):
        mine = [r for r in open_cases if r[4] == team]
        theirs = [r for r in mine if worker(r)]
        assert got["by_team"][team]["AA_UNALLOCATED"] == pytest.approx(
            pct(len(mine) - len(theirs), len(mine))
        )
        assert got["by_team"][team]["AA_CASELOAD"] == pytest.approx(
            len(theirs) / len({worker(r) for r in theirs})
        )


def test_a_kpi_with_no_denominator_has_no_value(tmp_path):
    got = kpis_for(tmp_path, E, {3: [["1", d("2018-01-01"), "Yes", 0, "A", "Ann"]]})
    assert got["AA_REFERRAL_NFA"] == {
        "code": "AA_REFERRAL_NFA", "numerator": 0, "denominator": 0, "value": None}  # fmt: skip
    assert got["AA_CASELOAD"]["value"] is None  # no List 6 at all
    assert got["AA_REFERRALS"]["value"] == 0


# --- Across lists: the unborn, and a row refused for a date no KPI reads ------------------
UNBORN_HEADERS = {7: ["Child Unique ID", "Date of Birth", "Age of Child (Years)",
                      "Child Protection Plan Start Date", "Date of the Last Statutory Visit",
                      "Was the Child Seen Alone?", "Child Protection Plan End Date",
                      "Number of Previous Child Protection Plans", "Allocated Team",
                      "Allocated Worker"]}  # fmt: skip
PRE_BIRTH = [  # id, expected birth (after E), age -1, start, visit, alone, end, previous, ...
    ["70", "15/08/2019", -1, d("2019-05-01"), d("2019-06-28"), "c) Unknown", None, 1, "A", "Ann"],
    ["71", "01/01/2015", 4, d("2019-04-01"), d("2019-06-03"), "a) Yes", None, 0, "A", "Ann"],
]  # fmt: skip


def test_the_unborn_count_like_any_child(tmp_path):
    """A pre-birth plan: age -1 and a birth date after E are no reason to refuse the row."""
    got = kpis_for(tmp_path, E, {7: PRE_BIRTH}, UNBORN_HEADERS)
    assert wd(d("2019-06-28"), E) == 0 and wd(d("2019-06-03"), E) == 19
    check(got["AA_CPP_REPEAT"], 1, 2)  # both start in W; the unborn's is a second plan
    check(got["AA_CP_VISIT_10WD"], 1, 2)  # the unborn's visit, Friday 28 June: 0 WD before E
    check(got["AA_CP_SEEN_ALONE"], 1, 2)  # "Unknown" is not yes


def test_a_row_refused_for_any_date_is_in_no_kpi(tmp_path):
    """31/09/2019 as a review date refuses the whole row: it is in no denominator of its list,
    not only in the KPI that reads the review date."""
    care = [list(CARE[0]), list(CARE[0])]
    care[1][0], care[1][2] = "45", "31/09/2019"
    got = kpis_for(tmp_path, E, {8: care})
    for code in ("AA_CLA_3_PLACEMENTS", "AA_CLA_VISIT_6WK", "AA_CLA_REVIEW_6M"):
        assert got[code]["denominator"] == 1, code
    check(got["AA_RHI_OFFERED"], 1, 1)
