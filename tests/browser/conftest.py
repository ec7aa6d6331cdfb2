"""Browser journeys: headless Chromium (Debian's, not a downloaded one) against `live_server`.

Every page a journey visits is checked with axe-core, and the journey fails if any page it
navigated to was not checked. Missing Chromium, axe-core or the compiled stylesheet is a
failure, never a skip: these journeys are part of the normal suite.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect, sync_playwright

from stocktake.demo import factories
from stocktake.plans.models import Action, Plan
from stocktake.plans.weeks import monday_of, week_number

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
STYLESHEET = ROOT / "var" / "assets" / "stocktake.css"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Full-page screenshots for a person to look at, taken when STOCKTAKE_SHOTS names a folder
# (`STOCKTAKE_SHOTS=/tmp/shots make test`); no test reads them, and each costs Chromium a
# whole-page render and a PNG, so the suite leaves them out otherwise.
SHOTS = Path(os.environ["STOCKTAKE_SHOTS"]) if os.environ.get("STOCKTAKE_SHOTS") else None
TIMEOUT_MS = 15_000


def _require(path: Path, fix: str) -> None:
    if not path.exists():
        pytest.fail(f"{path} is missing: {fix}", pytrace=False)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    _require(CHROMIUM, "install Debian's chromium (make browser-deps)")
    _require(AXE, "run `npm ci` (make setup) to install axe-core")
    _require(STYLESHEET, "run `make var/assets/stocktake.css`")
    # Playwright's sync API keeps an event loop running in this thread, so the test's own
    # database calls (fixtures, assertions) trip Django's async-safety check although nothing
    # is async. Allow them only while the browser runs, so the unit tests keep the check.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:10]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", " | ")[:300])
    return "\n".join(lines)


# Pages that passed axe-core in this test process: (viewport width, digest of the markup).
_PASSED: set[tuple[int, str]] = set()
_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"')


def _markup_key(page: Page) -> tuple[int, str]:
    markup = _TOKEN.sub(r'\1"', page.content())
    width = (page.viewport_size or {"width": 0})["width"]
    return width, hashlib.sha256(markup.encode()).hexdigest()


@dataclass
class Visit:
    """A browser tab that remembers every page it navigated to and which were checked."""

    page: Page
    navigations: list[str] = field(default_factory=list)
    checked: dict[int, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("framenavigated", self._navigated)
        self.page.on("pageerror", lambda error: self.problems.append(f"JS error: {error}"))
        self.page.on("response", self._response)

    def _navigated(self, frame: Any) -> None:
        if frame == self.page.main_frame:
            self.navigations.append(frame.url)

    def _response(self, response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(f"{response.status} for {response.url}")

    def axe(self, label: str) -> None:
        """Run axe-core on the page as it is now; fail listing every violation. Markup this
        test process has already seen pass at this width (the sign-in page, above all; a
        form's CSRF token aside) is not checked again: axe-core would find the same."""
        self.page.wait_for_load_state("load")
        seen = _markup_key(self.page)
        if seen in _PASSED:
            self.checked[len(self.navigations)] = label
            return
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})",
            AXE_TAGS,
        )
        self.checked[len(self.navigations)] = label
        violations = result["violations"]
        assert not violations, (
            f"axe-core found {len(violations)} accessibility violation(s) on {label} "
            f"({self.page.url}):\n{format_violations(violations)}"
        )
        _PASSED.add(seen)

    def go(self, path: str, label: str) -> None:
        self.page.goto(path)
        self.axe(label)

    def sign_in(self, username: str, password: str = factories.DEMO_PASSWORD) -> None:
        self.go("/sign-in/", "sign-in page")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        expect(self.page.get_by_role("heading", name="Your plans", level=1)).to_be_visible()
        self.axe("home page")

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").click()
        expect(self.page.get_by_role("heading", name="Sign in to Stocktake")).to_be_visible()
        self.axe("sign-in page after signing out")

    def screenshot(self, name: str) -> None:
        """The whole page as `name`.png in STOCKTAKE_SHOTS, when it is set."""
        if SHOTS is not None:
            SHOTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def finish(self) -> None:
        """Every page navigated to was checked; no script errors, no failed sub-requests."""
        unchecked = [
            url for n, url in enumerate(self.navigations, start=1) if n not in self.checked
        ]
        assert not unchecked, f"Pages visited but not checked with axe-core: {unchecked}"
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def visit(
    browser: Browser, live_server: Any, transactional_db: None, indicator_catalogue: None
) -> Iterator[Visit]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    try:
        yield Visit(context.new_page())
    finally:
        context.close()


@dataclass
class WeeklyPlan:
    plan: Plan
    due: Action  # owned by Olive Owner, deadline the current plan week
    later: Action  # owned by Pat Partner, due in a few weeks


@pytest.fixture
def weekly_plan(world: Any, transactional_db: None) -> WeeklyPlan:
    """A plan whose weeks start on Mondays, so "this plan week" is also this calendar week."""
    today = timezone.localdate()
    week1 = monday_of(today) - dt.timedelta(weeks=4)
    plan = factories.make_plan(world.authority, "Weekly cycle plan", start=week1, weeks=12)
    theme = factories.make_theme(plan, "Front door")
    current = week_number(week1, today)
    due = factories.make_action(
        plan,
        "FD1",
        owners=[world.owner_person],
        theme=theme,
        deadline=f"Week {current}",
        text="Run a daily multi-agency triage meeting at the front door",
    )
    later = factories.make_action(
        plan,
        "FD2",
        owners=[world.partner_person],
        theme=theme,
        deadline=f"Week {current + 4}",
        text="Agree police attendance at every strategy discussion",
    )
    return WeeklyPlan(plan, due, later)
