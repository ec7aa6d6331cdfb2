"""Closing a 12-week phase in headless Chromium, with axe-core on every page: the lead writes
the phase narrative, reads what will carry over, closes the phase into the next one, and
follows the links between an action's two records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from stocktake.demo import factories
from stocktake.governance.services import update_review
from stocktake.plans.services import plan_create
from stocktake.plans.services.updates import EvidenceSpec, update_submit

from .conftest import Visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.fixture
def phase(world: Any, transactional_db: None) -> Any:
    """Phase 2 of a programme, in its last week: LA1 at risk, LA2 accepted complete."""
    today = timezone.localdate()
    start = today - dt.timedelta(weeks=11)
    plan = plan_create(
        authority=world.authority,
        actor=None,
        name="Phase 2",
        start_date=start,
        end_date=start + dt.timedelta(weeks=12, days=-1),
        week1_date=start - dt.timedelta(weeks=12),
        kind="twelve_week",
    )
    theme = factories.make_theme(plan, "Workforce")
    la1 = factories.make_action(
        plan,
        "LA1",
        owners=[world.owner_person],
        theme=theme,
        deadline="Week 24",
        text="Run a rolling recruitment campaign for social workers",
    )
    la2 = factories.make_action(
        plan,
        "LA2",
        owners=[world.partner_person],
        theme=theme,
        deadline="Week 20",
        text="Agree police attendance at every strategy discussion",
    )
    for action, values in (
        (la1, {"delivery_status": "at_risk", "rag": "amber"}),
        (
            la2,
            {
                "delivery_status": "complete",
                "evidence": EvidenceSpec(link="https://example.org/protocol", title="Protocol"),
            },
        ),
    ):
        update = update_submit(
            action=action, membership=None, actor=None, text="Progress", today=today, **values
        )
        update_review(update=update, actor=world.users["lead"], decision="accepted")
    return plan


def test_a_lead_writes_the_narrative_and_closes_the_phase(
    visit: Visit, world: Any, phase: Any
) -> None:
    page, slug = visit.page, world.authority.slug

    visit.sign_in("lead")
    visit.go(f"/a/{slug}/plans/{phase.pk}/", "phase dashboard")
    page.get_by_role("link", name="Write the narrative for Phase 2").click()
    expect(page.get_by_role("heading", name="Phase narrative", level=1)).to_be_visible()
    visit.axe("phase narrative form")
    page.get_by_role("button", name="Save the narrative").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter what has gone well")).to_be_visible()
    visit.axe("phase narrative form, with errors")
    for label, text in (
        ("What has gone well?", "33 permanent new starters since January."),
        ("What have we learned?", "Key messages need more than one format."),
        ("What needs further attention?", "Caseloads in the assessment teams."),
        ("First priority", "Making sure our staff feel safe."),
        ("Second priority", "Making the right decisions about need."),
        ("Third priority", "Building the right resource wherever it is needed."),
    ):
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_role("button", name="Save the narrative").click()
    expect(page.get_by_text("33 permanent new starters since January.")).to_be_visible()
    visit.axe("phase dashboard with its narrative")
    visit.screenshot("phase-dashboard-1280")

    page.get_by_role("link", name="Close this phase").click()
    expect(page.get_by_role("heading", name="Close this phase", level=1)).to_be_visible()
    carried = page.get_by_role("table")
    expect(carried).to_contain_text("LA1")
    expect(carried).not_to_contain_text("LA2")
    expect(page.get_by_label("Name of the next phase")).to_have_value("Phase 3")
    visit.axe("close the phase")
    visit.screenshot("phase-close-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    visit.screenshot("phase-close-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Name of the next phase").fill("")
    page.get_by_role("button", name="Close the phase and carry actions over").click()
    expect(page.get_by_role("link", name="Enter a name for the next phase")).to_be_visible()
    visit.axe("close the phase, with errors")
    page.get_by_label("Name of the next phase").fill("Phase 3")
    page.get_by_role("button", name="Close the phase and carry actions over").click()

    expect(page.get_by_role("heading", name="Phase 3", level=1)).to_be_visible()
    expect(page.get_by_text("Phase 2 closed; unfinished actions carried over")).to_be_visible()
    expect(page.get_by_text("This phase continues")).to_be_visible()
    visit.axe("the next phase's dashboard")
    page.get_by_role("navigation", name="Plan pages").get_by_role(
        "link", name="All actions"
    ).click()
    visit.axe("the next phase's actions")
    page.get_by_role("link", name="LA1", exact=True).click()
    expect(page.locator(".govuk-inset-text")).to_contain_text("Carried over from LA1 in Phase 2")
    visit.axe("a carried action")
    page.set_viewport_size({"width": 390, "height": 844})
    visit.screenshot("carried-action-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="LA1 in Phase 2").first.click()
    expect(page.locator(".govuk-inset-text")).to_contain_text("It continues as LA1 in Phase 3")
    expect(page.get_by_role("link", name="Post an update")).to_have_count(0)
    visit.axe("the action's record in the closed phase")
    visit.screenshot("closed-action-1280")
    visit.finish()
