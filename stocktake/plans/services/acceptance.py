"""Accepting an update: what it proposes becomes the action's accepted state, dated by the
acceptance. The `StatusChange` rows written here are the accepted history that
`plans.history` folds; the action's own status fields are a copy of the newest, kept for
filters and counts."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from stocktake.accounts.models import User
from stocktake.audit.services import audit_record
from stocktake.plans.models import Action, StatusChange, Update

STATE_FIELDS: list[tuple[str, str]] = [
    (StatusChange.Field.DELIVERY, "delivery_status"),
    (StatusChange.Field.IMPACT, "impact_status"),
    (StatusChange.Field.RAG, "rag"),
]


def _latest_changes(action: Action) -> dict[str, StatusChange]:
    latest: dict[str, StatusChange] = {}
    for change in action.status_changes.select_related("update").order_by("recorded_at", "id"):
        latest[change.field] = change
    return latest


@transaction.atomic
def update_apply(*, update: Update, actor: User | None, at: dt.datetime) -> list[StatusChange]:
    """Make an accepted update's proposals the action's accepted state at `at`.

    A proposal equal to the accepted value changes nothing. One older than the update behind
    the accepted value (an earlier update accepted after a later one) is superseded by it and
    changes nothing either. History is appended in time order: `at` may not be before the
    action's newest accepted change.
    """
    action = (
        Action.objects.select_for_update()
        .select_related("plan__authority")
        .get(pk=update.action_id)
    )
    latest = _latest_changes(action)
    changes: list[StatusChange] = []
    for field, attr in STATE_FIELDS:
        new, old = getattr(update, attr), getattr(action, attr)
        behind = latest.get(field)
        if behind is not None and behind.recorded_at > at:
            raise ValueError(f"{action.reference} has a change accepted after {at:%Y-%m-%d %H:%M}")
        if not new or new == old:
            continue
        if behind is not None and behind.update and behind.update.recorded_at > update.recorded_at:
            continue
        changes.append(
            StatusChange(
                action=action,
                update=update,
                field=field,
                old_value=old,
                new_value=new,
                reason=update.reason,
                changed_by=actor,
                recorded_at=at,
                changed_at=at,
            )
        )
        setattr(action, attr, new)
    if changes:
        StatusChange.objects.bulk_create(changes)
        action.save(update_fields=[attr for field, attr in STATE_FIELDS])
        audit_record(
            authority=action.plan.authority,
            actor=actor,
            verb="status_changed",
            obj=action,
            changes={dict(STATE_FIELDS)[c.field]: [c.old_value, c.new_value] for c in changes}
            | {"reason": update.reason},
        )
    return changes
