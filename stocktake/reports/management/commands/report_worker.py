"""`stocktake report-worker`: the old name of `stocktake db_worker`, kept so existing service
definitions keep working. Reports are now tasks on Django's task framework (ADR 15)."""

from __future__ import annotations

from stocktake.background.management.commands.db_worker import Command as WorkerCommand


class Command(WorkerCommand):
    help = "Another name for `stocktake db_worker`: run queued background tasks."
