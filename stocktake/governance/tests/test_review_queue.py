"""The review queue: oldest first as it claims, and a bulk accept that says what it accepts
and accepts nothing from a stale page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F
from django.urls import reverse

from stocktake.core.tests.helpers import visible_text
from stocktake.governance import selectors, services
from stocktake.governance.models import UpdateReview
from stocktake.governance.tests.conftest import post
from stocktake.plans.models import Action


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


def _confirmation(response) -> dict[str, list[str]]:
    page = response.content.decode()
    return {"confirm": ["yes"], "accept": re.findall(r'name="accept" value="([^"]+)"', page)}


def test_accepting_ticked_updates_first_names_them_and_accepts_nothing_yet(world, gw, client):
    other = post(world.partner_action, "Police data shared")
    client.force_login(world.users["lead"])

    response = client.post(queue_url(world), {"updates": [other.pk]})

    assert response.status_code == 200
    text = visible_text(response)
    assert "Accept 1 update?" in text
    assert "LA2" in text and "Police data shared" in text
    assert "Training plan drafted" not in text
    assert not UpdateReview.objects.exists(), "nothing is accepted until it is confirmed"
    assert 'autocomplete="off"' in client.get(queue_url(world)).content.decode()


def test_a_confirmation_accepts_exactly_what_it_names(world, gw, client):
    other = post(world.partner_action, "Police data shared")
    client.force_login(world.users["lead"])
    confirmation = _confirmation(client.post(queue_url(world), {"updates": [other.pk]}))

    response = client.post(queue_url(world), confirmation)

    assert response.status_code == 302
    assert list(UpdateReview.objects.values_list("update_id", flat=True)) == [other.pk]
    assert "1 update accepted: LA2" in visible_text(client.get(queue_url(world)))


def test_back_and_accept_again_accepts_nothing(world, gw, client):
    """The reported journey: tick one, accept, press Back, accept again. The second press
    used to accept whichever update had moved into the ticked row."""
    other = post(world.partner_action, "Police data shared")
    client.force_login(world.users["lead"])
    confirmation = _confirmation(client.post(queue_url(world), {"updates": [gw.update.pk]}))
    assert client.post(queue_url(world), confirmation).status_code == 302
    before = list(UpdateReview.objects.values_list("update_id", flat=True))

    again = client.post(queue_url(world), confirmation)  # Back, then Accept once more

    assert again.status_code == 200
    assert "Nothing was accepted" in visible_text(again)
    assert list(UpdateReview.objects.values_list("update_id", flat=True)) == before
    assert other in selectors.review_queue(world.plan)


def test_a_confirmation_made_stale_by_an_edit_of_the_action_accepts_nothing(world, gw, client):
    other = post(world.partner_action, "Police data shared")
    client.force_login(world.users["lead"])
    confirmation = _confirmation(
        client.post(queue_url(world), {"updates": [gw.update.pk, other.pk]})
    )
    Action.objects.filter(pk=world.partner_action.pk).update(version=F("version") + 1)

    response = client.post(queue_url(world), confirmation)

    assert response.status_code == 200
    assert "Nothing was accepted" in visible_text(response)
    assert not UpdateReview.objects.exists()


def test_one_update_reviewed_by_someone_else_meanwhile_accepts_none(world, gw):
    other = post(world.partner_action, "Police data shared")
    services.update_review(update=other, actor=world.users["admin"], decision="accepted")
    with pytest.raises(ValidationError, match="already been accepted by admin"):
        services.updates_accept(updates=[gw.update, other], actor=world.users["lead"])
    assert list(UpdateReview.objects.values_list("update_id", flat=True)) == [other.pk]
