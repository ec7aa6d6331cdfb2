"""The upload → preview → confirm journey, who may use it, and the `import_plan` command."""

from __future__ import annotations

import html
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from stocktake.accounts.models import Authority
from stocktake.imports.models import ImportRun
from stocktake.imports.readers import MAX_BYTES
from stocktake.imports.services import plan_import
from stocktake.imports.tests.builders import (
    SEED,
    SEED_WEEK1,
    csv_bytes,
    docx_bytes,
    row_counts,
    understand,
)
from stocktake.plans.models import Plan

PLAN = [
    ["Workstream", "Action", "By When", "Lead"],
    ["Front door", "Review thresholds", "September 2017", "Heads of Service"],
    ["", "Train staff", "1 July 2017 and 31 August 2017", "Jane Smith / Tom Jones"],
]


def upload(client, authority, name, data, week1=SEED_WEEK1, plan="__new__", new="Phase 2"):
    fields = {"file": SimpleUploadedFile(name, data), "plan": plan, "new_plan_name": new}
    fields["kind"] = "twelve_week"
    for n, part in enumerate((week1.day, week1.month, week1.year) if week1 else ("", "", "")):
        fields[f"week1_date_{n}"] = str(part)
    return client.post(reverse("imports:new", args=[authority.slug]), fields)


def page(response) -> str:
    return html.unescape(response.content.decode())


def test_upload_preview_confirm_as_lead(world, client_for):
    client = client_for(world.users["lead"])
    before = row_counts()
    response = upload(client, world.authority, SEED.name, SEED.read_bytes())
    run = world.authority.imports.get()
    assert response.status_code == 302
    assert response.url == reverse("imports:detail", args=[world.authority.slug, run.pk])
    assert row_counts() == {**before, "ImportRun": before["ImportRun"] + 1}  # nothing else yet
    assert not Plan.objects.filter(name="Phase 2").exists()

    preview = page(client.get(response.url))
    assert "Check what will be imported" in preview and "Nothing has been saved yet" in preview
    assert "22 new, 0 changed, 0 unchanged" in preview
    assert "Import 22 actions" in preview
    assert "LA32 → FD5" in preview
    assert re.search(r"Findings</dt><dd[^>]*>12 new,", preview)
    # The preview says how each column was read.
    assert "How the file was read" in preview
    assert re.search(r"Accountable Person</th>.*?<option value=\"owner\" selected>", preview, re.S)
    assert re.search(r"Summary update</th>.*?<option value=\"update\" selected>", preview, re.S)

    apply = reverse("imports:apply", args=[world.authority.slug, run.pk])
    confirm = client.post(apply, {"version": run.version})
    assert confirm.status_code == 302
    plan = Plan.objects.in_authority(world.authority).get(name="Phase 2")
    assert plan.actions.count() == 22 and plan.week1_date == SEED_WEEK1
    run.refresh_from_db()
    assert (run.status, run.plan) == (ImportRun.Status.APPLIED, plan)
    after = row_counts()
    assert after["Action"] == before["Action"] + 22 and after["AuditEvent"] > before["AuditEvent"]

    again = client.post(apply, {"version": run.version})
    assert again.status_code == 409
    assert "already been dealt with" in page(again)
    assert row_counts() == after


def test_preview_lists_each_warning_with_its_place(world, client_for):
    client = client_for(world.users["lead"])
    data = docx_bytes([PLAN])
    expected = understand("plan.docx", data).warnings
    assert len(expected) >= 3
    response = upload(client, world.authority, "plan.docx", data, week1=None)
    preview = page(client.get(response.url))
    for warning in expected:
        assert f"{warning.where}</td>" in preview and f"{warning.message}</td>" in preview
    assert "plan.docx, table 1, row 2, column “Accountable person”" in preview
    assert f"{len(expected)} things to check" in preview


def test_a_refused_file_is_explained_and_nothing_is_written(world, client_for):
    client = client_for(world.users["lead"])
    before = row_counts()
    response = upload(client, world.authority, "plan.pdf", b"%PDF-1.4")
    assert response.status_code == 200
    assert "plan.pdf: Stocktake cannot read tables from a PDF" in page(response)
    no_table = upload(client, world.authority, "x.csv", csv_bytes([["Name", "Phone"], ["a", "1"]]))
    assert "No table of actions was found" in page(no_table)
    weeks = upload(client, world.authority, SEED.name, SEED.read_bytes(), week1=None)
    assert "Give the date week 1 starts" in page(weeks)
    big = upload(client, world.authority, "big.csv", b"x" * (MAX_BYTES + 1))
    assert "The selected file must be smaller than 20MB" in page(big)
    assert row_counts() == before


def test_imported_text_is_shown_escaped(world, client_for):
    rows = [
        ["Ref", "Action", "Lead", "Deadline"],
        ["X1", "<script>alert(1)</script>", "Jane Smith", "Ongoing"],
    ]
    plan_import(
        authority=world.authority, actor=None, filename="x.csv", data=csv_bytes(rows), plan_name="X"
    )
    action = Plan.objects.in_authority(world.authority).get(name="X").actions.get()
    assert action.text == "<script>alert(1)</script>"  # stored as the text it is
    client = client_for(world.users["viewer"])
    url = reverse("plans:action_detail", args=[world.authority.slug, action.plan_id, action.pk])
    body = client.get(url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)</script>" not in body


# The command -----------------------------------------------------------------------------
def command(*args, **options) -> str:
    out = io.StringIO()
    call_command("import_plan", *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


@pytest.mark.django_db
def test_dry_run_prints_what_was_understood_and_writes_nothing():
    before = row_counts()
    body = json.loads(
        command(
            str(SEED),
            authority="Newtown",
            plan="P2",
            week1="2019-01-07",
            dry_run=True,
            format="json",
        )
    )
    assert row_counts() == before and not Authority.objects.filter(name="Newtown").exists()
    assert {"themes", "actions", "measures", "findings", "warnings"} <= set(body)
    assert len(body["themes"]) == 4 and len(body["actions"]) == 22 and len(body["findings"]) == 12
    keys = {
        "ref",
        "theme",
        "text",
        "owners",
        "due_text",
        "due_date",
        "due_end",
        "updates",
        "cross_refs",
    }
    for action in body["actions"]:
        assert keys <= set(action)
        assert all({"name", "title"} <= set(o) for o in action["owners"])
        assert all({"date", "week", "text"} <= set(u) for u in action["updates"])
    actions = {a["ref"]: a for a in body["actions"]}
    assert actions["LA32"]["cross_refs"] == ["FD5", "S10"]
    assert (actions["LA12"]["due_date"], actions["LA12"]["due_end"]) == ("2019-04-01", "2019-06-23")
    assert {"date": "2019-05-20", "week": 20} in [
        {"date": u["date"], "week": u["week"]} for u in actions["LA27"]["updates"]
    ]
    assert all(set(w) >= {"where", "message"} for w in body["warnings"])
    assert "Authority “Newtown” does not exist; it would be created" in body["notices"]


@pytest.mark.django_db
def test_command_creates_the_authority_and_plan(tmp_path):
    out = command(str(SEED), authority="Newtown", plan="P2", week1="2019-01-07")
    assert "Created authority “Newtown”" in out and "Created plan “P2”" in out
    plan = Plan.objects.get(authority__name="Newtown", name="P2")
    assert plan.actions.count() == 22
    again = command(str(SEED), authority="Newtown", plan="P2")  # week 1 now known from the plan
    assert "Did create 0 actions, update 0, leave 22 unchanged; add 0 updates" in again


@pytest.mark.django_db
def test_command_without_week1_for_week_deadlines_fails_and_writes_nothing():
    before = row_counts()
    with pytest.raises(CommandError) as caught:
        command(str(SEED), authority="Newtown", plan="P2")
    assert "Nothing was imported" in str(caught.value) and "week 1" in str(caught.value)
    assert row_counts() == before and not Authority.objects.filter(name="Newtown").exists()
    with pytest.raises(CommandError, match="--week1 must be a date"):
        command(str(SEED), authority="Newtown", plan="P2", week1="7/1/2019")
    with pytest.raises(CommandError, match="does not exist"):
        command(str(SEED) + ".missing", authority="Newtown", plan="P2")
