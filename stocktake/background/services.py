"""Starting background work and recording its progress (the API is described in
`stocktake.background`)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks_db import DatabaseBackend

from stocktake.accounts.models import Authority, User
from stocktake.accounts.roles import Capability
from stocktake.audit.services import audit_record
from stocktake.background.framework import DummyBackend, ImmediateBackend, Task, task
from stocktake.background.models import Job

log = logging.getLogger(__name__)
GENERIC_FAILURE = (
    "Something went wrong, so this was not finished. Try again; if it fails again, tell your "
    "system administrator."
)
ABANDONED = (
    "This was started {attempts} times and each time the server running it stopped part-way, "
    "so it has been given up. Try again; if it fails again, tell your system administrator."
)


class JobFailed(Exception):
    """Raised by a job with a plain-English reason, shown to the person as it is."""


@dataclass(frozen=True)
class JobResult:
    """Where the job's page sends the person when it is done ("Open the plan")."""

    url: str
    label: str


@dataclass(frozen=True)
class JobRun:
    """What a job function receives: its `Job` (authority, requester) and how many times it
    has been started (above 1 after a worker died part-way: the work must be safe to repeat)."""

    job: Job

    @property
    def authority(self) -> Authority:
        return self.job.authority

    @property
    def actor(self) -> User | None:
        return self.job.requested_by

    @property
    def attempt(self) -> int:
        return self.job.attempts

    def progress(self, percent: int, message: str) -> None:
        """Say how far the work has got. Written at once, in its own statement: call it
        between transactions (inside one, others see it only when it commits)."""
        percent = max(0, min(int(percent), 99))
        Job.objects.filter(pk=self.job.pk).update(progress=percent, message=message[:200])


def in_database(task_: Task[Any, Any]) -> bool:
    """Whether `task_`'s backend keeps its queue in this database."""
    return isinstance(task_.get_backend(), DatabaseBackend)


def enqueue(
    task_: Task[Any, Any], *args: Any, on_queued: Callable[[str], Any] | None = None, **kwargs: Any
) -> None:
    """Queue `task_` with these arguments on its backend; `on_queued(task_id)` is called once
    it is queued.

    The database backend queues in the caller's transaction (the task exists exactly when
    what it works on does); the immediate and dummy backends (tests) queue at once, running
    or recording the task; any other backend (a Redis or cloud queue, whose workers cannot
    see uncommitted rows) queues when the caller's transaction commits.
    """

    def queue() -> None:
        result = task_.enqueue(*args, **kwargs)
        if on_queued is not None:
            on_queued(result.id)

    if isinstance(task_.get_backend(), DatabaseBackend | ImmediateBackend | DummyBackend):
        queue()
    else:
        transaction.on_commit(queue)


@contextmanager
def queued_with(task_: Task[Any, Any]) -> Iterator[Callable[..., None]]:
    """A transaction in which to create what `task_` will work on, and queue it::

        with queued_with(report_build_task) as queue:
            report = Report.objects.create(...)
            queue(report.pk)

    On the database backend the task is queued inside the transaction (both exist, or
    neither); on any other it is queued once the transaction has committed, so the immediate
    backend never runs the work inside it and a separate queue's worker finds the rows.
    """
    pending: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    together = in_database(task_)

    def queue(*args: Any, **kwargs: Any) -> None:
        if together:
            enqueue(task_, *args, **kwargs)
        else:
            pending.append((args, kwargs))

    with transaction.atomic():
        yield queue
    for args, kwargs in pending:
        enqueue(task_, *args, **kwargs)


JOB_TASKS: set[str] = set()


def job_task(function: Callable[..., JobResult | None]) -> Task[Any, str]:
    """Make `function(run: JobRun, **kwargs)` a task that `job_start` can run as a `Job`.

    Use it as a decorator on a module-level function; keyword arguments must be JSON values.
    """

    @functools.wraps(function)
    def run(job_id: int, **kwargs: Any) -> str:
        return job_run(job_id, function, kwargs)

    made: Task[Any, str] = task()(run)
    JOB_TASKS.add(made.module_path)
    return made


def job_start(
    task_: Task[Any, str],
    *,
    authority: Authority,
    actor: User | None,
    title: str,
    capability: Capability = Capability.VIEW,
    **kwargs: Any,
) -> Job:
    """Record a job for `authority` and queue `task_` (made with `job_task`) to do it."""
    if task_.module_path not in JOB_TASKS:
        raise ValueError(f"{task_.module_path} is not a job task: decorate it with @job_task")

    def queued(task_id: str) -> None:
        Job.objects.filter(pk=job.pk).update(task_id=task_id)

    with queued_with(task_) as queue:
        job = Job.objects.create(
            authority=authority,
            title=title,
            task_name=task_.module_path,
            capability=capability,
            requested_by=actor,
            message="Waiting to start",
        )
        audit_record(
            authority=authority,
            actor=actor,
            verb="job.requested",
            obj=job,
            changes={"title": title},
        )
        queue(job.pk, on_queued=queued, **kwargs)
    job.refresh_from_db()
    return job


def _claim(job_id: int) -> Job | None:
    """Mark the job running (again, if a dead worker left it running); None if finished."""
    with transaction.atomic():
        job = Job.objects.select_for_update(of=("self",)).select_related(
            "authority", "requested_by"
        )
        found = job.filter(pk=job_id).first()
        if found is None or found.is_finished:
            return None
        again = found.status == Job.Status.RUNNING
        found.status = Job.Status.RUNNING
        found.attempts += 1
        found.started_at = timezone.now()
        found.progress = 0
        found.message = "Starting again: the last attempt stopped part-way" if again else "Starting"
        found.save(update_fields=["status", "attempts", "started_at", "progress", "message"])
        return found


def job_run(job_id: int, function: Callable[..., JobResult | None], kwargs: dict[str, Any]) -> str:
    """Run one job: claim it, call `function`, record how it ended. An unexpected error is
    recorded with a general message and raised again, so the task shows it too."""
    job = _claim(job_id)
    if job is None:
        return "finished already"
    try:
        result = function(JobRun(job), **kwargs)
    except JobFailed as error:
        job_fail(job_id, str(error))
        return Job.Status.FAILED
    except Exception:
        log.exception("Job %s (%s) failed", job_id, job.task_name)
        job_fail(job_id, GENERIC_FAILURE)
        raise
    job_finish(job_id, result)
    return Job.Status.DONE


def job_finish(job_id: int, result: JobResult | None) -> None:
    Job.objects.filter(pk=job_id).unfinished().update(
        status=Job.Status.DONE,
        progress=100,
        message="Finished",
        error="",
        result_url=result.url if result else "",
        result_label=result.label if result else "",
        finished_at=timezone.now(),
    )


def job_fail(job_id: int, message: str) -> None:
    Job.objects.filter(pk=job_id).unfinished().update(
        status=Job.Status.FAILED, message="Not finished", error=message, finished_at=timezone.now()
    )
