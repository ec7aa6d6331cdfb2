"""Reads for the import pages: every run reached through its authority."""

from __future__ import annotations

from django.db.models import QuerySet

from stocktake.accounts.models import Authority
from stocktake.core.tenancy import get_scoped, scoped
from stocktake.imports.models import ImportRun


def run_for(authority: Authority, run_id: int) -> ImportRun:
    runs = ImportRun.objects.select_related("created_by", "plan")
    return get_scoped(runs, authority, run_id, "No such import")


def recent_runs(authority: Authority, limit: int = 100) -> QuerySet[ImportRun]:
    """The latest runs first (the model's order), without the files they read."""
    runs = ImportRun.objects.select_related("created_by", "plan").defer("content")
    return scoped(runs, authority)[:limit]
