"""Reading child-level data: an authority's extracts, a KPI's records, rejected rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from stocktake.accounts.models import Authority
from stocktake.childdata import kpis, storage
from stocktake.childdata.models import Extract, RejectedRow
from stocktake.core.tenancy import get_scoped, scoped

# The columns shown for a KPI's records: the pseudonymised ID, then its list's fields.
RECORD_COLUMNS: dict[int, list[str]] = {
    3: ["child_id", "referral_date", "referral_nfa", "referrals_12m", "team", "worker"],
    4: ["child_id", "assessment_start", "authorised", "child_seen", "team", "worker"],
    5: ["child_id", "strategy_start", "icpc_date", "team", "worker"],
    6: ["child_id", "cin_start", "cin_closed", "case_status", "team", "worker"],
    7: ["child_id", "cpp_start", "cpp_end", "last_visit", "seen_alone", "previous_cpps",
        "team", "worker"],
    8: ["child_id", "cla_start", "cla_end", "last_visit", "last_review", "placements_12m",
        "missing_12m", "rhi_offered", "team", "worker"],
    9: ["child_id", "in_touch", "suitability", "activity", "team", "worker"],
}  # fmt: skip


def extracts(authority: Authority) -> QuerySet[Extract]:
    return scoped(Extract, authority).select_related("created_by")


def extract(authority: Authority, extract_id: int) -> Extract:
    return get_scoped(Extract, authority, pk=extract_id)


def extract_at(authority: Authority, extract_date: dt.date) -> Extract | None:
    """The latest extract loaded for that date, preferring an applied one."""
    found = extracts(authority).filter(extract_date=extract_date)
    return found.filter(status=Extract.Status.APPLIED).order_by("-id").first() or (
        found.order_by("-id").first()
    )


def kpis_of(extract: Extract) -> dict[str, Any]:
    """Every KPI computed again from the stored Parquet files."""
    with storage.local_files(extract.folder) as files:
        return kpis.compute(files, extract.extract_date)


def kpi_records(extract: Extract, code: str) -> list[dict[str, Any]]:
    kpi = kpis.BY_CODE[code]
    with storage.local_files(extract.folder) as files:
        return kpis.records(files, extract.extract_date, code, RECORD_COLUMNS[kpi.list_number])


def rejected_rows(extract: Extract) -> QuerySet[RejectedRow]:
    return extract.rejected.all()
