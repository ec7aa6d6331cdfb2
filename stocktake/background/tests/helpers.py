"""Test helpers: choose the task backend for a test, and read what the dummy backend queued."""

from __future__ import annotations

from typing import Any

from stocktake.background.framework import TaskResult, task_backends

BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}


def use_backend(settings: Any, name: str) -> None:
    """Run this test's tasks on the `name` backend (the tests' default is immediate)."""
    settings.TASKS = {"default": {"BACKEND": BACKENDS[name], "QUEUES": ["default"]}}


def queued() -> list[TaskResult[Any]]:
    """What the dummy backend recorded, oldest first."""
    backend: Any = task_backends["default"]  # the dummy backend keeps what it queued
    return list(backend.results)
