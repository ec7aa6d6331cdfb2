"""Case audits in headless Chromium, with axe-core on every page: the QA lead schedules a
round; the auditor records an audit (after an incomplete first try) graded inadequate and
raises an action; the QA lead moderates it to requires improvement, keeping both grades, and
records the action done late; and the QA indicators move: inadequate audits this month from
100% to 0%. Screenshots at 1280 and 390 pixels wide."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from stocktake.quality.tests.conftest import QaWorld, build_qa

from .conftest import Visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.fixture
def qa(world: Any) -> QaWorld:
    return build_qa(world)


def fill_date(page: Page, group: str, day: Any) -> None:
    box = page.get_by_role("group", name=group)
    box.get_by_label("Day").fill(str(day.day))
    box.get_by_label("Month").fill(str(day.month))
    box.get_by_label("Year").fill(str(day.year))


def grade(page: Page, group: str, label: str) -> None:
    page.get_by_role("group", name=group).get_by_label(label, exact=True).check()


def inadequate_figure(visit: Visit, slug: str, month: str) -> str:
    page = visit.page
    page.goto(f"/a/{slug}/indicators/")
    visit.axe("indicator dashboard")
    page.get_by_role("link", name="Case audits graded inadequate").first.click()
    expect(page.get_by_role("heading", name="Case audits graded inadequate")).to_be_visible()
    visit.axe("QA indicator page")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=month))
    return row.get_by_role("cell").first.inner_text()


def test_schedule_record_moderate_act_and_see_the_indicator_move(
    visit: Visit, world: Any, qa: Any
) -> None:
    page, slug = visit.page, world.authority.slug
    today = timezone.localdate()
    month = f"{today:%b %Y}"

    visit.sign_in("qa_lead")
    page.goto(f"/a/{slug}/plans/{world.plan.pk}/")
    visit.axe("plan dashboard")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Case audits").click()
    expect(page.get_by_role("heading", name="Audit programme", level=1)).to_be_visible()
    visit.axe("audit programme")
    page.get_by_role("link", name="Schedule audits").click()
    visit.axe("schedule audits")
    page.get_by_label("Title").fill("Monthly audit – this month")
    page.get_by_label("Framework").select_option(label="Practice audit")
    fill_date(page, "Due by", today)
    page.get_by_label("Case references").fill("5001\nJane Smith")
    page.get_by_label("Ada Auditor – Senior auditor").check()
    page.get_by_role("button", name="Schedule the audits").click()
    expect(
        page.get_by_role("link", name="“Jane Smith” has no number in it", exact=False)
    ).to_be_visible()
    visit.axe("schedule audits, a name refused")
    page.get_by_label("Case references").fill("5001\n5002")
    page.get_by_role("button", name="Schedule the audits").click()
    expect(page.get_by_role("heading", name="Monthly audit – this month")).to_be_visible()
    visit.axe("the round")
    visit.screenshot("quality-round-1280")
    visit.sign_out()

    visit.sign_in("auditor")
    page.goto(f"/a/{slug}/plans/{world.plan.pk}/")
    visit.axe("plan dashboard as the auditor")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Case audits").click()
    expect(page.get_by_role("heading", name="My audits")).to_be_visible()
    expect(page.get_by_role("link", name="Case 1002")).to_have_count(0)  # not theirs
    visit.axe("my audits")
    page.get_by_role("link", name="Case 5001").click()
    visit.axe("audit, not started")
    page.get_by_role("link", name="Record the audit").click()
    visit.axe("record the audit")
    page.get_by_role("button", name="Complete the audit").click()
    expect(page.get_by_role("link", name="Choose the overall grade")).to_be_visible()
    visit.axe("record the audit, with errors")
    grade(page, "Voice of the child", "Inadequate")
    grade(page, "Management oversight", "Inadequate")
    grade(page, "Overall grade", "Inadequate")
    page.get_by_label("Strengths").fill("The child is visited regularly.")
    page.get_by_label("Areas for development").fill("Risk is not analysed; no plan.")
    page.get_by_label("The child's voice").fill("The child was not seen alone.")
    fill_date(page, "Date the audit was completed", today)
    visit.screenshot("quality-record-1280")
    page.get_by_role("button", name="Complete the audit").click()
    expect(page.get_by_text("The audit of case 5001 is completed")).to_be_visible()
    visit.axe("audit, completed")
    page.get_by_role("link", name="Raise an action").click()
    visit.axe("raise an action")
    page.get_by_label("What must be done on the case").fill("Hold a strategy discussion")
    page.get_by_label("Who will do it").select_option(label="Tom Manager – Team manager")
    fill_date(page, "Due by", today)
    page.get_by_role("button", name="Raise the action").click()
    expect(page.get_by_role("cell", name="Hold a strategy discussion", exact=True)).to_be_visible()
    visit.axe("audit with an action")
    visit.sign_out()

    visit.sign_in("qa_lead")
    assert inadequate_figure(visit, slug, month) == "100%"
    page.goto(f"/a/{slug}/audits/")
    visit.axe("audit programme, one to moderate")
    page.get_by_role("link", name="Case 5001").first.click()
    visit.axe("audit to moderate")
    page.get_by_role("link", name="Moderate the audit").click()
    visit.axe("moderate")
    grade(page, "Your overall grade", "Requires improvement to be good")
    fill_date(page, "Date of the moderation", today)
    page.get_by_role("button", name="Save the moderation").click()
    expect(
        page.get_by_role("link", name="Say why you would grade the audit differently")
    ).to_be_visible()
    visit.axe("moderate, with errors")
    page.get_by_label("Why you would grade it differently (if you would)").fill(
        "A plan was made at the visit, though late."
    )
    page.get_by_role("button", name="Save the moderation").click()
    expect(page.get_by_text("Moderation of case 5001 recorded")).to_be_visible()
    visit.axe("audit, moderated")
    grades = page.get_by_role("table").filter(has_text="Auditor's grade")
    expect(grades).to_contain_text("Inadequate")
    expect(grades).to_contain_text("Requires improvement to be good")
    expect(grades).to_contain_text("A plan was made at the visit, though late.")

    page.get_by_role("link", name="Record as done").click()
    visit.axe("record the action as done")
    fill_date(page, "Date it was done", today)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Audit action recorded as done")).to_be_visible()
    visit.axe("audit, action done")
    visit.screenshot("quality-audit-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    visit.screenshot("quality-audit-390")
    page.goto(f"/a/{slug}/audits/")
    visit.axe("audit programme at 390 pixels")
    visit.screenshot("quality-overview-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    visit.screenshot("quality-overview-1280")

    assert inadequate_figure(visit, slug, month) == "0%"
    good = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=month))
    expect(good).to_contain_text("Computed from case audits")
    visit.finish()
