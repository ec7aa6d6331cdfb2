"""Reads: overdue, due this week, stale, impact, the action list's filters, my actions, and
the calendar. "Today" is passed in, so every answer is derived, never stored. The dashboard
and the action list read each action's state as at that day (`plans.position`)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from stocktake.demo import factories
from stocktake.plans import selectors
from stocktake.plans.models import Action, StatusChange, Update
from stocktake.plans.position import ActionFilters, action_rows, plan_position
from stocktake.plans.services import plan_create

TODAY = dt.date(2025, 3, 12)  # a Wednesday: its week runs from Monday 10 to Sunday 16 March
DAY = dt.timedelta(days=1)


@pytest.fixture
def plan(world):
    return factories.make_plan(world.authority, "March plan", start=dt.date(2025, 2, 3))


def make(
    plan,
    ref,
    *,
    due=None,
    status="not_started",
    impact="not_yet_evidenced",
    rag="",
    owners=(),
    theme=None,
    text="Do the thing well",
    created=TODAY,
) -> Action:
    """An action recorded at noon on `created` with that status, impact and RAG accepted
    then (its row and its history)."""
    at = dt.datetime.combine(created, dt.time(12), tzinfo=dt.UTC)
    action = factories.make_action(
        plan, ref, due=due, owners=list(owners), theme=theme, text=text, recorded_at=at
    )
    Action.objects.filter(pk=action.pk).update(
        delivery_status=status, impact_status=impact, rag=rag, created_at=at
    )
    for field, old, new in (
        ("delivery", "not_started", status),
        ("impact", "not_yet_evidenced", impact),
        ("rag", "", rag),
    ):
        if new != old:
            StatusChange.objects.create(
                action=action, field=field, old_value=old, new_value=new, recorded_at=at
            )
    return action


def refs(queryset) -> set[str]:
    return {a.reference for a in queryset}


def update_on(action: Action, day: dt.date) -> None:
    """An update posted on `day` (awaiting review: an owner who has posted is not stale)."""
    at = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    Update.objects.create(action=action, date=day, text="Progress", recorded_at=at)


def position(plan, day=None):
    return plan_position(plan, day or TODAY, TODAY)


def test_overdue_is_open_actions_due_before_today(plan):
    make(plan, "LATE", due=TODAY - DAY)
    make(plan, "TODAY", due=TODAY)
    make(plan, "DONE", due=TODAY - DAY, status="complete")
    make(plan, "UNDATED")

    assert refs(plan.actions.overdue(TODAY)) == {"LATE"}
    assert refs(plan.actions.overdue(TODAY + DAY)) == {"LATE", "TODAY"}


def test_due_this_week_is_the_plan_week_holding_today_and_excludes_complete(plan):
    for ref, due in [("MON", 10), ("SUN", 16), ("LAST_SUN", 9), ("NEXT_MON", 17)]:
        make(plan, ref, due=dt.date(2025, 3, due))
    make(plan, "DONE", due=TODAY, status="complete")
    week = plan.week_containing(TODAY)

    assert (week.start, week.end) == (dt.date(2025, 3, 10), dt.date(2025, 3, 16))
    assert refs(plan.actions.due_in_week(week.start)) == {"MON", "SUN"}
    assert position(plan, dt.date(2025, 3, 16)).count("due_this_week") == 2


def test_plan_weeks_start_on_the_week_1_weekday(world):
    plan = plan_create(
        authority=world.authority,
        actor=None,
        name="Wednesday plan",
        start_date=dt.date(2025, 3, 5),
        end_date=dt.date(2025, 5, 27),
        week1_date=dt.date(2025, 3, 5),
    )
    make(plan, "TUE", due=dt.date(2025, 3, 11))
    make(plan, "WED", due=dt.date(2025, 3, 12))

    assert position(plan).count("due_this_week") == 1
    assert refs(plan.actions.due_in_week(plan.week_containing(TODAY).start)) == {"WED"}


def test_stale_means_no_update_for_14_days_counted_from_creation_when_none(plan):
    update_on(make(plan, "UPDATED_14_AGO", created=TODAY - 40 * DAY), TODAY - 14 * DAY)
    update_on(make(plan, "UPDATED_13_AGO", created=TODAY - 40 * DAY), TODAY - 13 * DAY)
    recent = make(plan, "OLD_AND_RECENT", created=TODAY - 40 * DAY)
    update_on(recent, TODAY - 30 * DAY)
    update_on(recent, TODAY - 2 * DAY)
    make(plan, "NEW_14_AGO", created=TODAY - 14 * DAY)
    make(plan, "NEW_13_AGO", created=TODAY - 13 * DAY)
    make(plan, "DONE", created=TODAY - 40 * DAY, status="complete")

    assert refs(plan.actions.stale(TODAY)) == {"UPDATED_14_AGO", "NEW_14_AGO"}
    assert position(plan).count("stale") == 2


def test_impact_not_evidenced_includes_complete_actions(plan):
    make(plan, "EVIDENCED", impact="evidenced")
    make(plan, "EMERGING", impact="emerging")
    make(plan, "DONE_NOT_EVIDENCED", status="complete")

    assert refs(plan.actions.impact_not_evidenced()) == {"EMERGING", "DONE_NOT_EVIDENCED"}


def test_the_dashboard_counts_agree_with_the_querysets(plan):
    theme = factories.make_theme(plan, "Front door")
    make(plan, "A", due=TODAY - DAY, rag="red", theme=theme, created=TODAY - 20 * DAY)
    make(plan, "B", due=TODAY + DAY, rag="red", theme=theme)
    make(plan, "C", due=TODAY - DAY, status="complete", impact="evidenced", rag="blue")
    make(plan, "D")

    dash = position(plan)

    assert len(dash.rows) == 4
    assert [dash.count(t) for t in ("overdue", "due_this_week", "stale")] == [1, 2, 1]
    assert dash.count("impact_not_evidenced") == 3
    assert {v: n for v, _, n in dash.by_rag} == {
        "red": 2,
        "amber": 0,
        "green": 0,
        "blue": 1,
        "": 1,
    }
    assert {v: n for v, _, n in dash.by_status}["complete"] == 1
    assert dash.themes == [
        {"id": theme.pk, "name": "Front door", "total": 2, "complete": 0, "overdue": 1, "red": 2}
    ]


@pytest.fixture
def listed(world, plan):
    leadership = factories.make_theme(plan, "Leadership")
    front_door = factories.make_theme(plan, "Front door")
    make(
        plan,
        "LA1",
        theme=leadership,
        owners=[world.owner_person],
        due=TODAY - 3 * DAY,
        rag="red",
        text="Run a weekly practice clinic",
        created=TODAY - 20 * DAY,
    )
    make(
        plan,
        "LA2",
        theme=leadership,
        owners=[world.partner_person],
        due=TODAY + 4 * DAY,
        status="on_track",
        rag="green",
        impact="evidenced",
        text="Review MASH thresholds",
        created=TODAY - 20 * DAY,
    )
    make(
        plan,
        "FD1",
        theme=front_door,
        owners=[world.owner_person],
        due=TODAY + 30 * DAY,
        status="complete",
        text="Publish the clinic timetable",
        created=TODAY - 30 * DAY,
    )
    make(plan, "FD2", theme=front_door, text="Audit contacts weekly")
    return {"leadership": leadership, "front_door": front_door}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["LA1", "LA2", "FD1", "FD2"]),
        ({"theme": "front_door"}, ["FD1", "FD2"]),
        ({"owner": "owner_person"}, ["LA1", "FD1"]),
        ({"status": "on_track"}, ["LA2"]),
        ({"rag": "red"}, ["LA1"]),
        ({"rag": "none"}, ["FD1", "FD2"]),
        ({"due_from": TODAY, "due_to": TODAY + 7 * DAY}, ["LA2"]),
        ({"overdue": True}, ["LA1"]),
        ({"due_this_week": True}, ["LA2"]),
        ({"stale": True}, ["LA1", "LA2"]),
        ({"impact_not_evidenced": True}, ["LA1", "FD1", "FD2"]),
        ({"q": "clinic"}, ["LA1", "FD1"]),
        ({"q": "WEEKLY clinic"}, ["LA1"]),
        ({"q": "fd2"}, ["FD2"]),
        ({"q": "clinic", "status": "complete"}, ["FD1"]),
    ],
)
def test_action_list_filters(world, plan, listed, filters, expected):
    values = dict(filters)
    if "theme" in values:
        values["theme"] = listed[values["theme"]].pk
    if "owner" in values:
        values["owner"] = getattr(world, values["owner"]).pk

    found = action_rows(plan, ActionFilters(**values), position(plan))

    assert [row.state.reference for row in found] == expected


def test_action_list_page_applies_filters_from_the_query_string(world, plan, listed, client_for):
    url = reverse("plans:action_list", args=[world.authority.slug, plan.pk])

    page = client_for(world.users["viewer"]).get(url, {"q": "clinic"}).content.decode()

    assert re.findall(r'">(LA\d|FD\d)</a>', page) == ["LA1", "FD1"]
    assert "2 actions match the filters, as at the end of 27 April 2025." in page


def test_action_list_refuses_a_backwards_date_range(world, plan, client_for):
    url = reverse("plans:action_list", args=[world.authority.slug, plan.pk])
    query = {
        "due_from_0": "10",
        "due_from_1": "3",
        "due_from_2": "2025",
        "due_to_0": "1",
        "due_to_1": "3",
        "due_to_2": "2025",
    }

    page = client_for(world.users["viewer"]).get(url, query).content.decode()

    assert "The last due date must be on or after the first" in page


def test_my_actions_are_open_ones_soonest_first_with_undated_last(world, plan):
    mine = [world.owner_person]
    make(plan, "UNDATED", owners=mine)
    make(plan, "LATER", owners=mine, due=TODAY + 9 * DAY)
    make(plan, "SOONER", owners=mine, due=TODAY - 3 * DAY)
    make(plan, "DONE", owners=mine, due=TODAY - 5 * DAY, status="complete")
    make(plan, "THEIRS", owners=[world.partner_person], due=TODAY - 9 * DAY)
    elsewhere = factories.make_person(world.other, "Olive Owner", user=world.users["owner"])
    factories.make_action(world.other_plan, "OB9", owners=[elsewhere], due=TODAY - 9 * DAY)

    found = selectors.my_actions(world.authority, world.users["owner"])

    assert [a.reference for a in found] == ["SOONER", "LATER", "LA1", "UNDATED"]


def test_plan_calendar_puts_actions_in_the_week_they_fall_due(world):
    plan = plan_create(
        authority=world.authority,
        actor=None,
        name="Phase 2",
        start_date=dt.date(2019, 4, 3),
        end_date=dt.date(2019, 4, 30),
        week1_date=dt.date(2019, 1, 9),
    )  # weeks start on Wednesdays
    factories.make_action(plan, "W13", deadline="Week 13")
    factories.make_action(plan, "TUE", due=dt.date(2019, 4, 9))  # the last day of week 13
    factories.make_action(plan, "W15", deadline="Week 14 - 15")
    factories.make_action(plan, "ONGOING", deadline="Ongoing")
    factories.make_action(plan, "AFTER", due=dt.date(2019, 6, 1))

    weeks, elsewhere = selectors.plan_calendar(plan)

    assert [(w.number, w.start) for w in weeks][:2] == [
        (13, dt.date(2019, 4, 3)),
        (14, dt.date(2019, 4, 10)),
    ]
    assert (weeks[-1].number, weeks[-1].end) == (16, dt.date(2019, 4, 30))
    placed = {w.number: [a.reference for a in w.actions] for w in weeks}
    assert placed == {13: ["W13", "TUE"], 14: [], 15: ["W15"], 16: []}
    assert [a.reference for a in elsewhere] == ["AFTER", "ONGOING"]
