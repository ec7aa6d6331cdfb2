"""When a task ends in failure outside the work's own error handling — given up after its
worker died too often, or stopped by force — the thing it was working on says so, rather than
"in progress" for ever."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from stocktake.background.framework import TaskResult, TaskResultStatus, task_finished
from stocktake.background.services import ABANDONED, GENERIC_FAILURE, JOB_TASKS, job_fail


def failure_message(task_result: TaskResult[Any], generic: str = GENERIC_FAILURE) -> str:
    """The plain-English reason for a task that failed outside the work's own handling."""
    lost = any(e.exception_class_path.endswith(".TaskLost") for e in task_result.errors)
    return ABANDONED.format(attempts=len(task_result.worker_ids)) if lost else generic


@receiver(task_finished)
def job_failed(sender: Any, task_result: TaskResult[Any], **kwargs: Any) -> None:
    if task_result.status != TaskResultStatus.FAILED or not task_result.args:
        return
    if task_result.task.module_path in JOB_TASKS:
        job_fail(int(task_result.args[0]), failure_message(task_result))
