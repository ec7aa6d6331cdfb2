"""`load_demo`: Blackpool's real Phase 2 plan, a neighbour authority, and the demo sign-ins."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from stocktake.accounts.models import Authority, Membership, User
from stocktake.demo.management.commands.load_demo import PLAN_NAME
from stocktake.people.models import Person
from stocktake.plans.models import Action, Plan

EN_DASH = "\u2013"
REFERENCES = [
    "LA1",
    "LA2",
    "LA12",
    "LA26",
    "LA27",
    "LA28",
    "LA29",
    "LA30",
    "LA31",
    "LA32",
    "LA33",
    "LA34",
    "LA35",
    "LA36",
    "LA37",
    "LA25/S3",
    "FD16",
    "FD19",
    "FD20",
    "FD21",
    "CCL1",
    "CCL10",
]


@pytest.fixture
def demo(demo_loaded, db):
    return Plan.objects.get(authority__name="Blackpool (demo)", name=PLAN_NAME)


def test_blackpool_has_its_phase_2_plan_with_four_themes_and_22_actions(demo):
    assert demo.name == f"12 Week Plan {EN_DASH} Phase 2"
    assert demo.themes.count() == 4
    assert list(demo.actions.values_list("reference", flat=True)) == REFERENCES


def test_references_written_with_cross_references_keep_both(demo):
    """The plan writes "LA25/S3" and "LA32 FD5/ S10": the action and what it cross-refers to."""
    assert demo.actions.get(reference="LA25/S3").cross_references == "S3"
    assert demo.actions.get(reference="LA32").cross_references == "FD5 S10"


def test_weeks_count_from_7_january_2019(demo):
    assert demo.week1_date == dt.date(2019, 1, 7)
    assert demo.week_start(13) == dt.date(2019, 4, 1)
    la1 = demo.actions.get(reference="LA1")
    assert (la1.deadline_text, la1.due_date) == ("Week 24", dt.date(2019, 6, 23))
    la12 = demo.actions.get(reference="LA12")
    assert (la12.due_start, la12.due_date) == (dt.date(2019, 4, 1), dt.date(2019, 6, 23))


def test_demo_users_are_linked_to_the_people_who_own_actions(demo):
    partner = User.objects.get(username="partner")
    owner = User.objects.get(username="owner")

    la26 = demo.actions.get(reference="LA26")
    assert [o.person.user for o in la26.owners.select_related("person")] == [partner]
    owned = Action.objects.filter(plan=demo).owned_by_user(owner)
    assert owned.count() >= 3
    assert "LA1" in set(owned.values_list("reference", flat=True))
    assert Membership.objects.get(user=partner).role == "partner"
    assert all(u.is_demo for u in User.objects.all())


def test_la1_has_owners_for_each_part_and_its_updates(demo):
    la1 = demo.actions.get(reference="LA1")

    assert sorted(la1.owners.values_list("part", flat=True)) == ["pt1", "pt2"]
    assert la1.updates.filter(origin="imported").count() == 4  # as seed 000 writes them
    assert set(la1.updates.values_list("week", flat=True)) >= {19, 20, 24}


def test_northshire_exists_with_its_own_lead_and_plan(demo):
    northshire = Authority.objects.get(name="Northshire (demo)")

    assert Membership.objects.get(user__username="outsider").authority == northshire
    assert Plan.objects.filter(authority=northshire).count() == 1
    assert Plan.objects.filter(authority__name="Blackpool (demo)").count() == 2  # two phases
    assert not Person.objects.filter(authority=northshire, user__isnull=False).exists()


def test_loading_twice_does_not_duplicate_anything(demo):
    counts = [m.objects.count() for m in (Authority, User, Person, Plan, Action)]
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert [m.objects.count() for m in (Authority, User, Person, Plan, Action)] == counts
    assert "already loaded" in out.getvalue()
