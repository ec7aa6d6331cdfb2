"""The weekly cycle in headless Chromium, with axe-core on every page: an owner's update is
returned by the lead with a comment, the owner sees it on their cycle page, and the lead
flags an overdue action for the chief executive's meeting to unblock."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from stocktake.plans.models import ActionRevision
from stocktake.plans.services.updates import update_submit

from .conftest import Visit, WeeklyPlan

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


def test_an_update_is_returned_and_an_overdue_action_is_flagged(
    visit: Visit, world: Any, weekly_plan: WeeklyPlan
) -> None:
    plan, slug = weekly_plan.plan, world.authority.slug
    update_submit(
        action=weekly_plan.due,
        membership=None,
        actor=world.users["owner"],
        text="Triage meeting piloted on Mondays",
        today=timezone.localdate(),
    )
    # FD2 has been due ten days ago since it was recorded (its row and its revision).
    late = timezone.localdate() - dt.timedelta(days=10)
    type(weekly_plan.later).objects.filter(pk=weekly_plan.later.pk).update(due_date=late)
    ActionRevision.objects.filter(action=weekly_plan.later).update(due_date=late)
    page = visit.page

    visit.sign_in("lead")
    page.goto(f"/a/{slug}/plans/{plan.pk}/")
    visit.axe("plan dashboard")
    page.get_by_role("navigation", name="Plan pages").get_by_role(
        "link", name="Review updates"
    ).click()
    expect(page.get_by_role("heading", name="Review updates", level=1)).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Triage meeting piloted on Mondays")
    visit.axe("review queue")
    page.get_by_role("link", name="Review the update on FD1").click()
    expect(page.get_by_role("heading", name="Review the update", level=1)).to_be_visible()
    visit.axe("review an update")
    page.get_by_label("Return", exact=False).first.check()
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    visit.axe("review an update, with errors")
    page.get_by_label("Comment for the owner").fill("Say how many families the triage saw")
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_role("heading", name="Review updates", level=1)).to_be_visible()
    expect(page.get_by_text("Triage meeting piloted on Mondays")).to_have_count(0)
    visit.axe("review queue after returning")

    page.get_by_role("navigation", name="Plan pages").get_by_role("link", name="Exceptions").click()
    expect(page.get_by_role("heading", name="Exceptions", level=1)).to_be_visible()
    visit.axe("exceptions")
    page.get_by_role("link", name="Flag for corporate unblock – FD2").click()
    visit.axe("flag for corporate unblock")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    visit.axe("flag for corporate unblock, with errors")
    page.get_by_label("What is the chief executive's meeting asked to do?").fill(
        "Ask the police to name a deputy for strategy discussions"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Exceptions", level=1)).to_be_visible()
    expect(
        page.get_by_text("Ask the police to name a deputy for strategy discussions")
    ).to_be_visible()
    visit.axe("exceptions with an unblock ask")
    visit.screenshot("exceptions")
    visit.sign_out()

    visit.sign_in("owner")
    page.goto(f"/a/{slug}/governance/plans/{plan.pk}/cycle/")
    expect(page.get_by_role("heading", name="Update cycle", level=1)).to_be_visible()
    returned = page.get_by_role("heading", name="Updates returned to you").locator("xpath=..")
    expect(returned).to_contain_text("Say how many families the triage saw")
    visit.axe("owner's cycle page")
    visit.screenshot("owner-cycle")
    visit.finish()
