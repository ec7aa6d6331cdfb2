"""A job for the tests: counts the authority's plans, reporting progress on the way."""

from __future__ import annotations

from django.urls import reverse

from stocktake.background.models import Job
from stocktake.background.services import JobFailed, JobResult, JobRun, job_task
from stocktake.plans.models import Plan

# What each run saw: (attempt, its job's message at the start, progress after reporting).
SEEN: list[tuple[int, str, int, str]] = []


@job_task
def count_plans(run: JobRun, *, fail: str = "", crash: bool = False) -> JobResult:
    starting = Job.objects.get(pk=run.job.pk).message
    run.progress(40, "Counting the plans")
    stored = Job.objects.get(pk=run.job.pk)
    SEEN.append((run.attempt, starting, stored.progress, stored.message))
    if fail:
        raise JobFailed(fail)
    if crash:
        raise RuntimeError("the disk is full")
    plans = Plan.objects.filter(authority=run.authority).count()
    return JobResult(url=reverse("core:home"), label=f"See the {plans} plans")
