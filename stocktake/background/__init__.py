"""Background work on Django's task framework (ADR 15).

Stocktake runs slow work — board reports, large plan imports, child-level data ingests —
outside the web request as tasks on `django-tasks` (the backport of Django 6's
`django.tasks`; import it through `stocktake.background.framework`). The backend is a
setting (STOCKTAKE_TASK_BACKEND): the database backend by default, whose worker is
`stocktake db_worker`; the immediate backend in tests; a Redis or cloud queue by its path.

**A job a person follows on a page.** Write the work as a module-level function taking a
`JobRun` and keyword arguments (JSON values), decorated with `@job_task`; start it with
`job_start`, which records a `Job` for the authority and queues the task; send the person to
the job's page, which shows its progress and, when it is done, a link to the result::

    from stocktake.background.services import JobFailed, JobResult, JobRun, job_start, job_task

    @job_task
    def annex_a_ingest(run: JobRun, *, extract_id: int) -> JobResult:
        run.progress(10, "Checking the file")          # between transactions, 0 to 99
        if problems:
            raise JobFailed("Sheet List 1, row 7: the date of birth is missing")
        with transaction.atomic():                     # all or nothing, so safe to repeat
            ...
        return JobResult(url=reverse(...), label="See the extract")

    job = job_start(annex_a_ingest, authority=request.authority, actor=request.user,
                    title="Loading the Annex A extract",
                    capability=Capability.MANAGE_CHILD_DATA, extract_id=extract.pk)
    return redirect("background:job", request.authority.slug, job.pk)

`JobFailed("…")` ends the job with that message, shown as it is; any other exception ends it
with a general message (and is logged). Only members whose role has `capability` can see the
job's page (`background:job`, polled through `background:job_status`).

**Tasks run at least once.** A task whose worker died part-way is run again from the start
(`stocktake.background.recovery`), up to STOCKTAKE_TASK_MAX_ATTEMPTS times; `run.attempt`
says which attempt this is. Make each job safe to repeat: write in one transaction, or check
what an earlier attempt already did.

**A plain task** (no `Job`, like the report build, which keeps its own progress on `Report`):
decorate with `framework.task()` and queue it with `services.queued_with`, in the transaction
that creates what it works on.
"""
