"""Reads for the import pages: every run reached through its authority."""

from __future__ import annotations

from django.db.models import QuerySet

from stocktake.accounts.models import Authority
from stocktake.core.tenancy import get_scoped, scoped
from stocktake.imports.layouts import Offer, matching
from stocktake.imports.models import ImportRun, SavedLayout


def run_for(authority: Authority, run_id: int) -> ImportRun:
    runs = ImportRun.objects.select_related("created_by", "plan")
    return get_scoped(runs, authority, run_id, "No such import")


def recent_runs(authority: Authority, limit: int = 100) -> QuerySet[ImportRun]:
    """The latest runs first (the model's order), without the files they read."""
    runs = ImportRun.objects.select_related("created_by", "plan").defer("content")
    return scoped(runs, authority)[:limit]


def layouts_for(authority: Authority) -> QuerySet[SavedLayout]:
    return scoped(SavedLayout.objects.select_related("created_by"), authority)


def layout_for(authority: Authority, layout_id: int) -> SavedLayout:
    return get_scoped(SavedLayout.objects.all(), authority, layout_id, "No such layout")


def layout_offers(run: ImportRun) -> list[Offer]:
    """Saved layouts whose headings match a table of the run and that would change how it
    is read (a layout already used, or giving the roles already read, is not offered)."""
    tables = {str(t.get("table", "")): t for t in run.understood.get("columns", [])}
    used = (run.corrections or {}).get("layouts") or {}
    offers = []
    for offer in matching(run.authority, list(tables.values())):
        roles = [str(c.get("role", "extra")) for c in tables[offer.table].get("columns", [])]
        taken = used.get(offer.table)
        if offer.layout.roles == roles:
            continue
        if isinstance(taken, dict) and taken.get("id") == offer.layout.pk:
            continue
        offers.append(offer)
    return offers
