"""A lead records an inspection, pastes its areas for improvement, links one to an action and
reads the traceability matrix, in headless Chromium with axe-core on every page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import Visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

AFIS = """\
 - The identification of and response to risk, particularly in relation to chronic neglect
 - Training needs of social workers to ensure that they are prepared for court proceedings
"""


def test_lead_records_an_inspection_and_traces_its_findings(visit: Visit, world: Any) -> None:
    page = visit.page
    visit.sign_in("lead")
    page.goto(f"/a/{world.authority.slug}/plans/{world.plan.pk}/")
    visit.axe("plan dashboard")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Findings").click()
    expect(
        page.get_by_role("heading", name="Findings: timeline of sources", level=1)
    ).to_be_visible()
    visit.axe("findings timeline, empty")
    page.get_by_role("link", name="Add a source").first.click()
    expect(page.get_by_role("heading", name="Add a source of findings")).to_be_visible()
    visit.axe("add a source")

    page.get_by_role("button", name="Save source").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    visit.axe("add a source, with errors")
    page.get_by_label("ILACS standard inspection").check()
    page.get_by_label("Title", exact=True).fill("Inspection of Testshire, 2019")
    page.get_by_role("group", name="Date published or issued (optional)").get_by_label("Day").fill(
        "17"
    )
    page.get_by_role("group", name="Date published or issued (optional)").get_by_label(
        "Month"
    ).fill("1")
    page.get_by_role("group", name="Date published or issued (optional)").get_by_label("Year").fill(
        "2019"
    )
    page.get_by_role("button", name="Save source").click()
    expect(
        page.get_by_role("heading", name="Inspection of Testshire, 2019", level=1)
    ).to_be_visible()
    visit.axe("source page")

    page.get_by_role("link", name="Record a judgement").click()
    visit.axe("record a judgement")
    page.get_by_label("Overall effectiveness").check()
    page.get_by_role("group", name="Grade").get_by_label("Inadequate").check()
    page.get_by_role("button", name="Save judgement").click()
    expect(
        page.get_by_role("table", name="Judgements: the grade given and the authority's own grade")
    ).to_contain_text("Inadequate")
    visit.axe("source page with a judgement")

    page.get_by_role("link", name="Paste a list of findings").click()
    visit.axe("paste a list")
    page.get_by_label("Paste the list from the letter or report").fill(AFIS)
    page.get_by_role("button", name="Check the list").click()
    expect(page.get_by_role("heading", name="Check the findings before saving")).to_be_visible()
    visit.axe("capture preview")
    page.get_by_role("button", name="Save 2 findings").click()
    expect(page.get_by_role("alert")).to_contain_text("2 findings added")
    visit.axe("source page with findings")

    page.get_by_role("link", name="Training needs of social workers", exact=False).click()
    visit.axe("finding page")
    page.get_by_role("link", name="Link actions and measures").click()
    visit.axe("link actions")
    page.get_by_label("LA1: Do the thing well").check()
    page.get_by_role("button", name="Save links").click()
    expect(page.get_by_role("alert")).to_contain_text("Links to Test plan saved")
    visit.axe("finding page with a link")

    page.get_by_role("navigation", name="Findings pages").get_by_role(
        "link", name="Traceability matrix"
    ).click()
    expect(page.get_by_role("heading", name="Traceability matrix", level=1)).to_be_visible()
    visit.axe("traceability matrix")
    visit.screenshot("traceability-matrix")
    matrix = page.get_by_role("table", name="Finding to impact")
    expect(matrix).to_contain_text("No action answers this finding")
    expect(page.get_by_role("link", name="1 No action answers this finding")).to_be_visible()

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Findings").click()
    expect(page.get_by_text("Overall:")).to_be_visible()
    visit.axe("findings timeline")
    visit.finish()
