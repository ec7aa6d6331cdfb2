"""Word and Excel plans in the other layouts DOMAIN.md lists, built here with python-docx and
openpyxl."""

from __future__ import annotations

import datetime as dt

import pytest

from stocktake.demo import factories
from stocktake.imports.services import plan_import
from stocktake.imports.tests.builders import (
    HTML_TAG,
    by_ref,
    docx_bytes,
    understand,
    xlsx_bytes,
)
from stocktake.plans.choices import Rag

WORKSTREAMS = [
    ["Workstream", "Action", "By When", "Lead", "Notes"],
    ["Front door", "Review MASH thresholds", "1 August 2017", "Jane Smith / Tom Jones", "n1"],
    ["", "Train staff on consent", "31/10/2017", "Heads of Service", ""],
    ["", "Audit contact decisions", "September 2017", "Jane Smith\nAmy Brown", "n3"],
    ["Workforce", "Recruit social workers", "Sept 2017 and ongoing", "Tom Jones", ""],
    ["", "Supervision policy", "Ongoing", "Amy Brown", ""],
]


def _actions(parsed):
    return [(a.theme, a.text) for a in parsed.actions]


def test_workstream_named_only_on_its_first_row_docx():
    parsed = understand("plan.docx", docx_bytes([("h1", "Improvement plan"), WORKSTREAMS]))
    assert _actions(parsed) == [
        ("Front door", "Review MASH thresholds"),
        ("Front door", "Train staff on consent"),
        ("Front door", "Audit contact decisions"),
        ("Workforce", "Recruit social workers"),
        ("Workforce", "Supervision policy"),
    ]
    assert parsed.themes == ["Front door", "Workforce"]
    actions = parsed.actions
    assert [o.name for o in actions[0].owners] == ["Jane Smith", "Tom Jones"]
    assert [o.name for o in actions[2].owners] == ["Jane Smith", "Amy Brown"]
    assert actions[0].extra == {"Notes": "n1"} and actions[1].extra == {}


def test_a_role_instead_of_a_person_is_flagged_where_it_is():
    parsed = understand("plan.docx", docx_bytes([WORKSTREAMS]))
    [owner] = parsed.actions[1].owners
    assert owner.name == "Heads of Service" and owner.is_role
    assert not any(o.is_role for o in parsed.actions[0].owners)
    [warning] = [w for w in parsed.warnings if "Heads of Service" in w.message]
    assert warning.where.startswith("plan.docx, table 1, row 3")
    assert "role" in warning.message


def test_excel_merged_workstream_and_header_below_title_rows():
    rows = [
        ["Children's Services Improvement Plan 2017–18"],
        ["Version 4 – for the Improvement Board"],
        [],
        ["Workstream", "Action", "By When", "Lead", "Board notes"],
        ["Front door", "Review thresholds", dt.datetime(2017, 8, 1), "Jane Smith", "seen"],
        [None, "Train staff", "31/10/2017", "Tom Jones", None],
        [None, "Audit contacts", "September 2017", "Amy Brown", None],
        ["Workforce", "Recruit", "Monthly", "Amy Brown", "urgent"],
    ]
    parsed = understand("plan.xlsx", xlsx_bytes(rows, merges=["A5:A7"]))
    assert _actions(parsed) == [
        ("Front door", "Review thresholds"),
        ("Front door", "Train staff"),
        ("Front door", "Audit contacts"),
        ("Workforce", "Recruit"),
    ]
    first = parsed.actions[0]
    assert first.due_date == dt.date(2017, 8, 1)
    assert first.where == "plan.xlsx, sheet “Plan”, row 5"  # the row Excel shows
    assert first.extra == {"Board notes": "seen"}
    assert parsed.actions[3].extra == {"Board notes": "urgent"}
    assert not any("Improvement Plan 2017" in t for t in parsed.themes)


def test_ofsted_paragraph_layout_keeps_every_column():
    header = ["No.", "Ofsted Para No", "Ofsted Area for Improvement", "Lead", "Action"]
    header += ["By When", "Progress", "R/A/G", "Monitoring and Evaluation"]
    rows = [
        header,
        [
            *[1, "23", "Assessments lack history", "Jane Smith", "Revise practice standards"],
            *["31/10/2017", "<p>Drafted.</p><ul><li>Consulted</li><li>Agreed</li></ul>", "G"],
            "Monthly audit of 20 cases",
        ],
        [
            *[2, "24", "Supervision is irregular", "Tom Jones", "Supervision tracker"],
            *["1 August 2017", "Not started", "R", "Supervision audit"],
        ],
    ]
    parsed = understand("afi.xlsx", xlsx_bytes(rows))
    first, second = parsed.actions
    assert (first.reference, first.number, first.text) == ("1", 1, "Revise practice standards")
    assert first.extra["Ofsted paragraph"] == "23"
    assert first.extra["Area for improvement"] == "Assessments lack history"
    # A measures column is read as measures of success, linked to the row's action.
    assert "Success measures" not in first.extra
    assert [(m.text, m.action) for m in parsed.measures] == [
        ("Monthly audit of 20 cases", "1"),
        ("Supervision audit", "2"),
    ]
    assert (first.rag, second.rag) == (Rag.GREEN, Rag.RED)
    assert [u.text for u in first.updates] == ["Drafted.\n\n• Consulted\n• Agreed"]
    assert [o.name for o in second.owners] == ["Tom Jones"]


def test_what_who_how_when_layout_keeps_how_as_an_extra_field():
    rows = [
        ["What?", "Who?", "How?", "When?", "Success measures", "Current Status", "Outcome"],
        [
            *[
                "Refresh the neglect strategy",
                "Jane Smith",
                "Partnership workshop<br>then sign-off",
            ],
            *["1 August 2017", "Fewer re-referrals", "Workshop held", "Neglect spotted sooner"],
        ],
    ]
    parsed = understand("what.docx", docx_bytes([rows]))
    [action] = parsed.actions
    assert action.text == "Refresh the neglect strategy"
    assert action.extra["How?"] == "Partnership workshop\nthen sign-off"
    assert [(m.text, m.action) for m in parsed.measures] == [("Fewer re-referrals", "1")]
    assert action.outcome == "Neglect spotted sooner"
    assert [u.text for u in action.updates] == ["Workshop held"]
    assert [o.name for o in action.owners] == ["Jane Smith"]
    assert action.due_date == dt.date(2017, 8, 1)


def test_recommendation_layout():
    rows = [
        ["Recommendation", "Responsible Officer", "Update on progress", "Achieved", "On target"],
        ["Improve YOT case planning", "Sam Patel – YOT Manager", "Audit complete", "No", "Yes"],
    ]
    [action] = understand("recs.xlsx", xlsx_bytes(rows)).actions
    assert action.text == "Improve YOT case planning"
    assert [(o.name, o.title) for o in action.owners] == [("Sam Patel", "YOT Manager")]
    assert [u.text for u in action.updates] == ["Audit complete"]
    assert action.extra == {"Achieved": "No", "On target": "Yes"}


DEADLINES = [
    # written, due_start, due_date, a note is expected
    ("1 August 2017", None, dt.date(2017, 8, 1), False),
    ("31/10/2017", None, dt.date(2017, 10, 31), False),
    ("September 2017", None, dt.date(2017, 9, 30), True),
    ("Sept 2017 and ongoing", None, dt.date(2017, 9, 30), True),
    ("Ongoing", None, None, False),
    ("Monthly", None, None, False),
    ("Draft 1 July 2017; sign-off 31 August 2017", dt.date(2017, 7, 1), dt.date(2017, 8, 31), True),
]


def _deadline_plan(deadlines: list[str]) -> bytes:
    rows = [["Ref", "Action", "Lead", "Deadline"]]
    rows += [[f"D{i}", f"Step {i}", "Jane Smith", text] for i, text in enumerate(deadlines, 1)]
    return docx_bytes([rows])


def test_deadlines_in_the_forms_plans_use():
    parsed = understand("dates.docx", _deadline_plan([d[0] for d in DEADLINES]))
    for index, (written, start, due, noted) in enumerate(DEADLINES, start=1):
        action = by_ref(parsed)[f"D{index}"]
        assert action.deadline_text == written
        assert (action.due_start, action.due_date) == (start, due), written
        notes = [
            w
            for w in parsed.warnings
            if w.where.startswith(f"dates.docx, table 1, row {index + 1},")
        ]
        assert bool(notes) == noted, (written, notes)
        assert all("no due date" not in w.message for w in notes)


def test_impossible_date_kept_as_written_with_a_warning_naming_its_place():
    parsed = understand("dates.docx", _deadline_plan(["1 August 2017", "31 Sept 2017"]))
    action = by_ref(parsed)["D2"]
    assert action.deadline_text == "31 Sept 2017"
    assert action.due_date is None and action.due_start is None
    [warning] = parsed.warnings
    assert warning.where == "dates.docx, table 1, row 3, column “Deadline”"
    assert "31 Sept 2017" in warning.message and "not a real date" in warning.message


@pytest.mark.django_db
def test_deadlines_are_stored_as_written_with_their_dates():
    authority = factories.make_authority()
    data = _deadline_plan([d[0] for d in DEADLINES])
    plan_import(authority=authority, actor=None, filename="d.docx", data=data, plan_name="P")
    stored = {a.reference: a for a in authority.plans.get().actions.all()}
    for index, (written, start, due, _) in enumerate(DEADLINES, start=1):
        action = stored[f"D{index}"]
        assert (action.deadline_text, action.due_start, action.due_date) == (written, start, due)


@pytest.mark.django_db
def test_impossible_date_does_not_stop_the_import():
    authority = factories.make_authority()
    data = _deadline_plan(["1 August 2017", "31 Sept 2017"])
    plan_import(authority=authority, actor=None, filename="d.docx", data=data, plan_name="P")
    action = authority.plans.get().actions.get(reference="D2")
    assert (action.deadline_text, action.due_date) == ("31 Sept 2017", None)


def test_measures_of_success_after_a_workstream_belong_to_its_theme():
    header = ["Ref", "Action", "Lead", "Deadline"]
    blocks = [
        ("h1", "Improvement plan 2017"),
        ("h2", "Front door"),
        ("p", "This workstream answers the findings about the MASH."),
        [header, ["FD1", "Review thresholds", "Jane Smith", "1 August 2017"]],
        ("p", "Measures of success"),
        ("bullet", "re-referral rates maintained in the good or outstanding thresholds"),
        ("bullet", "contacts screened within 24 hours"),
        ("h2", "Workforce"),
        [header, ["WF1", "Recruit social workers", "Tom Jones", "31/10/2017"]],
        ("p", "Measures of success:"),
        ("bullet", "caseloads below 20"),
    ]
    parsed = understand("ws.docx", docx_bytes(blocks))
    assert parsed.themes == ["Front door", "Workforce"]
    assert [(a.reference, a.theme) for a in parsed.actions] == [
        ("FD1", "Front door"),
        ("WF1", "Workforce"),
    ]
    assert [(m.theme, m.text) for m in parsed.measures] == [
        ("Front door", "re-referral rates maintained in the good or outstanding thresholds"),
        ("Front door", "contacts screened within 24 hours"),
        ("Workforce", "caseloads below 20"),
    ]


@pytest.mark.django_db
def test_measures_and_extra_columns_are_stored():
    header = ["Ref", "Action", "Lead", "Deadline", "Budget code"]
    blocks = [
        ("h2", "Front door"),
        [header, ["FD1", "Review thresholds", "Jane Smith", "1 August 2017", "CS-114"]],
        ("p", "Measures of success"),
        ("bullet", "contacts screened within 24 hours"),
    ]
    authority = factories.make_authority()
    plan_import(
        authority=authority, actor=None, filename="m.docx", data=docx_bytes(blocks), plan_name="P"
    )
    plan = authority.plans.get()
    [measure] = plan.measures.select_related("theme")
    assert (measure.text, measure.theme.name) == ("contacts screened within 24 hours", "Front door")
    action = plan.actions.get()
    assert action.extra == {"Budget code": "CS-114"}
    assert action.theme.name == "Front door"


def test_docx_heading_styles_become_themes():
    header = ["ID", "Action", "Accountable person", "Deadline"]
    blocks = [
        ("h1", "Leadership"),
        ("p", "Leaders will know their services well."),
        [header, ["L1", "Weekly performance clinic", "Jane Smith – Director", "Monthly"]],
        ("h2", "Children in care"),
        [header, ["C1", "Refresh the sufficiency strategy", "Tom Jones", "31/10/2017"]],
        ("h2", "Care leavers"),
        [header, ["C2", "Open a care leavers' hub", "Amy Brown", "Ongoing"]],
    ]
    parsed = understand("themes.docx", docx_bytes(blocks))
    assert parsed.themes == ["Leadership", "Children in care", "Care leavers"]
    assert [a.theme for a in parsed.actions] == parsed.themes
    assert [(o.name, o.title) for o in parsed.actions[0].owners] == [("Jane Smith", "Director")]


def test_html_fragments_in_cells_become_clean_text():
    cell = (
        '<p>Staff briefed.</p> <ul style="list-style-type: none"><li>Team A</li>'
        "<li>Team B</li></ul><p>Next:<br>audit in July</p>"
    )
    rows = [
        ["Ref", "Action", "Lead", "Progress"],
        ["H1", "<p>Brief <strong>all</strong> staff</p>", "Jane Smith", cell],
    ]
    for name, data in (("h.docx", docx_bytes([rows])), ("h.xlsx", xlsx_bytes(rows))):
        [action] = understand(name, data).actions
        assert action.text == "Brief all staff"
        [update] = action.updates
        assert update.text == "Staff briefed.\n\n• Team A\n• Team B\n\nNext:\naudit in July"
        assert not HTML_TAG.search(update.text + action.text)
