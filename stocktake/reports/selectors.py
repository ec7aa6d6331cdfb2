"""Reads for the reports pages: every report reached through its authority."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from stocktake.accounts.models import Authority
from stocktake.core.tenancy import get_scoped, scoped
from stocktake.documents import FORMATS
from stocktake.governance.models import Meeting
from stocktake.plans.models import Plan
from stocktake.reports.models import Report, ReportFile


def _files() -> Any:
    """Each report's files without their content (the list only needs sizes)."""
    return Prefetch("files", queryset=ReportFile.objects.defer("content").order_by("format"))


def issued_reports(authority: Authority) -> QuerySet[Report]:
    return (
        Report.objects.in_authority(authority)
        .issued()
        .select_related("plan", "issued_by", "meeting__board")
        .prefetch_related(_files())
        .defer("snapshot")
        .order_by("-issued_at", "-id")
    )


def unfinished_reports(authority: Authority) -> QuerySet[Report]:
    """Reports still being made or that failed, newest first (for leads)."""
    return (
        Report.objects.in_authority(authority)
        .exclude(status=Report.Status.ISSUED)
        .select_related("plan", "requested_by")
        .defer("snapshot")
        .order_by("-requested_at", "-id")[:20]
    )


def report_for(authority: Authority, report_id: int, *, issued_only: bool = False) -> Report:
    reports = Report.objects.issued() if issued_only else Report.objects.all()
    reports = (
        reports.select_related("plan", "issued_by", "requested_by", "meeting__board")
        .prefetch_related(_files())
        .defer("snapshot")
    )
    return get_scoped(reports, authority, report_id, "No such report")


def file_for(authority: Authority, report_id: int, fmt: str) -> ReportFile:
    """An issued report's file in one format; 404 for anything else."""
    if fmt not in FORMATS:
        raise Http404("No such format")
    try:
        return scoped(ReportFile.objects.select_related("report"), authority).get(
            report_id=report_id, report__status=Report.Status.ISSUED, format=fmt
        )
    except ReportFile.DoesNotExist:
        raise Http404("No such file") from None


def plan_choices(authority: Authority) -> QuerySet[Plan]:
    return Plan.objects.filter(authority=authority).order_by("-start_date", "name")


def meeting_choices(authority: Authority) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(board__authority=authority)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("board")
        .order_by("-date", "board__name")
    )
