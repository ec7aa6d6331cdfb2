"""Delivery status by theme: stacked bars whose segments and table give the same figures."""

from __future__ import annotations

import re

from django.urls import reverse

from stocktake.demo import factories
from stocktake.plans.models import StatusChange


def test_the_dashboard_draws_status_by_theme_with_its_table(world, client_for):
    other = factories.make_theme(world.plan, "Practice")
    factories.make_action(world.plan, "P1", theme=other)
    factories.make_action(world.plan, "N1")  # no theme
    StatusChange.objects.create(
        action=world.action, field="delivery", old_value="not_started", new_value="on_track"
    )
    url = reverse("plans:dashboard", args=[world.authority.slug, world.plan.pk])

    page = client_for(world.users["viewer"]).get(url).content.decode()

    svg = page[
        page.index('<svg class="st-chart__svg"') : page.index("</svg>", page.index("st-chart__svg"))
    ]
    assert 'role="img"' in svg
    assert "Leadership: 1 not started, 1 on track; Practice: 1 not started; No theme: 1" in svg
    segments = re.findall(r'width="([\d.]+)" height="24"[^>]*><title>([^<]+)</title>', svg)
    # Leadership is the largest theme: its two segments fill the width between them.
    assert segments[:2] == [("300.00", "Not started: 1"), ("300.00", "On track: 1")]
    assert segments[2:] == [("300.00", "Not started: 1"), ("300.00", "Not started: 1")]
    table = page[page.index("Actions by delivery status in each theme") :]
    row = re.search(r"Leadership</th>(.*?)</tr>", table, re.S)[1]
    assert re.findall(r">(\d+)<", row) == ["1", "1", "0", "0", "0", "0", "2"]
