"""Phones: the lead's main pages at 390 and 320 CSS pixels (and at 1280 for comparison).

On every page: axe-core finds nothing, best-practice rules included (so breadcrumbs sit in
a landmark, `region`); the page never scrolls sideways (WCAG 2.2 reflow: a wide table
scrolls inside its own box, which a keyboard can reach); the header puts the service name
before "Sign out" in focus order. At phone widths the service navigation collapses behind
its "Menu" toggle, which opens and closes it. A long unbroken word in an action and an
update (the issue's 7,800-pixel page) wraps.

With STOCKTAKE_SHOTS set, screenshots land there (see conftest) for a person to look at.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stocktake.demo import factories
from stocktake.governance.tests.conftest import post

from .conftest import AXE, AXE_TAGS, Visit, format_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

LONG_WORD = "Safeguarding" * 60  # 720 characters without a space


def main_pages(world: Any, action: Any) -> list[tuple[str, str]]:
    slug, plan = world.authority.slug, world.plan.pk
    return [
        ("home", reverse("core:home")),
        ("plan dashboard", reverse("plans:dashboard", args=[slug, plan])),
        ("action list", reverse("plans:action_list", args=[slug, plan])),
        ("action detail", reverse("plans:action_detail", args=[slug, plan, action.pk])),
        ("post an update", reverse("plans:update_create", args=[slug, plan, action.pk])),
        ("review queue", reverse("governance:review_queue", args=[slug, plan])),
        ("update cycle", reverse("governance:cycle", args=[slug, plan])),
        ("exceptions", reverse("governance:exceptions", args=[slug, plan])),
        ("my actions", reverse("plans:my_actions", args=[slug])),
        ("findings", reverse("findings:index", args=[slug])),
        ("indicators", reverse("indicators:dashboard", args=[slug])),
        ("meetings", reverse("governance:calendar", args=[slug])),
        ("reports", reverse("reports:index", args=[slug])),
        ("people", reverse("people:list", args=[slug])),
    ]


def axe_everything(visit: Visit, label: str) -> None:
    """axe-core with its best-practice rules as well as the WCAG ones."""
    page = visit.page
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        [*AXE_TAGS, "best-practice"],
    )
    visit.checked[len(visit.navigations)] = label
    violations = result["violations"]
    assert not violations, (
        f"axe-core found {len(violations)} violation(s) on {label} ({page.url}):\n"
        f"{format_violations(violations)}"
    )


def sideways(visit: Visit) -> int:
    """How many pixels the page scrolls sideways (0 when it reflows)."""
    return int(
        visit.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    )


@pytest.fixture
def long_action(world: Any) -> Any:
    action = factories.make_action(
        world.plan,
        "LW1",
        owners=[world.owner_person],
        theme=world.theme,
        deadline="Week 9",
        text=f"Publish the guidance at {LONG_WORD}",
    )
    post(action, f"Drafted; see {LONG_WORD}")
    return action


@pytest.mark.parametrize("width", [1280, 390, 320])
def test_the_leads_main_pages_reflow_and_pass_axe(
    visit: Visit, world: Any, long_action: Any, width: int
) -> None:
    page = visit.page
    page.set_viewport_size({"width": width, "height": 800})
    visit.sign_in("lead")
    problems = []
    for label, url in main_pages(world, long_action):
        page.goto(url)
        axe_everything(visit, f"{label} at {width}px")
        extra = sideways(visit)
        if extra > 0:
            problems.append(f"{label} scrolls {extra}px sideways at {width}px")
        if width != 320 and label in {"action detail", "plan dashboard", "review queue"}:
            visit.screenshot(f"phones-{label.replace(' ', '-')}-{width}")
    assert not problems, "\n".join(problems)
    visit.finish()


@pytest.mark.parametrize("width", [390, 320])
def test_the_menu_toggle_opens_and_closes_the_navigation(
    visit: Visit, world: Any, width: int
) -> None:
    page = visit.page
    page.set_viewport_size({"width": width, "height": 800})
    visit.sign_in("lead")
    page.goto(reverse("plans:my_actions", args=[world.authority.slug]))
    axe_everything(visit, f"my actions at {width}px")
    menu = page.get_by_role("navigation", name="Menu")
    toggle = menu.get_by_role("button", name="Menu")
    people = menu.get_by_role("link", name="People")

    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(people).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(people).to_be_visible()
    axe_everything(visit, f"my actions with the menu open at {width}px")
    visit.screenshot(f"phones-menu-open-{width}")
    toggle.click()
    expect(people).to_be_hidden()
    visit.finish()


def test_the_menu_is_not_collapsed_on_a_wide_screen(visit: Visit, world: Any) -> None:
    visit.sign_in("lead")
    visit.go(reverse("plans:my_actions", args=[world.authority.slug]), "my actions")
    menu = visit.page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("button", name="Menu")).to_be_hidden()
    expect(menu.get_by_role("link", name="People")).to_be_visible()
    visit.finish()


def test_focus_reaches_the_service_name_before_sign_out(visit: Visit, world: Any) -> None:
    page = visit.page
    page.set_viewport_size({"width": 390, "height": 800})
    visit.sign_in("lead")
    order = []
    for _ in range(4):
        page.keyboard.press("Tab")
        order.append(page.evaluate("() => document.activeElement.textContent.trim()"))
    assert order.index("Stocktake") < order.index("Sign out"), order
    visit.finish()


def test_a_wide_table_scrolls_in_a_named_box_a_keyboard_reaches(visit: Visit, world: Any) -> None:
    page = visit.page
    page.set_viewport_size({"width": 320, "height": 800})
    visit.sign_in("lead")
    page.goto(reverse("plans:action_list", args=[world.authority.slug, world.plan.pk]))
    axe_everything(visit, "action list at 320px")
    box = page.get_by_role("region", name=f"Actions in {world.plan.name}")
    expect(box).to_have_attribute("tabindex", "0")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth"), "the table scrolls in its box"
    assert sideways(visit) == 0
    visit.finish()
