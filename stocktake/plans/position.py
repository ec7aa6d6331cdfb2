"""Reads for the plan pages "as at" a date: the dashboard's counts and the action list, both
from the state every action had at the end of that day (`plans.history`), in a fixed number
of queries whatever the plan's size.

A live plan is shown as at today by default; a plan that has ended, as at its end (or the day
it was closed), so it reads "ended 23 June 2019", never "plan week 413".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from stocktake.people.models import Person
from stocktake.plans.choices import DeliveryStatus, ImpactStatus, Part, PlanKind, Rag
from stocktake.plans.history import (
    ActionState,
    default_date,
    phase_narrative_as_of,
    plan_state_as_of,
)
from stocktake.plans.models import PhaseClosure, PhaseNarrative, Plan
from stocktake.plans.querysets import STALE_AFTER_DAYS
from stocktake.plans.weeks import PlanWeek

_PARTS = dict(Part.choices)


@dataclass
class ActionRow:
    """One action as it stood on the page's date, with its owners' names."""

    state: ActionState
    owners: list[str]
    theme: str

    @property
    def pk(self) -> int:
        return self.state.action_id


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
    changed_since: dt.date | None = None


@dataclass
class PlanPosition:
    plan: Plan
    as_at: dt.date
    today: dt.date
    rows: list[ActionRow]
    closure: PhaseClosure | None = None
    themes: list[dict[str, object]] = field(default_factory=list)
    narrative: PhaseNarrative | None = None  # the phase's narrative, newest version
    previous: PhaseClosure | None = None  # the close of the phase this one continues

    @property
    def ended(self) -> bool:
        """The plan has ended (today is after its end date) or was closed."""
        return self.closure is not None or self.plan.end_date < self.today

    @property
    def week(self) -> PlanWeek | None:
        """The plan week the date falls in, or None outside the plan's dates."""
        if not self.plan.start_date <= self.as_at <= self.plan.end_date:
            return None
        return self.plan.week_containing(self.as_at)

    @property
    def open_rows(self) -> list[ActionRow]:
        return [r for r in self.rows if not r.state.is_complete]

    def count(self, test: str) -> int:
        return sum(1 for r in self.rows if matches(r.state, test, self.plan, self.as_at))

    @property
    def by_status(self) -> list[tuple[str, str, int]]:
        counts = Counter(r.state.delivery_status for r in self.rows)
        return [(s.value, s.label, counts[s.value]) for s in DeliveryStatus]

    @property
    def by_rag(self) -> list[tuple[str, str, int]]:
        counts = Counter(r.state.rag for r in self.rows)
        return [(r.value, r.label, counts[r.value]) for r in Rag] + [("", "Not rated", counts[""])]

    @property
    def complete(self) -> int:
        return sum(1 for r in self.rows if r.state.is_complete)

    @property
    def awaiting_review(self) -> int:
        return sum(1 for r in self.rows if r.state.awaiting_review)


def changed_since(state: ActionState, day: dt.date) -> bool:
    """The action's accepted status, impact or RAG changed on or after `day`, or Stocktake
    learned of the action then."""
    days = (state.delivery_since, state.impact_since, state.rag_since, state.recorded_on)
    return any(d is not None and d >= day for d in days)


def stale_on(as_at: dt.date) -> dt.date:
    return as_at - dt.timedelta(days=STALE_AFTER_DAYS)


def matches(state: ActionState, test: str, plan: Plan, as_at: dt.date) -> bool:
    """Whether an action's state passes one of the dashboard's tests on `as_at`."""
    open_ = not state.is_complete
    due = state.due_date
    if test == "overdue":
        return open_ and due is not None and due < as_at
    if test == "due_this_week":
        if due is None or not open_:
            return False
        week = plan.week_containing(as_at)
        return week.start <= due <= week.end
    if test == "stale":
        seen = state.last_heard_on or state.recorded_on
        return open_ and seen is not None and seen <= stale_on(as_at)
    if test == "impact_not_evidenced":
        return state.impact_status != ImpactStatus.EVIDENCED
    raise ValueError(test)


def _rows(states: dict[int, ActionState], themes: list[tuple[int, str]]) -> list[ActionRow]:
    people = Person.objects.in_bulk({p for s in states.values() for p in s.owner_ids})
    names_of = dict(themes)
    rows = []
    for state in states.values():
        names = [
            f"{people[p].name} ({_PARTS[part].lower()})" if part else people[p].name
            for p, part in dict.fromkeys(state.owner_parts)
            if p in people
        ]
        rows.append(ActionRow(state, names, names_of.get(state.theme_id or 0, "")))
    order = {pk: n for n, (pk, _name) in enumerate(themes)}
    rows.sort(key=lambda r: (order.get(r.state.theme_id or 0, len(order)), r.state.number, r.pk))
    return rows


def plan_position(plan: Plan, as_at: dt.date | None, today: dt.date) -> PlanPosition:
    """Every action of `plan` as at the end of `as_at` (by default today for a live plan, its
    end or close for one that has ended), with counts for the dashboard. A fixed number of
    queries."""
    closure = PhaseClosure.objects.filter(plan=plan).select_related("next_plan", "closed_by")
    closed = closure.first()
    if as_at is None:
        as_at = default_date(plan, today, closed.recorded_at if closed else None)
    themes = list(plan.themes.values_list("id", "name"))
    position = PlanPosition(
        plan=plan,
        as_at=as_at,
        today=today,
        rows=_rows(plan_state_as_of(plan, as_at), themes),
        closure=closed,
    )
    position.themes = _theme_counts(plan, position, themes)
    if plan.kind == PlanKind.TWELVE_WEEK:
        # The newest version, whenever written (it carries its date): a phase's narrative is
        # usually written after its last day. Papers read it as of their own date.
        position.narrative = phase_narrative_as_of(plan, timezone.now())
        position.previous = (
            PhaseClosure.objects.filter(next_plan=plan).select_related("plan").first()
        )
    return position


def _theme_counts(
    plan: Plan, position: PlanPosition, themes: list[tuple[int, str]]
) -> list[dict[str, object]]:
    counts = []
    for theme_id, name in themes:
        mine = [r.state for r in position.rows if r.state.theme_id == theme_id]
        counts.append(
            {
                "id": theme_id,
                "name": name,
                "total": len(mine),
                "complete": sum(1 for s in mine if s.is_complete),
                "overdue": sum(1 for s in mine if matches(s, "overdue", plan, position.as_at)),
                "red": sum(1 for s in mine if s.rag == Rag.RED),
            }
        )
    return counts


def action_rows(plan: Plan, filters: ActionFilters, position: PlanPosition) -> list[ActionRow]:
    """The plan's actions at the position's date that pass the filters, in the plan's order.
    A search matches the wording then in force or the action's current wording."""
    rows = position.rows
    # Read even when nothing is searched for, so that a search does not change how many
    # queries the list takes (an empty search matches every action).
    found = set(plan.actions.search(filters.q).values_list("pk", flat=True))
    if filters.q:
        words = filters.q.lower().split()
        rows = [r for r in rows if r.pk in found or _says(r.state, words)]
    return [r for r in rows if _passes(r.state, filters, plan, position.as_at)]


def _says(state: ActionState, words: list[str]) -> bool:
    text = f"{state.reference} {state.text}".lower()
    return all(word in text for word in words)


def _passes(state: ActionState, f: ActionFilters, plan: Plan, as_at: dt.date) -> bool:
    checks = [
        f.theme is None or state.theme_id == f.theme,
        f.owner is None or f.owner in state.owner_ids,
        not f.status or state.delivery_status == f.status,
        not f.rag or state.rag == ("" if f.rag == "none" else f.rag),
        f.due_from is None or (state.due_date is not None and state.due_date >= f.due_from),
        f.due_to is None or (state.due_date is not None and state.due_date <= f.due_to),
        f.changed_since is None or changed_since(state, f.changed_since),
    ]
    tests = ("overdue", "due_this_week", "stale", "impact_not_evidenced")
    checks += [matches(state, t, plan, as_at) for t in tests if getattr(f, t)]
    return all(checks)
