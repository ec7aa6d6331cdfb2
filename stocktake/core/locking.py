"""Optimistic locking (ADR 0003): an edit is saved only if the row is still at the version
the person started from, so two people editing at once never silently overwrite each other.

A service that edits a versioned row calls `version_claim` inside its transaction, before it
writes: one `UPDATE … SET version = version + 1 WHERE id = … AND version = n`. If someone
saved since, no row matches and `ConflictError` carries the row as it is now; the view shows
it beside what the person typed (`stocktake.core.conflicts`). If the claim succeeds, the row
stays locked until the transaction commits, and the service then saves only the fields it
changes (`save(update_fields=…)`), never a whole row read earlier: another service may have
written other fields of it (an owner's update writes an action's statuses) in between.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Model

from stocktake.core.errors import ConflictError


def version_claim(obj: Model, expected_version: int | None) -> None:
    """Move `obj` on to its next version if it is still at `expected_version`; otherwise
    raise ConflictError with the row as saved now.

    `expected_version=None` is for a program's writes (an import, the demo), which check
    nothing but still move the version on, so that anyone editing meanwhile is told."""
    manager: Any = type(obj)._default_manager
    rows = manager.filter(pk=obj.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1):
        raise ConflictError(manager.get(pk=obj.pk))
    row: Any = obj
    if expected_version is not None:
        row.version = expected_version + 1
    else:
        row.version = manager.filter(pk=obj.pk).values_list("version", flat=True).get()
