"""The weekly update cycle and a lead's edit, driven through headless Chromium.

Each journey signs in through the real sign-in page and runs axe-core on every page it
reaches (`Visit.finish` fails the test if one was missed).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from stocktake.plans.choices import DeliveryStatus, Rag

from .conftest import Visit, WeeklyPlan

pytestmark = [
    pytest.mark.browser,
    # WhiteNoise notes that STATIC_ROOT (only filled by collectstatic) does not exist.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

DUE_THIS_WEEK = re.compile(r"Due (today|in [1-6] days?)")


def count_link(page: Page, label: str):  # type: ignore[no-untyped-def]
    """One of the dashboard's "Needs attention" counts: a link named "<number> <label>"."""
    return page.get_by_role("link", name=re.compile(rf"^\d+ {label}$"))


def table_count(page: Page, caption: str, row_label: str):  # type: ignore[no-untyped-def]
    """The count cell of the row labelled `row_label` in the table captioned `caption`."""
    table = page.get_by_role("table", name=caption)
    row = table.get_by_role("row").filter(has=page.get_by_role("link", name=row_label, exact=True))
    return row.get_by_role("cell").last


def test_owner_posts_an_update_on_an_action_due_this_week(
    visit: Visit, world: Any, weekly_plan: WeeklyPlan
) -> None:
    page = visit.page
    visit.sign_in("owner")

    page.get_by_role("link", name="My actions in Testshire").click()
    expect(page.get_by_role("heading", name="My actions", level=1)).to_be_visible()
    visit.axe("my actions")
    row = page.get_by_role("row").filter(has_text="FD1")
    expect(row).to_contain_text(DUE_THIS_WEEK)
    expect(row).to_contain_text("Not started")
    row.get_by_role("link", name="Post an update on FD1").click()

    expect(page.get_by_role("heading", name="Post an update", level=1)).to_be_visible()
    expect(page.get_by_text("Action FD1", exact=True)).to_be_visible()
    visit.axe("update form")
    visit.screenshot("update-form")
    page.get_by_label("What has happened since the last update?").fill(
        "Triage meeting now runs every weekday at 10am; police and health attend."
    )
    page.get_by_role("group", name="RAG rating").get_by_label("Green").check()
    page.get_by_label("Delivery status").select_option(label="On track")
    page.get_by_role("button", name="Post update").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "Update posted on FD1. Its RAG and status count once a lead accepts it"
    )
    expect(page.get_by_role("heading", name="Action FD1", level=1)).to_be_visible()
    visit.axe("action detail after posting an update")
    update = page.locator(".st-timeline__item").filter(has_text="Triage meeting now runs")
    expect(update).to_contain_text("By owner")
    expect(update.locator(".govuk-tag")).to_have_text(["Green", "Awaiting review"])
    # Proposed, not yet accepted: the accepted state is unchanged and says what waits.
    expect(page.get_by_text("On track, RAG green – awaiting review")).to_be_visible()
    expect(page.get_by_text("No status changes yet.")).to_be_visible()

    page.get_by_role("navigation", name="Plan pages").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Weekly cycle plan", level=1)).to_be_visible()
    expect(page.get_by_text("1 has an update awaiting review")).to_be_visible()
    visit.axe("plan dashboard")
    visit.screenshot("dashboard")
    expect(count_link(page, "due this week")).to_have_accessible_name("1 due this week")
    expect(count_link(page, "overdue")).to_have_accessible_name("0 overdue")
    expect(table_count(page, "Delivery status", "On track")).to_have_text("0")
    expect(table_count(page, "Delivery status", "Not started")).to_have_text("2")
    expect(table_count(page, "RAG rating", "Green")).to_have_text("0")

    count_link(page, "due this week").click()
    expect(page.get_by_role("heading", name="Actions", level=1)).to_be_visible()
    visit.axe("action list filtered to due this week")
    expect(page.get_by_role("status")).to_contain_text("1 action")
    listed = page.get_by_role("table", name="Actions in Weekly cycle plan")
    expect(listed.get_by_role("link", name="FD1")).to_be_visible()
    expect(listed.get_by_role("link", name="FD2")).to_have_count(0)
    expect(listed).to_contain_text("On track, RAG green – awaiting review")

    page.get_by_role("navigation", name="Plan pages").get_by_role("link", name="Calendar").click()
    expect(page.get_by_role("heading", name="Plan calendar", level=1)).to_be_visible()
    visit.axe("plan calendar")
    this_week = page.get_by_role("row").filter(has_text="This week")
    expect(this_week.get_by_role("link", name="FD1")).to_be_visible()
    visit.sign_out()

    # A lead accepts it: from then on it is the action's position.
    visit.sign_in("lead")
    page.goto(f"/a/{world.authority.slug}/governance/plans/{weekly_plan.plan.pk}/reviews/")
    visit.axe("review queue")
    expect(page.get_by_role("table")).to_contain_text("Delivery: Not started to On track")
    page.get_by_label(re.compile("Accept the update on FD1")).check()
    page.get_by_role("button", name="Accept selected updates").click()
    # The confirmation names what will be accepted; nothing is accepted until it is confirmed.
    expect(page.get_by_role("heading", name="Accept 1 update?", level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Triage meeting now runs")
    visit.axe("confirmation of the updates to accept")
    page.get_by_role("button", name="Accept the update on FD1").click()
    expect(page.get_by_role("alert")).to_contain_text("1 update accepted: FD1")
    visit.axe("review queue after accepting")
    page.get_by_role("navigation", name="Plan pages").get_by_role("link", name="Dashboard").click()
    expect(table_count(page, "Delivery status", "On track")).to_have_text("1")
    expect(table_count(page, "RAG rating", "Green")).to_have_text("1")
    visit.axe("plan dashboard after the acceptance")

    visit.sign_out()
    visit.finish()

    action = weekly_plan.due
    action.refresh_from_db()
    assert (action.delivery_status, action.rag) == (DeliveryStatus.ON_TRACK, Rag.GREEN)


def test_lead_edits_an_action_and_is_shown_errors_for_an_empty_update(
    visit: Visit, world: Any
) -> None:
    page = visit.page
    visit.sign_in("lead")

    page.get_by_role("link", name="Test plan", exact=True).click()
    expect(page.get_by_role("heading", name="Test plan", level=1)).to_be_visible()
    visit.axe("plan dashboard (lead)")
    page.get_by_role("navigation", name="Plan pages").get_by_role(
        "link", name="All actions"
    ).click()
    expect(page.get_by_role("heading", name="Actions", level=1)).to_be_visible()
    visit.axe("action list")
    page.get_by_role("table", name="Actions in Test plan").get_by_role("link", name="LA1").click()
    expect(page.get_by_role("heading", name="Action LA1", level=1)).to_be_visible()
    visit.axe("action detail")

    page.get_by_role("link", name="Edit action LA1").click()
    expect(page.get_by_role("heading", name="Edit action LA1", level=1)).to_be_visible()
    visit.axe("action edit form")
    page.get_by_label("Action", exact=True).fill("Chair a weekly performance clinic")
    page.get_by_label("Deadline", exact=True).fill("Week 9")
    page.get_by_role("button", name="Save action").click()

    expect(page.get_by_role("alert")).to_contain_text("Action LA1 saved")
    visit.axe("action detail after editing")
    history = page.get_by_role("table", name="Every change to this action")
    edit = history.get_by_role("row").filter(has_text="Chair a weekly performance clinic")
    expect(edit).to_contain_text("lead")
    expect(edit).to_contain_text("Do the thing well")
    expect(edit).to_contain_text("Week 8")
    expect(edit).to_contain_text("Week 9")

    page.get_by_role("link", name="Post an update on LA1").click()
    expect(page.get_by_role("heading", name="Post an update", level=1)).to_be_visible()
    visit.axe("update form (lead)")
    page.get_by_role("button", name="Post update").click()

    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_be_focused()
    visit.axe("update form with an error")
    link = summary.get_by_role("link", name="Enter what has happened since the last update")
    expect(link).to_have_attribute("href", "#id_text")
    textarea = page.get_by_label("What has happened since the last update?")
    expect(textarea).to_have_attribute("id", "id_text")
    expect(textarea).to_have_attribute("aria-describedby", re.compile(r"\bid_text-error\b"))
    expect(page.locator("#id_text-error")).to_contain_text(
        "Enter what has happened since the last update"
    )
    link.click()
    expect(textarea).to_be_focused()

    textarea.fill("Clinic agreed with heads of service; first one next Tuesday.")
    page.get_by_role("button", name="Post update").click()
    expect(page.get_by_role("alert")).to_contain_text("Update posted on LA1")
    visit.axe("action detail after the lead's update")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", name="Accountable people", level=1)).to_be_visible()
    visit.axe("people")
    expect(page.get_by_role("row").filter(has_text="Olive Owner")).to_contain_text("owner")

    visit.sign_out()
    visit.finish()


def test_the_accessibility_check_reports_violations(browser: Any) -> None:
    """The harness is not vacuous: a page with known defects fails, naming rule and node."""
    context = browser.new_context()
    try:
        visit = Visit(context.new_page())
        visit.page.set_content(
            '<html lang="en"><title>Broken</title><main><img src="x.png">'
            '<input id="nameless"></main></html>'
        )
        with pytest.raises(AssertionError) as failure:
            visit.axe("a deliberately broken page")
    finally:
        context.close()
    message = str(failure.value)
    assert "image-alt" in message
    assert "label" in message
    assert '["#nameless"]' in message
