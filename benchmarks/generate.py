"""Generate a large, realistic improvement plan for the benchmark (seeded, so reproducible).

Writes into the configured database (DATABASE_URL, or the development SQLite file): an
authority, a lead who is a member (password "stocktake", a demo account refused in
production), a few owner accounts, a register of people, and one plan with themes, actions,
owners, cross-references, updates, status changes, evidence links and "created" audit
events. The authority, users, people and plan go through the services; the bulk rows use
bulk_create, with timestamps set to when they would have been written.

From the command line (the default is the benchmark's shape: 500 actions, 25,000 updates):

    python benchmarks/generate.py --actions 500 --updates 25000 --seed 2019

The same seed and the same `--today` give the same plan. Without `--today` the plan's
weeks are laid out around the current date, so "overdue" and "due this week" stay
realistic whenever it is run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from history import (  # noqa: E402 - after the path set-up above
    BATCH,
    History,
    action_history,
    at_noon,
    audit_created,
    keep_timestamps,
    save_history,
    spread_updates,
    update_dates,
)
from vocabulary import (  # noqa: E402 - after the path set-up above
    FIRST,
    IMPACTS,
    JOBS,
    LAST,
    OBJECTS,
    OUTCOMES,
    QUALIFIERS,
    RAG_FOR,
    STATUS_WEIGHTS,
    THEMES,
    VERBS,
)

PASSWORD = "stocktake"  # noqa: S105 - the published demo password; demo users are refused in production
PLAN_WEEKS = 52
WEEKS_ELAPSED = 30  # how far into the plan "today" falls


@dataclass
class Generated:
    """What was created, for the benchmark to find its pages."""

    authority_slug: str
    plan_id: int
    lead_username: str
    actions: int
    updates: int
    status_changes: int
    evidence: int
    detail_action_id: int
    detail_action_updates: int
    counts: dict[str, int] = field(default_factory=dict)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stocktake.settings")
    os.environ.setdefault("STOCKTAKE_ENV", "development")
    import django

    django.setup()


def make_people(rng: random.Random, authority: Any, lead: Any, count: int) -> list[Any]:
    from stocktake.people.services import person_create

    names = rng.sample([f"{f} {s}" for f, s in itertools.product(FIRST, LAST)], count)
    people = [
        person_create(
            authority=authority,
            actor=lead,
            name=names[0],
            job_title="Improvement Lead",
            organisation="Council",
            user=lead,
        )
    ]
    for name in names[1:]:
        job, organisation = rng.choice(JOBS)
        people.append(
            person_create(
                authority=authority, actor=lead, name=name, job_title=job, organisation=organisation
            )
        )
    return people


def make_owner_users(authority: Any, people: list[Any], count: int) -> dict[int, Any]:
    """Accounts (no usable password) for some owners, so their updates have an author."""
    from stocktake.accounts.models import Membership, User
    from stocktake.accounts.roles import Role
    from stocktake.people.models import Person

    users = []
    for person in people[1 : count + 1]:
        user = User(
            username=f"{authority.slug}-{person.pk}",
            is_demo=True,
            first_name=person.name.split()[0],
            last_name=person.name.split()[-1],
        )
        user.set_unusable_password()
        users.append(user)
    users = User.objects.bulk_create(users)
    Membership.objects.bulk_create(
        [Membership(user=u, authority=authority, role=Role.OWNER) for u in users]
    )
    for person, user in zip(people[1 : count + 1], users, strict=True):
        person.user = user
    Person.objects.bulk_update(people[1 : count + 1], ["user"])
    return {p.pk: p.user for p in people if p.user_id}


def deadline_text(rng: random.Random, week1: dt.date) -> str:
    roll = rng.random()
    if roll < 0.08:
        return rng.choice(["Ongoing", "Monthly"])
    if roll < 0.15:
        day = week1 + dt.timedelta(days=rng.randrange(PLAN_WEEKS * 7))
        return day.strftime("%d/%m/%Y")
    end = rng.randint(2, PLAN_WEEKS)
    if roll < 0.45:
        return f"Week {rng.randint(1, end)} \u2013 {end}"
    return f"Week {end}"


def pick_status(rng: random.Random, due: dt.date | None, today: dt.date) -> str:
    weights = dict(STATUS_WEIGHTS)
    if due and due < today:
        weights["complete"] *= 2
        weights["not_started"] = 2
    elif due and due > today + dt.timedelta(weeks=12):
        weights["complete"] = 3
        weights["not_started"] *= 2
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def make_actions(
    rng: random.Random, plan: Any, themes: list[Any], today: dt.date, count: int
) -> list[Any]:
    from stocktake.plans.deadlines import parse_deadline
    from stocktake.plans.models import Action

    actions = []
    per_theme = [0] * len(themes)
    for number in range(1, count + 1):
        t = rng.randrange(len(themes))
        per_theme[t] += 1
        deadline = parse_deadline(deadline_text(rng, plan.week1_date), week1=plan.week1_date)
        status = pick_status(rng, deadline.due_date, today)
        impact = "not_yet_evidenced"
        if status == "complete":
            impact = rng.choice(["evidenced", "evidenced", "emerging"])
        elif status in {"on_track", "at_risk"}:
            impact = rng.choice(["not_yet_evidenced", "not_yet_evidenced", "emerging"])
        text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}."
        actions.append(
            Action(
                plan=plan,
                theme=themes[t],
                number=number,
                reference=f"{THEMES[t % len(THEMES)][0]}{per_theme[t]}",
                text=text,
                impact=rng.choice(IMPACTS),
                outcome=rng.choice(OUTCOMES),
                deadline_text=deadline.text,
                due_start=deadline.due_start,
                due_date=deadline.due_date,
                delivery_status=status,
                impact_status=impact,
                rag=RAG_FOR[status],
                created_at=at_noon(plan.start_date),
            )
        )
    with keep_timestamps(Action._meta.get_field("created_at")):
        return Action.objects.bulk_create(actions, batch_size=BATCH)


def link_owners_and_references(
    rng: random.Random, actions: list[Any], people: list[Any]
) -> dict[int, list[Any]]:
    from stocktake.plans.models import Action, ActionOwner

    owners: list[Any] = []
    by_action: dict[int, list[Any]] = {}
    for action in actions:
        chosen = rng.sample(people[1:], rng.choices([1, 2, 3], weights=[55, 30, 15])[0])
        parts = ["pt1", "pt2", ""] if len(chosen) > 1 and rng.random() < 0.2 else ["", "", ""]
        owners += [
            ActionOwner(action=action, person=p, part=part)
            for p, part in zip(chosen, parts, strict=False)
        ]
        by_action[action.pk] = chosen
        action.joint_delivery = len(chosen) > 1 and rng.random() < 0.5
    ActionOwner.objects.bulk_create(owners, batch_size=BATCH)
    links = set()
    for action in rng.sample(actions, len(actions) // 10):
        others = rng.sample(actions, 2)
        action.cross_references = " ".join(o.reference for o in others if o.pk != action.pk)
        links |= {(action.pk, o.pk) for o in others if o.pk != action.pk}
        links |= {(o.pk, action.pk) for o in others if o.pk != action.pk}
    through = Action.related.through
    through.objects.bulk_create(
        [through(from_action_id=a, to_action_id=b) for a, b in sorted(links)], batch_size=BATCH
    )
    Action.objects.bulk_update(actions, ["joint_delivery", "cross_references"], batch_size=BATCH)
    return by_action


def generate(
    *,
    actions: int = 500,
    updates: int = 25_000,
    people: int = 40,
    themes: int = 8,
    seed: int = 2019,
    today: dt.date | None = None,
    authority_name: str = "Benchmark Borough",
    lead_username: str = "bench-lead",
    detail_updates: int = 50,
) -> Generated:
    """Create the authority, users, people and a plan of `actions` actions and `updates`
    updates. Returns where to find it, and the action whose update count is nearest to
    `detail_updates` (the benchmark's action detail page)."""
    from django.db import transaction
    from django.utils import timezone

    from stocktake.accounts.roles import Role
    from stocktake.accounts.services import authority_create
    from stocktake.demo.factories import make_user
    from stocktake.plans.services import plan_create, theme_create
    from stocktake.plans.weeks import monday_of

    rng = random.Random(seed)
    today = today or timezone.localdate()
    week1 = monday_of(today) - dt.timedelta(weeks=WEEKS_ELAPSED)
    with transaction.atomic():
        authority = authority_create(name=authority_name)
        lead = make_user(
            authority, Role.LEAD, username=lead_username, password=PASSWORD, is_demo=True
        )
        register = make_people(rng, authority, lead, max(people, 2))
        author_for = make_owner_users(authority, register, min(12, len(register) - 1))
        plan = plan_create(
            authority=authority,
            actor=lead,
            name="Improvement plan 2025\u201326",
            start_date=week1,
            end_date=week1 + dt.timedelta(weeks=PLAN_WEEKS, days=-1),
            week1_date=week1,
        )
        theme_rows = [
            theme_create(
                plan=plan,
                actor=lead,
                name=THEMES[i % len(THEMES)][1]
                + ("" if i < len(THEMES) else f" ({i // len(THEMES) + 1})"),
            )
            for i in range(themes)
        ]
        rows = make_actions(rng, plan, theme_rows, today, actions)
        owners = link_owners_and_references(rng, rows, register)
        history = History()
        counts = spread_updates(rng, rows, updates)
        for action, count in zip(rows, counts, strict=True):
            authors = [author_for.get(p.pk) or lead for p in owners[action.pk]]
            dates = update_dates(rng, action, plan.start_date, today, count)
            action_history(rng, action, plan, dates, authors, history)
        status_changes, evidence = save_history(plan, history, lead)
        audit_created(plan, rows, lead)
    detail = (
        min(range(len(rows)), key=lambda i: (abs(counts[i] - detail_updates), i)) if rows else None
    )
    return Generated(
        authority_slug=authority.slug,
        plan_id=plan.pk,
        lead_username=lead.username,
        actions=len(rows),
        updates=len(history.updates),
        status_changes=status_changes,
        evidence=evidence,
        detail_action_id=rows[detail].pk if detail is not None else 0,
        detail_action_updates=counts[detail] if detail is not None else 0,
        counts={
            "people": len(register),
            "themes": len(theme_rows),
            "owner_links": sum(len(v) for v in owners.values()),
        },
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=500)
    parser.add_argument("--updates", type=int, default=25_000)
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--themes", type=int, default=8)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=None,
        help="lay the plan out around this date (YYYY-MM-DD), for exact repeats",
    )
    parser.add_argument("--authority", default="Benchmark Borough")
    parser.add_argument("--lead", default="bench-lead", help="username of the lead")
    parser.add_argument("--migrate", action="store_true", help="migrate the database first")
    args = parser.parse_args(argv)
    setup_django()
    if args.migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
    made = generate(
        actions=args.actions,
        updates=args.updates,
        people=args.people,
        themes=args.themes,
        seed=args.seed,
        today=args.today,
        authority_name=args.authority,
        lead_username=args.lead,
    )
    for key, value in asdict(made).items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
