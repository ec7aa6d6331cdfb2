"""Load the demo authorities: Blackpool's real Phase 2 12-week plan, and a small neighbour."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from stocktake.accounts.models import Authority
from stocktake.accounts.roles import Role
from stocktake.accounts.services import authority_create
from stocktake.demo.factories import DEMO_PASSWORD, make_user
from stocktake.people.services import person_create
from stocktake.plans.services import (
    ActionFields,
    OwnerSpec,
    action_create,
    plan_create,
    theme_create,
    update_submit,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "blackpool_phase2.json"
BLACKPOOL = "Blackpool (demo)"
NORTHSHIRE = "Northshire (demo)"
# username → (role, authority, the person in the register they sign in as)
DEMO_USERS: dict[str, tuple[Role, str, str]] = {
    "admin": (Role.ADMIN, BLACKPOOL, ""),
    "lead": (Role.LEAD, BLACKPOOL, "jeanette-richards"),
    "owner": (Role.OWNER, BLACKPOOL, "kara-haskayne"),
    "partner": (Role.PARTNER, BLACKPOOL, "ian-whitehead"),
    "viewer": (Role.VIEWER, BLACKPOOL, ""),
    "outsider": (Role.LEAD, NORTHSHIRE, ""),
}


class Command(BaseCommand):
    help = "Load the demo authorities, plan and users (does nothing if they exist)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo authorities and load them again"
        )

    def handle(self, *args: Any, reset: bool = False, **options: Any) -> None:
        if reset:
            Authority.objects.filter(name__in=[BLACKPOOL, NORTHSHIRE]).delete()
            from stocktake.accounts.models import User

            User.objects.filter(username__in=DEMO_USERS, is_demo=True).delete()
        if Authority.objects.filter(name=BLACKPOOL).exists():
            self.stdout.write("Demo data already loaded.")
        else:
            load_demo()
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(
            f"Demo sign-ins (password “{DEMO_PASSWORD}”): {', '.join(DEMO_USERS)}"
        )


@transaction.atomic
def load_demo() -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    blackpool = authority_create(name=BLACKPOOL, la_code="890")
    northshire = authority_create(name=NORTHSHIRE)
    people = {
        p["key"]: person_create(
            authority=blackpool,
            actor=None,
            name=p["name"],
            job_title=p["job_title"],
            organisation=p["organisation"],
        )
        for p in data["people"]
    }
    for username, (role, authority_name, person_key) in DEMO_USERS.items():
        authority = blackpool if authority_name == BLACKPOOL else northshire
        user = make_user(authority, role, username=username, is_demo=True)
        user.first_name = username.capitalize()
        user.last_name = "(demo)"
        user.save(update_fields=["first_name", "last_name"])
        if person_key:
            person = people[person_key]
            person.user = user
            person.save(update_fields=["user"])
    _load_plan(blackpool, data, people)
    _load_northshire(northshire)


def _load_plan(authority: Authority, data: dict[str, Any], people: dict[str, Any]) -> None:
    spec = data["plan"]
    plan = plan_create(
        authority=authority,
        actor=None,
        name=spec["name"],
        kind=spec["kind"],
        start_date=dt.date.fromisoformat(spec["start"]),
        end_date=dt.date.fromisoformat(spec["end"]),
        week1_date=dt.date.fromisoformat(spec["week1"]),
    )
    report_week = spec["reported_week"]
    for position, theme_spec in enumerate(data["themes"], start=1):
        theme = theme_create(plan=plan, actor=None, name=theme_spec["name"], position=position)
        for item in theme_spec["actions"]:
            action = action_create(
                plan=plan,
                actor=None,
                fields=ActionFields(
                    reference=item["reference"],
                    number=item["number"],
                    theme=theme,
                    text=item["text"],
                    impact=item["impact"],
                    outcome=item["outcome"],
                    deadline_text=item["deadline"],
                    joint_delivery=item["joint_delivery"],
                    cross_references=" ".join(item["cross_references"]),
                    owners=[OwnerSpec(people[o["person"]], o["part"]) for o in item["owners"]],
                ),
            )
            for update in item["updates"]:
                week = update["week"] or report_week
                update_submit(
                    action=action,
                    membership=None,
                    actor=None,
                    text=update["text"],
                    week=week,
                    part=update["part"],
                    date=plan.week_start(week) + dt.timedelta(days=4),
                )


def _load_northshire(authority: Authority) -> None:
    today = dt.date.today()
    start = today - dt.timedelta(days=today.weekday() + 28)
    person = person_create(
        authority=authority,
        actor=None,
        name="Sam Patel",
        job_title="Head of Children's Social Care",
        organisation="Northshire County Council",
    )
    plan = plan_create(
        authority=authority,
        actor=None,
        name="Northshire Improvement Plan",
        start_date=start,
        end_date=start + dt.timedelta(weeks=12, days=-1),
        week1_date=start,
    )
    theme = theme_create(plan=plan, actor=None, name="Front door")
    for ref, text, week in (
        ("NS1", "Review MASH thresholds with partners", "Week 5"),
        ("NS2", "Audit 20 contacts a month for the quality of threshold decisions", "Week 8"),
        ("NS3", "Publish a revised continuum of need", "Week 12"),
    ):
        action_create(
            plan=plan,
            actor=None,
            fields=ActionFields(
                reference=ref,
                text=text,
                theme=theme,
                deadline_text=week,
                owners=[OwnerSpec(person)],
            ),
        )
