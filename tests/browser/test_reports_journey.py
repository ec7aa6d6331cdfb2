"""A lead asks for a weekly highlight report for a week with nothing to report and is told
so; then generates a board pack, whose progress page updates itself (htmx) until it is
issued; the Word file downloads; a viewer finds it listed. Headless Chromium,
axe-core on every page. The reports are built by a real `stocktake db_worker` process on the
test database, as under `make run`."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from stocktake.background.tests.helpers import use_backend
from stocktake.background.tests.workers import kill, start_worker

from .conftest import Visit, WeeklyPlan

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


def generate(page: Any, kind: str, today: Any) -> None:
    page.get_by_label(kind).check()
    page.get_by_label("Plan").select_option(label="Weekly cycle plan")
    page.get_by_label("Month reported").select_option(label=f"{today:%B}")
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Generate").click()


@pytest.fixture
def worker(settings: Any, tmp_path: Path, transactional_db: None) -> Iterator[None]:
    """A database worker beside the live server, stopped when the test ends."""
    use_backend(settings, "database")
    process = start_worker(tmp_path / "worker.log", "journey")
    yield
    kill(process)


def test_lead_generates_a_report_and_a_viewer_downloads_it(
    visit: Visit, world: Any, weekly_plan: WeeklyPlan, worker: None
) -> None:
    today = timezone.localdate()
    page = visit.page
    visit.sign_in("lead")
    page.goto(f"/a/{world.authority.slug}/plans/{weekly_plan.plan.pk}/")
    visit.axe("plan dashboard")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Board reports", level=1)).to_be_visible()
    visit.axe("board reports, none yet")

    page.get_by_role("link", name="Generate a report").click()
    expect(page.get_by_role("heading", name="Generate a report", level=1)).to_be_visible()
    visit.axe("generate a report")
    page.get_by_role("button", name="Generate").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Choose which report to generate")).to_be_visible()
    visit.axe("generate a report, with errors")

    # Nothing moved this week: the weekly report says so and is not issued.
    generate(page, "Weekly highlight report", today)
    expect(page.get_by_role("heading", name="Weekly highlight report", level=1)).to_be_visible()
    visit.axe("report progress")
    failed = page.get_by_role("heading", name="This report was not issued")
    expect(failed).to_be_visible(timeout=90_000)
    expect(page.get_by_text("There is nothing to report for Week")).to_be_visible()
    visit.axe("report not issued")

    page.get_by_role("link", name="Generate a report again").click()
    visit.axe("generate a report again")
    generate(page, "Improvement Board pack", today)
    expect(page.get_by_role("heading", name="Improvement Board pack", level=1)).to_be_visible()
    visit.axe("board pack progress")
    # htmx polls the status until the worker has issued the report: no reload by the test.
    expect(page.get_by_role("heading", name="Issued", exact=True)).to_be_visible(timeout=90_000)
    visit.axe("board pack issued")
    visit.screenshot("report-issued")
    with page.expect_download() as download:
        page.get_by_role("link", name="Word file of Improvement Board pack").click()
    with open(download.value.path(), "rb") as file:
        document = Document(io.BytesIO(file.read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Improvement Board pack" in text and "Weekly cycle plan" in text
    visit.sign_out()

    visit.sign_in("viewer")
    page.goto(f"/a/{world.authority.slug}/reports/")
    expect(page.get_by_role("link", name="Improvement Board pack", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Weekly highlight report", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Generate a report")).to_have_count(0)
    visit.axe("board reports for a viewer")
    visit.finish()
