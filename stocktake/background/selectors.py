"""Reads for the background work pages: a job reached through its authority, and only by a
member whose role may follow it."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404

from stocktake.accounts.models import Membership
from stocktake.accounts.roles import Capability
from stocktake.background.models import Job
from stocktake.background.recovery import workers_running


def job_for(membership: Membership, job_id: int) -> Job:
    job = (
        Job.objects.in_authority(membership.authority)
        .select_related("requested_by")
        .filter(pk=job_id)
        .first()
    )
    if job is None or not membership.can(Capability(job.capability)):
        raise Http404("No such job")
    return job


def waiting_for_a_worker(unfinished: bool) -> bool:
    """Whether unfinished work is stuck because no database worker is running (a worker that
    starts runs it, or runs again what a stopped one left)."""
    uses_database = settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    return unfinished and uses_database and not workers_running()
