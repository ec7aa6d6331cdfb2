"""Saving the paragraph about an indicator that goes to the board."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from stocktake.accounts.models import User
from stocktake.audit.services import audit_record
from stocktake.core.errors import ConflictError
from stocktake.indicators.models import Commentary, Indicator


@transaction.atomic
def commentary_save(
    *,
    indicator: Indicator,
    actor: User | None,
    as_of: dt.date,
    text: str,
    generated: str,
    expected_latest: int | None = None,
) -> Commentary:
    """Keep an edited paragraph (a new row each time: earlier versions stay).

    `expected_latest` is the id of the paragraph the person started from (0 for none): if
    someone saved another since, ConflictError carries it, so a paragraph is never replaced
    by someone who has not seen it. None: a program's write, unchecked."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the paragraph for the board"})
    if len(text) > 5000:
        raise ValidationError({"text": "The paragraph must be 5,000 characters or fewer"})
    # Lock the indicator so two people saving at once are compared one after the other.
    Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
    latest = indicator.commentary.first()
    if expected_latest is not None and latest is not None and latest.pk != expected_latest:
        raise ConflictError(latest)
    commentary = Commentary.objects.create(
        indicator=indicator, as_of=as_of, text=text, generated=generated, author=actor
    )
    audit_record(
        authority=indicator.authority,
        actor=actor,
        verb="commented",
        obj=indicator,
        changes={"commentary": [latest.text if latest else None, text]},
    )
    return commentary
