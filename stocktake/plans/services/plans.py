from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from stocktake.accounts.models import Authority, User
from stocktake.audit.services import audit_record, diff, snapshot
from stocktake.core.locking import version_claim
from stocktake.plans.choices import PlanKind
from stocktake.plans.models import Plan, Theme
from stocktake.plans.services.closed import refuse_if_closed

PLAN_FIELDS = ["name", "kind", "start_date", "end_date", "week1_date", "parent"]


def _validate_plan(
    authority: Authority,
    name: str,
    start: dt.date,
    end: dt.date,
    week1: dt.date,
    parent: Plan | None,
    exclude: int | None,
) -> None:
    errors: dict[str, str] = {}
    if end < start:
        errors["end_date"] = "The end date must be the same as or after the start date"
    if week1 > end:
        errors["week1_date"] = "Week 1 must start on or before the plan's end date"
    if parent is not None and parent.authority_id != authority.pk:
        errors["parent"] = "Choose a parent plan from this authority"
    if parent is not None and exclude is not None and parent.pk == exclude:
        errors["parent"] = "A plan cannot be its own parent"
    clash = Plan.objects.in_authority(authority).filter(name__iexact=name)
    if clash.exclude(pk=exclude).exists() if exclude else clash.exists():
        errors["name"] = "There is already a plan with this name"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_create(
    *,
    authority: Authority,
    actor: User | None,
    name: str,
    start_date: dt.date,
    end_date: dt.date,
    week1_date: dt.date,
    kind: str = PlanKind.IMPROVEMENT,
    parent: Plan | None = None,
) -> Plan:
    name = " ".join(name.split())
    _validate_plan(authority, name, start_date, end_date, week1_date, parent, exclude=None)
    plan = Plan.objects.create(
        authority=authority,
        name=name,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        week1_date=week1_date,
        parent=parent,
    )
    audit_record(
        authority=authority,
        actor=actor,
        verb="created",
        obj=plan,
        changes=diff({}, snapshot(plan, PLAN_FIELDS)),
    )
    return plan


@transaction.atomic
def plan_update(
    *,
    plan: Plan,
    actor: User | None,
    expected_version: int | None,
    name: str,
    kind: str,
    start_date: dt.date,
    end_date: dt.date,
    week1_date: dt.date,
    parent: Plan | None = None,
) -> Plan:
    name = " ".join(name.split())
    _validate_plan(plan.authority, name, start_date, end_date, week1_date, parent, plan.pk)
    version_claim(plan, expected_version)
    before = snapshot(plan, PLAN_FIELDS)
    plan.name, plan.kind, plan.parent = name, kind, parent
    plan.start_date, plan.end_date, plan.week1_date = start_date, end_date, week1_date
    plan.save(update_fields=PLAN_FIELDS)
    audit_record(
        authority=plan.authority,
        actor=actor,
        verb="updated",
        obj=plan,
        changes=diff(before, snapshot(plan, PLAN_FIELDS)),
    )
    return plan


@transaction.atomic
def theme_create(
    *, plan: Plan, actor: User | None, name: str, position: int | None = None
) -> Theme:
    refuse_if_closed(plan, "Add the theme")
    name = " ".join(name.split())
    if plan.themes.filter(name__iexact=name).exists():
        raise ValidationError({"name": "This plan already has a theme with this name"})
    if position is None:
        position = (plan.themes.aggregate(m=Max("position"))["m"] or 0) + 1
    theme = Theme.objects.create(plan=plan, name=name, position=position)
    audit_record(
        authority=plan.authority,
        actor=actor,
        verb="created",
        obj=theme,
        changes={"name": [None, name], "position": [None, position]},
    )
    return theme


@transaction.atomic
def theme_update(
    *, theme: Theme, actor: User | None, expected_version: int | None, name: str, position: int
) -> Theme:
    """Save an edit, or raise ConflictError if someone saved since `expected_version`."""
    name = " ".join(name.split())
    if theme.plan.themes.filter(name__iexact=name).exclude(pk=theme.pk).exists():
        raise ValidationError({"name": "This plan already has a theme with this name"})
    version_claim(theme, expected_version)
    before = snapshot(theme, ["name", "position"])
    theme.name, theme.position = name, position
    theme.save(update_fields=["name", "position"])
    changes = diff(before, snapshot(theme, ["name", "position"]))
    if changes:
        audit_record(
            authority=theme.plan.authority, actor=actor, verb="updated", obj=theme, changes=changes
        )
    return theme
