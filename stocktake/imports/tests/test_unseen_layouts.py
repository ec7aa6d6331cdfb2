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


BOARD_PAPER = """HARBURY COUNCIL
Improvement Board - 18 November 2024

1. Purpose
To update the Board on the plan for 2024/25.

Priority 1: Children in care

1.1 Plan permanence. Lead: Lucy Adeyemi (Head of Fostering). By: 13 December 2024. Status: Green.
    Update 21/10/2024: Health assessments on time rose to 82%

1.2 Assess health. Lead: Sarah Okafor, Head of Service. By: 31 January 2025. Status: Amber.
    Update 14/08/2024: Fostering campaign launched
    Update 18/11/2024: Panel has reviewed its first six children

Priority 2: Child protection

2.1 Advocacy for parents. Lead: James Whitfield (Head of Service). By: 31 July 2024. Status: Red.

3. Recommendation
The Board is asked to note progress.
"""

PDF_WRAPPED = """Sandbury Council - Improvement Plan 2024/25

Sandbury Council - Improvement Plan 2024/25        Page 1 of 2

1. Front door and MASH

1.1 Publish a single front door telephone number and online
referral form for professionals
Lead: Gareth Price, Assistant Director,
Children's Social Care
Target date: 13 December 2024
RAG: Green
Progress (July 2024): Daily triage meeting now held every
weekday with police and health attending

1.2 Audit a sample of contacts each month
Lead: James Whitfield, Head of Service
Target date: 31 October 2024
RAG: Amber

Sandbury Council - Improvement Plan 2024/25        Page 2 of 2

2. Workforce

2.1 Recruit permanent team managers
Lead: Priya Nair, Principal Social Worker
Target date: 31 July 2024
RAG: Red
"""


def test_a_board_paper_of_numbered_items_with_details_inline_is_read_not_refused():
    parsed = understand("paper.txt", BOARD_PAPER.encode())
    assert not parsed.errors
    got = {
        a.reference: (a.theme, a.text, a.owners[0].name, a.due_date, a.rag) for a in parsed.actions
    }
    assert got == {
        "1.1": (
            "Children in care",
            "Plan permanence",
            "Lucy Adeyemi",
            dt.date(2024, 12, 13),
            "green",
        ),
        "1.2": (
            "Children in care",
            "Assess health",
            "Sarah Okafor",
            dt.date(2025, 1, 31),
            "amber",
        ),
        "2.1": (
            "Child protection",
            "Advocacy for parents",
            "James Whitfield",
            dt.date(2024, 7, 31),
            "red",
        ),
    }
    updates = [(u.date, u.text) for u in parsed.actions[1].updates]
    assert updates == [
        (dt.date(2024, 8, 14), "Fostering campaign launched"),
        (dt.date(2024, 11, 18), "Panel has reviewed its first six children"),
    ]


def test_text_copied_out_of_a_pdf_with_wrapped_lines_and_page_headers():
    parsed = understand("pdf.txt", PDF_WRAPPED.encode())
    assert not parsed.errors
    first = parsed.actions[0]
    assert first.text == (
        "Publish a single front door telephone number and online referral form for professionals"
    )
    assert [(o.name, o.title) for o in first.owners] == [
        ("Gareth Price", "Assistant Director, Children's Social Care")
    ]
    assert (first.due_date, first.rag) == (dt.date(2024, 12, 13), "green")
    assert [(u.date, u.precision) for u in first.updates] == [(dt.date(2024, 7, 31), "month")]
    assert "weekday with police" in first.updates[0].text
    assert [(a.reference, a.theme) for a in parsed.actions] == [
        ("1.1", "Front door and MASH"),
        ("1.2", "Front door and MASH"),
        ("2.1", "Workforce"),
    ]


def test_a_tracker_export_notes_dated_by_last_updated_and_iso_date_times():
    rows = [
        ["Task ID", "Bucket", "Task name", "Assigned to", "Due date", "Last updated", "Notes"],
        [
            "T1",
            "Child protection",
            "Review long plans",
            "Jane Smith;Tom Jones",
            "2024-09-30T00:00:00Z",
            "2024-10-03",
            "Advocacy commissioned",
        ],
        [
            "T2",
            "Workforce",
            "Recruit managers",
            "Amy Brown",
            "2025-03-28",
            "2024-09-12T10:30:00Z",
            "Advert out",
        ],
        ["T3", "Workforce", "Train managers", "Amy Brown", "2025-03-28", "", "Booked"],
    ]
    parsed = understand("tracker.csv", csv_bytes(rows))
    got = {
        a.reference: (a.theme, a.text, [o.name for o in a.owners], a.due_date)
        for a in parsed.actions
    }
    assert got["T1"] == (
        "Child protection",
        "Review long plans",
        ["Jane Smith", "Tom Jones"],
        dt.date(2024, 9, 30),
    )
    dates = {a.reference: [(u.date, u.text) for u in a.updates] for a in parsed.actions}
    assert dates == {
        "T1": [(dt.date(2024, 10, 3), "Advocacy commissioned")],
        "T2": [(dt.date(2024, 9, 12), "Advert out")],
        "T3": [(None, "Booked")],  # no date on its row: kept undated, never invented
    }


def test_an_action_lead_column_is_the_owner_not_the_action():
    header = ["ID", "Title", "Workstream", "Action Lead", "Target Date"]
    body = [
        ["1", "Make the assessment available online", "Early help", "Claire Bennett", "2024-09-30"],
        ["2", "Step down cases with a joint visit", "Early help", "Owen Griffiths", "2024-10-31"],
        ["3", "Agree an early help strategy", "Early help", "Claire Bennett", "2024-11-29"],
    ]
    roles = [c.role for c in assign(header, body)]
    assert roles == ["reference", "action", "theme", "owner", "deadline"]


@pytest.mark.parametrize(
    ("cell", "dates"),
    [
        ("03/07/2024 First briefing\n02/09/2024 Panel met", [(2024, 7, 3), (2024, 9, 2)]),
        ("Update 02/09/24: Academy cohort started", [(2024, 9, 2)]),
        ("As at 31 July 2024: Scorecard in use", [(2024, 7, 31)]),
        ("Position at 30 Sept 2024: Advert out", [(2024, 9, 30)]),
        ("Draft circulated to partners", [None]),
    ],
)
def test_progress_dated_at_its_start_with_or_without_a_dash(cell, dates):
    rows = [["Ref", "Action", "Lead", "Progress"], ["1", "Audit", "Jane Smith", cell]]
    (action,) = understand("u.csv", csv_bytes(rows)).actions
    assert [u.date for u in action.updates] == [dt.date(*d) if d else None for d in dates]


def test_a_progress_column_per_month_headed_by_real_dates_shown_as_months():
    workbook_rows = [
        ["Ref", "Action", "Lead", "Due", "Jun-24", "Jul-24", "Comments (Aug 2024)"],
        ["1", "Audit plans", "Jane Smith", "30/09/2024", "Audit tool agreed", "", "Audits done"],
        ["2", "Train staff", "Tom Jones", "31/10/2024", "", "Sessions booked", ""],
        ["3", "Recruit", "Amy Brown", "30/11/2024", "Advert out", "Interviews held", ""],
    ]
    data = xlsx_bytes(workbook_rows)
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    for column, month in ((5, 6), (6, 7)):
        cell = sheet.cell(row=1, column=column, value=dt.datetime(2024, month, 1))
        cell.number_format = "mmm-yy"
    out = io.BytesIO()
    book.save(out)
    parsed = understand("monthly.xlsx", out.getvalue())
    got = {a.reference: [(u.date, u.precision, u.text) for u in a.updates] for a in parsed.actions}
    assert got["1"] == [
        (dt.date(2024, 6, 30), "month", "Audit tool agreed"),  # the month, never 1 June
        (dt.date(2024, 8, 31), "month", "Audits done"),
    ]
    assert got["2"] == [(dt.date(2024, 7, 31), "month", "Sessions booked")]
    assert [c["role"] for c in parsed.layouts[0]["columns"]][4:] == ["update"] * 3


def test_a_zip_naming_a_version_python_cannot_read_is_refused_in_words():
    from stocktake.imports.document import ReadError
    from stocktake.imports.readers import read_document

    data = bytearray(docx_bytes([[["Ref", "Action"], ["1", "Audit"]]]))
    central = data.index(b"PK\x01\x02")
    data[central + 6] = 246  # "version needed to extract": 24.6, which zipfile refuses
    with pytest.raises(ReadError, match="damaged"):
        read_document("plan.docx", bytes(data))


def test_an_outcomes_column_of_measurable_statements_gives_measures():
    rows = [
        ["Ref", "Action", "Lead", "Deadline", "Outcomes"],
        ["1", "Audit plans", "Jane Smith", "31/03/2025", "Audits graded good rise to 65%"],
        ["2", "Train staff", "Tom Jones", "31/03/2025", "Families say the help made a difference"],
        ["3", "Recruit", "Amy Brown", "31/03/2025", "Vacancy rate falls below 15%"],
    ]
    parsed = understand("o.csv", csv_bytes(rows))
    assert [(m.action, m.text) for m in parsed.measures] == [
        ("1", "Audits graded good rise to 65%"),
        ("2", "Families say the help made a difference"),
        ("3", "Vacancy rate falls below 15%"),
    ]
    narrative = [[*r[:4], "Children feel safer and better supported"] for r in rows[1:]]
    plain = understand("n.csv", csv_bytes([rows[0], *narrative]))
    assert not plain.measures  # a narrative outcome stays the action's outcome
    assert plain.actions[0].outcome == "Children feel safer and better supported"


def test_a_measures_table_with_a_baseline_and_no_action_column():
    blocks = [
        ("h1", "Theme 1: Early help"),
        [["Ref", "Action", "Lead", "By when"], ["1", "Audit", "Jane Smith", "March 2025"]],
        ("p", "How will we know we have made a difference?"),
        [
            ["Measure", "Baseline (March 2024)", "Target (March 2025)"],
            ["Repeat referrals fall below 20%", "26%", "20%"],
            ["Families say early help made a difference", "55%", "75%"],
        ],
    ]
    parsed = understand("m.docx", docx_bytes(blocks))
    assert [(m.theme, m.text) for m in parsed.measures] == [
        ("Theme 1: Early help", "Repeat referrals fall below 20%"),
        ("Theme 1: Early help", "Families say early help made a difference"),
    ]
    assert [a.text for a in parsed.actions] == ["Audit"]


def test_theme_lines_between_the_parts_of_a_tab_separated_table():
    text = (
        "Whitmore Council\nImprovement Plan 2024/25\n\nRef\tAction\tLead\tTimescale\n"
        "Theme 1 – Child protection\n1.1\tAudit plans\tJane Smith\tQ1 2024/25\n"
        "1.2\tTrain chairs\tTom Jones\tQ2 2024/25\n"
        "Theme 2 – Care leavers\n2.1\tOffer pathway plans\tAmy Brown\tQ3 2024/25\n"
    )
    parsed = understand("tab.txt", text.encode())
    assert [(a.reference, a.theme) for a in parsed.actions] == [
        ("1.1", "Theme 1 – Child protection"),
        ("1.2", "Theme 1 – Child protection"),
        ("2.1", "Theme 2 – Care leavers"),
    ]


def test_labelled_blocks_under_numbered_objectives_with_rules_between():
    text = "\n".join(
        [
            "Plan 2024/25",
            "",
            "OBJECTIVE 1: EARLY HELP",
            "",
            "Action no.: 1.1",
            "What: Refresh the offer",
            "Who: Jane Smith, Head of Early Help",
            "When: 31 March 2025",
            "-" * 30,
            "Action no.: 1.2",
            "What: Train staff",
            "Who: Tom Jones",
            "When: 30 June 2024",
            "-" * 30,
            "",
            "OBJECTIVE 2: CHILD PROTECTION",
            "",
            "Action no.: 2.1",
            "What: Audit plans",
            "Who: Amy Brown",
            "When: 31 July 2024",
            "-" * 30,
        ]
    )
    parsed = understand("blocks.txt", text.encode())
    got = [(a.reference, a.text, a.theme, a.deadline_text) for a in parsed.actions]
    assert got == [
        ("1.1", "Refresh the offer", "EARLY HELP", "31 March 2025"),  # no rule line in it
        ("1.2", "Train staff", "EARLY HELP", "30 June 2024"),
        ("2.1", "Audit plans", "CHILD PROTECTION", "31 July 2024"),
    ]


def test_section_rows_across_a_table_flattened_from_a_pdf():
    def row(*cells: str) -> str:
        widths = [30, 18, 12]
        return "".join(c.ljust(w + 3) for c, w in zip(cells, widths, strict=True)).rstrip()

    text = "\n".join(
        [
            "Eskdale Council",
            "",
            row("Action", "Lead", "Target"),
            "",
            "Early help",
            "",
            row("Make the assessment", "Jane Smith", "31.10.24"),
            row("available online", "", ""),
            "",
            row("Train lead professionals", "Tom Jones", "Sep 2024"),
            "",
            "Child protection",
            "",
            row("Audit plans", "Amy Brown", "30.09.2024"),
            "",
        ]
    )
    parsed = understand("pdf.txt", text.encode())
    got = [(a.text, a.theme, a.due_date) for a in parsed.actions]
    assert got == [
        ("Make the assessment available online", "Early help", dt.date(2024, 10, 31)),
        ("Train lead professionals", "Early help", dt.date(2024, 9, 30)),
        ("Audit plans", "Child protection", dt.date(2024, 9, 30)),
    ]


def test_lettered_sub_actions_in_their_own_column_take_their_letter():
    rows = [
        ["Ref", "Theme", "Action", "Sub-action", "Lead", "Due"],
        [
            "1",
            "Front door",
            "Review thresholds",
            "a) Draft the document",
            "Jane Smith",
            "31/07/2024",
        ],
        ["", "", "", "b) Consult schools", "Tom Jones", "31/10/2024"],
        ["2", "Front door", "Screen every contact", "", "Amy Brown", "31/01/2025"],
    ]
    parsed = understand("s.csv", csv_bytes(rows))
    got = [(a.reference, a.text, a.parent) for a in parsed.actions]
    assert got == [
        ("1", "Review thresholds", ""),
        ("1a", "Draft the document", "1"),
        ("1b", "Consult schools", "1"),
        ("2", "Screen every contact", ""),
    ]


@pytest.mark.django_db
def test_an_imported_recommendation_row_becomes_a_finding_its_actions_answer():
    from stocktake.demo import factories
    from stocktake.imports.services import plan_import

    rows = [
        ["Ref", "Recommendation / action", "Lead", "Target date"],
        ["1", "Leaders should improve the quality of supervision", "", ""],
        ["1.1", "Audit supervision records", "Jane Smith", "31/03/2025"],
        ["1.2", "Train managers", "Tom Jones", "30/06/2025"],
        ["2", "Leaders should reduce caseloads", "", ""],
        ["2.1", "Recruit social workers", "Amy Brown", "30/09/2025"],
    ]
    authority = factories.make_authority()
    plan_import(
        authority=authority, actor=None, filename="r.docx", data=docx_bytes([rows]), plan_name="P"
    )
    plan = authority.plans.get()
    answered = {
        finding.text: sorted(a.reference for a in finding.actions.all())
        for finding in plan.findings.all()
    }
    assert answered == {
        "Leaders should improve the quality of supervision": ["1.1", "1.2"],
        "Leaders should reduce caseloads": ["2.1"],
    }


def test_joint_leads_and_a_partners_role_with_its_organisation():
    joint, _ = parse_owners("Gareth Price and Joanne Fairley")
    assert [(o.name, o.is_role) for o in joint] == [
        ("Gareth Price", False),
        ("Joanne Fairley", False),
    ]
    partner, _ = parse_owners("Partnership Manager, Safeguarding Children Partnership")
    assert [(o.name, o.organisation, o.is_role) for o in partner] == [
        ("Partnership Manager", "Safeguarding Children Partnership", True)
    ]
    # A job title with a comma and no organisation is still one role, as before.
    role, _ = parse_owners("Head of Service, Children in Care")
    assert [(o.name, o.organisation) for o in role] == [("Head of Service, Children in Care", "")]
    # "Heads of Service and Team Managers" is a group of roles, not two people.
    group, _ = parse_owners("Heads of Service and Team Managers")
    assert [o.is_role for o in group] == [True]


def test_progress_paragraphs_lined_up_with_lettered_actions_in_one_cell():
    rows = [
        ["Area", "Actions", "Lead", "Timescale", "Progress"],
        [
            "1\nQuality assurance",
            "a) Publish a learning briefing\nb) Close the loop on audits",
            "Jane Smith, PSW\nTom Jones, Head of QA",
            "Q3 2024/25\nQ1 2024/25",
            "September: Briefing published\nJuly: Audits closed",
        ],
    ]
    parsed = understand("p.docx", docx_bytes([("h1", "Plan 2024/25"), rows]))
    subs = [a for a in parsed.actions if a.kind == "sub_action"]
    got = [(a.text, [(u.date, u.text) for u in a.updates]) for a in subs]
    assert got == [
        ("Publish a learning briefing", [(dt.date(2024, 9, 30), "September: Briefing published")]),
        ("Close the loop on audits", [(dt.date(2024, 7, 31), "July: Audits closed")]),
    ]
    whole = [a for a in parsed.actions if a.kind == "action"]
    assert all(not a.updates for a in whole)  # each paragraph once, on its own action


def test_lettered_actions_under_an_area_number_given_once():
    rows = [
        ["Area", "No.", "Action", "Owner", "Deadline"],
        ["1. Early help", "a", "Agree a strategy", "Head of Early Help", "Mar-25"],
        ["", "b", "Commission parenting", "Head of Early Help", "31/12/24"],
        ["2. Workforce", "a", "Recruit managers", "Head of HR", "Mar-25"],
        ["", "b", "Train supervisors", "Head of HR", "31/12/24"],
    ]
    parsed = understand("a.csv", csv_bytes(rows))
    assert [(a.reference, a.theme) for a in parsed.actions] == [
        ("1a", "Early help"),
        ("1b", "Early help"),
        ("2a", "Workforce"),
        ("2b", "Workforce"),
    ]
    assert not [w for w in parsed.warnings if "used again" in w.message]


def test_an_excel_date_is_read_as_it_is_shown():
    import io

    from openpyxl import Workbook

    from stocktake.imports.document import Table
    from stocktake.imports.readers import read_document

    book = Workbook()
    sheet = book.active
    for column, number_format in enumerate(["mmm-yy", "DD/MM/YYYY", '"Due "mmmm yyyy'], start=1):
        cell = sheet.cell(row=1, column=column, value=dt.datetime(2024, 6, 1))
        cell.number_format = number_format
    out = io.BytesIO()
    book.save(out)
    (table,) = read_document("d.xlsx", out.getvalue()).blocks
    assert isinstance(table, Table)
    assert table.rows[0] == ["June 2024", "2024-06-01", "June 2024"]
