"""Charts and compact views for a lead, at desktop (1280 px) and phone (390 px) widths: the
indicator cards with their sparklines, the compact exceptions list with its age chart, the
update cycle's compliance chart, and the compact traceability matrix. Every page is checked
with axe-core, best-practice rules included; none scrolls sideways at 390 px; each chart's
table opens and gives its figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from stocktake.demo import factories
from stocktake.findings.tests.conftest import fw  # noqa: F401 - a fixture used below
from stocktake.indicators.tests.conftest import iw  # noqa: F401
from stocktake.plans.services.updates import update_submit

from .conftest import Visit
from .test_this_week_journey import check, start

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.fixture
def history(world: Any) -> None:
    """An action recorded three weeks ago, overdue since last week, updated once."""
    now = timezone.now()
    action = factories.make_action(
        world.plan,
        "OD1",
        owners=[world.owner_person],
        due=timezone.localdate() - dt.timedelta(days=8),
        recorded_at=now - dt.timedelta(weeks=3),
        text="Run a weekly audit of the front door's decisions",
    )
    update_submit(
        action=action,
        membership=None,
        actor=None,
        text="First audit done",
        date=timezone.localdate() - dt.timedelta(days=13),
        recorded_at=now - dt.timedelta(days=13),
    )


def open_table(visit: Visit, region: str) -> Any:
    """Open the details that holds the table named `region`; return the table."""
    hidden = visit.page.locator(f'[role="region"][aria-label="{region}"]')
    visit.page.locator("details", has=hidden).locator("summary").first.click()
    table = visit.page.get_by_role("region", name=region)
    expect(table).to_be_visible()
    return table


@pytest.mark.parametrize("width", [1280, 390])
def test_a_lead_reads_the_charts_and_compact_views(
    visit: Visit,
    world: Any,
    iw: Any,  # noqa: F811
    fw: Any,  # noqa: F811
    history: None,
    width: int,
) -> None:
    page = visit.page
    slug, plan = world.authority.slug, world.plan.pk
    start(visit, "lead", width)

    page.goto(f"/a/{slug}/indicators/")
    spark = page.get_by_role("img", name="Sparkline of Re-referrals within 12 months", exact=False)
    expect(spark).to_be_visible()
    figures = open_table(visit, "Figures for Re-referrals within 12 months")
    expect(figures).to_contain_text("Dec 2024")
    expect(figures).to_contain_text("22.7%")
    check(visit, "indicator cards", width)
    visit.screenshot(f"charts-indicators-{width}")

    page.goto(f"/a/{slug}/governance/plans/{plan}/exceptions/")
    expect(page.get_by_role("img", name="Exceptions by age", exact=False)).to_be_visible()
    table = open_table(visit, "Exceptions by age, as a table")
    expect(table.get_by_role("row", name="Under 2 weeks")).to_contain_text("1")
    exceptions = page.get_by_role("region", name="Exceptions", exact=True)
    exceptions.get_by_text("Details").first.click()
    expect(
        exceptions.get_by_text("Run a weekly audit of the front door's decisions")
    ).to_be_visible()
    check(visit, "compact exceptions", width)
    visit.screenshot(f"charts-exceptions-{width}")
    page.get_by_role("link", name="Show every exception in full").click()
    expect(page.get_by_role("heading", name="OD1: Overdue")).to_be_visible()
    check(visit, "exceptions in full", width)

    page.goto(f"/a/{slug}/governance/plans/{plan}/cycle/")
    chart = page.get_by_role("img", name="Updates on time, late or missing, by owner", exact=False)
    expect(chart).to_be_visible()
    table = open_table(visit, "Updates on time, late or missing, by owner, as a table")
    expect(table.get_by_role("row", name="Olive Owner", exact=False)).to_be_visible()
    check(visit, "update cycle with compliance", width)
    visit.screenshot(f"charts-cycle-{width}")

    page.goto(f"/a/{slug}/findings/matrix/")
    matrix = page.get_by_role("region", name="Finding to impact")
    matrix.get_by_text("Details").first.click()
    expect(matrix.get_by_text("Planned response:").first).to_be_visible()
    check(visit, "compact matrix", width)
    visit.screenshot(f"charts-matrix-{width}")
    page.get_by_role("link", name="Show every finding in full").click()
    expect(page.get_by_role("link", name="Show the compact matrix")).to_be_visible()
    check(visit, "matrix in full", width)
    visit.finish()
