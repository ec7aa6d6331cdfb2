"""A time an edit form shows is a time it accepts: the board, meeting and update-window forms
used to show "10 a.m." / "5 p.m." (Django's template format) and then refuse their own value
with "Enter a time such as 17:00", so saving a form unchanged failed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from stocktake.core.tests.fuzzing import page_forms
from stocktake.governance.models import Board, Meeting, UpdateWindow


def _pages(world: Any, gw: Any) -> dict[str, tuple[str, Any]]:
    slug = world.authority.slug
    return {
        "board": (reverse("governance:board_edit", args=[slug, gw.board.pk]), gw.board),
        "meeting": (reverse("governance:meeting_edit", args=[slug, gw.meeting.pk]), gw.meeting),
        "window": (reverse("governance:window", args=[slug, world.plan.pk]), gw.window),
    }


@pytest.mark.parametrize("which", ["board", "meeting", "window"])
@pytest.mark.parametrize("saved", [dt.time(10, 0), dt.time(17, 0), dt.time(9, 30)])
def test_an_edit_form_saved_unchanged_keeps_its_time(world, gw, client, which, saved):
    model = {"board": Board, "meeting": Meeting, "window": UpdateWindow}[which]
    url, row = _pages(world, gw)[which]
    model.objects.filter(pk=row.pk).update(time=saved)
    client.force_login(world.users["lead"])

    page = client.get(url)
    posted = page_forms(page.content.decode(), url, fill=False)["POST"].baseline
    assert posted["time"] == [f"{saved:%H:%M}"], "the form shows the time as it accepts it"

    response = client.post(url, posted)
    assert response.status_code == 302, "saving the form unchanged works"
    assert model.objects.get(pk=row.pk).time == saved
