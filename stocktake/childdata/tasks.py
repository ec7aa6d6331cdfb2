"""The ingest as a background job (ADR 15): the upload waits in the media storage only until
the job has read it."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

from django.core.files.storage import default_storage
from django.urls import reverse

from stocktake.background.services import JobFailed, JobResult, JobRun, job_task
from stocktake.childdata import services
from stocktake.childdata.ingest.sources import UnreadableFile


@job_task
def extract_ingest(run: JobRun, *, incoming: str, filename: str, extract_date: str) -> JobResult:
    run.progress(10, "Checking and pseudonymising the extract")
    work = Path(tempfile.mkdtemp(prefix="stocktake-upload-"))
    try:
        # The original name, made safe: a single CSV file's name says which list it is.
        safe = re.sub(r"[^\w .-]", "_", Path(filename).name).strip(". ")[-100:]
        local = work / (safe or f"upload{Path(incoming).suffix}")
        with default_storage.open(incoming, "rb") as source, local.open("wb") as out:
            shutil.copyfileobj(source, out)
        extract = services.extract_load(
            authority=run.authority,
            actor=run.actor,
            path=local,
            extract_date=dt.date.fromisoformat(extract_date),
            filename=filename,
        )
    except UnreadableFile as error:
        raise JobFailed(str(error)) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if default_storage.exists(incoming):
            default_storage.delete(incoming)
    url = reverse("childdata:extract", args=[run.authority.slug, extract.pk])
    return JobResult(url=url, label="Check the extract and apply it")
