"""Background work a person is waiting for (`Job`), and the database workers' heartbeats
(`WorkerBeat`) by which a task whose worker died is found and run again."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from stocktake.accounts.models import Authority
from stocktake.accounts.roles import Capability
from stocktake.core.constraints import choice_check


class JobQuerySet(models.QuerySet["Job"]):
    def in_authority(self, authority: Authority) -> JobQuerySet:
        return self.filter(authority=authority)

    def unfinished(self) -> JobQuerySet:
        return self.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])


class Job(models.Model):
    """One piece of background work for an authority (a large import, an ingest), with the
    progress its page shows. The work itself is a task on Django's task framework
    (`task_id`); see `stocktake.background` for how to start one."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="jobs")
    title = models.CharField(max_length=200, help_text="What is being done, as its page says")
    task_name = models.CharField(max_length=300, help_text="The task's module path")
    capability = models.CharField(
        max_length=40,
        choices=[(c.value, c.name) for c in Capability],
        default=Capability.VIEW,
        help_text="What a member needs to follow this job",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True, help_text="What went wrong, in plain English")
    result_url = models.CharField(max_length=500, blank=True)
    result_label = models.CharField(max_length=100, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()
    authority_path = "authority"

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="job_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
                name="job_status_known",
            ),
            choice_check("capability", [c.value for c in Capability], name="job_capability_known"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class WorkerBeat(models.Model):
    """A running `db_worker`: where it runs and when it last said it was alive. Not an
    authority's data: one row per worker process, deleted when it stops."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()

    class Meta:
        ordering = ["-beat_at"]

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}, pid {self.pid})"
