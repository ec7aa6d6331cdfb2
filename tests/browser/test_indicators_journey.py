"""A lead adopts a standard indicator, records three months of figures and a target, and reads
the indicator's page with its analysis and SPC chart, in headless Chromium with axe-core on
every page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import Visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

FIGURES = [("2019-01", "24"), ("2019-02", "22"), ("2019-03", "21")]


def test_lead_adopts_an_indicator_and_tracks_it_against_a_target(visit: Visit, world: Any) -> None:
    page = visit.page
    visit.sign_in("lead")
    page.goto(f"/a/{world.authority.slug}/plans/{world.plan.pk}/")
    visit.axe("plan dashboard")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Indicators").click()
    expect(page.get_by_role("heading", name="Indicators", level=1)).to_be_visible()
    visit.axe("indicator dashboard, empty")

    page.get_by_role("link", name="Adopt standard indicators from the catalogue").click()
    expect(page.get_by_role("heading", name="Indicator catalogue", level=1)).to_be_visible()
    visit.axe("indicator catalogue")
    page.get_by_role("button", name="Adopt the selected indicators").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Select at least one indicator to adopt")).to_be_visible()
    visit.axe("indicator catalogue, with errors")
    page.get_by_label("Re-referrals within 12 months (REREF12)").check()
    page.get_by_role("button", name="Adopt the selected indicators").click()
    visit.axe("dashboard after adopting")

    page.get_by_role("link", name="Re-referrals within 12 months").first.click()
    expect(
        page.get_by_role("heading", name="Re-referrals within 12 months", level=1)
    ).to_be_visible()
    visit.axe("indicator page, no figures")

    page.get_by_role("link", name="Add a figure").click()
    visit.axe("add a figure")
    page.get_by_label("Period").fill("31 Sept 2019")
    page.get_by_role("button", name="Save figure").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    visit.axe("add a figure, with errors")
    for period, value in FIGURES:
        if "observations/new" not in page.url:
            page.get_by_role("link", name="Add a figure").click()
            visit.axe(f"add a figure for {period}")
        page.get_by_label("Period").fill(period)
        page.get_by_label("Value").fill(value)
        page.get_by_role("button", name="Save figure").click()
        expect(page.get_by_role("heading", name="Re-referrals within 12 months")).to_be_visible()
        visit.axe(f"indicator page after {period}")

    page.get_by_role("link", name="Add a target").click()
    visit.axe("add a target")
    page.get_by_label("Label").fill("6 months")
    group = page.get_by_role("group", name="Due by")
    group.get_by_label("Day").fill("30")
    group.get_by_label("Month").fill("6")
    group.get_by_label("Year").fill("2019")
    page.get_by_label("Target value").fill("18")
    page.get_by_role("button", name="Save target").click()
    expect(page.get_by_role("heading", name="Targets")).to_be_visible()
    visit.axe("indicator page with a target")
    visit.screenshot("indicator-page")

    figures = page.get_by_role("table").filter(has_text="Mar 2019").first
    expect(figures).to_contain_text("21")
    targets = page.get_by_role("table").filter(has_text="6 months").first
    expect(targets).to_contain_text("18")
    chart = page.locator("figure img, figure svg").first
    expect(chart).to_be_visible()
    visit.finish()
