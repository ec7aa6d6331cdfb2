"""Importing into an existing plan from the preview: each action the file changes is shown
before and after, and its text changes only if the lead ticks it."""

from __future__ import annotations

import datetime as dt
import html

from django.urls import reverse

from stocktake.imports.services import import_run_create, plan_import
from stocktake.imports.tests.builders import csv_bytes
from stocktake.plans.models import Plan

FIRST = [
    ["Ref", "Action", "Lead", "Deadline", "RAG"],
    ["A1", "Review thresholds", "Jane Smith", "31/10/2017", "Amber"],
    ["A2", "Train staff", "Tom Jones", "30/11/2017", "Green"],
    ["A3", "Audit contacts", "Amy Brown", "31/12/2017", "Green"],
]
NEWER = [
    ["Ref", "Action", "Lead", "Deadline", "RAG"],
    ["A1", "Review thresholds with partners", "Jane Smith", "31/10/2017", "Amber"],
    ["A2", "Train all staff", "Amy Brown", "31/01/2018", "Red"],
    ["A3", "Audit contacts", "Amy Brown", "31/12/2017", "Green"],
]


def page(response) -> str:
    return html.unescape(response.content.decode())


def preview(world):
    plan_import(
        authority=world.authority,
        actor=None,
        filename="plan.csv",
        data=csv_bytes(FIRST),
        plan_name="Tracker",
        today=dt.date(2017, 9, 1),
    )
    return import_run_create(
        authority=world.authority,
        actor=None,
        filename="newer.csv",
        data=csv_bytes(NEWER),
        plan_name="Tracker",
        kind="improvement",
        week1=None,
    )


def test_the_preview_shows_each_changed_action_before_and_after(world, client_for):
    run = preview(world)
    changes = {c["ref"]: c for c in run.outcome["changes"]}

    assert sorted(changes) == ["A1", "A2"]  # A3 is the same
    a2 = changes["A2"]
    assert a2["before"] == {
        "text": "Train staff",
        "owners": "Tom Jones",
        "deadline": "30/11/2017",
        "rag": "green",
        "theme": "",
    }
    assert a2["after"]["owners"] == "Amy Brown" and a2["after"]["rag"] == "red"
    assert a2["after"]["deadline"] == "31/01/2018"
    assert a2["text_changes"] is True

    shown = page(client_for(world.users["lead"]).get(reverse("imports:detail", args=[
        world.authority.slug, run.pk])))  # fmt: skip
    assert "2 actions already in the plan will change" in shown
    assert "Change the text of A2 to the file's" in shown
    assert 'name="change_text" type="checkbox" value="A1"' in shown
    assert "checked" not in shown.split("will change")[1].split("Import 3 actions")[0]


def test_text_changes_only_where_ticked_and_the_rest_changes_as_shown(world, client_for):
    run = preview(world)
    url = reverse("imports:apply", args=[world.authority.slug, run.pk])

    response = client_for(world.users["lead"]).post(
        url, {"version": run.version, "change_text": ["A2"]}
    )

    assert response.status_code == 302
    plan = Plan.objects.in_authority(world.authority).get(name="Tracker")
    actions = {a.reference: a for a in plan.actions.prefetch_related("owners__person")}
    assert actions["A1"].text == "Review thresholds"  # not ticked: kept
    assert actions["A2"].text == "Train all staff"  # ticked
    assert [o.person.name for o in actions["A2"].owners.all()] == ["Amy Brown"]
    assert actions["A2"].due_date == dt.date(2018, 1, 31)


def test_nothing_ticked_keeps_every_text(world, client_for):
    run = preview(world)
    url = reverse("imports:apply", args=[world.authority.slug, run.pk])

    client_for(world.users["lead"]).post(url, {"version": run.version})

    plan = Plan.objects.in_authority(world.authority).get(name="Tracker")
    texts = dict(plan.actions.values_list("reference", "text"))
    assert texts == {"A1": "Review thresholds", "A2": "Train staff", "A3": "Audit contacts"}
