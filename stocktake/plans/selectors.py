"""Reads for plan pages. Each returns everything its page needs in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from stocktake.accounts.models import Authority
from stocktake.audit.models import AuditEvent
from stocktake.core.tenancy import get_scoped
from stocktake.people.models import Person
from stocktake.plans.history import ActionState, action_state_as_of
from stocktake.plans.models import (
    Action,
    Evidence,
    PhaseClosure,
    Plan,
    StatusChange,
    Theme,
    Update,
)

MAX_PHASES = 20  # how far back a carried action's earlier phases are followed


def plan_for(authority: Authority, plan_id: int) -> Plan:
    plans = Plan.objects.select_related("parent", "authority")
    return get_scoped(plans, authority, plan_id, "No such plan")


def theme_for(plan: Plan, theme_id: int) -> Theme:
    try:
        return plan.themes.get(pk=theme_id)
    except Theme.DoesNotExist:
        raise Http404("No such theme") from None


def action_for(plan: Plan, action_id: int) -> Action:
    try:
        return plan.actions.select_related("theme", "plan__authority").get(pk=action_id)
    except Action.DoesNotExist:
        raise Http404("No such action") from None


def evidence_for(authority: Authority, evidence_id: int) -> Evidence:
    evidence = Evidence.objects.select_related("action__plan")
    return get_scoped(evidence, authority, evidence_id, "No such evidence")


def my_actions(authority: Authority, user: Any) -> QuerySet[Action]:
    """Open actions owned by the user's people records, soonest due first, undated last."""
    from django.db.models import F

    return (
        Action.objects.filter(plan__authority=authority)
        .owned_by_user(user)
        .open()
        .with_last_update()
        .select_related("plan", "theme")
        .order_by(F("due_date").asc(nulls_last=True), "plan__name", "number")
    )


@dataclass
class ActionHistory:
    updates: list[Update]
    status_changes: list[StatusChange]
    evidence: list[Evidence]
    edits: list[AuditEvent]
    related: list[Action]
    findings: list[Any] = field(default_factory=list)  # findings.Finding: what it answers
    state: ActionState | None = None  # now, with what awaits review
    closure: PhaseClosure | None = None  # if its phase is closed
    carried_to: Action | None = None  # its continuation in the next phase
    earlier: list[tuple[Action, list[Update]]] = field(default_factory=list)  # earlier phases


def action_history(action: Action) -> ActionHistory:
    return ActionHistory(
        updates=list(
            action.updates.select_related("author").prefetch_related(
                Prefetch("evidence", queryset=Evidence.objects.order_by("id"))
            )
        ),
        status_changes=list(action.status_changes.select_related("changed_by")),
        evidence=list(action.evidence.select_related("added_by")),
        edits=list(AuditEvent.objects.for_object(action).select_related("actor")),
        related=list(action.related.select_related("plan").order_by("reference")),
        findings=list(action.findings.select_related("source").order_by("source_id", "position")),
        state=action_state_as_of(action.plan, action.pk, timezone.now()),
        closure=PhaseClosure.objects.filter(plan_id=action.plan_id)
        .select_related("next_plan", "closed_by")
        .first(),
        carried_to=Action.objects.filter(carried_from=action).select_related("plan").first(),
        earlier=_earlier_phases(action),
    )


def _earlier_phases(action: Action) -> list[tuple[Action, list[Update]]]:
    """The action's predecessors in earlier phases (newest first), each with its updates:
    the history carried across the link."""
    chain: list[Action] = []
    current = action
    while current.carried_from_id and len(chain) < MAX_PHASES:
        current = Action.objects.select_related("plan").get(pk=current.carried_from_id)
        chain.append(current)
    if not chain:
        return []
    updates: dict[int, list[Update]] = {a.pk: [] for a in chain}
    for update in Update.objects.filter(action__in=chain).select_related("author"):
        updates[update.action_id].append(update)
    return [(a, updates[a.pk]) for a in chain]


def people_choices(authority: Authority) -> QuerySet[Person]:
    return Person.objects.in_authority(authority)


def plans_for_user(user: Any) -> list[tuple[Any, list[Plan]]]:
    """The user's authorities with their plans, for the landing page (two queries)."""
    from stocktake.accounts.models import Membership

    memberships = list(Membership.objects.for_user(user).order_by("authority__name"))
    plans = Plan.objects.filter(authority__in=[m.authority_id for m in memberships]).annotate(
        action_count=Count("actions")
    )
    by_authority: dict[int, list[Plan]] = {}
    for plan in plans:
        by_authority.setdefault(plan.authority_id, []).append(plan)
    return [(m, by_authority.get(m.authority_id, [])) for m in memberships]


@dataclass
class CalendarWeek:
    number: int
    start: dt.date
    end: dt.date
    actions: list[Action]


def plan_calendar(plan: Plan) -> tuple[list[CalendarWeek], list[Action]]:
    """The plan's weeks with the actions due in each, and the actions due outside them."""
    weeks = [CalendarWeek(w.number, w.start, w.end, []) for w in plan.weeks]
    by_start = {w.start: w for w in weeks}
    elsewhere: list[Action] = []
    # Undated actions last on every database (SQLite would put NULLs first, PostgreSQL last).
    in_order = plan.actions.select_related("theme").order_by(
        F("due_date").asc(nulls_last=True), "number"
    )
    for action in in_order:
        week = (
            by_start.get(plan.week_containing(action.due_date).start) if action.due_date else None
        )
        if week is not None:
            week.actions.append(action)
        else:
            elsewhere.append(action)
    return weeks, elsewhere
