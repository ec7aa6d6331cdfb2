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
import contextlib
import datetime as dt
import itertools
import os
import random
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from vocabulary import (  # noqa: E402 - after the path set-up above
    FIRST,
    IMPACTS,
    JOBS,
    LAST,
    OBJECTS,
    OUTCOMES,
    PATHS,
    QUALIFIERS,
    RAG_FOR,
    STATUS_WEIGHTS,
    THEMES,
    UPDATE_DETAILS,
    UPDATE_OPENERS,
    VERBS,
)

PASSWORD = "stocktake"  # noqa: S105 - the published demo password; demo users are refused in production
PLAN_WEEKS = 52
WEEKS_ELAPSED = 30  # how far into the plan "today" falls
BATCH = 1000


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
