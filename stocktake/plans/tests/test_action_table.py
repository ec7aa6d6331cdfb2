"""The dense action list: sortable columns with the sort in the URL, a CSV of exactly the rows
shown, and a 500-action plan read in the same number of queries whatever the sort or filter."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from django.urls import reverse

from stocktake.demo import factories
from stocktake.plans.models import Action, StatusChange
from stocktake.plans.tests.test_query_counts import count_queries, grow

TODAY = dt.date.today()


def refs(html: str) -> list[str]:
    return re.findall(r'href="/a/testshire/plans/\d+/actions/\d+/">([^<]+)</a>', html)


def setup_plan(world) -> None:
    """LA1 (due in week 8) and LA2 (week 10), plus LA10 (overdue, red) and LA3 (no due date,
    green, its wording a spreadsheet formula)."""
    late = TODAY - dt.timedelta(days=2)
    la10 = factories.make_action(
        world.plan, "LA10", owners=[world.owner_person], deadline=f"{late:%d/%m/%Y}"
    )
    la3 = factories.make_action(world.plan, "LA3", text='=HYPERLINK("http://x")')
    for action, rag in ((la10, "red"), (la3, "green")):
        StatusChange.objects.create(action=action, field="rag", old_value="", new_value=rag)


def listed(client, world, query: str = "") -> str:
    url = reverse("plans:action_list", args=[world.authority.slug, world.plan.pk])
    return client.get(f"{url}?{query}").content.decode()


def test_columns_sort_both_ways_with_empty_values_last(world, client_for):
    setup_plan(world)
    client = client_for(world.users["viewer"])

    assert refs(listed(client, world, "sort=reference")) == ["LA1", "LA2", "LA3", "LA10"]
    assert refs(listed(client, world, "sort=-reference")) == ["LA10", "LA3", "LA2", "LA1"]
    assert refs(listed(client, world, "sort=due")) == ["LA10", "LA1", "LA2", "LA3"]
    assert refs(listed(client, world, "sort=-due")) == ["LA2", "LA1", "LA10", "LA3"]
    assert refs(listed(client, world, "sort=rag")) == ["LA10", "LA3", "LA1", "LA2"]
    page = listed(client, world, "sort=-due")
    assert 'aria-sort="descending"' in page and "sorted by due, reversed" in page
    # Nonsense is the plan's own order.
    assert refs(listed(client, world, "sort=%3Cscript%3E")) == ["LA1", "LA2", "LA10", "LA3"]


def test_a_heading_links_to_its_sort_keeping_the_filters(world, client_for):
    setup_plan(world)
    page = listed(client_for(world.users["viewer"]), world, "rag=red&sort=due")
    assert 'href="?rag=red&amp;sort=-due"' in page  # the sorted column reverses
    assert 'href="?rag=red&amp;sort=owners"' in page


def test_the_csv_holds_exactly_the_rows_shown_in_their_order_with_formulas_neutral(
    world, client_for
):
    setup_plan(world)
    client = client_for(world.users["viewer"])
    query = "due_to_0=1&due_to_1=1&due_to_2=2100&sort=-due"
    shown = refs(listed(client, world, query))
    url = reverse("plans:action_list_csv", args=[world.authority.slug, world.plan.pk])

    response = client.get(f"{url}?{query}")

    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Reference"
    assert [r[0] for r in rows[1:]] == shown == ["LA2", "LA1", "LA10"]
    everything = client.get(url).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in everything and ",=HYPERLINK" not in everything


def test_a_500_action_plan_lists_in_the_same_queries_whatever_the_sort_or_filter(world, client_for):
    grow(world, actions=498, updates_each=1)
    assert Action.objects.filter(plan=world.plan).count() == 500
    client = client_for(world.users["viewer"])
    base = reverse("plans:action_list", args=[world.authority.slug, world.plan.pk])
    queries = [
        "",
        "sort=due",
        "sort=-age",
        "sort=owners&rag=red",
        "overdue=on&sort=-rag",
        f"theme={world.theme.pk}&q=Action&sort=status",
        "changed_since_0=1&changed_since_1=1&changed_since_2=2020&sort=theme",
    ]
    counts = {query: count_queries(client, f"{base}?{query}") for query in queries}
    assert len(set(counts.values())) == 1, counts
    page = client.get(f"{base}?sort=reference").content.decode()
    assert "500 actions" in page and "Page 1 of 10" in page
