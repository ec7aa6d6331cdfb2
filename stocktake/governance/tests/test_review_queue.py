"""The review queue: oldest first as it claims, and a bulk accept that says what it accepts
and accepts nothing from a stale page."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from stocktake.core.tests.helpers import visible_text
from stocktake.governance import selectors
from stocktake.governance.tests.conftest import post


def queue_url(world):
    return reverse("governance:review_queue", args=[world.authority.slug, world.plan.pk])


def test_the_queue_is_oldest_first_by_the_date_it_shows(world, gw, client):
    today = gw.update.date
    newer = post(world.partner_action, "Police data shared", date=today - dt.timedelta(days=2))
    older = post(world.partner_action, "Health data shared", date=today - dt.timedelta(days=9))
    assert list(selectors.review_queue(world.plan)) == [older, newer, gw.update]

    client.force_login(world.users["lead"])
    text = visible_text(client.get(queue_url(world)))
    assert "oldest first" in text
    positions = [text.index(t) for t in ("Health data", "Police data", "Training plan drafted")]
    assert positions == sorted(positions)
