"""The busiest pages run a fixed number of queries, however big the plan grows."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stocktake.core.tests.helpers import PAGE_START
from stocktake.demo import factories
from stocktake.plans.models import Action, ActionOwner, Evidence, StatusChange, Update

# Every page starts with PAGE_START (the signed-in user, and their membership with their last
# visit); the navigation's "This week" figure is one more.
# The plan comes with its authority in one query.
NAV = 1
# The state as at a date (`plans.history`) is five: actions, revisions, accepted changes,
# updates and their reviews.
AS_AT = 5
# The dashboard's "This week", for a partner: their own actions' figures, the latest papers.
# Dashboard: plan, its close if closed, themes, the state, owners' names.
DASHBOARD = PAGE_START + NAV + 4 + AS_AT + 2
# Action list: plan, filter choices (themes, owners), close, themes, the state, owners' names,
# the search of the current wording.
ACTION_LIST = PAGE_START + NAV + 7 + AS_AT
ACTION_DETAIL = PAGE_START + NAV + 15 + AS_AT  # plan, action, owners, updates, their evidence,
#                         status changes, evidence, change history, related actions, the findings it
#                         answers, its indicators, partner-ownership check, the updates'
#                         review states, its phase's close, its successor; its state now


PARTS = ("pt1", "pt2")


def grow(world, actions: int, updates_each: int) -> None:
    """Add actions with two owners each (one per part), updates, status changes, evidence
    and cross-links, in bulk, so the pages have plenty to show."""
    plan, today = world.plan, dt.date.today()
    start = plan.actions.count()
    people = [world.owner_person, world.partner_person] + [
        factories.make_person(world.authority, f"Person {start}.{n}") for n in range(4)
    ]
    themes = [world.theme, factories.make_theme(plan, f"Practice {start}")]
    new = Action.objects.bulk_create(
        Action(
            plan=plan,
            theme=themes[n % 2],
            number=start + n,
            reference=f"X{start + n}",
            text=f"Action {n}",
            due_date=today + dt.timedelta(days=n - 30),
            rag="red" if n % 3 else "green",
        )
        for n in range(actions)
    )
    subjects = [world.action, *new]
    cycle = itertools.cycle(people)
    ActionOwner.objects.bulk_create(
        [ActionOwner(action=a, person=next(cycle), part=p) for a in subjects for p in PARTS],
        ignore_conflicts=True,
    )
    updates = Update.objects.bulk_create(
        Update(
            action=a,
            date=today - dt.timedelta(days=n),
            text=f"Update {n}",
            rag="amber",
            author=world.users["lead"],
        )
        for a in subjects
        for n in range(updates_each)
    )
    StatusChange.objects.bulk_create(
        StatusChange(
            action=u.action,
            update=u,
            field="delivery",
            old_value="not_started",
            new_value="on_track",
            changed_by=world.users["lead"],
        )
        for u in updates
    )
    Evidence.objects.bulk_create(
        Evidence(
            action=u.action,
            update=u,
            title="Minutes",
            link="https://example.org/m",
            added_by=world.users["lead"],
        )
        for u in updates
    )
    world.action.related.add(*new[:5])


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


PAGES = {
    "dashboard": (
        lambda w: reverse("plans:dashboard", args=[w.authority.slug, w.plan.pk]),
        DASHBOARD,
    ),
    "action list": (
        lambda w: reverse("plans:action_list", args=[w.authority.slug, w.plan.pk]),
        ACTION_LIST,
    ),
    "action detail": (
        lambda w: reverse("plans:action_detail", args=[w.authority.slug, w.plan.pk, w.action.pk]),
        ACTION_DETAIL,
    ),
}


@pytest.mark.parametrize(("url_for", "expected"), PAGES.values(), ids=PAGES)
def test_queries_do_not_grow_with_the_plan(world, client_for, url_for, expected):
    client = client_for(world.users["partner"])
    url = url_for(world)
    grow(world, actions=3, updates_each=2)  # 5 actions, a few updates
    small = count_queries(client, url)

    grow(world, actions=55, updates_each=6)  # 60 actions, many owners, updates, evidence
    large = count_queries(client, url)

    assert Action.objects.filter(plan=world.plan).count() == 60
    assert small == large == expected


def test_the_action_list_shows_the_first_page_of_fifty(world, client_for):
    grow(world, actions=58, updates_each=1)
    url = reverse("plans:action_list", args=[world.authority.slug, world.plan.pk])

    page = client_for(world.users["viewer"]).get(url).content.decode()

    assert "60 actions, as at the end of" in page
    assert "Page 1 of 2" in page
    assert page.count('class="govuk-table__row"') == 50 + 1  # the rows and the header
