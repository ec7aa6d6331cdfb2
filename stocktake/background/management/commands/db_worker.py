"""`stocktake db_worker` (or `db-worker`): run queued background tasks — board reports, large
imports — from the database queue.

django-tasks-db's worker, plus what it lacks (ADR 15): on start it removes temporary files a
killed worker left behind and runs again the tasks a dead worker left "running"; while it
runs, a heartbeat thread records that it is alive and repeats that recovery, so one worker
recovers another's tasks. Run one or more beside the web processes (under systemd, say);
`make run` starts one beside the development server. Options: `stocktake db_worker --help`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from stocktake.background.recovery import tasks_recover, worker_beat, worker_stopped
from stocktake.documents.pdf import temp_clean

log = logging.getLogger("stocktake.background")


class Heartbeat(threading.Thread):
    """Beats for `worker_id` and recovers lost tasks every `interval` seconds until stopped."""

    def __init__(self, worker_id: str, interval: float) -> None:
        super().__init__(name="stocktake-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(self.interval):
            beat_and_recover(self.worker_id)
        connection.close()


def beat_and_recover(worker_id: str) -> None:
    try:
        close_old_connections()
        worker_beat(worker_id)
        tasks_recover()
    except DatabaseError:  # the database is away for a moment: try at the next beat
        log.warning("Could not record the worker's heartbeat", exc_info=True)


class Command(DatabaseWorkerCommand):
    help = (
        "Run queued background tasks (board reports, large imports), recovering any task a "
        "worker that died left running."
    )

    def handle(self, **options: Any) -> None:
        if options["reload"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The reloader's parent only restarts the child, which does the work (and beats).
            super().handle(**options)
            return
        worker_id = options["worker_id"]
        removed = temp_clean()
        if removed:
            log.warning("Removed %s temporary folders left by a stopped worker", removed)
        beat_and_recover(worker_id)
        heart = Heartbeat(worker_id, float(settings.STOCKTAKE_WORKER_BEAT_SECONDS))
        heart.start()
        try:
            super().handle(**options)
        finally:
            heart.stopping.set()
            with contextlib.suppress(DatabaseError):
                worker_stopped(worker_id)
