"""Text areas with a limit show the GOV.UK character count, and the form refuses more text in
plain words (the service checks too)."""

from __future__ import annotations

import re

from django.urls import reverse

from stocktake.core.tests.helpers import error_summary
from stocktake.plans.tests.test_posting_twice import _form_as_filled
from stocktake.plans.tests.test_views_bad_input import update_url


def test_the_update_text_has_a_character_count(world, client_for):
    page = client_for(world.users["owner"]).get(update_url(world)).content.decode()

    group = re.search(
        r'<div class="govuk-form-group govuk-character-count"[^>]*data-maxlength="5000"[^>]*>'
        r"(.*?)</div>\s*</div>",
        page,
        re.S,
    )
    assert group, "the update text is inside a GOV.UK character count"
    assert 'data-module="govuk-character-count"' in group[0]
    assert 'class="govuk-textarea govuk-js-character-count"' in group[1]
    assert 'id="id_text-info"' in group[1]
    assert "You can enter up to 5,000 characters" in group[1]
    assert re.search(r'aria-describedby="[^"]*id_text-info', group[1])


def test_each_limited_text_area_of_the_action_form_has_a_count(world, client_for):
    client = client_for(world.users["lead"])
    url = reverse("plans:action_edit", args=[world.authority.slug, world.plan.pk, world.action.pk])
    page = client.get(url).content.decode()
    assert page.count('data-module="govuk-character-count"') == 3  # text, impact, outcome
    assert "You can enter up to 10,000 characters" in page


def test_too_much_text_is_refused_in_plain_words(world, client_for):
    client = client_for(world.users["owner"])
    url = update_url(world)
    response = client.post(url, {**_form_as_filled(client, url), "text": ["x" * 5_001]})
    assert error_summary(response) == [("#id_text", "The update must be 5,000 characters or fewer")]
    assert world.action.updates.count() == 0
