"""A lead follows a background job: its page waits, saying no worker is running; a real
`stocktake db_worker` starts and runs it, and the page (polled with htmx, no reload) shows it
finished with a link to the result; a failed job says why. Headless Chromium, axe-core on
every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from stocktake.accounts.roles import Capability
from stocktake.background.services import job_start
from stocktake.background.tests import jobs
from stocktake.background.tests.helpers import use_backend
from stocktake.background.tests.workers import kill, start_worker

from .conftest import Visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


def test_a_lead_follows_a_job_until_a_worker_finishes_it(
    visit: Visit, world: Any, settings: Any, tmp_path: Path
) -> None:
    use_backend(settings, "database")
    slug = world.authority.slug
    job = job_start(jobs.count_plans, authority=world.authority, actor=world.users["lead"],
                    title="Counting the plans", capability=Capability.EDIT_PLAN)  # fmt: skip
    failing = job_start(jobs.count_plans, authority=world.authority, actor=None,
                        title="Counting again", fail="Row 7 has no reference")  # fmt: skip
    page = visit.page
    visit.sign_in("lead")

    visit.go(f"/a/{slug}/jobs/{job.pk}/", "job waiting for a worker")
    expect(page.get_by_role("heading", name="Counting the plans", level=1)).to_be_visible()
    expect(page.get_by_text("No background worker is running")).to_be_visible()
    visit.screenshot("job-waiting")

    worker = start_worker(tmp_path / "worker.log", "journey-jobs")
    try:
        # htmx polls the status until the worker has run the job: no reload by the test.
        expect(page.get_by_role("heading", name="Finished")).to_be_visible(timeout=90_000)
        visit.axe("job finished")
        visit.screenshot("job-finished")
        visit.go(f"/a/{slug}/jobs/{failing.pk}/", "job that failed")
        expect(page.get_by_text("Row 7 has no reference")).to_be_visible(timeout=90_000)
        visit.axe("job failed, after polling")
    finally:
        kill(worker)
    visit.go(f"/a/{slug}/jobs/{job.pk}/", "job finished, opened again")
    page.get_by_role("link", name="See the 1 plans").click()
    expect(page.get_by_role("heading", name="Your plans", level=1)).to_be_visible()
    visit.axe("where the job's link leads")
    visit.finish()
