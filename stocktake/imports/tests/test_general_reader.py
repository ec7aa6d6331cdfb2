"""The general reader: column roles from headings and values, row types, the hierarchy,
dates in the plan's context, owners and measures, in layouts other councils use."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document as new_docx

from stocktake.demo import factories
from stocktake.imports.roles import assign
from stocktake.imports.services import plan_import
from stocktake.imports.tests.builders import by_ref, csv_bytes, docx_bytes, understand, xlsx_bytes
from stocktake.plans.choices import Rag


def _roles(header: list[str], body: list[list[str]]) -> list[str | None]:
    return [c.role for c in assign(header, body)]


# 1. Column roles ----------------------------------------------------------------------
def test_headings_it_never_knew_and_a_blank_heading_judged_by_values():
    header = ["Ref", "Recommendation", "Action", "Lead officer", "Target completion", ""]
    body = [
        ["3.2", "Improve planning", "Audit plans", "Jane Smith", "31/03/2025", "Amber"],
        ["4(ii)", "Improve planning", "Train staff", "Tom Jones", "30/06/2025", "Green"],
        ["W2b", "Supervision", "Tracker", "Amy Brown", "30/09/2025", "Red"],
    ]
    assert _roles(header, body) == ["reference", "finding", "action", "owner", "deadline", "rag"]


def test_a_blank_heading_over_dates_is_the_deadline():
    header = ["Action", "Lead", ""]
    body = [["Audit", "Jane Smith", "31/03/2025"], ["Train", "Tom Jones", "June 2025"]]
    body.append(["Recruit", "Amy Brown", "Q3 2024/25"])
    assert _roles(header, body) == ["action", "owner", "deadline"]


def test_values_overrule_a_heading_that_misleads():
    header = ["No", "Action", "Status", "Lead"]
    body = [["1.1", "Audit", "Red", "Jane Smith"], ["1.2", "Train", "Amber", "Tom Jones"]]
    body.append(["2.1", "Recruit", "Green", "Amy Brown"])
    assert _roles(header, body) == ["reference", "action", "rag", "owner"]


def test_recommendation_left_of_action_is_the_finding_it_answers():
    rows = [
        ["Recommendation", "Action", "Lead", "Deadline"],
        ["Plans are not specific", "Audit every plan", "Jane Smith", "31/03/2025"],
        ["", "Train staff in SMART plans", "Tom Jones", "30/06/2025"],
        ["Supervision is irregular", "Supervision tracker", "Amy Brown", "30/09/2025"],
    ]
    parsed = understand("recs.csv", csv_bytes(rows))
    assert [(a.text, a.finding) for a in parsed.actions] == [
        ("Audit every plan", "Plans are not specific"),
        ("Train staff in SMART plans", "Plans are not specific"),
        ("Supervision tracker", "Supervision is irregular"),
    ]
    assert parsed.actions[0].extra["Area for improvement"] == "Plans are not specific"


def test_several_progress_and_rag_columns_dated_by_their_headings():
    rows = [
        ["Ref", "Action", "Lead", "Deadline", "Update May 2024", "Update Sept 2024"],
        ["A1", "Audit plans", "Jane Smith", "31/03/2025", "Started", "Half done"],
        ["A2", "Train staff", "Tom Jones", "30/06/2025", "", "Booked"],
    ]
    rows[0] += ["RAG Q1", "RAG Q2"]
    rows[1] += ["Red", "Amber"]
    rows[2] += ["Green", ""]
    parsed = understand("p.xlsx", xlsx_bytes(rows))
    a1, a2 = parsed.actions
    assert [(u.text, u.date, u.precision) for u in a1.updates] == [
        ("Started", dt.date(2024, 5, 31), "month"),
        ("Half done", dt.date(2024, 9, 30), "month"),
    ]
    assert a1.rag == Rag.AMBER and a1.extra["RAG Q1"] == "Red"
    assert a2.rag == Rag.GREEN
    assert [u.date for u in a2.updates] == [dt.date(2024, 9, 30)]


def test_a_month_at_the_start_of_an_update_dates_it():
    rows = [
        ["Ref", "Action", "Lead", "Progress"],
        ["A1", "Audit plans", "Jane Smith", "March 2024: audit started\n\nJune 2024 – audit done"],
    ]
    [action] = understand("p.csv", csv_bytes(rows)).actions
    assert [(u.date, u.precision) for u in action.updates] == [
        (dt.date(2024, 3, 31), "month"),
        (dt.date(2024, 6, 30), "month"),
    ]
    assert action.updates[0].text.startswith("March 2024")  # the text is kept as written


# 2. Row types -------------------------------------------------------------------------
def test_section_rows_in_csv_become_themes_not_actions():
    rows = [
        ["Ref", "Action", "Lead", "Deadline"],
        ["Theme 1: Early help", "", "", ""],
        ["1.1", "Refresh the early help offer", "Jane Smith", "31/03/2025"],
        ["", "Leadership and management", "", ""],
        ["2.1", "Weekly performance clinic", "Tom Jones", "30/06/2025"],
    ]
    parsed = understand("s.csv", csv_bytes(rows))
    assert [(a.reference, a.theme) for a in parsed.actions] == [
        ("1.1", "Early help"),
        ("2.1", "Leadership and management"),
    ]


def test_merged_section_rows_in_excel_and_word():
    rows = [
        ["Action", "Lead", "Deadline"],
        ["Front door", None, None],
        ["Review thresholds", "Jane Smith", "31/03/2025"],
        ["Workforce", None, None],
        ["Recruit social workers", "Tom Jones", "30/06/2025"],
    ]
    parsed = understand("m.xlsx", xlsx_bytes(rows, merges=["A2:C2", "A4:C4"]))
    assert [(a.text, a.theme) for a in parsed.actions] == [
        ("Review thresholds", "Front door"),
        ("Recruit social workers", "Workforce"),
    ]
    document = new_docx()
    table = document.add_table(rows=5, cols=3)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value:
                table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(1, 2))
    table.cell(3, 0).merge(table.cell(3, 2))
    import io

    out = io.BytesIO()
    document.save(out)
    parsed = understand("m.docx", out.getvalue())
    assert [(a.text, a.theme) for a in parsed.actions] == [
        ("Review thresholds", "Front door"),
        ("Recruit social workers", "Workforce"),
    ]


def test_numbered_hierarchy_recommendation_action_sub_action():
    rows = [
        ["Ref", "Action", "Lead", "Deadline"],
        ["1", "Leaders do not know the quality of practice well enough.", "", ""],
        ["1.1", "Monthly practice week", "Jane Smith", "31/03/2025"],
        ["1.1.a", "Book the auditors", "Tom Jones", "31/01/2025"],
        ["1.1.b", "Publish the findings", "Amy Brown", "28/02/2025"],
        ["1.2", "Performance clinic", "Jane Smith", "30/06/2025"],
        ["2", "Workforce", "", ""],
        ["2.1", "Recruit", "Tom Jones", "30/09/2025"],
    ]
    parsed = understand("h.csv", csv_bytes(rows))
    got = [(a.reference, a.kind, a.parent, a.theme) for a in parsed.actions]
    assert got == [
        ("1.1", "action", "", ""),
        ("1.1.a", "sub_action", "1.1", ""),
        ("1.1.b", "sub_action", "1.1", ""),
        ("1.2", "action", "", ""),
        ("2.1", "action", "", "Workforce"),
    ]
    finding = "Leaders do not know the quality of practice well enough."
    assert by_ref(parsed)["1.1"].finding == finding
    assert by_ref(parsed)["1.2"].finding == finding
    assert by_ref(parsed)["2.1"].finding == ""
    [tree_theme, workforce] = parsed.hierarchy()
    assert tree_theme["findings"][0]["actions"][0]["sub_actions"][1]["ref"] == "1.1.b"
    assert workforce["actions"][0]["ref"] == "2.1"


def test_a_sub_action_column_under_an_action_merged_down():
    rows = [
        ["Action", "Sub-action", "Lead", "Deadline"],
        ["Improve supervision", "Write the policy", "Jane Smith", "31/01/2025"],
        [None, "Train managers", "Tom Jones", "28/02/2025"],
        ["Recruit", "Advertise", "Amy Brown", "31/03/2025"],
    ]
    parsed = understand("sub.xlsx", xlsx_bytes(rows, merges=["A2:A3"]))
    got = [(a.reference, a.kind, a.parent, a.text) for a in parsed.actions]
    assert got == [
        ("1", "action", "", "Improve supervision"),
        ("1.1", "sub_action", "1", "Write the policy"),
        ("1.2", "sub_action", "1", "Train managers"),
        ("4", "action", "", "Recruit"),
        ("4.1", "sub_action", "4", "Advertise"),
    ]
    assert by_ref(parsed)["1.2"].owners[0].name == "Tom Jones"


def test_area_number_given_once_over_several_actions():
    rows = [
        ["Area", "Action", "Lead", "Deadline"],
        ["3", "Audit plans", "Jane Smith", "31/03/2025"],
        ["", "Train staff", "Tom Jones", "30/06/2025"],
        ["", "Recruit", "Amy Brown", "30/09/2025"],
    ]
    parsed = understand("a.csv", csv_bytes(rows))
    assert [a.text for a in parsed.actions] == ["Audit plans", "Train staff", "Recruit"]
    assert [a.owners[0].name for a in parsed.actions] == ["Jane Smith", "Tom Jones", "Amy Brown"]


def test_an_owner_merged_down_over_several_actions_belongs_to_each():
    rows = [
        ["ID", "Action", "Lead", "Deadline"],
        ["A1", "Audit plans", "Jane Smith", "31/03/2025"],
        ["A2", "Train staff", None, "30/06/2025"],
    ]
    parsed = understand("o.xlsx", xlsx_bytes(rows, merges=["C2:C3"]))
    assert [[o.name for o in a.owners] for a in parsed.actions] == [["Jane Smith"], ["Jane Smith"]]


def test_numbered_paragraphs_in_one_cell_lined_up_with_owners_and_dates():
    rows = [
        ["Ref", "Action", "Lead", "Deadline"],
        [
            "5",
            "Strengthen supervision:\n1. Write the policy\n2. Train managers",
            "Jane Smith\nTom Jones",
            "31/01/2025\n28/02/2025",
        ],
    ]
    parsed = understand("n.docx", docx_bytes([rows]))
    got = [
        (a.reference, a.kind, a.text, [o.name for o in a.owners], a.due_date)
        for a in parsed.actions
    ]
    assert got == [
        (
            "5",
            "action",
            "Strengthen supervision:",
            ["Jane Smith", "Tom Jones"],
            dt.date(2025, 2, 28),
        ),
        ("5.1", "sub_action", "Write the policy", ["Jane Smith"], dt.date(2025, 1, 31)),
        ("5.2", "sub_action", "Train managers", ["Tom Jones"], dt.date(2025, 2, 28)),
    ]


def test_one_sheet_per_theme_skips_the_cover_and_key():
    from openpyxl import Workbook

    workbook = Workbook()
    cover = workbook.active
    cover.title = "Cover"
    cover.append(["Improvement plan 2024/25"])
    cover.append(["Version 3"])
    for name, action in (("Early help", "Refresh the offer"), ("Workforce", "Recruit")):
        sheet = workbook.create_sheet(name)
        sheet.append(["Action", "Lead", "Deadline"])
        sheet.append([action, "Jane Smith", "31/03/2025"])
    key = workbook.create_sheet("Key")
    key.append(["R", "Red – off track"])
    key.append(["G", "Green – on track"])
    import io

    out = io.BytesIO()
    workbook.save(out)
    parsed = understand("sheets.xlsx", out.getvalue())
    assert [(a.text, a.theme) for a in parsed.actions] == [
        ("Refresh the offer", "Early help"),
        ("Recruit", "Workforce"),
    ]
    assert parsed.themes == ["Early help", "Workforce"]


def test_a_version_line_or_key_is_never_a_theme():
    rows = [["Ref", "Action", "Lead", "Deadline"], ["A1", "Audit", "Jane Smith", "31/03/2025"]]
    blocks = [("p", "Version 4.2 – March 2024"), rows]
    assert understand("v.docx", docx_bytes(blocks)).actions[0].theme == ""
    blocks = [("p", "Key: R = Red, A = Amber, G = Green"), rows]
    assert understand("k.docx", docx_bytes(blocks)).actions[0].theme == ""


# 3. Dates in context -------------------------------------------------------------------
def test_dates_in_the_plans_own_year():
    rows = [
        ["Ref", "Action", "Lead", "Deadline"],
        ["D1", "a", "Jane Smith", "Q3 2024/25"],
        ["D2", "b", "Jane Smith", "end of March"],
        ["D3", "c", "Jane Smith", "w/c 3 June"],
        ["D4", "d", "Jane Smith", "Mar 25"],
        ["D5", "e", "Jane Smith", "31/03/25"],
        ["D6", "f", "Jane Smith", "Phase 2 June"],
        ["D7", "g", "Jane Smith", "by week 6"],
    ]
    blocks = [("h1", "Improvement plan 2024/25"), rows]
    parsed = understand("d.docx", docx_bytes(blocks), week1=dt.date(2024, 4, 1))
    got = {a.reference: (a.due_date, a.deadline_precision, a.deadline_text) for a in parsed.actions}
    assert got == {
        "D1": (dt.date(2024, 12, 31), "quarter", "Q3 2024/25"),
        "D2": (dt.date(2025, 3, 31), "month", "end of March"),
        "D3": (dt.date(2024, 6, 9), "day", "w/c 3 June"),
        "D4": (dt.date(2025, 3, 31), "month", "Mar 25"),
        "D5": (dt.date(2025, 3, 31), "day", "31/03/25"),
        "D6": (dt.date(2024, 6, 30), "month", "Phase 2 June"),  # never "2 June"
        "D7": (dt.date(2024, 5, 12), "week", "by week 6"),
    }
    warned = {w.where.split("row ")[1].split(",")[0] for w in parsed.warnings}
    assert {"2", "3", "4", "5", "7"} <= warned  # every period or guessed year is warned


# 4. Owners ------------------------------------------------------------------------------
def test_owner_shapes():
    rows = [
        ["Ref", "Action", "Lead", "Deadline"],
        ["O1", "a", "Anne Brown, Head of Service", "31/03/2025"],
        ["O2", "b", "Head of Quality Assurance (CD)", "31/03/2025"],
        ["O3", "c", "Head of Early Help / Targeted Services", "31/03/2025"],
        ["O4", "d", "Jane Smith / Tom Jones", "31/03/2025"],
        ["O5", "e", "AB", "31/03/2025"],
    ]
    blocks = [rows, ("p", "Key: AB – Anne Brown, Head of Service; CD – Carl Dean, Head of QA")]
    parsed = understand("o.docx", docx_bytes(blocks))
    owners = {a.reference: [(o.name, o.title) for o in a.owners] for a in parsed.actions}
    assert owners["O1"] == [("Anne Brown", "Head of Service")]
    assert owners["O2"] == [("Carl Dean", "Head of Quality Assurance")]
    assert owners["O3"] == [("Head of Early Help / Targeted Services", "")]
    assert owners["O4"] == [("Jane Smith", ""), ("Tom Jones", "")]
    assert owners["O5"] == [("Anne Brown", "Head of Service")]


# 5. Measures -------------------------------------------------------------------------------
def test_measures_under_any_heading_that_names_them_and_in_measures_tables():
    action_rows = [["Ref", "Action", "Lead", "Deadline"], ["A1", "Audit", "Jane Smith", "Monthly"]]
    blocks = [
        ("h2", "Front door"),
        action_rows,
        ("p", "How will we know we have made a difference?"),
        ("bullet", "Re-referrals below 20%"),
        ("h2", "Workforce"),
        [["Success measure", "Baseline", "Target"], ["Caseloads below 20", "24", "18"]],
    ]
    parsed = understand("m.docx", docx_bytes(blocks))
    assert [(m.theme, m.text) for m in parsed.measures] == [
        ("Front door", "Re-referrals below 20%"),
        ("Workforce", "Caseloads below 20"),
    ]


# 8. Dry-run JSON -------------------------------------------------------------------------
def test_json_gives_rag_update_dates_hierarchy_and_columns():
    rows = [
        ["Ref", "Action", "Lead", "Deadline", "RAG", "Update Q2 2024/25"],
        ["1.1", "Audit", "Jane Smith", "31/03/2025", "Amber", "Half done"],
        ["1.1.a", "Book", "Tom Jones", "31/01/2025", "Green", ""],
    ]
    body = understand("j.csv", csv_bytes(rows)).as_json()
    first = body["actions"][0]
    assert first["rag"] == "amber"
    assert first["updates"][0]["date"] == "2024-09-30"
    assert first["updates"][0]["precision"] == "quarter"
    assert body["actions"][1]["parent"] == "1.1"
    assert body["hierarchy"][0]["actions"][0]["sub_actions"][0]["ref"] == "1.1.a"
    [layout] = body["columns"]
    assert [c["role"] for c in layout["columns"]] == [
        "reference",
        "action",
        "owner",
        "deadline",
        "rag",
        "update",
    ]
    assert layout["columns"][5]["dated"] == "2024-09-30"


@pytest.mark.django_db
def test_sub_actions_are_imported_as_actions_linked_to_their_action():
    rows = [
        ["Ref", "Action", "Lead", "Deadline"],
        ["1.1", "Monthly practice week", "Jane Smith", "31/03/2025"],
        ["1.1.a", "Book the auditors", "Tom Jones", "31/01/2025"],
    ]
    authority = factories.make_authority()
    plan_import(
        authority=authority, actor=None, filename="s.csv", data=csv_bytes(rows), plan_name="P"
    )
    plan = authority.plans.get()
    parent, sub = plan.actions.get(reference="1.1"), plan.actions.get(reference="1.1.a")
    assert list(sub.related.all()) == [parent]
    assert sub.extra["Sub-action of"] == "1.1"
    assert [o.person.name for o in sub.owners.all()] == ["Tom Jones"]


# 6. Text plans ------------------------------------------------------------------------------
def test_a_plan_written_as_labelled_blocks():
    text = "\n".join(
        [
            "Improvement plan 2024/25",
            "",
            "Early help",
            "",
            "Action 1.1",
            "Action: Refresh the early help offer",
            "Lead: Jane Smith, Head of Early Help",
            "Deadline: 31 March 2025",
            "Progress: May 2024 – consultation open",
            "",
            "Action 1.2",
            "Action: Train staff in the new assessment",
            "with partners",
            "Lead: Tom Jones",
            "Deadline: Q3 2024/25",
            "",
        ]
    )
    parsed = understand("blocks.txt", text.encode("cp1252", "replace"))
    got = [(a.reference, a.text, a.theme, [o.name for o in a.owners]) for a in parsed.actions]
    assert got == [
        ("1.1", "Refresh the early help offer", "Early help", ["Jane Smith"]),
        (
            "1.2",
            "Train staff in the new assessment\nwith partners",
            "Early help",
            ["Tom Jones"],
        ),
    ]
    assert parsed.actions[0].due_date == dt.date(2025, 3, 31)
    assert parsed.actions[1].due_date == dt.date(2024, 12, 31)
    assert parsed.actions[0].updates[0].date == dt.date(2024, 5, 31)


def test_a_table_flattened_into_text_from_a_pdf():
    lines = [
        "Children's services improvement plan 2024",
        "",
        "Ref   Action                        Lead             Deadline",
        "1.1   Audit every child's plan      Jane Smith       31/03/2025",
        "      and share the findings",
        "1.2   Recruit two team managers     Tom Jones        June 2025",
    ]
    parsed = understand("flat.txt", "\n".join(lines).encode())
    got = [(a.reference, a.text, a.owners[0].name, a.due_date) for a in parsed.actions]
    assert got == [
        (
            "1.1",
            "Audit every child's plan and share the findings",
            "Jane Smith",
            dt.date(2025, 3, 31),
        ),
        ("1.2", "Recruit two team managers", "Tom Jones", dt.date(2025, 6, 30)),
    ]


def test_semicolon_csv_in_windows_1252():
    rows = [
        ["Ref", "Action", "Owner", "Target date"],
        ["A1", "Review – thresholds", "Jane Smith", "Mar 25"],
    ]
    [action] = understand("p.csv", csv_bytes(rows, delimiter=";", encoding="cp1252")).actions
    assert (action.text, action.due_date) == ("Review – thresholds", dt.date(2025, 3, 31))


def test_a_key_table_of_initials_and_updates_dated_line_by_line():
    key = [
        ["Initials", "Name", "Role"],
        ["SR", "Sarah Reed", "Director"],
        ["PW", "Paul White", "Head of QA"],
    ]
    acts = [
        ["Ref", "Action", "Lead", "By when", "Progress", ""],
        ["A1", "Do it", "SR", "31 May 2024", "April 2024 – started\nMay 2024 – done", "Minutes"],
        ["A2", "Other", "PW (Head of QA)", "w/c 3 June", "", ""],
    ]
    parsed = understand("k.docx", docx_bytes([("h1", "Plan 2024"), key, acts]))
    a1, a2 = parsed.actions
    assert [(o.name, o.title) for o in a1.owners] == [("Sarah Reed", "Director")]
    assert [(o.name, o.title) for o in a2.owners] == [("Paul White", "Head of QA")]
    assert [u.date for u in a1.updates] == [dt.date(2024, 4, 30), dt.date(2024, 5, 31)]
    assert a1.extra["Column 6"] == "Minutes"  # a column with no heading is kept, by its place


def test_a_file_of_measures_only_is_read_not_refused():
    rows = [
        ["Theme", "Impact measure", "Baseline", "Target"],
        ["Early help", "Re-referrals", "24%", "18%"],
    ]
    parsed = understand("m.csv", csv_bytes(rows))
    assert parsed.errors == []
    assert [(m.theme, m.text) for m in parsed.measures] == [("Early help", "Re-referrals")]


@pytest.mark.django_db
def test_an_unexpected_failure_is_refused_in_words(monkeypatch):
    from stocktake.imports import services

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(services, "interpret", broken)
    rows = [["Ref", "Action", "Lead"], ["A1", "Audit", "Jane Smith"]]
    with pytest.raises(services.ImportRefused) as refused:
        plan_import(
            authority=factories.make_authority(),
            actor=None,
            filename="p.csv",
            data=csv_bytes(rows),
            plan_name="P",
        )
    [problem] = refused.value.problems
    assert problem.where == "p.csv" and "could not make sense" in problem.message


def test_the_plans_week_one_read_from_the_document():
    rows = [["Ref", "Action", "Lead", "Deadline"], ["W1", "Audit", "Jane Smith", "by week 6"]]
    blocks = [("p", "Week 1 of the plan begins on Monday 2 September 2024."), rows]
    parsed = understand("w.docx", docx_bytes(blocks))
    assert parsed.week1 == dt.date(2024, 9, 2)
    assert parsed.actions[0].due_date == dt.date(2024, 10, 13)


def test_rag_words_with_a_comment_after_them():
    rows = [["Ref", "Action", "Lead", "RAG"], ["A1", "Audit", "Jane Smith", "Green – on track"]]
    rows.append(["A2", "Train", "Tom Jones", "AMBER (slipping)"])
    parsed = understand("r.csv", csv_bytes(rows))
    assert [a.rag for a in parsed.actions] == [Rag.GREEN, Rag.AMBER]
    assert parsed.actions[0].extra["RAG"] == "Green – on track"


def test_a_workbook_that_misstates_its_size_is_read_whole():
    import re as regex

    from stocktake.imports.tests.builders import rezip

    rows = [["Ref", "Action", "Lead"], ["A1", "Audit", "Jane Smith"], ["A2", "Train", "Tom Jones"]]
    data = xlsx_bytes(rows)
    import io
    import zipfile

    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    wrong = regex.sub(rb'<dimension ref="[^"]+"\s*/>', b'<dimension ref="A1"/>', sheet)
    assert wrong != sheet
    parsed = understand("w.xlsx", rezip(data, replace={"xl/worksheets/sheet1.xml": wrong}))
    assert [a.reference for a in parsed.actions] == ["A1", "A2"]
