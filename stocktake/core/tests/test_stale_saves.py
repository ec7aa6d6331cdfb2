"""No lost edits: for every form that edits an existing row, two people open it at once and
both save. The first save is kept; the second gets the conflict page, with everything they
typed still in the form and what is saved now beside it, and nothing of theirs is saved until
they save again, knowingly, from the conflict page.

Each form is driven as a browser drives it: the page's own form (`fuzzing.page_forms`) gives
what would be posted unchanged, the version included; one answer is changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from stocktake.core.tests.fuzzing import page_forms
from stocktake.core.tests.helpers import visible_text
from stocktake.findings.tests.conftest import fw  # noqa: F401 - fixtures looked up by name
from stocktake.governance.tests.conftest import gw  # noqa: F401
from stocktake.indicators.tests.conftest import iw  # noqa: F401

# Where each id in an edit URL comes from: (fixture, attribute).
IDS = {
    "person_id": ("world", "owner_person"),
    "plan_id": ("world", "plan"),
    "theme_id": ("world", "theme"),
    "action_id": ("world", "action"),
    "source_id": ("fw", "source"),
    "judgement_id": ("fw", "judgement"),
    "finding_id": ("fw", "finding"),
    "link_id": ("fw", "link"),
    "board_id": ("gw", "board"),
    "meeting_id": ("gw", "meeting"),
    "indicator_id": ("iw", "reref"),
    "target_id": ("iw", "target"),
}


@dataclass(frozen=True)
class Edit:
    """One edit form: the answer two people change, to what, and how the page shows it."""

    url: str
    needs: tuple[str, ...]
    field: str
    first: str | list[str]  # what the first person saves
    second: str | list[str]  # what the second person types
    shown_first: str  # how the first value reads on the conflict page
    shown_second: str
    noun: str


# The values for ticked boxes are ids, filled in by `resolve` from "@fixture.attribute".
EDITS = [
    Edit("people:edit", ("person_id",), "organisation", "Alpha Council", "Bravo Council",
         "Alpha Council", "Bravo Council", "person"),
    Edit("plans:plan_edit", ("plan_id",), "name", "Plan A", "Plan B", "Plan A", "Plan B", "plan"),
    Edit("plans:theme_edit", ("plan_id", "theme_id"), "name", "Theme A", "Theme B",
         "Theme A", "Theme B", "theme"),
    Edit("plans:action_edit", ("plan_id", "action_id"), "text", "Wording A", "Wording B",
         "Wording A", "Wording B", "action"),
    Edit("findings:source_edit", ("source_id",), "summary", "Summary A", "Summary B",
         "Summary A", "Summary B", "source"),
    Edit("findings:judgement_edit", ("source_id", "judgement_id"), "grade", "good",
         "requires_improvement", "Good", "Requires improvement to be good", "judgement"),
    Edit("findings:finding_edit", ("finding_id",), "text", "Finding A", "Finding B",
         "Finding A", "Finding B", "finding"),
    Edit("findings:finding_links", ("finding_id",), "actions", ["@world.partner_action"], [],
         "LA2", "(blank)", "finding"),
    Edit("findings:finding_indicators", ("finding_id",), "indicators", ["@fw.indicator"], [],
         "Re-referrals", "(blank)", "finding"),
    Edit("findings:finding_repeats", ("finding_id",), "earlier", [], ["@fw.child"],
         "(blank)", "Neglect strategy", "finding"),
    Edit("findings:impact_edit", ("finding_id", "link_id"), "latest", "20% in May",
         "25% in May", "20% in May", "25% in May", "reading"),
    Edit("governance:board_edit", ("board_id",), "purpose", "Purpose A", "Purpose B",
         "Purpose A", "Purpose B", "board"),
    Edit("governance:meeting_edit", ("meeting_id",), "notes", "Notes A", "Notes B",
         "Notes A", "Notes B", "meeting"),
    Edit("governance:window", ("plan_id",), "stale_after_days", "21", "28", "21", "28",
         "update window"),
    Edit("indicators:edit", ("indicator_id",), "definition", "Defined A", "Defined B",
         "Defined A", "Defined B", "indicator"),
    Edit("indicators:links", ("indicator_id",), "actions", ["@world.partner_action"], [],
         "LA2", "(blank)", "indicator"),
    Edit("indicators:target_edit", ("indicator_id", "target_id"), "label", "Target A",
         "Target B", "Target A", "Target B", "target"),
    Edit("indicators:commentary", ("indicator_id",), "text", "Paragraph A", "Paragraph B",
         "Paragraph A", "Paragraph B", "paragraph"),
]  # fmt: skip
# The finding whose repeats are edited is the later one (it can repeat earlier findings).
REPEATS_FINDING = ("fw", "repeat")


def url_for(request, edit: Edit) -> str:
    world = request.getfixturevalue("world")
    kwargs: dict[str, Any] = {"authority": world.authority.slug}
    for need in edit.needs:
        fixture, attribute = IDS[need]
        if edit.url == "findings:finding_repeats" and need == "finding_id":
            fixture, attribute = REPEATS_FINDING
        kwargs[need] = getattr(request.getfixturevalue(fixture), attribute).pk
    return reverse(edit.url, kwargs=kwargs)


def resolve(request, value: str | list[str]) -> list[str]:
    """A value as posted: a list of one text, or the ids of "@fixture.attribute" objects."""
    if isinstance(value, str):
        return [value]
    found = []
    for item in value:
        fixture, attribute = item[1:].split(".")
        found.append(str(getattr(request.getfixturevalue(fixture), attribute).pk))
    return found


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def as_posted(client: Client, url: str) -> dict[str, list[str]]:
    """What the edit page's form would post unchanged (its version included)."""
    page = client.get(url)
    assert page.status_code == 200
    return page_forms(page.content.decode(), url, fill=False)["POST"].baseline


def conflict_rows(response) -> list[tuple[str, str, str]]:
    table = re.search(r'<table class="govuk-table.*?</table>', response.content.decode(), re.S)
    assert table, "the conflict page shows what is saved now beside what was typed"
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table[0], re.S)[3:]  # after the headings
    tidy = [" ".join(c.split()) for c in cells]
    return [(tidy[i], tidy[i + 1], tidy[i + 2]) for i in range(0, len(tidy) - 2, 3)]


@pytest.mark.parametrize("edit", EDITS, ids=[e.url for e in EDITS])
def test_the_second_of_two_stale_saves_gets_the_conflict_page_and_loses_nothing(
    request, world, edit
):
    url = url_for(request, edit)
    lead, admin = signed_in(world.users["lead"]), signed_in(world.users["admin"])
    first_form, second_form = as_posted(lead, url), as_posted(admin, url)
    first, second = resolve(request, edit.first), resolve(request, edit.second)
    assert first_form["version"] == second_form["version"]  # both opened the same version

    saved = lead.post(url, {**first_form, edit.field: first})
    conflict = admin.post(url, {**second_form, edit.field: second})

    assert saved.status_code == 302
    assert conflict.status_code == 200
    text = visible_text(conflict)
    assert f"Someone else changed this {edit.noun} while you were editing" in text
    assert "Your changes have not been saved" in text
    # What the second person typed is still in the form, and would be posted again …
    again = page_forms(conflict.content.decode(), url, fill=False)["POST"].baseline
    assert again.get(edit.field, []) == second
    # … beside what the first person saved.
    rows = conflict_rows(conflict)
    assert any(
        edit.shown_first in saved_now and edit.shown_second in typed
        for _label, saved_now, typed in rows
    ), rows
    # Nothing was lost: the first person's answer is what is saved.
    assert as_posted(lead, url).get(edit.field, []) == first
    # Saving again from the conflict page keeps the second person's version, knowingly.
    assert admin.post(url, again).status_code == 302
    assert as_posted(lead, url).get(edit.field, []) == second
