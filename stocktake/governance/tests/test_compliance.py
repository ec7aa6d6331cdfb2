"""Update-cycle compliance by owner, worked by hand for six Tuesday-17:00 windows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stocktake.demo import factories
from stocktake.governance.compliance import recent_windows, update_compliance
from stocktake.governance.services import update_review
from stocktake.governance.tests.conftest import at, moment
from stocktake.plans.models import StatusChange, Update
from stocktake.plans.services.updates import update_submit

pytestmark = pytest.mark.django_db
NOW = "2019-05-08 12:00"  # a Wednesday: the windows closing 2 April … 7 May have closed


def posted(action, when: str, decision: str = "accepted", **kwargs) -> Update:
    update = update_submit(
        action=action,
        membership=None,
        actor=None,
        text="Moving on",
        date=moment(when).date(),
        recorded_at=moment(when),
        **kwargs,
    )
    update_review(update=update, actor=None, decision=decision, comment="Say more",
                  at=moment(when) + dt.timedelta(hours=1))  # fmt: skip
    return update


@pytest.fixture
def plan(db):
    with at("2019-03-25 09:00"):
        authority = factories.make_authority("Cycleshire")
        jo = factories.make_person(authority, "Jo Bloggs")
        sam = factories.make_person(authority, "Sam Smith")
        plan = factories.make_plan(authority, "Plan", start=dt.date(2019, 4, 1), weeks=20)
        a1 = factories.make_action(plan, "A1", owners=[jo])
        b1 = factories.make_action(plan, "B1", owners=[jo, sam])
        c1 = factories.make_action(plan, "C1", owners=[sam])
    with at("2019-05-02 09:00"):
        factories.make_action(plan, "D1", owners=[jo])  # after the last window opened
    # A1: on time (2 Apr), late for 9 Apr (10 Apr), on time (10 Apr), missing,
    # returned on 24 Apr so late for 30 Apr (7 May), on time (7 May).
    posted(a1, "2019-04-02 10:00")
    posted(a1, "2019-04-10 10:00")
    posted(a1, "2019-04-24 10:00", decision="returned")
    posted(a1, "2019-05-07 12:00")
    # B1: one update imported from the plan, dated Tuesday 16 April (a closing day).
    Update.objects.create(action=b1, origin=Update.Origin.IMPORTED, date=dt.date(2019, 4, 16),
                          text="Week 3 – done", recorded_at=moment("2019-04-17 10:00"))  # fmt: skip
    # C1: updated on 18 April and complete from then, so it owes nothing after.
    posted(c1, "2019-04-18 10:00")
    StatusChange.objects.create(
        action=c1,
        field="delivery",
        old_value="not_started",
        new_value="complete",
        recorded_at=moment("2019-04-18 11:00"),
    )
    return plan


def test_the_six_windows_closed_by_now_oldest_first(plan):
    windows = recent_windows(plan, moment(NOW))
    assert [w.closes_at for w in windows] == [
        moment(f"2019-{d} 17:00") for d in ("04-02", "04-09", "04-16", "04-23", "04-30", "05-07")
    ]
    assert windows[0].opens_at == moment("2019-03-26 17:00")


def test_each_owner_on_time_late_and_missing(plan):
    result = update_compliance(plan, moment(NOW))

    assert result.chart is not None
    rows = {bar.name: bar.counts for bar in result.chart.bars}
    # Jo: A1 (3 on time, 2 late, 1 missing) + B1 (on time 16 Apr, late for 9 Apr, 4 missing).
    # Sam: B1 + C1 (on time 18 Apr, late for 16 Apr, missing 2 and 9 Apr; complete after).
    assert rows == {"Jo Bloggs": [4, 3, 5], "Sam Smith": [2, 2, 6]}
    assert result.chart.description == (
        "Jo Bloggs: 4 on time, 3 late, 5 missing; Sam Smith: 2 on time, 2 late, 6 missing"
    )


def test_nothing_recorded_after_the_plan_s_last_day_counts(plan):
    plan.end_date = dt.date(2019, 4, 12)  # ends on a Friday: the last window closed 9 April
    plan.save()
    result = update_compliance(plan, moment(NOW))
    assert result.as_at == dt.date(2019, 4, 12) and len(result.windows) == 2
    assert result.chart is not None
    rows = {bar.name: bar.counts for bar in result.chart.bars}
    # A1: on time for 2 April, late for 9 April (10 April, by the plan's last day). B1 and
    # C1: nothing by 12 April.
    assert rows == {"Jo Bloggs": [1, 1, 2], "Sam Smith": [0, 0, 4]}


def test_the_same_queries_however_many_actions(plan):
    update_compliance(plan, moment(NOW))  # the plan's update window is read once, then kept
    with CaptureQueriesContext(connection) as small:
        update_compliance(plan, moment(NOW))
    owner = plan.actions.get(reference="A1").owners.get().person
    with at("2019-03-25 09:00"):
        for n in range(30):
            factories.make_action(plan, f"E{n}", owners=[owner])
    with CaptureQueriesContext(connection) as large:
        result = update_compliance(plan, moment(NOW))
    assert len(small) == len(large)
    assert result.chart is not None and result.chart.bars[0].total == 12 + 30 * 6


def test_a_lead_sees_the_chart_on_the_cycle_page_and_an_owner_does_not(world, client_for):
    factories.make_action(world.plan, "Z1", owners=[world.owner_person])
    url = reverse("governance:cycle", args=[world.authority.slug, world.plan.pk])
    later = world.plan.start_date + dt.timedelta(days=60)

    with at(f"{later:%Y-%m-%d} 12:00"):
        lead = client_for(world.users["lead"]).get(url).content.decode()
        owner = client_for(world.users["owner"]).get(url).content.decode()

    assert 'aria-labelledby="compliance-chart-title compliance-chart-desc"' in lead
    assert "Updates on time, late or missing, by owner" in lead
    assert "compliance-chart" not in owner
