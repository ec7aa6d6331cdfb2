"""The page benchmark's update history: how many updates each action gets, their dates and
words, the status changes and evidence that come with them, written in bulk with the
timestamps the history says (not "now"). Used by `generate.py`."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from vocabulary import PATHS, RAG_FOR, UPDATE_DETAILS, UPDATE_OPENERS

BATCH = 1000


@contextlib.contextmanager
def keep_timestamps(*fields: Any) -> Iterator[None]:
    """Let bulk_create store the timestamps we give instead of "now" (auto_now_add)."""
    saved = [f.auto_now_add for f in fields]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in zip(fields, saved, strict=True):
            f.auto_now_add = value


def at_noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def spread_updates(rng: random.Random, actions: list[Any], total: int) -> list[int]:
    """How many updates each action gets: uneven, as in a real plan, summing to `total`."""
    if not actions:
        return []
    weights = [rng.uniform(0.4, 1.6) for _ in actions]
    counts = [0] * len(actions)
    for index in rng.choices(range(len(actions)), weights=weights, k=total):
        counts[index] += 1
    return counts


def update_dates(
    rng: random.Random, action: Any, start: dt.date, today: dt.date, count: int
) -> list[dt.date]:
    """Dates from the plan's start; most open actions were updated in the last fortnight."""
    last = today - dt.timedelta(days=rng.randrange(14))
    if action.delivery_status == "complete" and action.due_date and action.due_date < today:
        last = max(start, action.due_date - dt.timedelta(days=rng.randrange(14)))
    elif rng.random() < 0.15:
        last = today - dt.timedelta(days=rng.randint(15, 60))
    span = max((last - start).days, 0)
    return sorted(start + dt.timedelta(days=rng.randint(0, span)) for _ in range(count))


def update_text(rng: random.Random) -> str:
    return f"{rng.choice(UPDATE_OPENERS)} {rng.choice(UPDATE_DETAILS)}"


@dataclass
class History:
    updates: list[Any] = field(default_factory=list)
    # (update index, field, old, new, reason)
    changes: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    # (update index, title, kind of link)
    evidence: list[tuple[int, str, str]] = field(default_factory=list)


def action_history(
    rng: random.Random,
    action: Any,
    plan: Any,
    dates: list[dt.date],
    authors: list[Any],
    history: History,
) -> None:
    from stocktake.plans.models import Update

    path = rng.choice(PATHS[action.delivery_status]) if dates else []
    steps = sorted(rng.sample(range(len(dates)), min(len(path), len(dates))))
    if path and steps and path[-1] == action.delivery_status:
        steps[-1] = len(dates) - 1  # the newest update made the current status
    status, rag = "not_started", ""
    changes_at = dict(zip(steps, path, strict=False))
    for i, day in enumerate(dates):
        index = len(history.updates)
        if i in changes_at:
            new = changes_at[i]
            reason = (
                "Capacity in the team; recovery plan agreed."
                if new in {"off_track", "blocked"}
                else ""
            )
            history.changes.append((index, "delivery", status, new, reason))
            status, rag = new, RAG_FOR[new]
            if new == "complete":
                history.evidence.append((index, "Completion report", "completion"))
        if i == len(dates) - 1:
            rag = action.rag
            if action.impact_status != "not_yet_evidenced":
                history.changes.append(
                    (index, "impact", "not_yet_evidenced", action.impact_status, "")
                )
        elif rng.random() < 0.04:
            history.evidence.append(
                (
                    index,
                    rng.choice(
                        [
                            "Audit summary",
                            "Minutes of the meeting",
                            "Training register",
                            "Scorecard extract",
                            "Revised guidance",
                        ]
                    ),
                    "doc",
                )
            )
        history.updates.append(
            Update(
                action=action,
                date=day,
                week=plan.week_of(day),
                text=update_text(rng),
                rag=rag or rng.choice(["", "green"]),
                author=rng.choice(authors),
                created_at=at_noon(day),
            )
        )


def save_history(plan: Any, history: History, lead: Any) -> tuple[int, int]:
    from stocktake.plans.models import Evidence, StatusChange, Update

    with keep_timestamps(
        Update._meta.get_field("created_at"),
        StatusChange._meta.get_field("changed_at"),
        Evidence._meta.get_field("created_at"),
    ):
        updates = Update.objects.bulk_create(history.updates, batch_size=BATCH)
        changes = [
            StatusChange(
                action_id=updates[i].action_id,
                update=updates[i],
                field=f,
                old_value=old,
                new_value=new,
                reason=reason,
                changed_by=updates[i].author,
                changed_at=updates[i].created_at,
            )
            for i, f, old, new, reason in history.changes
        ]
        StatusChange.objects.bulk_create(changes, batch_size=BATCH)
        evidence = [
            Evidence(
                action_id=updates[i].action_id,
                update=updates[i],
                title=title,
                link=f"https://intranet.example.gov.uk/{plan.authority.slug}/"
                f"{kind}/{updates[i].action_id}/{i}",
                added_by=updates[i].author or lead,
                created_at=updates[i].created_at,
            )
            for i, title, kind in history.evidence
        ]
        Evidence.objects.bulk_create(evidence, batch_size=BATCH)
    return len(changes), len(evidence)


def audit_created(plan: Any, actions: list[Any], lead: Any) -> None:
    from stocktake.audit.models import AuditEvent

    events = [
        AuditEvent(
            authority=plan.authority,
            actor=lead,
            verb="created",
            object_type="plans.action",
            object_id=str(a.pk),
            object_repr=str(a)[:300],
            changes={"reference": [None, a.reference], "deadline_text": [None, a.deadline_text]},
            at=at_noon(plan.start_date),
        )
        for a in actions
    ]
    with keep_timestamps(AuditEvent._meta.get_field("at")):
        AuditEvent.objects.bulk_create(events, batch_size=BATCH)
