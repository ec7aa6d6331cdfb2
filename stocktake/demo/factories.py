"""Small builders on top of the services, shared by the demo loader and the tests."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from stocktake.accounts.models import Authority, User
from stocktake.accounts.roles import Role
from stocktake.accounts.services import authority_create, membership_grant, user_create
from stocktake.people.models import Person
from stocktake.people.services import person_create
from stocktake.plans.models import Action, Plan, Theme
from stocktake.plans.services import (
    ActionFields,
    OwnerSpec,
    action_create,
    plan_create,
    theme_create,
)

_seq = itertools.count(1)
DEMO_PASSWORD = "stocktake"  # noqa: S105 - the published demo password, refused in production


def make_authority(name: str | None = None) -> Authority:
    return authority_create(name=name or f"Authority {next(_seq)}")


def make_user(
    authority: Authority | None = None,
    role: Role = Role.VIEWER,
    username: str | None = None,
    password: str = DEMO_PASSWORD,
    is_demo: bool = False,
) -> User:
    user = user_create(username=username or f"user{next(_seq)}", password=password, is_demo=is_demo)
    if authority is not None:
        membership_grant(user=user, authority=authority, role=role)
    return user


def make_person(
    authority: Authority,
    name: str | None = None,
    job_title: str = "",
    organisation: str = "",
    user: User | None = None,
) -> Person:
    return person_create(
        authority=authority,
        actor=None,
        name=name or f"Person {next(_seq)}",
        job_title=job_title,
        organisation=organisation,
        user=user,
    )


def make_plan(
    authority: Authority, name: str | None = None, start: dt.date | None = None, weeks: int = 12
) -> Plan:
    start = start or dt.date(2019, 4, 1)
    return plan_create(
        authority=authority,
        actor=None,
        name=name or f"Plan {next(_seq)}",
        start_date=start,
        end_date=start + dt.timedelta(weeks=weeks, days=-1),
        week1_date=start,
    )


def make_theme(plan: Plan, name: str | None = None) -> Theme:
    return theme_create(plan=plan, actor=None, name=name or f"Theme {next(_seq)}")


def make_action(
    plan: Plan,
    reference: str | None = None,
    *,
    owners: Sequence[Person] = (),
    theme: Theme | None = None,
    deadline: str = "",
    due: dt.date | None = None,
    text: str = "Do the thing well",
    recorded_at: dt.datetime | None = None,
) -> Action:
    """An action, recorded now or at `recorded_at` (for histories set in the past)."""
    return action_create(
        plan=plan,
        actor=None,
        recorded_at=recorded_at,
        fields=ActionFields(
            reference=reference or f"A{next(_seq)}",
            text=text,
            theme=theme,
            deadline_text=deadline,
            due_date=due,
            owners=[OwnerSpec(p) for p in owners],
        ),
    )
