"""The one place Stocktake imports Django's task framework.

Django 6 has it as `django.tasks`; on Django 5.2 it is the `django-tasks` backport, whose API
is the same. Everything else imports from here, so the move to Django 6 changes nothing else
(django-tasks-db makes the same choice for its backend). Type checking reads the backport.
"""

from __future__ import annotations

from importlib.util import find_spec
from typing import TYPE_CHECKING

if TYPE_CHECKING or not find_spec("django.tasks"):
    from django_tasks import TaskResultStatus, task, task_backends
    from django_tasks.backends.base import BaseTaskBackend
    from django_tasks.backends.dummy import DummyBackend
    from django_tasks.backends.immediate import ImmediateBackend
    from django_tasks.base import Task, TaskResult
    from django_tasks.signals import task_finished
else:  # Django 6 and later
    from django.tasks import TaskResultStatus, task, task_backends
    from django.tasks.backends.base import BaseTaskBackend
    from django.tasks.backends.dummy import DummyBackend
    from django.tasks.backends.immediate import ImmediateBackend
    from django.tasks.base import Task, TaskResult
    from django.tasks.signals import task_finished

__all__ = [
    "BaseTaskBackend",
    "DummyBackend",
    "ImmediateBackend",
    "Task",
    "TaskResult",
    "TaskResultStatus",
    "task",
    "task_backends",
    "task_finished",
]
