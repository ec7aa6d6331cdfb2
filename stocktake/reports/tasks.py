"""The report build as a task on Django's task framework (queued by `report_request`)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from stocktake.background.framework import TaskResult, TaskResultStatus, task, task_finished
from stocktake.background.receivers import failure_message


@task()
def report_build_task(report_id: int) -> str:
    """Build and issue report `report_id`; its status afterwards."""
    from stocktake.reports.services import report_build

    return str(report_build(report_id).status)


@receiver(task_finished)
def report_task_failed(sender: Any, task_result: TaskResult[Any], **kwargs: Any) -> None:
    """A build that failed outside its own error handling (given up after its worker died
    too often, or stopped by force) leaves the report failed, not "being prepared"."""
    from stocktake.reports.services import GENERIC_FAILURE, report_fail

    if task_result.status != TaskResultStatus.FAILED or not task_result.args:
        return
    if task_result.task.module_path == report_build_task.module_path:
        report_fail(int(task_result.args[0]), failure_message(task_result, GENERIC_FAILURE))
