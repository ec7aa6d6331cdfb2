"""Issue 12, held-out layouts: what the general reader learnt from them, each a shape any
council may write (quarters as "Qtr 2 24/25", "Name (Title)", a "Milestone" column, a short
recommendation numbered above its actions, findings listed in the dry run)."""

from __future__ import annotations

import datetime as dt

import pytest

from stocktake.imports.dates import PlanYear, read_when
from stocktake.imports.owners import parse_owners
from stocktake.imports.roles import assign
from stocktake.imports.tests.builders import csv_bytes, docx_bytes, understand, xlsx_bytes


@pytest.mark.parametrize(
    ("written", "due"),
    [
        ("Qtr 2 24/25", dt.date(2024, 9, 30)),
        ("Qtr 3 2024-25", dt.date(2024, 12, 31)),
        ("Quarter 4 2024/25", dt.date(2025, 3, 31)),
        ("Q1 25/26", dt.date(2025, 6, 30)),
        ("end Q3", dt.date(2024, 12, 31)),
        ("FY 2024-25", dt.date(2025, 3, 31)),
    ],
)
def test_quarters_and_financial_years_written_other_ways(written, due):
    when = read_when(written, context=PlanYear(year=2024, fy_start=2024))
    assert (when.due_date, when.problem) == (due, "")
    assert when.precision in ("quarter", "year")  # a period, never an invented day


def test_a_quarter_with_no_year_in_a_plan_with_no_year_is_not_dated():
    when = read_when("Qtr 2", context=PlanYear())
    assert when.due_date is None and when.problem


def test_name_with_the_title_in_brackets_is_a_person():
    owners, _ = parse_owners("Gareth Price (Assistant Director, Children's Social Care)")
    assert [(o.name, o.title, o.is_role) for o in owners] == [
        ("Gareth Price", "Assistant Director, Children's Social Care", False)
    ]
    # A title with initials in brackets is still read through the key, not as a name.
    keyed, _ = parse_owners("Head of Service (SO)", key={"SO": ("Sarah Okafor", "HoS")})
    assert [(o.name, o.title) for o in keyed] == [("Sarah Okafor", "Head of Service")]
    # Two people split by "/" when both are written "Name (Title)".
    two, _ = parse_owners("Anne Brown (Head of QA) / Tom Jones (PSW)")
    assert [o.name for o in two] == ["Anne Brown", "Tom Jones"]


def test_a_heading_it_does_not_know_over_dates_is_the_deadline():
    header = ["Key activity", "Lead", "Milestone", "Stage reached"]
    body = [
        ["Audit plans", "Jane Smith", "31.10.24", "Drafting the tool"],
        ["Train staff", "Tom Jones", "Sep 2024", "Sessions booked"],
        ["Recruit", "Amy Brown", "end Q3", "Advert out"],
    ]
    assert [c.role for c in assign(header, body)][:3] == ["action", "owner", "deadline"]
    unknown = ["Action", "Lead", "Go-live", "Notes"]
    roles = [c.role for c in assign(unknown, body)]
    assert roles[2] == "deadline"  # values that leave no doubt
    assert roles[3] is None  # prose under a heading it does not know stays as written


def test_a_short_recommendation_numbered_above_its_actions_is_a_finding():
    rows = [
        ["#", "Recommendation / action", "Owner", "Finish", "BRAG"],
        ["1", "Leaders should improve supervision", "", "", ""],
        ["1.1", "Run a supervision audit", "Jane Smith (Head of QA)", "Dec-24", "G"],
        ["1.2", "Train managers", "Tom Jones (PSW)", "Mar-25", "A"],
        ["2", "Early help", "", "", ""],
        ["2.1", "Publish the strategy", "Amy Brown (Head of EH)", "Jan-25", "R"],
    ]
    parsed = understand("h.xlsx", xlsx_bytes(rows))
    got = {a.reference: (a.finding, a.finding_ref, a.theme) for a in parsed.actions}
    assert got["1.1"] == ("Leaders should improve supervision", "1", "")
    assert got["1.2"][0] == "Leaders should improve supervision"
    assert got["2.1"] == ("", "", "Early help")  # a title, not a recommendation
    assert [(f.reference, f.text) for f in parsed.findings] == [
        ("1", "Leaders should improve supervision")
    ]
    assert parsed.actions[0].owners[0].name == "Jane Smith"


def test_findings_named_by_actions_are_listed_once_with_their_reference():
    rows = [
        ["Recommendation", "Ref", "Action", "Lead", "Deadline"],
        [
            "R1. Leaders should improve the timeliness of assessments",
            "1",
            "Audit",
            "Jane Smith",
            "31/03/2025",
        ],
        ["", "2", "Train", "Tom Jones", "30/06/2025"],
        [
            "R2. Leaders should improve pathway plans for care leavers",
            "3",
            "Redesign",
            "Amy Brown",
            "30/09/2025",
        ],
    ]
    parsed = understand("r.docx", docx_bytes([rows]))
    assert [(f.reference, f.text) for f in parsed.findings] == [
        ("R1", "Leaders should improve the timeliness of assessments"),
        ("R2", "Leaders should improve pathway plans for care leavers"),
    ]
    assert [a.finding_ref for a in parsed.actions] == ["R1", "R1", "R2"]
    body = parsed.as_json()
    assert len(body["findings"]) == 2
    assert body["actions"][2]["finding"] == "Leaders should improve pathway plans for care leavers"


def test_name_title_owners_in_a_csv_with_quarters():
    rows = [
        ["Action ID", "Priority area", "Activity", "Officer", "Quarter due", "Status"],
        [
            "CP-01",
            "Child protection",
            "Audit plans",
            "Jane Smith (Head of QA)",
            "Qtr 2 24/25",
            "On track",
        ],
        ["CP-02", "Child protection", "Train chairs", "Tom Jones (PSW)", "FY 2024-25", "At risk"],
    ]
    parsed = understand("q.csv", csv_bytes(rows))
    got = {a.reference: (a.owners[0].name, a.due_date) for a in parsed.actions}
    assert got == {
        "CP-01": ("Jane Smith", dt.date(2024, 9, 30)),
        "CP-02": ("Tom Jones", dt.date(2025, 3, 31)),
    }
