"""A date input in error has the GOV.UK error border on its boxes, not only the message."""

from __future__ import annotations

import re

from django.urls import reverse

from stocktake.core.tests.helpers import date_fields


def _boxes(html: str, name: str) -> dict[str, str]:
    found = re.findall(rf'<input class="([^"]*)" id="id_{name}_(\d)"', html)
    return {index: classes for classes, index in found}


def test_the_boxes_of_a_date_in_error_have_the_error_border(world, gw, client):
    client.force_login(world.users["lead"])
    url = reverse("governance:meeting_create", args=[world.authority.slug, gw.board.pk])

    page = client.post(url, {**date_fields("date", None), "status": "scheduled"})

    assert page.status_code == 200
    boxes = _boxes(page.content.decode(), "date")
    assert set(boxes) == {"0", "1", "2"}
    assert all("govuk-input--error" in classes for classes in boxes.values()), boxes
    assert "govuk-input--width-2" in boxes["0"] and "govuk-input--width-4" in boxes["2"]


def test_the_boxes_of_a_good_date_have_no_error_border(world, gw, client):
    client.force_login(world.users["lead"])
    url = reverse("governance:meeting_create", args=[world.authority.slug, gw.board.pk])
    html = client.get(url).content.decode()
    assert not any("govuk-input--error" in c for c in _boxes(html, "date").values())
