"""The lead corrects the preview: a column's role and a row's type, read again from the stored
file; a stale or nonsensical correction is refused in words and changes nothing (ADR 0022)."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from stocktake.audit.models import AuditEvent
from stocktake.imports.corrections import CorrectionRefused, import_run_correct
from stocktake.imports.models import ImportRun
from stocktake.imports.services import import_run_create
from stocktake.imports.tests.builders import csv_bytes

# "Notes" holds the deadlines (one still to be confirmed) under a heading the reader does
# not know: kept as written until the lead says what it holds.
ROWS = [
    ["Ref", "Action", "Lead", "Notes"],
    ["1", "Audit every plan", "Jane Smith", "31/03/2025"],
    ["2", "Train the social workers", "Tom Jones", "30/06/2025"],
    ["", "Early help", "", ""],
    ["3", "Recruit managers", "Amy Brown", "TBC"],
]


def make_run(authority, rows=ROWS, name="plan.csv", plan="Phase 2") -> ImportRun:
    return import_run_create(
        authority=authority,
        actor=None,
        filename=name,
        data=csv_bytes(rows),
        plan_name=plan,
        kind="improvement",
        week1=None,
    )


def actions(run: ImportRun) -> dict[str, dict]:
    return {a["ref"]: a for a in run.understood["actions"]}


def snapshot(run: ImportRun) -> tuple:
    run.refresh_from_db()
    return (run.version, run.corrections, run.understood, run.outcome, AuditEvent.objects.count())


def test_a_corrected_column_is_read_again_from_the_stored_file(world):
    run = make_run(world.authority)
    assert actions(run)["1"]["due_date"] is None

    run = import_run_correct(
        run=run,
        actor=world.users["lead"],
        expected_version=1,
        columns={("1", 3): "deadline"},
        rows={},
    )

    assert actions(run)["1"]["due_date"] == "2025-03-31"
    assert run.version == 2
    assert run.corrections["columns"] == {"1": {"3": "deadline"}}
    event = AuditEvent.objects.get(verb="import_corrected")
    assert event.actor == world.users["lead"] and event.object_id == str(run.pk)


def test_a_column_set_back_to_how_it_was_read_needs_no_correction(world):
    run = make_run(world.authority)
    run = import_run_correct(
        run=run, actor=None, expected_version=1, columns={("1", 3): "deadline"}, rows={}
    )
    run = import_run_correct(
        run=run, actor=None, expected_version=2, columns={("1", 3): "extra"}, rows={}
    )
    assert run.corrections.get("columns") == {}
    assert actions(run)["1"]["due_date"] is None


def test_a_corrected_row_type_and_undoing_every_correction(world):
    run = make_run(world.authority)
    assert actions(run)["3"]["theme"] == "Early help"
    run = import_run_correct(
        run=run, actor=None, expected_version=1, columns={}, rows={("1", 3): "continuation"}
    )
    assert actions(run)["2"]["text"] == "Train the social workers Early help"
    assert actions(run)["3"]["theme"] != "Early help"

    run = import_run_correct(
        run=run, actor=None, expected_version=2, columns={}, rows={}, reset=True
    )
    assert run.corrections == {}
    assert actions(run)["3"]["theme"] == "Early help"


def test_a_row_left_as_the_preview_showed_it_keeps_its_correction(world):
    run = make_run(world.authority)
    run = import_run_correct(
        run=run, actor=None, expected_version=1, columns={}, rows={("1", 3): "continuation"}
    )
    run = import_run_correct(
        run=run,
        actor=None,
        expected_version=2,
        columns={("1", 3): "deadline"},
        rows={("1", 3): "continuation", ("1", 1): "action"},
    )
    assert run.corrections["rows"] == {"1": {"3": "continuation"}}


def test_a_correction_from_an_older_preview_is_refused_and_changes_nothing(world):
    run = make_run(world.authority)
    import_run_correct(
        run=run, actor=None, expected_version=1, columns={("1", 3): "deadline"}, rows={}
    )
    before = snapshot(run)

    with pytest.raises(CorrectionRefused, match="has changed since you opened it"):
        import_run_correct(
            run=run, actor=None, expected_version=1, columns={("1", 2): "extra"}, rows={}
        )

    assert snapshot(run) == before


@pytest.mark.parametrize(
    ("columns", "rows", "message"),
    [
        ({("9", 0): "owner"}, {}, "Table 9 has no column 1 to correct"),
        ({("1", 7): "owner"}, {}, "Table 1 has no column 8 to correct"),
        ({("1", 2): "boss"}, {}, "Choose what the column “Lead” holds"),
        ({}, {("1", 40): "section"}, "Table 1 has no row 40 to correct"),
        ({}, {("1", 3): "heading"}, "Choose what row 3 of table 1 is"),
    ],
)
def test_an_unknown_table_column_row_or_role_is_refused_in_words(world, columns, rows, message):
    run = make_run(world.authority)
    before = snapshot(run)

    with pytest.raises(CorrectionRefused) as refused:
        import_run_correct(run=run, actor=None, expected_version=1, columns=columns, rows=rows)

    assert [p.message for p in refused.value.problems] == [message]
    assert snapshot(run) == before


def test_corrections_that_leave_no_action_are_refused_and_the_preview_stays(world):
    run = make_run(world.authority)
    before = snapshot(run)
    every = {("1", i): "extra" for i in range(4)}

    with pytest.raises(CorrectionRefused) as refused:
        import_run_correct(run=run, actor=None, expected_version=1, columns=every, rows={})

    assert "could not be read, so they were not made" in refused.value.problems[0].message
    assert "No table of actions was found" in refused.value.problems[1].message
    assert snapshot(run) == before


def test_an_applied_import_cannot_be_corrected(world):
    run = make_run(world.authority)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.APPLIED)
    with pytest.raises(CorrectionRefused, match="already been dealt with"):
        import_run_correct(
            run=run, actor=None, expected_version=1, columns={("1", 3): "deadline"}, rows={}
        )


# The page ------------------------------------------------------------------------------
def page(response) -> str:
    return html.unescape(response.content.decode())


def correct_url(run: ImportRun) -> str:
    return reverse("imports:correct", args=[run.authority.slug, run.pk])


def test_the_preview_offers_a_select_per_column_and_per_row_not_read_as_an_action(
    world, client_for
):
    run = make_run(world.authority)
    client = client_for(world.users["lead"])
    url = reverse("imports:detail", args=[world.authority.slug, run.pk])

    shown = page(client.get(url))

    assert re.search(r"<title>\s*Check the import", shown)
    assert 'name="col-1-3"' in shown and 'name="col-1-0"' in shown
    assert 'name="row-1-3"' in shown  # the section row
    assert 'name="row-1-1"' not in shown  # an action: shown with every row
    assert "Rows of plan.csv not read as actions (1 of 4)" in shown
    every = page(client.get(url, {"rows": "all"}))
    assert all(f'name="row-1-{i}"' in every for i in (1, 2, 3, 4))
    assert "Show only the rows not read as actions" in every


def test_the_lead_corrects_a_column_and_a_row_and_sees_the_preview_change(world, client_for):
    run = make_run(world.authority)
    client = client_for(world.users["lead"])
    data = {"version": run.version, "col-1-3": "deadline", "row-1-3": "continuation"}

    response = client.post(correct_url(run), data)

    assert response.status_code == 302
    shown = page(client.get(response.url))
    assert "The preview was updated" in shown
    assert "You changed it; Stocktake read it as Kept as written" in shown
    assert "Train the social workers Early help" in shown
    assert "31 March 2025" in shown or "2025-03-31" in shown
    assert "Undo all my corrections" in shown


def test_a_stale_page_is_refused_and_says_so(world, client_for):
    run = make_run(world.authority)
    client = client_for(world.users["lead"])
    client.post(correct_url(run), {"version": 1, "col-1-3": "deadline"})

    response = client.post(correct_url(run), {"version": 1, "col-1-2": "extra"})

    assert response.status_code == 409
    assert "has changed since you opened it" in page(response)
    run.refresh_from_db()
    assert run.corrections["columns"] == {"1": {"3": "deadline"}}


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"col-1-3": "deadline"}, 409, "This page is out of date"),
        ({"version": "x", "col-1-3": "deadline"}, 409, "This page is out of date"),
        ({"version": 1, "col-1-3": "boss"}, 400, "Choose what the column “Notes” holds"),
        ({"version": 1, "row-1-3": "boss"}, 400, "Choose what row 4 is"),
        ({"version": 1, "col-7-3": "owner"}, 400, "no such column or row to correct"),
        ({"version": 1, "row-1-999": "section"}, 400, "no such column or row to correct"),
    ],
)
def test_nonsense_from_the_form_is_refused_in_words(world, client_for, data, status, message):
    run = make_run(world.authority)
    before = snapshot(run)

    response = client_for(world.users["lead"]).post(correct_url(run), data)

    assert response.status_code == status
    assert message in page(response)
    assert snapshot(run) == before


def test_the_list_of_target_plans_keeps_a_stable_order(world, client_for):
    """By name (whatever its case), then by when it was made: the same on every database."""
    from stocktake.plans.services import plan_create

    for name in ("Gamma plan", "alpha plan", "Beta plan"):
        plan_create(
            authority=world.authority,
            actor=None,
            name=name,
            kind="improvement",
            start_date=world.plan.start_date,
            end_date=world.plan.end_date,
            week1_date=world.plan.week1_date,
        )
    client = client_for(world.users["lead"])
    url = reverse("imports:new", args=[world.authority.slug])

    first, second = page(client.get(url)), page(client.get(url))

    order = re.findall(r">([^<>]+) \(a newer version of it\)</label>", first)
    assert order == ["alpha plan", "Beta plan", "Gamma plan", "Test plan"]
    assert re.findall(r">([^<>]+) \(a newer version of it\)</label>", second) == order


def test_rows_of_a_table_continued_without_its_headings_can_be_corrected(world, client_for):
    from stocktake.imports.tests.builders import docx_bytes

    first = [["Ref", "Action", "Lead", "Deadline"], ["1", "Audit", "Jane Smith", "31/03/2025"]]
    rest = [["2", "Train", "Tom Jones", "30/06/2025"], ["3", "Recruit", "Amy Brown", "30/09/2025"]]
    run = import_run_create(
        authority=world.authority,
        actor=None,
        filename="plan.docx",
        data=docx_bytes([first, ("p", "Page 2"), rest]),
        plan_name="Phase 2",
        kind="improvement",
        week1=None,
    )
    assert sorted(actions(run)) == ["1", "2", "3"]
    url = reverse("imports:detail", args=[world.authority.slug, run.pk])
    client = client_for(world.users["lead"])
    shown = page(client.get(url, {"rows": "all"}))
    assert "Table 2 (continued)" in shown and 'name="row-2-0"' in shown

    response = client.post(correct_url(run), {"version": 1, "row-2-0": "ignored"})

    assert response.status_code == 302
    run.refresh_from_db()
    assert sorted(actions(run)) == ["1", "3"]


def test_a_preview_made_before_corrections_existed_is_read_again_to_offer_them(world):
    run = make_run(world.authority)
    old = dict(run.understood)
    old.pop("rows")
    for table in old["columns"]:
        table.pop("table")
    ImportRun.objects.filter(pk=run.pk).update(understood=old)
    run.refresh_from_db()

    run = import_run_correct(run=run, actor=None, expected_version=1, columns={}, rows={})

    assert run.version == 2 and run.corrections == {}
    assert [r["row"] for r in run.understood["rows"]] == [1, 2, 3, 4]
    assert run.understood["columns"][0]["table"] == "1"
