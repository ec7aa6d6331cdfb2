"""The lead stays in charge of an import (issue 12, item 8): a file whose deadline column is
misread is corrected in the preview — that column's role and one row's type — the preview
changes, the plan is imported, and the next file with the same headings is offered the
saved layout, which reads it right. Every page is checked with axe-core; the corrected
preview is photographed at desktop and phone widths."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from stocktake.imports.models import SavedLayout
from stocktake.imports.tests.builders import csv_bytes
from stocktake.plans.models import Plan

from .conftest import Visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

FIRST = [
    # "Notes" holds the deadlines, one still to be confirmed: read as text kept as written.
    ["Ref", "Action", "Lead", "Notes"],
    ["1", "Audit every plan", "Jane Smith", "31/03/2025"],
    ["2", "Train the social workers", "Tom Jones", "30/06/2025"],
    ["", "Key: dates are target dates", "", ""],  # a note, but it reads as a section
    ["3", "Recruit managers", "Amy Brown", "TBC"],
]
SECOND = [
    ["Ref", "Action", "Lead", "Notes"],
    ["1", "Audit the plans again", "Jane Smith", "30/04/2026"],
    ["2", "Coach the managers", "Tom Jones", "TBC"],
]


def upload(visit: Visit, slug: str, path: Path, plan: str) -> None:
    visit.go(f"/a/{slug}/imports/new/", "import form")
    page = visit.page
    page.get_by_label("Plan file").set_input_files(str(path))
    page.get_by_label("A new plan", exact=True).check()
    page.get_by_label("Name of the new plan").fill(plan)
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", name="Check what will be imported")).to_be_visible()


def test_the_lead_corrects_the_preview_imports_and_is_offered_the_layout_next_time(
    visit: Visit, world: Any, tmp_path: Path
) -> None:
    slug = world.authority.slug
    first, second = tmp_path / "tracker.csv", tmp_path / "tracker-june.csv"
    first.write_bytes(csv_bytes(FIRST))
    second.write_bytes(csv_bytes(SECOND))
    page = visit.page
    visit.sign_in("lead")

    upload(visit, slug, first, "Phase 2")
    visit.axe("import preview")
    actions = page.get_by_role("table", name="Each action as read from the file")
    expect(actions.get_by_role("row").filter(has_text="Audit every plan")).not_to_contain_text(
        "31/03/2025"
    )
    rows = page.get_by_role("region", name=re.compile("Rows of tracker.csv"))
    expect(rows).to_contain_text("Key: dates are target dates")  # a section: shown first
    recruit = actions.get_by_role("row").filter(has_text="Recruit managers")
    expect(recruit).to_contain_text("Key: dates are target dates")  # taken as its theme

    page.get_by_label("What the column “Notes” holds").select_option("deadline")
    page.get_by_label("What row 4 is").select_option("ignored")
    page.get_by_role("button", name="Update the preview").click()

    expect(page.get_by_text("The preview was updated")).to_be_visible()
    visit.axe("corrected import preview")
    expect(actions.get_by_role("row").filter(has_text="Audit every plan")).to_contain_text(
        "31/03/2025"
    )
    expect(recruit).not_to_contain_text("Key: dates are target dates")
    expect(page.get_by_label("What row 4 is")).to_have_value("ignored")
    expect(page.get_by_label("What the column “Notes” holds")).to_have_value("deadline")
    visit.screenshot("preview-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    visit.axe("corrected import preview on a phone")
    visit.screenshot("preview-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Import 3 actions").click()
    expect(page.get_by_role("heading", name="Imported into Phase 2")).to_be_visible()
    visit.axe("import summary")
    plan = Plan.objects.get(authority=world.authority, name="Phase 2")
    assert sorted(plan.actions.values_list("reference", flat=True)) == ["1", "2", "3"]
    assert SavedLayout.objects.filter(authority=world.authority).count() == 1

    upload(visit, slug, second, "Phase 3")
    banner = page.get_by_role("region", name="A saved layout matches")
    expect(banner).to_contain_text("A layout you saved on")
    expect(banner).to_contain_text("matches this file — use it")
    visit.axe("preview offering a saved layout")
    visit.screenshot("offer-1280")
    banner.get_by_role("button", name=re.compile("Use this layout")).click()

    expect(page.get_by_text("The preview was read with the layout")).to_be_visible()
    visit.axe("preview read with the saved layout")
    expect(actions.get_by_role("row").filter(has_text="Audit the plans again")).to_contain_text(
        "30/04/2026"
    )
    expect(page.get_by_role("region", name="A saved layout matches")).to_have_count(0)
    page.get_by_role("button", name="Import 2 actions").click()
    expect(page.get_by_role("heading", name="Imported into Phase 3")).to_be_visible()
    visit.axe("second import summary")
    later = Plan.objects.get(authority=world.authority, name="Phase 3")
    assert [str(a.due_date) for a in later.actions.order_by("reference")] == [
        "2026-04-30",
        "None",
    ]

    visit.go(f"/a/{slug}/imports/layouts/", "saved layouts")
    layouts = page.get_by_role("table", name="Saved layouts")
    expect(layouts).to_contain_text("Ref · Action · Lead · Notes")
    layouts.get_by_role("link", name=re.compile("Delete")).click()
    expect(page.get_by_role("heading", name="Delete the layout “tracker.csv”?")).to_be_visible()
    visit.axe("delete a saved layout")
    page.get_by_role("button", name="Delete the layout").click()
    expect(page.get_by_text("No saved layouts yet.")).to_be_visible()
    visit.axe("saved layouts after deleting")
    assert not SavedLayout.objects.filter(authority=world.authority).exists()
    visit.finish()
