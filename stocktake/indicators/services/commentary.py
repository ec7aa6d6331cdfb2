"""Saving the paragraph about an indicator that goes to the board."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from stocktake.accounts.models import User
from stocktake.audit.services import audit_record
from stocktake.indicators.models import Commentary, Indicator


@transaction.atomic
def commentary_save(
    *, indicator: Indicator, actor: User | None, as_of: dt.date, text: str, generated: str
) -> Commentary:
    """Keep an edited paragraph (a new row each time: earlier versions stay)."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the paragraph for the board"})
    if len(text) > 5000:
        raise ValidationError({"text": "The paragraph must be 5,000 characters or fewer"})
    latest = indicator.commentary.first()
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
