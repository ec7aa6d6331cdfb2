"""Requesting, building and issuing: inline, in a thread and by a worker; a report is issued
whole (three files and its snapshot) or fails with a reason and no files; an issued report
made again after the data changed is the same, and a new report shows the change."""

from __future__ import annotations

import datetime as dt
import hashlib
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stocktake.plans.models import Update
from stocktake.reports import jobs
from stocktake.reports.models import Report, ReportFile
from stocktake.reports.tests.conftest import (
    AS_OF,
    IMPORTED,
    JUNE,
    docx_images,
    docx_text,
    pdf_text,
)


def request(world, rw, **fields) -> Report:
    values = {
        "authority": world.authority,
        "plan": rw.plan,
        "kind": "board-pack",
        "period_start": JUNE[0],
        "period_end": JUNE[1],
        "as_of": AS_OF,
        "actor": world.users["lead"],
    }
    values.update(fields)
    return jobs.report_request(**values)


def test_inline_issues_the_report_with_three_files_and_its_snapshot(world, rw):
    report = request(world, rw)

    assert report.status == Report.Status.ISSUED and report.progress == 100
    assert report.issued_by == world.users["lead"] and report.issued_at is not None
    files = {f.format: f for f in report.files.all()}
    assert set(files) == {"docx", "pdf", "xlsx"}
    for file in files.values():
        content = bytes(file.content)
        assert file.size == len(content)
        assert file.sha256 == hashlib.sha256(content).hexdigest()
    assert bytes(files["pdf"].content).startswith(b"%PDF")
    assert report.snapshot["title"] == "Improvement Board pack"


def test_a_period_with_no_data_says_so_and_issues_nothing(world, rw):
    report = request(world, rw, period_start=dt.date(2018, 1, 1), period_end=dt.date(2018, 1, 31),
                     as_of=dt.date(2018, 1, 31))  # fmt: skip

    assert report.status == Report.Status.FAILED
    assert report.error.startswith("There is nothing to report for January 2018")
    assert not ReportFile.objects.filter(report=report).exists()
    assert not Report.objects.issued().filter(pk=report.pk).exists()


def test_a_renderer_failing_part_way_leaves_a_failed_report_and_no_files(world, rw, monkeypatch):
    real = jobs.renderer

    def failing(fmt):
        if fmt == "xlsx":  # the last format: Word and PDF are already made
            raise RuntimeError("disk full")
        return real(fmt)

    monkeypatch.setattr(jobs, "renderer", failing)
    report = request(world, rw)

    assert report.status == Report.Status.FAILED
    assert report.error == jobs.GENERIC_FAILURE
    assert report.snapshot is None
    assert ReportFile.objects.count() == 0


def test_the_issued_report_is_the_same_after_the_data_changes(world, rw, tmp_path):
    issued = request(world, rw)
    word = bytes(issued.files.get(format="docx").content)
    pdf = bytes(issued.files.get(format="pdf").content)
    changed = Update.objects.filter(text__startswith=IMPORTED)
    assert changed.update(text="A different story told later") == 1
    rw.la1.delivery_status = "complete"
    rw.la1.save()

    again = jobs.reissue(issued, "docx")
    assert again == word
    assert docx_text(again) == docx_text(word)
    assert [hashlib.sha256(i).digest() for i in docx_images(again)] == [
        hashlib.sha256(i).digest() for i in docx_images(word)
    ]
    assert pdf_text(jobs.reissue(issued, "pdf"), tmp_path) == pdf_text(pdf, tmp_path)
    assert IMPORTED in docx_text(again)

    fresh = request(world, rw)
    text = docx_text(bytes(fresh.files.get(format="docx").content))
    assert "A different story told later" in text and IMPORTED not in text
    assert "2 of 4 actions (50%) are complete." in text


def test_unreviewed_updates_appear_only_when_the_report_asks(world, rw):
    from stocktake.reports.tests.conftest import UNREVIEWED

    plain = request(world, rw)
    wider = request(world, rw, include_unreviewed=True)

    assert UNREVIEWED not in docx_text(bytes(plain.files.get(format="docx").content))
    assert UNREVIEWED in docx_text(bytes(wider.files.get(format="docx").content))


def test_worker_runner_only_queues_and_the_worker_claims_each_job_once(world, rw):
    first = request(world, rw, kind="weekly-highlight", run="worker")
    second = request(world, rw, kind="weekly-highlight", run="worker")
    assert first.status == second.status == Report.Status.QUEUED

    assert jobs.claim(first.pk) is True
    assert jobs.claim(first.pk) is False  # already taken
    Report.objects.filter(pk=first.pk).update(status=Report.Status.QUEUED)
    assert jobs.work(once=True) == 2
    assert set(Report.objects.values_list("status", flat=True)) == {Report.Status.ISSUED}
    assert jobs.claim_next() is None


def test_claiming_uses_skip_locked_where_the_database_has_it(world, rw):
    request(world, rw, kind="weekly-highlight", run="worker")
    with CaptureQueriesContext(connection) as queries:
        assert jobs.claim_next() is not None
    select = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT"))
    if connection.features.has_select_for_update_skip_locked:
        assert "SKIP LOCKED" in select
    else:
        assert "FOR UPDATE" not in select


def test_a_job_left_building_by_a_dead_worker_is_queued_again(world, rw, settings):
    report = request(world, rw, kind="weekly-highlight", run="worker")
    jobs.claim(report.pk)
    long_ago = report.requested_at - dt.timedelta(hours=2)
    Report.objects.filter(pk=report.pk).update(heartbeat_at=long_ago)
    fresh = request(world, rw, kind="weekly-highlight", run="worker")
    jobs.claim(fresh.pk)

    assert jobs.requeue_stale(stale_after=600) == 1
    assert Report.objects.get(pk=report.pk).status == Report.Status.QUEUED
    assert Report.objects.get(pk=fresh.pk).status == Report.Status.BUILDING


@pytest.mark.django_db(transaction=True)
def test_thread_runner_builds_after_the_request_commits(indicator_catalogue, world, rw, settings):
    settings.STOCKTAKE_REPORT_RUNNER = "thread"
    report = request(world, rw, kind="weekly-highlight")

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.is_finished:
            break
        time.sleep(0.5)
    assert report.status == Report.Status.ISSUED, report.error
    assert report.files.count() == 3


def test_a_plan_of_another_authority_is_refused(world, rw):
    with pytest.raises(ValueError, match="another authority"):
        request(world, rw, plan=world.other_plan)
    assert not Report.objects.exists()
