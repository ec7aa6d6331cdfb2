"""Removing demo authorities, with everything they hold.

A real authority's issued papers and audit log are protected: deleting the authority (or a
plan with papers) is refused (ADR 0017). Demo data is not a record of anything, so the demo
loader's reset, and tests that load the demo, remove it on purpose, papers and log first.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from stocktake.accounts.models import Authority
from stocktake.audit.models import AuditEvent
from stocktake.reports.models import Report


@transaction.atomic
def demo_authorities_purge(authorities: QuerySet[Authority]) -> None:
    """Delete `authorities` (demo ones only) with their papers and audit log."""
    Report.objects.filter(authority__in=authorities).delete()
    AuditEvent.objects.filter(authority__in=authorities).delete()
    authorities.delete()
