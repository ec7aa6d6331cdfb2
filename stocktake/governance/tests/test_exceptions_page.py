"""The exceptions page: a compact table by default (one row per exception, details on
demand), every exception in full on request, the exceptions-by-age chart with its table,
and a fixed number of queries however big the plan."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from stocktake.governance.presenters import AGE_BUCKETS, age_bucket, exceptions_by_age
from stocktake.governance.selectors import ExceptionItem, Reason
from stocktake.plans.models import Action
from stocktake.plans.tests.test_query_counts import count_queries, grow

pytestmark = pytest.mark.django_db


def item(days: int, *reasons: str) -> ExceptionItem:
    since = dt.date(2019, 6, 30) - dt.timedelta(days=days)
    return ExceptionItem(Action(reference="X"), list(reasons), since, days, [])


def test_age_bands_meet_without_gaps():
    assert [age_bucket(d) for d in (0, 13, 14, 27, 28, 90, 91, 182, 183, 4000)] == [
        0, 0, 1, 1, 2, 2, 3, 3, 4, 4,
    ]  # fmt: skip
    assert len(AGE_BUCKETS) == 5


def test_exceptions_by_age_counts_each_once_under_its_first_reason():
    chart = exceptions_by_age(
        [
            item(3, Reason.OVERDUE),
            item(10, Reason.RED, Reason.OVERDUE),  # under Rated red only
            item(20, Reason.UNBLOCK, Reason.RED),
            item(200, Reason.OVERDUE),
        ]
    )

    assert chart is not None
    assert [bar.name for bar in chart.bars] == [name for name, _, _ in AGE_BUCKETS]
    # Columns: unblock, blocked, red, overdue, returned twice.
    assert [bar.counts for bar in chart.bars] == [
        [0, 0, 1, 1, 0],
        [1, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 1, 0],
    ]
    assert chart.total == 4
    assert chart.description.startswith("Under 2 weeks: 1 rated red, 1 overdue; 2 to 4 weeks: 1 ")
    assert exceptions_by_age([]) is None


def exceptions_url(world) -> str:
    return reverse("governance:exceptions", args=[world.authority.slug, world.plan.pk])


def test_the_compact_list_has_one_row_per_exception_and_the_full_view_a_card_each(
    world, client_for
):
    grow(world, actions=6, updates_each=1)  # due from 30 days ago: some overdue
    client = client_for(world.users["lead"])

    compact = client.get(exceptions_url(world)).content.decode()
    full = client.get(exceptions_url(world) + "?view=full").content.decode()

    body = compact[compact.index("<caption class=\"govuk-table__caption govuk-table__caption--m\">"
                                 "Exceptions</caption>"):]  # fmt: skip
    body = body[: body.index("</table>")]
    rows = re.findall(r"<tr class=\"govuk-table__row\">\s*<th scope=\"row\"", body)
    cards = full.count('class="govuk-summary-card"')
    assert len(rows) == cards > 0
    assert body.count('class="govuk-details__summary"') == len(rows)
    assert "Show every exception in full" in compact and "Show the compact list" in full
    assert 'aria-labelledby="age-chart-title age-chart-desc"' in compact
    assert re.search(r"<desc id=\"age-chart-desc\">How long the exceptions have stood", compact)
    assert "Exceptions by how long they have stood, and their first reason" in compact


def test_the_exceptions_page_runs_the_same_queries_for_20_and_500_actions(world, client_for):
    client = client_for(world.users["lead"])
    grow(world, actions=18, updates_each=1)
    assert Action.objects.filter(plan=world.plan).count() == 20
    small = count_queries(client, exceptions_url(world))
    small_full = count_queries(client, exceptions_url(world) + "?view=full&reason=overdue")

    grow(world, actions=480, updates_each=1)
    assert Action.objects.filter(plan=world.plan).count() == 500
    large = count_queries(client, exceptions_url(world))
    large_full = count_queries(client, exceptions_url(world) + "?view=full&reason=overdue")

    assert small == large and small_full == large_full
