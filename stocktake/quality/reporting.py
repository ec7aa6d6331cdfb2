"""Asking the report pipeline for the monthly audit report, and listing the ones issued."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from stocktake.accounts.models import Authority, User
from stocktake.plans.models import Plan
from stocktake.reports.models import Report
from stocktake.reports.services import month_period, report_request

KIND = "audit-report"


def audit_report_request(
    *, authority: Authority, plan: Plan, year: int, month: int, actor: User | None
) -> Report:
    period = month_period(year, month)
    return report_request(
        authority=authority,
        plan=plan,
        kind=KIND,
        period_start=period.start,
        period_end=period.end,
        actor=actor,
    )


def audit_reports(authority: Authority) -> QuerySet[Any]:
    return Report.objects.in_authority(authority).filter(kind=KIND).prefetch_related("files")
