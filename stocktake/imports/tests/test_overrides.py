"""The lead's corrections as the reader applies them: a column's role and a row's type,
keyed by the table's place in the document and the column's or row's index (ADR 0022)."""

from __future__ import annotations

import datetime as dt

from stocktake.imports.interpret import interpret
from stocktake.imports.overrides import COLUMN_ROLES, ROW_TYPES, Overrides
from stocktake.imports.parsed import ParsedPlan
from stocktake.imports.readers import read_document
from stocktake.imports.tests.builders import by_ref, csv_bytes, docx_bytes

ROWS = [
    # Row 0. "Notes" is no heading the reader knows, and not every cell in it is a date:
    # it is kept as written until the lead says it holds the deadlines.
    ["Ref", "Action", "Lead", "Notes"],
    ["1", "Audit every plan", "Jane Smith", "31/03/2025"],
    ["2", "Train the social workers", "Tom Jones", "30/06/2025"],
    ["", "Early help", "", ""],  # row 3: a short title alone: read as a section
    ["3", "Recruit managers", "Amy Brown", "TBC"],
    ["4", "Check the recruitment", "Amy Brown", "After the audit"],
]


def _read(rows: list[list[str]] = ROWS, overrides: Overrides | None = None) -> ParsedPlan:
    document = read_document("plan.csv", csv_bytes(rows))
    return interpret(document, overrides=overrides)


def _types(parsed: ParsedPlan) -> dict[int, str]:
    return {row["row"]: row["type"] for row in parsed.rows}


def test_without_corrections_each_row_and_column_says_how_it_was_read():
    parsed = _read()
    [layout] = parsed.layouts
    assert layout["table"] == "1"
    assert [c["role"] for c in layout["columns"]] == ["reference", "action", "owner", "extra"]
    assert [c["read_as"] for c in layout["columns"]] == ["reference", "action", "owner", "extra"]
    assert [c["index"] for c in layout["columns"]] == [0, 1, 2, 3]
    types = _types(parsed)
    assert types == {1: "action", 2: "action", 3: "section", 4: "action", 5: "action"}
    assert [r["ref"] for r in parsed.rows] == ["1", "2", "", "3", "4"]
    assert parsed.rows[0]["text"] == "Audit every plan Jane Smith 31/03/2025"
    assert by_ref(parsed)["1"].due_date is None  # the date column was kept as written


def test_a_column_given_its_role_is_read_in_that_role():
    parsed = _read(overrides=Overrides(columns={("1", 3): "deadline"}))
    assert by_ref(parsed)["1"].due_date == dt.date(2025, 3, 31)
    assert "Notes" not in by_ref(parsed)["1"].extra
    column = parsed.layouts[0]["columns"][3]
    assert (column["role"], column["read_as"]) == ("deadline", "extra")


def test_a_column_kept_as_written_loses_its_role():
    parsed = _read(overrides=Overrides(columns={("1", 2): "extra"}))
    action = by_ref(parsed)["1"]
    assert action.owners == []
    assert action.extra["Lead"] == "Jane Smith"
    assert parsed.layouts[0]["columns"][2]["role"] == "extra"


def test_a_correction_for_another_table_changes_nothing_here():
    parsed = _read(overrides=Overrides(columns={("2", 3): "deadline"}))
    assert by_ref(parsed)["1"].due_date is None


def test_a_section_row_made_a_continuation_joins_the_action_above():
    before = by_ref(_read())
    assert before["3"].theme == "Early help"
    parsed = _read(overrides=Overrides(rows={("1", 3): "continuation"}))
    actions = by_ref(parsed)
    assert actions["2"].text == "Train the social workers Early help"
    assert actions["3"].theme != "Early help"
    assert _types(parsed)[3] == "continuation"
    assert parsed.rows[2]["read_as"] == ""  # the lead's type, not the reader's


def test_an_action_row_made_a_section_themes_the_actions_below_it():
    parsed = _read(overrides=Overrides(rows={("1", 4): "section"}))
    actions = by_ref(parsed)
    assert "3" not in actions
    assert actions["4"].theme == "Recruit managers"


def test_an_action_row_made_a_continuation_joins_the_action_above():
    parsed = _read(overrides=Overrides(rows={("1", 5): "continuation"}))
    actions = by_ref(parsed)
    assert "4" not in actions
    assert "Check the recruitment" in actions["3"].text


def test_an_ignored_row_is_left_out():
    parsed = _read(overrides=Overrides(rows={("1", 2): "ignored"}))
    assert sorted(by_ref(parsed)) == ["1", "3", "4"]
    assert _types(parsed)[2] == "ignored"


def test_a_row_made_a_sub_action_sits_under_the_action_above():
    parsed = _read(overrides=Overrides(rows={("1", 5): "sub_action"}))
    action = by_ref(parsed)["4"]
    assert (action.kind, action.parent) == ("sub_action", "3")


def test_a_row_made_a_finding_is_what_the_next_actions_answer():
    parsed = _read(overrides=Overrides(rows={("1", 3): "finding"}))
    actions = by_ref(parsed)
    assert actions["3"].finding == "Early help"
    assert actions["1"].finding == ""


def test_a_continuation_row_made_an_action_is_an_action():
    parsed = _read(overrides=Overrides(rows={("1", 3): "action"}))
    assert [a.text for a in parsed.actions][2] == "Early help"
    assert len(parsed.actions) == 5


def test_tables_are_named_by_their_place_in_the_document():
    table = [["Ref", "Action", "Lead", "Deadline"], ["1", "Audit", "Jane Smith", "31/03/2025"]]
    second = [["Ref", "Action", "Owner", "Due"], ["9", "Train", "Tom Jones", "30/06/2025"]]
    data = docx_bytes([("h1", "Safeguarding"), table, ("h1", "Early help"), second])
    overrides = Overrides(columns={("2", 3): "extra"})
    parsed = interpret(read_document("plan.docx", data), overrides=overrides)
    assert [layout["table"] for layout in parsed.layouts] == ["1", "2"]
    actions = by_ref(parsed)
    assert actions["1"].due_date == dt.date(2025, 3, 31)
    assert actions["9"].due_date is None
    assert {r["table"] for r in parsed.rows} == {"1", "2"}


def test_corrections_kept_as_json_are_read_back_and_nonsense_is_left_out():
    overrides = Overrides.from_json(
        {
            "columns": {"1": {"3": "deadline", "2": "nonsense", "x": "owner"}, "2": "owner"},
            "rows": {"1": {"4": "section", "5": "<script>"}},
            "layouts": {"1": 7},
        }
    )
    assert overrides.columns == {("1", 3): "deadline"}
    assert overrides.rows == {("1", 4): "section"}
    assert not Overrides.from_json(None)
    assert not Overrides.from_json({"columns": [1, 2], "rows": "section"})


def test_every_role_the_reader_gives_is_offered_to_the_lead():
    """A select without a column's role would post another role for it."""
    from stocktake.imports.presenters import ROLE_CHOICES, ROW_CHOICES
    from stocktake.imports.roles import HEADINGS

    offered = {role for role, _ in ROLE_CHOICES}
    assert {role for role, _ in HEADINGS} | {"extra"} <= offered
    assert offered == set(COLUMN_ROLES)
    assert all(name and "_" not in name for _, name in ROLE_CHOICES)
    assert [kind for kind, _ in ROW_CHOICES] == list(ROW_TYPES)
