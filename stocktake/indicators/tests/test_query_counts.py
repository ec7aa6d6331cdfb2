"""The indicator pages run a fixed number of queries, however many indicators and figures an
authority has: the dashboard of 80 indicators by 120 monthly figures included."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stocktake.core.tests.helpers import PAGE_START
from stocktake.indicators.models import Benchmark, Indicator, Observation, Target
from stocktake.indicators.periods import add_months

# Every page starts with PAGE_START: the signed-in user and their membership.
DASHBOARD = PAGE_START + 7  # indicators; observations, targets, benchmarks; themes; areas; findings
DETAIL = PAGE_START + 8  # indicator; observations, targets, benchmarks; actions; themes;
#                  commentary; findings
FAILING = PAGE_START + 5  # indicators; observations, targets, benchmarks; commentary
EXPORT = PAGE_START + 4  # indicators; observations, targets, benchmarks


def grow(authority, indicators: int, months: int, seed: int = 1) -> list[Indicator]:
    """Indicators with `months` monthly figures each, two targets and a benchmark, in bulk."""
    rng = np.random.default_rng(seed)
    start = dt.date(2015, 1, 1)
    made = Indicator.objects.bulk_create(
        Indicator(
            authority=authority,
            code=f"K{n:03d}",
            name=f"Indicator {n}",
            area=("Front door", "Workforce", "Care")[n % 3],
            unit="percent",
            polarity=("higher", "lower", "neutral")[n % 3],
        )
        for n in range(indicators)
    )
    Observation.objects.bulk_create(
        Observation(indicator=i, period=add_months(start, m), value=float(v))
        for i in made
        for m, v in enumerate(np.clip(rng.normal(50, 8, months), 0, 100))
    )
    end = add_months(start, months)
    Target.objects.bulk_create(
        Target(indicator=i, label=label, due_date=add_months(end, k) - dt.timedelta(days=1),
               value=55.0, tolerance=2.0)
        for i in made
        for k, label in ((-6, "6 months"), (6, "12 months"))
    )  # fmt: skip
    Benchmark.objects.bulk_create(
        Benchmark(indicator=i, period_end=dt.date(2024, 3, 31), period_label="2023–24",
                  england=50.0, neighbours=52.0, neighbour_count=10, rank=40, ranked=150,
                  quartile=2)
        for i in made
    )  # fmt: skip
    return made


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.slow
def test_the_dashboard_of_80_indicators_by_120_months_runs_a_fixed_number_of_queries(world, client):
    client.force_login(world.users["viewer"])
    url = reverse("indicators:dashboard", args=[world.authority.slug])
    grow(world.authority, 2, 6, seed=2)
    small = count(client, url)
    grow(world.other, 3, 12)  # another authority's rows change nothing
    Indicator.objects.filter(authority=world.authority).delete()
    grow(world.authority, 80, 120)
    assert Observation.objects.filter(indicator__authority=world.authority).count() == 9600
    large = count(client, url)
    assert small == large == DASHBOARD
    html = client.get(url).content.decode()
    assert html.count('class="govuk-summary-card__title"') == 80
    # Filtered by area, and with the failing-targets page and the download, too.
    assert count(client, url + "?area=Workforce") == DASHBOARD
    assert count(client, reverse("indicators:failing", args=[world.authority.slug])) == FAILING
    export = reverse("indicators:export", args=[world.authority.slug])
    assert count(client, export + "?format=csv") == EXPORT


@pytest.mark.django_db
def test_the_indicator_page_runs_a_fixed_number_of_queries(world, client):
    client.force_login(world.users["viewer"])
    (small,) = grow(world.authority, 1, 3, seed=3)
    (large,) = grow(world.other, 1, 120)  # moved across below
    large.authority = world.authority
    large.code = "BIG"
    large.save()
    for indicator in (small, large):
        url = reverse("indicators:detail", args=[world.authority.slug, indicator.pk])
        assert count(client, url) == DETAIL
