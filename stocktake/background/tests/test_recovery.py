"""Recovering tasks whose database worker died: a RUNNING task is queued again when its
worker's process is gone from this host or its heartbeat stopped, never while the worker is
alive; after too many attempts it is given up and what it worked on is marked failed."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from stocktake.background.models import Job, WorkerBeat
from stocktake.background.recovery import HOSTNAME, tasks_recover, worker_beat, workers_running
from stocktake.background.services import ABANDONED, job_start
from stocktake.background.tests import jobs
from stocktake.background.tests.helpers import use_backend
from stocktake.reports.models import Report
from stocktake.reports.services import report_request
from stocktake.reports.tests.conftest import AS_OF, JUNE

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(dt.datetime(2019, 6, 28, 12, 0))
LOST = dt.timedelta(seconds=60)  # STOCKTAKE_WORKER_LOST_SECONDS, set below


@pytest.fixture(autouse=True)
def _database_backend(settings):
    use_backend(settings, "database")
    settings.STOCKTAKE_WORKER_LOST_SECONDS = 60
    settings.STOCKTAKE_TASK_MAX_ATTEMPTS = 3


def a_dead_pid() -> int:
    """The id of a process that has finished (and been reaped)."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def running_report(world, *workers: str) -> tuple[Report, DBTaskResult]:
    """A queued board pack whose task each of `workers` has claimed in turn."""
    report = report_request(authority=world.authority, plan=world.plan, kind="weekly-highlight",
                            period_start=JUNE[0], period_end=JUNE[1], as_of=AS_OF)  # fmt: skip
    task = DBTaskResult.objects.get()
    for worker in workers:
        task.claim(worker)
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=NOW - dt.timedelta(seconds=30))
    Report.objects.filter(pk=report.pk).update(status=Report.Status.BUILDING, progress=50)
    task.refresh_from_db()
    return report, task


def beat(worker: str, *, ago: float, host: str = HOSTNAME, pid: int | None = None) -> None:
    moment = NOW - dt.timedelta(seconds=ago)
    WorkerBeat.objects.create(worker_id=worker, hostname=host, pid=pid or os.getpid(),
                              started_at=moment, beat_at=moment)  # fmt: skip


def status_of(task: DBTaskResult) -> str:
    task.refresh_from_db()
    return task.status


def test_a_live_worker_keeps_its_task(world):
    _, task = running_report(world, "w1")
    beat("w1", ago=5)

    assert tasks_recover(now=NOW).requeued == []
    assert status_of(task) == "RUNNING"


def test_a_task_whose_worker_process_is_gone_is_queued_again_at_once(world):
    _, task = running_report(world, "w1")
    beat("w1", ago=1, pid=a_dead_pid())  # it beat a second ago, but its process has ended

    assert tasks_recover(now=NOW).requeued == [str(task.pk)]
    assert status_of(task) == "READY" and task.started_at is None
    assert task.worker_ids == ["w1"]  # the attempt is remembered


def test_a_worker_on_another_host_is_judged_by_its_heartbeat(world):
    _, task = running_report(world, "w1")
    beat("w1", ago=30, host="another-host", pid=a_dead_pid())
    assert tasks_recover(now=NOW).requeued == []  # its pid means nothing here

    WorkerBeat.objects.filter(worker_id="w1").update(beat_at=NOW - LOST - dt.timedelta(seconds=1))
    assert tasks_recover(now=NOW).requeued == [str(task.pk)]
    assert status_of(task) == "READY"


def test_a_task_whose_worker_never_beat_waits_out_the_grace_period(world):
    _, task = running_report(world, "w1")  # started 30 seconds ago

    assert tasks_recover(now=NOW).requeued == []
    assert tasks_recover(now=NOW + LOST).requeued == [str(task.pk)]


def test_after_the_last_attempt_the_task_is_given_up_and_the_report_fails(world):
    report, task = running_report(world, "w1", "w2", "w3")

    recovered = tasks_recover(now=NOW + LOST)

    assert recovered.abandoned == [str(task.pk)] and recovered.requeued == []
    assert status_of(task) == "FAILED"
    assert task.exception_class_path == "stocktake.background.recovery.TaskLost"
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.error == ABANDONED.format(attempts=3)
    assert tasks_recover(now=NOW + LOST).abandoned == []  # once


def test_a_job_given_up_is_failed_with_the_reason(world):
    job = job_start(jobs.count_plans, authority=world.authority, actor=None, title="Count")
    task = DBTaskResult.objects.get()
    for worker in ("w1", "w2", "w3"):
        task.claim(worker)

    tasks_recover(now=timezone.now() + LOST * 2)

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error == ABANDONED.format(attempts=3)


def test_heartbeats_say_whether_a_worker_is_running_and_old_ones_are_removed(world):
    assert not workers_running(NOW)
    worker_beat("w1", now=NOW)
    assert workers_running(NOW) and not workers_running(NOW + LOST + dt.timedelta(seconds=1))
    worker_beat("w1", now=NOW + dt.timedelta(seconds=10))
    assert WorkerBeat.objects.get().beat_at == NOW + dt.timedelta(seconds=10)

    tasks_recover(now=NOW + dt.timedelta(days=2))
    assert not WorkerBeat.objects.exists()
