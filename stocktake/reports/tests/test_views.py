"""The pages: generating queues the job and shows its progress, polled with htmx; an issued
report lists its downloads with format and size; downloads are the stored files; form
errors say what to fix."""

from __future__ import annotations

import re

from django.urls import reverse

from stocktake.background.tests.helpers import use_backend
from stocktake.documents.formats import CONTENT_TYPES
from stocktake.reports.forms import UNREVIEWED_HINT
from stocktake.reports.models import Report
from stocktake.reports.tests.test_permissions import make_report


def test_generate_builds_the_report_and_the_progress_page_offers_the_files(world, rw, client):
    client.force_login(world.users["lead"])
    slug = world.authority.slug
    page = client.get(reverse("reports:generate", args=[slug])).content.decode()
    assert UNREVIEWED_HINT in page

    response = client.post(
        reverse("reports:generate", args=[slug]),
        {"kind": "weekly-highlight", "plan": rw.plan.pk, "month": "6", "year": "2019"},
    )

    report = Report.objects.get()
    assert response["Location"] == reverse("reports:detail", args=[slug, report.pk])
    assert report.status == Report.Status.ISSUED and report.requested_by == world.users["lead"]
    detail = client.get(response["Location"]).content.decode()
    assert 'aria-live="polite"' in detail and "hx-get" not in detail  # finished: no polling
    download = reverse("reports:download", args=[slug, report.pk, "docx"])
    assert download in detail
    client.force_login(world.users["viewer"])
    listed = client.get(reverse("reports:index", args=[slug])).content.decode()
    assert download in listed and "Weekly highlight report" in listed
    file = client.get(download)
    assert file["Content-Type"] == CONTENT_TYPES["docx"]
    assert file.content == bytes(report.files.get(format="docx").content)


def test_a_queued_report_polls_its_status_every_two_seconds(world, client, settings):
    use_backend(settings, "dummy")
    report = make_report(world.authority, world.plan, Report.Status.QUEUED)
    client.force_login(world.users["lead"])

    fragment = client.get(
        reverse("reports:status", args=[world.authority.slug, report.pk])
    ).content.decode()

    status_url = reverse("reports:status", args=[world.authority.slug, report.pk])
    assert f'hx-get="{status_url}"' in fragment and 'hx-trigger="every 2s"' in fragment
    assert "Waiting to start" in fragment


def test_generate_form_errors_say_what_to_fix(world, rw, client):
    client.force_login(world.users["lead"])

    response = client.post(
        reverse("reports:generate", args=[world.authority.slug]),
        {"kind": "", "plan": "", "month": "", "year": "19"},
    )

    page = response.content.decode()
    for message in ("Choose which report to generate", "Choose a plan",
                    "Choose the month to report on", "Enter a year from 2000 to 2100"):  # fmt: skip
        assert message in page
    assert not Report.objects.exists()
    assert re.search(r"<title>\s*Error:", page)


def test_the_list_shows_who_issued_each_report_and_the_command_line(world, client):
    make_report(world.authority, world.plan)
    client.force_login(world.users["viewer"])

    page = client.get(reverse("reports:index", args=[world.authority.slug])).content.decode()

    assert "by the command line" in page and "June 2019" in page
    assert "Word" in page and "9 bytes" in page


def test_a_report_being_prepared_with_no_worker_running_says_so(world, client, settings):
    from stocktake.background.recovery import worker_beat

    use_backend(settings, "database")
    report = make_report(world.authority, world.plan, Report.Status.BUILDING)
    client.force_login(world.users["lead"])
    url = reverse("reports:detail", args=[world.authority.slug, report.pk])

    assert "No background worker is running" in client.get(url).content.decode()
    worker_beat("w1")
    assert "No background worker is running" not in client.get(url).content.decode()
