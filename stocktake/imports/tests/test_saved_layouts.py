"""Saved layouts: a corrected mapping is kept for the authority when the lead imports (or
saves it), offered for the next file with the same headings, used on request, listed and
deleted by leads; every write is in the audit log (ADR 0022)."""

from __future__ import annotations

import html
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from stocktake.audit.models import AuditEvent
from stocktake.imports.corrections import import_run_correct
from stocktake.imports.layouts import heading_signature
from stocktake.imports.models import ImportRun, SavedLayout
from stocktake.imports.services import import_run_apply
from stocktake.imports.tests.builders import csv_bytes
from stocktake.imports.tests.test_corrections import ROWS, actions, make_run

SIMILAR = [
    ["Ref", "Action", "Lead", "Notes"],
    ["1", "Audit the plans again", "Jane Smith", "30/04/2026"],
    ["2", "Coach the managers", "Tom Jones", "TBC"],
]


def page(response) -> str:
    return html.unescape(response.content.decode())


def detail(run: ImportRun) -> str:
    return reverse("imports:detail", args=[run.authority.slug, run.pk])


def corrected(world) -> ImportRun:
    run = make_run(world.authority)
    return import_run_correct(
        run=run, actor=None, expected_version=1, columns={("1", 3): "deadline"}, rows={}
    )


def test_importing_a_corrected_mapping_saves_it_for_the_authority(world):
    run = corrected(world)

    import_run_apply(run=run, actor=world.users["lead"], expected_version=run.version)

    layout = SavedLayout.objects.get(authority=world.authority)
    assert layout.headings == ["Ref", "Action", "Lead", "Notes"]
    assert layout.roles == ["reference", "action", "owner", "deadline"]
    assert layout.signature == heading_signature(["ref", "ACTION", " Lead ", "Notes"])
    assert (layout.created_by, layout.name) == (world.users["lead"], "plan.csv")
    assert AuditEvent.objects.filter(verb="import_layout_saved", object_id=str(layout.pk)).exists()


def test_importing_without_corrections_saves_no_layout(world):
    run = make_run(world.authority)
    import_run_apply(run=run, actor=None, expected_version=run.version)
    assert not SavedLayout.objects.exists()


def test_an_import_from_an_older_preview_is_refused(world, client_for):
    run = make_run(world.authority)
    stale = run.version
    run = import_run_correct(
        run=run, actor=None, expected_version=1, columns={("1", 3): "deadline"}, rows={}
    )
    url = reverse("imports:apply", args=[world.authority.slug, run.pk])

    response = client_for(world.users["lead"]).post(url, {"version": stale})

    assert response.status_code == 409
    assert "has changed since you opened it" in page(response)
    run.refresh_from_db()
    assert (run.status, run.plan) == (ImportRun.Status.PREVIEWED, None)


def test_the_next_similar_file_is_offered_the_layout_and_uses_it(world, client_for):
    first = corrected(world)
    import_run_apply(run=first, actor=None, expected_version=first.version)
    layout = SavedLayout.objects.get()
    run = make_run(world.authority, SIMILAR, name="newer.csv", plan="Phase 3")
    client = client_for(world.users["lead"])
    assert actions(run)["1"]["due_date"] is None

    offered = page(client.get(detail(run)))
    assert f"A layout you saved on {layout.updated_at:%-d %B %Y} matches this file" in offered
    use = reverse("imports:use_layout", args=[world.authority.slug, run.pk])
    response = client.post(use, {"version": run.version, "layout": layout.pk})

    assert response.status_code == 302
    run.refresh_from_db()
    assert actions(run)["1"]["due_date"] == "2026-04-30"
    assert run.corrections["layouts"]["1"]["id"] == layout.pk
    shown = page(client.get(detail(run)))
    assert "A layout you saved on" not in shown  # used: no longer offered
    assert "Layout “plan.csv”" in shown
    assert AuditEvent.objects.filter(verb="import_layout_used").count() == 1


def test_a_file_with_other_headings_is_offered_nothing(world, client_for):
    first = corrected(world)
    import_run_apply(run=first, actor=None, expected_version=first.version)
    other = [["Ref", "Action", "Lead", "Notes", "RAG"], *[[*r, "Green"] for r in SIMILAR[1:]]]
    run = make_run(world.authority, other, name="other.csv", plan="Phase 3")

    assert "A layout you saved on" not in page(client_for(world.users["lead"]).get(detail(run)))


def test_another_authoritys_layout_is_never_offered(world, client_for):
    theirs = corrected(world)
    SavedLayout.objects.create(
        authority=world.other,
        name="Theirs",
        signature=heading_signature(["Ref", "Action", "Lead", "Notes"]),
        headings=["Ref", "Action", "Lead", "Notes"],
        roles=["reference", "action", "owner", "deadline"],
    )
    run = make_run(world.authority, SIMILAR, name="newer.csv", plan="Phase 3")
    assert theirs.pk != run.pk
    assert "A layout you saved on" not in page(client_for(world.users["lead"]).get(detail(run)))


def test_save_this_layout_keeps_the_mapping_shown_and_a_name(world, client_for):
    run = corrected(world)
    url = reverse("imports:save_layout", args=[world.authority.slug, run.pk])
    client = client_for(world.users["lead"])

    response = client.post(url, {"version": run.version, "name": "Our tracker"})

    assert response.status_code == 302
    layout = SavedLayout.objects.get()
    assert (layout.name, layout.roles[3]) == ("Our tracker", "deadline")
    assert "Layout saved" in page(client.get(response.url))
    # Saving again with the same headings changes that layout, not a second one.
    again = client.post(url, {"version": run.version, "name": "x" * 201})
    assert again.status_code == 400
    assert "200 characters or fewer" in page(again)
    assert SavedLayout.objects.count() == 1


def test_leads_list_and_delete_saved_layouts(world, client_for):
    run = corrected(world)
    import_run_apply(run=run, actor=None, expected_version=run.version)
    layout = SavedLayout.objects.get()
    client = client_for(world.users["lead"])

    listed = page(client.get(reverse("imports:layouts", args=[world.authority.slug])))
    assert "plan.csv" in listed and "Ref · Action · Lead · Notes" in listed
    delete = reverse("imports:layout_delete", args=[world.authority.slug, layout.pk])
    assert "Delete the layout “plan.csv”?" in page(client.get(delete))
    response = client.post(delete)

    assert response.status_code == 302
    assert not SavedLayout.objects.exists()
    assert AuditEvent.objects.filter(verb="import_layout_deleted").count() == 1


def test_rows_corrected_are_not_part_of_a_layout(world):
    run = make_run(world.authority, ROWS)
    run = import_run_correct(
        run=run, actor=None, expected_version=1, columns={}, rows={("1", 3): "continuation"}
    )
    import_run_apply(run=run, actor=None, expected_version=run.version)
    assert not SavedLayout.objects.exists()


# The command line ----------------------------------------------------------------------
def _command(*args, **options) -> dict:
    out = io.StringIO()
    call_command("import_plan", *args, stdout=out, stderr=io.StringIO(), **options)
    return json.loads(out.getvalue())


def test_the_dry_run_json_gives_the_mapping_and_the_corrections_applied(world, tmp_path):
    plan = tmp_path / "plan.csv"
    plan.write_bytes(csv_bytes(ROWS))
    fixes = tmp_path / "fixes.json"
    fixes.write_text(json.dumps({"columns": {"1": {"3": "deadline"}}, "rows": {"1": {"3": "x"}}}))
    name = world.authority.name

    body = _command(
        str(plan), authority=name, plan="P", dry_run=True, format="json", corrections=str(fixes)
    )

    assert body["corrections"] == {"columns": {"1": {"3": "deadline"}}, "rows": {}}
    assert body["layouts_applied"] == []
    [table] = body["columns"]
    assert [c["role"] for c in table["columns"]] == ["reference", "action", "owner", "deadline"]
    assert table["columns"][3]["read_as"] == "extra"
    assert {a["ref"]: a["due_date"] for a in body["actions"]}["1"] == "2025-03-31"
    assert [r["type"] for r in body["rows"]] == ["action", "action", "section", "action"]


def test_the_dry_run_uses_saved_layouts_only_when_asked(world, tmp_path):
    first = corrected(world)
    import_run_apply(run=first, actor=None, expected_version=first.version)
    layout = SavedLayout.objects.get()
    plan = tmp_path / "newer.csv"
    plan.write_bytes(csv_bytes(SIMILAR))
    name = world.authority.name

    plain = _command(str(plan), authority=name, plan="P", dry_run=True, format="json")
    used = _command(
        str(plan), authority=name, plan="P", dry_run=True, format="json", use_saved_layouts=True
    )

    assert plain["layouts_applied"] == [] and plain["actions"][0]["due_date"] is None
    assert used["layouts_applied"] == [
        {
            "table": "1",
            "id": layout.pk,
            "name": layout.name,
            "saved": layout.updated_at.date().isoformat(),
        }
    ]
    assert used["corrections"]["columns"] == {"1": {"3": "deadline"}}
    assert used["actions"][0]["due_date"] == "2026-04-30"


def test_a_corrections_file_that_is_not_json_is_refused_in_words(world, tmp_path):
    plan = tmp_path / "plan.csv"
    plan.write_bytes(csv_bytes(ROWS))
    fixes = tmp_path / "fixes.json"
    fixes.write_text("{not json")
    with pytest.raises(CommandError, match="is not a JSON file"):
        _command(str(plan), authority="A", plan="P", dry_run=True, corrections=str(fixes))
