"""Writing and signing the chair's progress report in headless Chromium, with axe-core on
every page: the lead finds the notice's duties, starts the July 2019 report, is told what is
missing, writes the commentary on each measure (the assessment first as a draft), the
addressee and the Leader's report, signs it, and issues the final report."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from stocktake.chair.tests.builders import make_measure, make_notice
from stocktake.reports.models import Report

from .conftest import Visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.fixture
def notice(world: Any, transactional_db: None) -> Any:
    made = make_notice(world.authority)  # dated 15 January 2019
    clause = make_measure(made, "3", "The effectiveness of help and protection")
    make_measure(made, "3.1", "Agree an early help strategy with partners.", clause)
    make_measure(made, "3.2", "Agree thresholds with partners.", clause)
    return made


def write(visit: Visit, link: str, heading: str, text: str, final: bool = True) -> None:
    page = visit.page
    page.get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    visit.axe(heading)
    page.get_by_label(heading).fill(text)
    page.get_by_label("Yes, it is final" if final else "No, save it as a draft").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Sections")).to_be_visible()
    visit.axe(f"the report after writing {heading}")


def test_a_lead_writes_signs_and_issues_the_chairs_report(
    visit: Visit, world: Any, notice: Any
) -> None:
    page, slug = visit.page, world.authority.slug
    visit.sign_in("lead")
    visit.go(f"/a/{slug}/reports/", "board reports")
    page.get_by_role("link", name="the chair's progress report").click()
    expect(page.get_by_role("heading", name="The chair's progress report", level=1)).to_be_visible()
    expect(page.get_by_text("The chair's initial (2-month) report")).to_be_visible()
    expect(page.get_by_text("15 March 2019")).to_be_visible()
    visit.axe("the chair's report and the notice's duties")

    page.get_by_role("button", name="Start the report").click()
    expect(page.get_by_role("link", name="Choose the month to report on")).to_be_visible()
    visit.axe("start a report, with errors")
    page.get_by_label("Improvement notice").select_option(label=notice.title)
    page.get_by_label("Plan reported on").select_option(label="Test plan")
    page.get_by_label("Month reported").select_option(label="July")
    page.get_by_label("Year").fill("2019")
    page.get_by_role("button", name="Start the report").click()
    expect(page.get_by_text("5 sections not yet final")).to_be_visible()
    visit.axe("a new chair's report")

    page.get_by_role("link", name="Write the chair's overall assessment").click()
    visit.axe("the assessment form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Enter the text")).to_be_visible()
    visit.axe("the assessment, with errors")
    page.get_by_role("link", name="Back to the report").click()
    visit.axe("the report")

    write(visit, "Write addressee", "Addressee", "The Parliamentary Under Secretary of State")
    write(visit, "Write measure 3.1", "Commentary on measure 3.1", "The strategy is agreed.")
    write(visit, "Write measure 3.2", "Commentary on measure 3.2", "Thresholds are not.")
    write(visit, "Write the chair's overall assessment", "The chair's overall assessment",
          "First thoughts.", final=False)  # fmt: skip
    expect(page.get_by_text("Draft", exact=True)).to_be_visible()
    write(visit, "Change the chair's overall assessment", "The chair's overall assessment",
          "Progress is real but too slow.")  # fmt: skip
    write(visit, "Write the leader of the council's supplementary report",
          "The Leader of the Council's supplementary report", "The Council agrees.")  # fmt: skip
    expect(page.get_by_text("Every section is final")).to_be_visible()

    page.get_by_role("link", name="Sign the report").click()
    expect(page.get_by_role("heading", name="Sign the report", level=1)).to_be_visible()
    visit.axe("sign the report")
    today = timezone.localdate()
    page.get_by_label("Name").fill("Linda Chair")
    page.get_by_label("Role").fill("Independent Chair")
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Sign the report").click()
    expect(page.get_by_text("Linda Chair")).to_be_visible()
    visit.axe("the signed report")

    page.get_by_role("button", name="Issue the final report").click()
    expect(page.get_by_role("heading", name="Chair's 6-month progress report")).to_be_visible()
    visit.axe("the issued report")
    paper = Report.objects.get(kind="chair-report")
    assert paper.status == Report.Status.ISSUED, paper.error
    assert paper.snapshot["title"] == "Chair's 6-month progress report"
    visit.finish()
