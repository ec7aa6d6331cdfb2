"""Two people edit the same action at once, in two browsers: the second save gets the
conflict page (checked with axe-core, at desktop and phone widths), keeps what they typed,
and saving again from it keeps their version."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from stocktake.plans.models import Action

from .conftest import TIMEOUT_MS, Visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


def second_browser(browser: Browser, live_server: Any, width: int) -> Visit:
    viewport = {"width": width, "height": 900}
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    context.set_default_timeout(TIMEOUT_MS)
    return Visit(context.new_page())


@pytest.mark.parametrize("width", [1280, 390])
def test_the_second_of_two_people_editing_an_action_sees_the_conflict_and_keeps_their_text(
    visit: Visit, browser: Browser, live_server: Any, world: Any, width: int
) -> None:
    edit = f"/a/{world.authority.slug}/plans/{world.plan.pk}/actions/{world.action.pk}/edit/"
    admin = second_browser(browser, live_server, width)
    try:
        visit.sign_in("lead")
        admin.sign_in("admin")
        visit.go(edit, "action form (lead)")
        admin.go(edit, "action form (admin)")

        visit.page.get_by_label("Action", exact=True).fill("Wording saved first")
        visit.page.get_by_role("button", name="Save action").click()
        expect(visit.page.get_by_text("Action LA1 saved")).to_be_visible()
        visit.axe("action page after saving")

        page = admin.page
        page.get_by_label("Action", exact=True).fill("Wording typed second")
        page.get_by_role("button", name="Save action").click()

        expect(
            page.get_by_role(
                "heading", name="Someone else changed this action while you were editing"
            )
        ).to_be_visible()
        table = page.get_by_role("table", name="What is saved now, and what you typed")
        expect(table.get_by_role("row", name="Action")).to_contain_text("Wording saved first")
        expect(page.get_by_label("Action", exact=True)).to_have_value("Wording typed second")
        admin.axe(f"conflict page at {width}px")
        admin.screenshot(f"conflict-page-{width}")
        assert Action.objects.get(pk=world.action.pk).text == "Wording saved first"

        page.get_by_role("button", name="Save action").click()
        expect(page.get_by_text("Action LA1 saved")).to_be_visible()
        admin.axe("action page after saving again")
        assert Action.objects.get(pk=world.action.pk).text == "Wording typed second"
        visit.finish()
        admin.finish()
    finally:
        admin.page.context.close()
