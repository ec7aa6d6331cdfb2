"""`stocktake db_worker`: in this process, it clears what a killed worker left (its temporary
folders, its task "running") and builds the queued reports; as a real process killed in the
middle of a report (SIGKILL), the report is issued once, correctly, after a restart."""

from __future__ import annotations

import os
import signal
import tempfile

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from stocktake.audit.models import AuditEvent
from stocktake.background.models import Job, WorkerBeat
from stocktake.background.services import job_start
from stocktake.background.tests import jobs
from stocktake.background.tests.helpers import use_backend
from stocktake.background.tests.workers import kill, start_worker, wait_for
from stocktake.documents.tests.reading import docx_text
from stocktake.reports.models import Report, ReportFile
from stocktake.reports.services import reissue, report_request
from stocktake.reports.tests.conftest import AS_OF, IMPORTED, JUNE


@pytest.fixture
def keep_signals():
    """The worker sets its own SIGINT/SIGTERM handlers; put pytest's back afterwards."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


def queue_board_pack(world, rw) -> Report:
    return report_request(authority=world.authority, plan=rw.plan, kind="board-pack",
                          period_start=JUNE[0], period_end=JUNE[1], as_of=AS_OF,
                          actor=world.users["lead"])  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_worker_recovers_a_lost_task_cleans_up_and_issues_the_report(
    indicator_catalogue, world, rw, settings, tmp_path, monkeypatch, keep_signals
):
    use_backend(settings, "database")
    settings.STOCKTAKE_WORKER_BEAT_SECONDS = 3600  # no beat during the test but the first
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    left = tmp_path / "stocktake-pdf-999999999-abcd"  # a folder a killed process left
    (left / "profile").mkdir(parents=True)
    report = queue_board_pack(world, rw)
    task = DBTaskResult.objects.get()
    task.claim("a-worker-that-died")  # started long ago, by a worker with no heartbeat
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=task.enqueued_at.replace(year=2000))
    job = job_start(jobs.count_plans, authority=world.authority, actor=None, title="Counting")

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval=0",
                 "--worker-id=in-process", "--no-reload", verbosity=0)  # fmt: skip

    report.refresh_from_db()
    assert report.status == Report.Status.ISSUED, report.error
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.worker_ids == ["a-worker-that-died", "in-process"]
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result_label == "See the 2 plans"
    assert not left.exists()
    assert not WorkerBeat.objects.exists()  # it said goodbye


@pytest.mark.slow
@pytest.mark.pdf
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_report_gives_one_correct_report_after_restart(
    indicator_catalogue, world, rw, settings, tmp_path
):
    use_backend(settings, "database")
    temp = tmp_path / "tmp"
    temp.mkdir()
    log = tmp_path / "workers.log"
    report = queue_board_pack(world, rw)

    blocking = "stocktake.background.tests.workers.convert_until_killed"
    first = start_worker(log, "first", TMPDIR=str(temp), STOCKTAKE_PDF_CONVERTER=blocking)
    try:
        wait_for(lambda: list(temp.glob("stocktake-pdf-*/report.docx")), 180, "the PDF step")
    finally:
        kill(first)

    report.refresh_from_db()
    task = DBTaskResult.objects.get()
    assert (report.status, report.progress_message) == (Report.Status.BUILDING, "Making the PDF")
    assert task.status == "RUNNING" and not ReportFile.objects.exists()
    left = list(temp.glob("stocktake-pdf-*"))
    assert [p.name.split("-")[2] for p in left] == [str(first.pid)]  # left behind

    second = start_worker(log, "second", "--batch", TMPDIR=str(temp),
                          STOCKTAKE_PDF_CONVERTER="libreoffice")  # fmt: skip
    assert second.wait(timeout=300) == 0, log.read_text()

    report.refresh_from_db()
    assert report.status == Report.Status.ISSUED, report.error
    files = {f.format: bytes(f.content) for f in report.files.all()}
    assert sorted(files) == ["docx", "pdf", "xlsx"] and ReportFile.objects.count() == 3
    assert files["pdf"].startswith(b"%PDF") and files["xlsx"].startswith(b"PK")
    assert files["docx"] == reissue(report, "docx")  # the Word file of its own snapshot
    assert IMPORTED in docx_text(files["docx"])
    assert AuditEvent.objects.filter(verb="report.issued").count() == 1
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.worker_ids == ["first", "second"]
    assert list(temp.glob("stocktake-pdf-*")) == []  # no conversion folder left
    assert not os.path.exists(f"/proc/{first.pid}")
