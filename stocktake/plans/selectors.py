"""Reads for plan pages. Each returns everything its page needs in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404

from stocktake.accounts.models import Authority
from stocktake.audit.models import AuditEvent
from stocktake.core.tenancy import get_scoped
from stocktake.people.models import Person
from stocktake.plans.choices import DeliveryStatus, ImpactStatus, Rag
from stocktake.plans.models import Action, Evidence, Plan, StatusChange, Theme, Update
from stocktake.plans.querysets import stale_cutoff
from stocktake.plans.weeks import PlanWeek


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


@dataclass
class PlanDashboard:
    plan: Plan
    today: dt.date
    week: PlanWeek
    total: int
    by_status: list[tuple[str, str, int]]
    by_rag: list[tuple[str, str, int]]
    overdue: int
    due_this_week: int
    stale: int
    impact_not_evidenced: int
    themes: list[Any] = field(default_factory=list)


def plan_dashboard(plan: Plan, today: dt.date) -> PlanDashboard:
    """Counts for the plan dashboard: three queries, whatever the plan's size."""
    week = plan.week_containing(today)
    actions = plan.actions.with_last_update()
    open_q = ~Q(delivery_status=DeliveryStatus.COMPLETE)
    counts = actions.aggregate(
        overdue=Count("pk", filter=open_q & Q(due_date__lt=today)),
        due_this_week=Count(
            "pk",
            filter=open_q & Q(due_date__gte=week.start, due_date__lte=week.end),
        ),
        stale=Count("pk", filter=open_q & Q(last_seen__lte=stale_cutoff(today))),
        impact_not_evidenced=Count("pk", filter=~Q(impact_status=ImpactStatus.EVIDENCED)),
    )
    # Status and RAG together in one small GROUP BY (at most 6 × 5 rows).
    by_status: Counter[str] = Counter()
    by_rag: Counter[str] = Counter()
    for row in plan.actions.order_by().values("delivery_status", "rag").annotate(n=Count("pk")):
        by_status[row["delivery_status"]] += row["n"]
        by_rag[row["rag"]] += row["n"]
    themes = list(
        plan.themes.annotate(
            total=Count("actions"),
            complete=Count("actions", filter=Q(actions__delivery_status=DeliveryStatus.COMPLETE)),
            overdue=Count(
                "actions",
                filter=Q(actions__due_date__lt=today)
                & ~Q(actions__delivery_status=DeliveryStatus.COMPLETE),
            ),
            red=Count("actions", filter=Q(actions__rag=Rag.RED)),
        ).values("id", "name", "total", "complete", "overdue", "red")
    )
    return PlanDashboard(
        plan=plan,
        today=today,
        week=week,
        total=sum(by_status.values()),
        by_status=[(s.value, s.label, by_status[s.value]) for s in DeliveryStatus],
        by_rag=[(r.value, r.label, by_rag[r.value]) for r in Rag] + [("", "Not rated", by_rag[""])],
        overdue=counts["overdue"],
        due_this_week=counts["due_this_week"],
        stale=counts["stale"],
        impact_not_evidenced=counts["impact_not_evidenced"],
        themes=themes,
    )


@dataclass
class ActionFilters:
    theme: int | None = None
    owner: int | None = None
    status: str = ""
    rag: str = ""
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    overdue: bool = False
    due_this_week: bool = False
    stale: bool = False
    impact_not_evidenced: bool = False
    q: str = ""


def action_list(plan: Plan, filters: ActionFilters, today: dt.date) -> QuerySet[Action]:
    qs = plan.actions.with_last_update().select_related("theme").with_owners()
    if filters.theme:
        qs = qs.filter(theme_id=filters.theme)
    if filters.owner:
        qs = qs.owned_by([filters.owner])
    if filters.status:
        qs = qs.filter(delivery_status=filters.status)
    if filters.rag:
        qs = qs.filter(rag="" if filters.rag == "none" else filters.rag)
    if filters.due_from:
        qs = qs.filter(due_date__gte=filters.due_from)
    if filters.due_to:
        qs = qs.filter(due_date__lte=filters.due_to)
    if filters.overdue:
        qs = qs.overdue(today)
    if filters.due_this_week:
        qs = qs.due_in_week(plan.week_containing(today).start)
    if filters.stale:
        qs = qs.stale(today)
    if filters.impact_not_evidenced:
        qs = qs.impact_not_evidenced()
    if filters.q:
        qs = qs.search(filters.q)
    return qs.order_by("theme__position", "number", "id")


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
    )


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
