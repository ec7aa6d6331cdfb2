"""Background jobs: started with `job_start`, run by the task framework, their progress and
outcome recorded for their page; a failure says why in plain English; a job run again after
its worker died starts over and knows it; a finished job is never run twice."""

from __future__ import annotations

import pytest

from stocktake.accounts.roles import Capability
from stocktake.audit.models import AuditEvent
from stocktake.background.framework import task
from stocktake.background.models import Job
from stocktake.background.services import GENERIC_FAILURE, job_start
from stocktake.background.tests import jobs
from stocktake.background.tests.helpers import queued, use_backend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    jobs.SEEN.clear()


def start(world, **kwargs) -> Job:
    return job_start(
        jobs.count_plans,
        authority=world.authority,
        actor=world.users["lead"],
        title="Counting the plans",
        capability=Capability.EDIT_PLAN,
        **kwargs,
    )


def test_a_job_runs_reports_progress_and_finishes_with_where_to_go_next(world):
    job = start(world)

    assert job.status == Job.Status.DONE and job.progress == 100 and job.message == "Finished"
    assert (job.result_url, job.result_label) == ("/", "See the 1 plans")
    assert job.attempts == 1 and job.task_id and job.finished_at is not None
    assert jobs.SEEN == [(1, "Starting", 40, "Counting the plans")]
    assert job.capability == Capability.EDIT_PLAN and job.requested_by == world.users["lead"]
    assert AuditEvent.objects.filter(verb="job.requested", object_id=str(job.pk)).count() == 1


def test_a_job_that_fails_says_why(world):
    job = start(world, fail="Row 7 has no reference, so nothing was imported")

    assert job.status == Job.Status.FAILED and job.progress == 40
    assert job.error == "Row 7 has no reference, so nothing was imported"


def test_an_unexpected_error_gives_a_general_message_and_fails_the_task(world):
    job = start(world, crash=True)

    assert job.status == Job.Status.FAILED and job.error == GENERIC_FAILURE
    assert "disk is full" not in job.error


def test_queued_then_run_by_the_worker_and_never_run_twice(world, settings):
    use_backend(settings, "dummy")
    job = start(world)

    assert job.status == Job.Status.QUEUED and job.message == "Waiting to start"
    (result,) = queued()
    assert result.args == [job.pk] and result.kwargs == {}
    assert job.task_id == result.id

    assert jobs.count_plans.call(job.pk) == Job.Status.DONE
    assert jobs.count_plans.call(job.pk) == "finished already"
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 1 and len(jobs.SEEN) == 1


def test_a_job_a_dead_worker_left_running_starts_again_and_knows_it(world, settings):
    use_backend(settings, "dummy")
    job = start(world)
    # What a worker killed part-way through the first attempt leaves behind.
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=1, progress=40)

    jobs.count_plans.call(job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2
    assert jobs.SEEN[-1] == (2, "Starting again: the last attempt stopped part-way", 40,
                             "Counting the plans")  # fmt: skip


@task()
def plain_task() -> None:
    return None


def test_only_a_job_task_can_be_started_as_a_job(world):
    with pytest.raises(ValueError, match="is not a job task"):
        job_start(plain_task, authority=world.authority, actor=None, title="Nothing")
    assert not Job.objects.exists()
