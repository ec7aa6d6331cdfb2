"""12-week phases: closing one (its final position frozen, unfinished actions carried into the
next phase with their references and history, linked both ways) and its narrative in seed
000's template (what has gone well, what we have learned, what needs further attention, the
three priorities for the next phase)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from stocktake.accounts.models import User
from stocktake.audit.services import audit_record
from stocktake.plans.choices import PlanKind
from stocktake.plans.history import ActionState, plan_state_as_of
from stocktake.plans.models import (
    Action,
    ActionOwner,
    PhaseClosure,
    PhaseNarrative,
    Plan,
    StatusChange,
    Theme,
    Update,
)
from stocktake.plans.services.acceptance import STATE_FIELDS
from stocktake.plans.services.actions import _revise, action_link_cross_references
from stocktake.plans.services.closed import refuse_if_closed
from stocktake.plans.services.plans import plan_create

MAX_NARRATIVE = 10_000
NARRATIVE_SECTIONS = {
    "gone_well": "what has gone well",
    "learned": "what we have learned",
    "needs_attention": "what needs further attention",
    "priority_1": "the first priority for the next phase",
    "priority_2": "the second priority for the next phase",
    "priority_3": "the third priority for the next phase",
}


@dataclasses.dataclass(frozen=True)
class NextPhase:
    name: str
    start_date: dt.date
    end_date: dt.date


def awaiting_review(plan: Plan) -> list[Update]:
    """Posted updates in `plan` nobody has reviewed: a phase cannot close with any."""
    return list(
        Update.objects.filter(
            action__plan=plan, origin=Update.Origin.POSTED, reviews__isnull=True
        ).select_related("action")
    )


def _check_closable(plan: Plan, next_phase: NextPhase) -> None:
    if plan.kind != PlanKind.TWELVE_WEEK:
        raise ValidationError("Only a 12-week plan (a phase of the programme) can be closed")
    refuse_if_closed(plan)
    waiting = awaiting_review(plan)
    if waiting:
        refs = ", ".join(sorted({u.action.reference for u in waiting}))
        raise ValidationError(
            f"{len(waiting)} update{'s' if len(waiting) != 1 else ''} on {refs} "
            f"{'are' if len(waiting) != 1 else 'is'} awaiting review. Accept or return "
            "them before closing the phase"
        )
    if next_phase.start_date <= plan.start_date:
        raise ValidationError({"start_date": "The next phase must start after this phase started"})


def _position(states: dict[int, ActionState]) -> list[dict[str, Any]]:
    """The frozen final position: every action's state, as JSON."""
    rows = []
    for state in states.values():
        row = dataclasses.asdict(state)
        for key, value in row.items():
            if isinstance(value, dt.date):
                row[key] = value.isoformat()
        rows.append(row)
    return rows


@transaction.atomic
def phase_close(
    *, plan: Plan, actor: User | None, next_phase: NextPhase, at: dt.datetime | None = None
) -> PhaseClosure:
    """Close a phase: freeze its final position, open the next phase and carry every
    unfinished action into it with its reference, owners, deadline, accepted state and links,
    the new action pointing back to the old. `at` is for trusted loaders (the demo) only."""
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    _check_closable(plan, next_phase)
    at = at or timezone.now()
    states = plan_state_as_of(plan, at)
    successor = plan_create(
        authority=plan.authority,
        actor=actor,
        name=next_phase.name,
        start_date=next_phase.start_date,
        end_date=next_phase.end_date,
        week1_date=plan.week1_date,
        kind=PlanKind.TWELVE_WEEK,
        parent=plan.parent,
    )
    closure = PhaseClosure.objects.create(
        plan=plan,
        next_plan=successor,
        recorded_at=at,
        closed_by=actor,
        position=_position(states),
    )
    unfinished = [s for s in states.values() if not s.is_complete]
    carried = _carry(plan, successor, unfinished, actor, at)
    audit_record(
        authority=plan.authority,
        actor=actor,
        verb="phase_closed",
        obj=plan,
        changes={
            "next_phase": [None, successor.name],
            "carried": [None, [a.reference for a in carried]],
        },
    )
    return closure


def _carry(
    plan: Plan, successor: Plan, states: list[ActionState], actor: User | None, at: dt.datetime
) -> list[Action]:
    themes = _copy_themes(plan, successor, {s.theme_id for s in states if s.theme_id})
    old = plan.actions.in_bulk([s.action_id for s in states])
    carried = []
    for state in states:
        before = old[state.action_id]
        action = Action.objects.create(
            plan=successor,
            theme=themes.get(state.theme_id) if state.theme_id else None,
            number=before.number,
            reference=state.reference,
            text=state.text,
            impact=before.impact,
            outcome=before.outcome,
            deadline_text=state.deadline_text,
            due_start=state.due_start,
            due_date=state.due_date,
            joint_delivery=before.joint_delivery,
            cross_references=before.cross_references,
            extra=before.extra,
            recorded_at=at,
            carried_from=before,
        )
        ActionOwner.objects.bulk_create(
            ActionOwner(action=action, person_id=person, part=part)
            for person, part in dict.fromkeys(state.owner_parts)
        )
        _revise(action, actor, at)
        _carry_state(action, state, actor, at, plan)
        _carry_links(before, action)
        carried.append(action)
    for action in carried:
        action_link_cross_references(action)
    return carried


def _copy_themes(plan: Plan, successor: Plan, ids: set[int]) -> dict[int, Theme]:
    copies = {}
    for theme in plan.themes.filter(pk__in=ids).prefetch_related("indicators"):
        copy = Theme.objects.create(plan=successor, name=theme.name, position=theme.position)
        copy.indicators.set(theme.indicators.all())
        copies[theme.pk] = copy
    return copies


def _carry_state(
    action: Action, state: ActionState, actor: User | None, at: dt.datetime, plan: Plan
) -> None:
    """The accepted state at the close becomes the new action's starting state (history rows
    dated by the close; `plans.history` reads their "since" from the frozen position)."""
    changes = []
    for field, attr in STATE_FIELDS:
        value = getattr(state, attr)
        if value != getattr(action, attr):
            changes.append(
                StatusChange(
                    action=action,
                    field=field,
                    old_value=getattr(action, attr),
                    new_value=value,
                    reason=f"Carried over from {plan.name}",
                    changed_by=actor,
                    recorded_at=at,
                    changed_at=at,
                )
            )
            setattr(action, attr, value)
    if changes:
        StatusChange.objects.bulk_create(changes)
        action.save(update_fields=[attr for _field, attr in STATE_FIELDS])


def _carry_links(before: Action, action: Action) -> None:
    """The findings the action answers and the indicators that evidence it go with it."""
    findings = list(before.findings.all())
    action.findings.set(findings)
    action.indicators.set(before.indicators.all())
    for finding in findings:
        finding.listed_in.add(action.plan)


@transaction.atomic
def phase_narrative_record(
    *, plan: Plan, actor: User | None, sections: dict[str, str], at: dt.datetime | None = None
) -> PhaseNarrative:
    """Write a new version of the phase's narrative (insert-only: earlier versions stay, so a
    paper as of a date prints the version written by then). Every section is needed."""
    if plan.kind != PlanKind.TWELVE_WEEK:
        raise ValidationError("Only a 12-week plan (a phase of the programme) has a narrative")
    cleaned = {name: (sections.get(name) or "").strip() for name in NARRATIVE_SECTIONS}
    errors = {
        name: f"Enter {label}" for name, label in NARRATIVE_SECTIONS.items() if not cleaned[name]
    }
    errors |= {
        name: f"Use {MAX_NARRATIVE:,} characters or fewer"
        for name, text in cleaned.items()
        if len(text) > MAX_NARRATIVE
    }
    if errors:
        raise ValidationError(errors)
    narrative = PhaseNarrative.objects.create(
        plan=plan, written_by=actor, recorded_at=at or timezone.now(), **cleaned
    )
    audit_record(
        authority=plan.authority,
        actor=actor,
        verb="narrative_written",
        obj=plan,
        changes={name: [None, text[:200]] for name, text in cleaned.items()},
    )
    return narrative
