"""The "This week" page for a lead, an owner and a viewer, at desktop (1280 px) and phone (390 px)
widths: every page is checked with axe-core, best-practice rules included, and none scrolls
sideways at 390 px."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from stocktake.governance.services.reviews import unblock_raise
from stocktake.plans.services.updates import update_submit

from .conftest import AXE_TAGS, Visit, WeeklyPlan, format_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]
WIDTHS = [1280, 390]


def check(visit: Visit, label: str, width: int) -> None:
    """axe-core with every rule (best practice too), and no sideways scroll on a phone."""
    visit.axe(label)
    result = visit.page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        [*AXE_TAGS, "best-practice"],
    )
    violations = result["violations"]
    assert not violations, f"{label} at {width}px:\n{format_violations(violations)}"
    if width <= 400:
        # Nothing on the page reaches past the screen's right edge (a wide table scrolls
        # inside its own box): header, navigation, breadcrumbs and content alike.
        wide = visit.page.evaluate(
            "() => { const edge = document.documentElement.clientWidth;"
            " return [...document.querySelectorAll('body *')].filter(e => !(e.parentElement"
            " && e.parentElement.closest('.st-table-scroll'))"
            " && e.getBoundingClientRect().right > edge + 0.5)"
            ".map(e => e.tagName + '.' + e.className); }"
        )
        assert not wide, f"{label} scrolls sideways at {width}px: {wide[:6]}"


def start(visit: Visit, username: str, width: int) -> None:
    visit.page.set_viewport_size({"width": width, "height": 900})
    visit.sign_in(username)
    check(visit, "home page", width)


def figure(page: Any, label: str) -> Any:
    return page.get_by_role("link", name=re.compile(rf"^\d+ {re.escape(label)}")).first


@pytest.mark.parametrize("width", WIDTHS)
def test_a_lead_goes_from_this_week_to_the_updates_awaiting_review(
    visit: Visit, world: Any, weekly_plan: WeeklyPlan, width: int
) -> None:
    owner = world.users["owner"]
    membership = owner.memberships.get()
    update_submit(action=weekly_plan.due, membership=membership, actor=owner, text="Started")
    unblock_raise(action=weekly_plan.later, actor=world.users["lead"], ask="Agree the rota")
    page = visit.page
    start(visit, "lead", width)

    expect(figure(page, "updates awaiting review in Weekly cycle plan")).to_contain_text("1")
    figure(page, "updates awaiting review in Weekly cycle plan").click()
    expect(page.get_by_text("FD1").first).to_be_visible()
    check(visit, "review queue", width)

    page.goto(f"/a/{world.authority.slug}/this-week/")
    check(visit, "this week", width)
    figure(page, "actions with an unblock ask open in Weekly cycle plan").click()
    expect(page.get_by_text("Showing the 1 exception")).to_be_visible()
    check(visit, "exceptions with an unblock ask", width)
    visit.finish()


@pytest.mark.parametrize("width", WIDTHS)
def test_an_owner_goes_from_this_week_to_their_actions_due(
    visit: Visit, world: Any, weekly_plan: WeeklyPlan, width: int
) -> None:
    page = visit.page
    start(visit, "owner", width)

    figure(page, "of my actions due this week").click()
    expect(page.get_by_role("heading", name="My actions", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="FD1", exact=True)).to_be_visible()
    check(visit, "my actions due this week", width)
    page.goto(f"/a/{world.authority.slug}/plans/{weekly_plan.plan.pk}/")
    check(visit, "plan dashboard", width)
    visit.finish()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_viewer_reads_this_week_and_the_dense_action_list(
    visit: Visit, world: Any, weekly_plan: WeeklyPlan, width: int
) -> None:
    page = visit.page
    start(visit, "viewer", width)
    expect(page.get_by_text("This is your first visit").first).to_be_visible()

    page.goto(f"/a/{world.authority.slug}/this-week/")
    check(visit, "this week", width)
    page.goto(f"/a/{world.authority.slug}/plans/{weekly_plan.plan.pk}/actions/")
    check(visit, "action list", width)
    page.get_by_role("link", name="Due", exact=True).click()
    expect(page.get_by_text("sorted by due")).to_be_visible()
    check(visit, "action list sorted by due", width)
    visit.finish()
