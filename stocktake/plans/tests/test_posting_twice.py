"""Posting is idempotent: the "Post an update" form carries a one-time token, so Back and
resubmit (or a double click) posts one update, not an identical duplicate. Also: the RAG
choice that proposes nothing says "No change"."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError

from stocktake.core.tests.fuzzing import page_forms
from stocktake.core.tests.helpers import db_state, visible_text
from stocktake.plans.services import AlreadyPosted, update_submit
from stocktake.plans.tests.test_views_bad_input import update_url


def _form_as_filled(client, url: str) -> dict[str, list[str]]:
    posted = page_forms(client.get(url).content.decode(), url, fill=False)["POST"].baseline
    return {**posted, "text": ["Clinic held"]}


def test_the_same_form_posted_twice_posts_one_update(world, client_for):
    client = client_for(world.users["owner"])
    url = update_url(world)
    filled = _form_as_filled(client, url)
    assert filled["submission"][0], "the form carries a one-time token"

    first = client.post(url, filled)
    before = db_state()
    again = client.post(url, filled, follow=True)  # Back, then "Post update" again

    assert first.status_code == 302
    assert world.action.updates.count() == 1
    assert db_state() == before
    assert "was already posted. It has not been posted twice" in visible_text(again)


def test_a_fresh_form_posts_a_second_update(world, client_for):
    client = client_for(world.users["owner"])
    url = update_url(world)
    client.post(url, _form_as_filled(client, url))
    client.post(url, _form_as_filled(client, url))
    assert world.action.updates.count() == 2


def test_the_service_refuses_a_token_twice_and_a_token_from_another_action(world):
    token = uuid.uuid4()
    update_submit(action=world.action, membership=None, actor=None, text="A", submission=token)
    with pytest.raises(AlreadyPosted):
        update_submit(action=world.action, membership=None, actor=None, text="A", submission=token)
    with pytest.raises(ValidationError, match="Reload the page"):
        update_submit(
            action=world.partner_action, membership=None, actor=None, text="B", submission=token
        )
    assert world.action.updates.count() == 1
    assert world.partner_action.updates.count() == 0


def test_the_rag_choice_that_proposes_nothing_says_no_change(world, client_for):
    client = client_for(world.users["owner"])
    page = client.get(update_url(world)).content.decode()
    rag = page[page.index(">RAG rating<") :]
    rag = rag[: rag.index("</fieldset>")]
    assert "No change" in rag
    assert "Not rated" not in rag
