"""Requesting, building and issuing on Django's task framework: the immediate backend (the
tests') builds at once; the dummy backend only queues, and running the queued task issues the
report; running it again, or after a build that stopped part-way, issues it exactly once. A
report is issued whole (its files and snapshot) or fails with a reason and no files; an issued
report made again after the data changed is the same, and a new report shows the change."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django_tasks_db.models import DBTaskResult

from stocktake.audit.models import AuditEvent
from stocktake.background.tests.helpers import queued, use_backend
from stocktake.plans.models import Update
from stocktake.reports import services
from stocktake.reports.models import Report, ReportFile
from stocktake.reports.tasks import report_build_task
from stocktake.reports.tests.conftest import (
    AS_OF,
    IMPORTED,
    JUNE,
    docx_images,
    docx_text,
    pdf_text,
)


def request(world, rw, **fields) -> Report:
    values = {
        "authority": world.authority,
        "plan": rw.plan,
        "kind": "board-pack",
        "period_start": JUNE[0],
        "period_end": JUNE[1],
        "as_of": AS_OF,
        "actor": world.users["lead"],
    }
    values.update(fields)
    return services.report_request(**values)


def checked_files(report: Report) -> dict[str, bytes]:
    files = {}
    for file in report.files.all():
        content = bytes(file.content)
        assert file.size == len(content)
        assert file.sha256 == hashlib.sha256(content).hexdigest()
        files[file.format] = content
    return files


def issued_events(report: Report) -> int:
    return AuditEvent.objects.filter(verb="report.issued", object_id=str(report.pk)).count()


def test_the_immediate_backend_issues_word_and_excel_when_pdf_is_off(world, rw):
    report = request(world, rw)

    assert report.status == Report.Status.ISSUED and report.progress == 100
    assert report.issued_by == world.users["lead"] and report.issued_at is not None
    files = checked_files(report)
    assert set(files) == {"docx", "xlsx"}  # STOCKTAKE_PDF_CONVERTER is none outside `pdf` tests
    assert files["docx"].startswith(b"PK") and files["xlsx"].startswith(b"PK")
    assert report.snapshot["title"] == "Improvement Board pack"
    assert issued_events(report) == 1


@pytest.mark.pdf
def test_with_libreoffice_the_report_has_a_pdf_that_reads_as_the_word_file(world, rw, tmp_path):
    report = request(world, rw)

    files = checked_files(report)
    assert set(files) == {"docx", "pdf", "xlsx"}
    assert files["pdf"].startswith(b"%PDF")
    text = " ".join(pdf_text(files["pdf"], tmp_path).split())
    assert "Improvement Board pack" in text and "Board plan: progress for June 2019" in text
    again = services.reissue(report, "pdf")
    assert pdf_text(again, tmp_path) == pdf_text(files["pdf"], tmp_path)


def test_a_period_with_no_data_says_so_and_issues_nothing(world, rw):
    report = request(world, rw, period_start=dt.date(2018, 1, 1), period_end=dt.date(2018, 1, 31),
                     as_of=dt.date(2018, 1, 31))  # fmt: skip

    assert report.status == Report.Status.FAILED
    assert report.error.startswith("There is nothing to report for January 2018")
    assert not ReportFile.objects.filter(report=report).exists()
    assert not Report.objects.issued().filter(pk=report.pk).exists()


def test_a_renderer_failing_part_way_leaves_a_failed_report_and_no_files(world, rw, monkeypatch):
    import stocktake.documents as documents

    real = documents.render

    def failing(document, fmt):
        if fmt == "xlsx":  # the last format: Word is already made
            raise RuntimeError("disk full")
        return real(document, fmt)

    monkeypatch.setattr(documents, "render", failing)
    report = request(world, rw)

    assert report.status == Report.Status.FAILED
    assert report.error == services.GENERIC_FAILURE
    assert report.snapshot is None
    assert ReportFile.objects.count() == 0


def test_the_issued_report_is_the_same_after_the_data_changes(world, rw):
    issued = request(world, rw)
    word = bytes(issued.files.get(format="docx").content)
    changed = Update.objects.filter(text__startswith=IMPORTED)
    assert changed.update(text="A different story told later") == 1
    rw.la1.delivery_status = "complete"
    rw.la1.save()

    again = services.reissue(issued, "docx")
    assert again == word
    assert docx_text(again) == docx_text(word)
    assert [hashlib.sha256(i).digest() for i in docx_images(again)] == [
        hashlib.sha256(i).digest() for i in docx_images(word)
    ]
    assert IMPORTED in docx_text(again)

    fresh = request(world, rw)
    text = docx_text(bytes(fresh.files.get(format="docx").content))
    assert "A different story told later" in text and IMPORTED not in text
    # A bare write to the action is not history: a paper as of 30 June reads the history.
    assert "1 of 4 actions (25%) is complete on 30 June 2019" in text


def test_unreviewed_updates_appear_only_when_the_report_asks(world, rw):
    from stocktake.reports.tests.conftest import UNREVIEWED

    plain = request(world, rw)
    wider = request(world, rw, include_unreviewed=True)

    assert UNREVIEWED not in docx_text(bytes(plain.files.get(format="docx").content))
    assert UNREVIEWED in docx_text(bytes(wider.files.get(format="docx").content))


def test_a_request_only_queues_the_build_task_and_running_it_issues_the_report(world, rw, settings):
    use_backend(settings, "dummy")
    report = request(world, rw, kind="weekly-highlight")

    assert report.status == Report.Status.QUEUED and report.progress_message == "Waiting to start"
    (task,) = queued()
    assert task.task.module_path == "stocktake.reports.tasks.report_build_task"
    assert task.args == [report.pk]

    assert report_build_task.call(report.pk) == Report.Status.ISSUED
    report.refresh_from_db()
    assert report.status == Report.Status.ISSUED and set(checked_files(report)) == {"docx", "xlsx"}


def test_running_the_task_again_issues_nothing_more(world, rw, settings):
    use_backend(settings, "dummy")
    report = request(world, rw, kind="weekly-highlight")
    report_build_task.call(report.pk)
    first = checked_files(report)

    assert report_build_task.call(report.pk) == Report.Status.ISSUED

    assert checked_files(report) == first and ReportFile.objects.count() == 2
    assert issued_events(report) == 1


def test_a_build_that_stopped_part_way_starts_again_and_issues_once(world, rw, settings):
    use_backend(settings, "dummy")
    report = request(world, rw, kind="weekly-highlight")
    # What a worker killed while making the files leaves: being prepared, no files.
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.BUILDING, progress=50, progress_message="Making the PDF"
    )

    assert services.claim(report.pk)
    report.refresh_from_db()
    assert report.progress_message == "Starting again: the last attempt stopped"
    report_build_task.call(report.pk)

    report.refresh_from_db()
    assert report.status == Report.Status.ISSUED and report.progress == 100
    assert set(checked_files(report)) == {"docx", "xlsx"} and issued_events(report) == 1


def test_a_second_build_finishing_after_the_first_issues_nothing(world, rw, settings):
    use_backend(settings, "dummy")
    report = request(world, rw, kind="weekly-highlight")
    assert services.claim(report.pk)
    loaded = Report.objects.get(pk=report.pk)
    document = services.builder_for(loaded.kind)(services.context_for(loaded))
    services.report_build(report.pk)  # another build issues it meanwhile

    services.report_issue(loaded, document, {"docx": b"late"})

    assert bytes(Report.objects.get(pk=report.pk).files.get(format="docx").content) != b"late"
    assert ReportFile.objects.filter(report=report).count() == 2 and issued_events(report) == 1


def test_a_task_failing_outside_the_build_leaves_the_report_failed(world, rw, monkeypatch):
    def broken(report_id):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "claim", broken)
    report = request(world, rw, kind="weekly-highlight")

    assert report.status == Report.Status.FAILED
    assert report.error == services.GENERIC_FAILURE


def test_on_the_database_backend_the_task_is_queued_with_the_report(world, rw, settings):
    use_backend(settings, "database")

    report = request(world, rw, kind="weekly-highlight")

    assert report.status == Report.Status.QUEUED
    (task,) = DBTaskResult.objects.all()
    assert task.status == "READY" and task.args_kwargs == {"args": [report.pk], "kwargs": {}}
    assert task.task_path == "stocktake.reports.tasks.report_build_task"


def test_a_plan_of_another_authority_is_refused_and_nothing_is_queued(world, rw, settings):
    use_backend(settings, "database")
    with pytest.raises(ValueError, match="another authority"):
        request(world, rw, plan=world.other_plan)
    assert not Report.objects.exists() and not DBTaskResult.objects.exists()
