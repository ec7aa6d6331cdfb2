"""Constraints shared by the models: the database, not only the forms, keeps every choice
field to its choices, because some writes never pass through a form or `full_clean` (bulk
inserts, the importer's fast path, a shell, a future COPY)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import CheckConstraint, Q


def choice_check(field: str, values: Iterable[object], *, name: str) -> CheckConstraint:
    """`field` holds one of `values` (or is NULL, if the column allows it). Blank is a value
    only if `values` includes ""."""
    return CheckConstraint(condition=Q(**{f"{field}__in": list(values)}), name=name)
