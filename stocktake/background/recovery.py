"""Finding tasks whose database worker died, and running them again.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again, so
a worker killed part-way (SIGKILL, the out-of-memory killer, a power cut, a redeploy) leaves
it RUNNING for ever (django-tasks issue #46). Stocktake's `db_worker` therefore records a
heartbeat (`WorkerBeat`) every STOCKTAKE_WORKER_BEAT_SECONDS and, when it starts and at each
beat, runs `tasks_recover`: a RUNNING task whose worker is gone — its process is no longer
running on this host, or it has not beaten for STOCKTAKE_WORKER_LOST_SECONDS — is made READY
again, so the next free worker runs it from the start. After STOCKTAKE_TASK_MAX_ATTEMPTS
starts it is marked failed instead (a task that kills its worker every time must not loop),
and `task_finished` is sent so what it was working on is marked failed too.

Tasks are therefore run at least once: each must be safe to run again (Stocktake's report
build and jobs are; see `stocktake.background`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from stocktake.background.framework import TaskResultStatus, task_finished
from stocktake.background.models import WorkerBeat

log = logging.getLogger(__name__)
HOSTNAME = socket.gethostname()


class TaskLost(Exception):
    """Recorded on a task given up after its worker died too many times."""


@dataclass
class Recovered:
    requeued: list[str] = field(default_factory=list)
    abandoned: list[str] = field(default_factory=list)


def pid_running(pid: int) -> bool:
    """Whether a process with this id is running on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def worker_beat(worker_id: str, *, now: dt.datetime | None = None) -> None:
    """Record that this process, as worker `worker_id`, is alive."""
    now = now or timezone.now()
    updated = WorkerBeat.objects.filter(worker_id=worker_id).update(beat_at=now)
    if not updated:
        WorkerBeat.objects.create(
            worker_id=worker_id, hostname=HOSTNAME, pid=os.getpid(), started_at=now, beat_at=now
        )


def worker_stopped(worker_id: str) -> None:
    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def lost_after() -> dt.timedelta:
    return dt.timedelta(seconds=settings.STOCKTAKE_WORKER_LOST_SECONDS)


def worker_alive(beat: WorkerBeat | None, now: dt.datetime) -> bool:
    if beat is None or beat.beat_at < now - lost_after():
        return False
    return beat.hostname != HOSTNAME or pid_running(beat.pid)


def workers_running(now: dt.datetime | None = None) -> bool:
    """Whether any database worker has beaten recently (for "waiting to start" pages)."""
    return WorkerBeat.objects.filter(beat_at__gte=(now or timezone.now()) - lost_after()).exists()


def _lost(result: DBTaskResult, beats: dict[str, WorkerBeat], now: dt.datetime) -> bool:
    worker = result.worker_ids[-1] if result.worker_ids else ""
    if worker in beats:
        return not worker_alive(beats[worker], now)
    # No heartbeat at all: a worker that has just started, or one that is long gone.
    return result.started_at is None or result.started_at < now - lost_after()


def tasks_recover(*, now: dt.datetime | None = None) -> Recovered:
    """Run again (or give up) every RUNNING task whose worker is gone."""
    now = now or timezone.now()
    done = Recovered()
    beats = {beat.worker_id: beat for beat in WorkerBeat.objects.all()}
    for result in DBTaskResult.objects.running():
        if not _lost(result, beats, now):
            continue
        if len(result.worker_ids) >= settings.STOCKTAKE_TASK_MAX_ATTEMPTS:
            if _abandon(result):
                done.abandoned.append(str(result.pk))
        elif _requeue(result):
            done.requeued.append(str(result.pk))
    WorkerBeat.objects.filter(beat_at__lt=now - dt.timedelta(days=1)).delete()
    for task_id in done.requeued:
        log.warning("Task %s was left running by a worker that stopped: queued again", task_id)
    return done


def _requeue(result: DBTaskResult) -> bool:
    """READY again, if it is still the RUNNING attempt we judged lost."""
    return bool(
        DBTaskResult.objects.filter(
            pk=result.pk, status=result.status, started_at=result.started_at
        ).update(status=TaskResultStatus.READY, started_at=None)
    )


def _abandon(result: DBTaskResult) -> bool:
    with transaction.atomic():
        locked = (
            DBTaskResult.objects.select_for_update()
            .filter(pk=result.pk, status=result.status, started_at=result.started_at)
            .first()
        )
        if locked is None:
            return False
        attempts = len(locked.worker_ids)
        locked.set_failed(TaskLost(f"The worker stopped part-way on each of {attempts} attempts"))
    log.error("Task %s given up after %s attempts whose workers stopped", locked.pk, attempts)
    try:
        task_result = locked.task_result
    except ImportError:  # the task's code is gone: nothing to tell
        return True
    task_finished.send(sender=type(task_result.task.get_backend()), task_result=task_result)
    return True
