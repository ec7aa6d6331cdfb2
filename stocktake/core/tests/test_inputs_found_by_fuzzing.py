"""The inputs the fuzzing test (`test_fuzz_inputs.py`) found giving server errors, kept as
fast checks through the real pages: each is now an answer in plain English, and nothing is
written. Three classes: huge years in date boxes, digits that `isdigit()` accepts and `int()`
refuses ("²"), and numbers past what the database stores."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from stocktake.core.tests import fuzzing
from stocktake.core.tests.helpers import (
    action_form_data,
    date_fields,
    visible_text,
)
from stocktake.findings.tests.conftest import fw  # noqa: F401 - fixtures looked up by name
from stocktake.governance.tests.conftest import gw  # noqa: F401
from stocktake.indicators.tests.conftest import iw  # noqa: F401

BIG = "9" * 20
REAL_DATE = "must be a real date"


def huge_year(name: str) -> dict[str, str]:
    return {f"{name}_0": "1", f"{name}_1": "6", f"{name}_2": BIG}


# Where each id in a URL comes from: (fixture, attribute path).
IDS = {
    "plan_id": ("world", "plan"),
    "action_id": ("world", "action"),
    "finding_id": ("fw", "finding"),
    "source_id": ("fw", "source"),
    "indicator_id": ("iw", "reref"),
    "board_id": ("gw", "board"),
}


def url(request, name: str, *needs: str) -> str:
    """The URL, building only the fixtures its ids need."""
    world = request.getfixturevalue("world")
    kwargs: dict[str, Any] = {"authority": world.authority.slug}
    for need in needs:
        fixture, attribute = IDS[need]
        kwargs[need] = getattr(request.getfixturevalue(fixture), attribute).pk
    return reverse(name, kwargs=kwargs)


GETS = [
    ("plans:action_list", ("plan_id",), huge_year("due_from"), "first due date " + REAL_DATE),
    ("plans:action_list", ("plan_id",), {"due_to_0": "²", "due_to_1": "1", "due_to_2": "2019"},
     "last due date " + REAL_DATE),
    ("indicators:dashboard", (), {"theme": "²", "finding": BIG, "area": "Front\x00door"}, None),
    ("findings:finding_links", ("finding_id",), {"plan": "²"}, None),
    ("findings:finding_links", ("finding_id",), {"plan": BIG}, None),
]  # fmt: skip


@pytest.mark.parametrize(("name", "needs", "query", "message"), GETS)
def test_a_filter_or_choice_in_the_query_string_never_breaks_a_page(
    request, world, client_for, name, needs, query, message
):
    response = client_for(world.users["lead"]).get(url(request, name, *needs), query)

    assert response.status_code == 200
    if message:
        assert message in visible_text(response)


def posts(world) -> list[tuple[str, tuple[str, ...], dict[str, Any], str]]:
    action = action_form_data(reference="LA1", version=world.action.version)
    return [
        ("plans:action_edit", ("plan_id", "action_id"), {**action, **huge_year("due_date")},
         "due date " + REAL_DATE),
        ("plans:theme_create", ("plan_id",), {"name": "New theme", "position": BIG},
         "Position must be 9999 or less"),
        ("plans:plan_create", (), {"name": "P", "kind": "improvement", **huge_year("start_date"),
         **date_fields("end_date", None), **date_fields("week1_date", None)}, REAL_DATE),
        ("governance:review_queue", ("plan_id",), {"updates": ["²", BIG]},
         "Select the updates to accept"),
        ("governance:meeting_create", ("board_id",), {**huge_year("date"), "status": "held"},
         REAL_DATE),
        ("indicators:links", ("indicator_id",), {"actions": [BIG], "themes": ["²"]},
         "Choose from the options listed"),
        ("indicators:catalogue", (), {"entries": [BIG]}, "Choose from the options listed"),
        ("indicators:target_create", ("indicator_id",),
         {"label": "6 months", **huge_year("due_date"), "value": "20", "tolerance": "0"},
         REAL_DATE),
        ("findings:source_edit", ("source_id",),
         {"title": "Inspection", "kind": "ilacs_standard", **huge_year("published_on")},
         REAL_DATE),
        ("imports:new", (), {**huge_year("week1_date"), "plan": "__new__", "new_name": "P"},
         REAL_DATE),
    ]  # fmt: skip


@pytest.mark.parametrize("case", range(10))
def test_a_posted_number_or_date_never_breaks_a_form(request, world, client_for, case):
    name, needs, data, message = posts(world)[case]
    address = url(request, name, *needs)
    tables = fuzzing.stocktake_tables()
    before = fuzzing.db_fingerprint(tables)

    response = client_for(world.users["lead"]).post(address, data)

    assert response.status_code == 200
    assert message in visible_text(response)
    assert fuzzing.db_fingerprint(tables) == before
