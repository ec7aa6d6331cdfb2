"""The record as of any moment: each action's state rebuilt from the insert-only history.

History is dated twice: when a thing happened (an update's date, the period it belongs to)
and when Stocktake learned or accepted it (`recorded_at`). The state as of a moment reads
only rows recorded by then:

- wording, theme, owners and deadline from the newest `ActionRevision`;
- accepted delivery status, impact status and RAG from `StatusChange` rows, which are written
  when a lead accepts an update (or an update is imported), dated by that acceptance;
- the newest accepted (or imported) update, and what updates still awaiting review propose
  (`provisional`), from the updates and their reviews as they stood then.

A whole plan takes a fixed number of queries (six at most), whatever its size: the rows are
read once and folded per action in Python. See docs/adr (history and as-of).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils import timezone

from stocktake.plans.choices import DeliveryStatus, ImpactStatus
from stocktake.plans.models import (
    ActionRevision,
    PhaseClosure,
    PhaseNarrative,
    Plan,
    StatusChange,
    Update,
)

# StatusChange.field → the ActionState attribute it sets (and the Update field proposing it).
STATE_FIELDS = {
    StatusChange.Field.DELIVERY: "delivery_status",
    StatusChange.Field.IMPACT: "impact_status",
    StatusChange.Field.RAG: "rag",
}
SINCE_FIELDS = {
    "delivery_status": "delivery_since",
    "impact_status": "impact_since",
    "rag": "rag_since",
}
INITIAL = {
    "delivery_status": DeliveryStatus.NOT_STARTED.value,
    "impact_status": ImpactStatus.NOT_YET_EVIDENCED.value,
    "rag": "",
}
ACCEPTED = "accepted"
PENDING = "pending"


@dataclass(frozen=True)
class ActionState:
    """One action as it stood at a moment. Statuses and RAG are the accepted ones; what
    updates awaiting review propose is in `provisional` (and, when a caller asked for
    unreviewed updates to be included, also folded into the statuses)."""

    action_id: int
    reference: str
    text: str
    theme_id: int | None
    owner_ids: tuple[int, ...]  # Person ids in force at the moment
    deadline_text: str
    due_date: dt.date | None
    delivery_status: str  # accepted
    impact_status: str  # accepted
    rag: str  # accepted
    delivery_since: dt.date | None  # when the current accepted delivery status began
    rag_since: dt.date | None
    latest_update_id: int | None  # newest accepted (or imported) update known at the moment
    provisional: dict[str, str]  # {"delivery_status": "complete", ...} awaiting review
    # Beyond the contract, for pages and papers that want them.
    number: int = 0
    due_start: dt.date | None = None
    impact_since: dt.date | None = None
    latest_update_on: dt.date | None = None  # the latest update's own date (None: undated)
    pending_update_id: int | None = None  # newest update awaiting review at the moment
    pending_update_on: dt.date | None = None
    recorded_on: dt.date | None = None  # when Stocktake learned of the action
    carried_from_id: int | None = None
    owner_parts: tuple[tuple[int, str], ...] = ()  # (person id, part) as recorded

    @property
    def is_complete(self) -> bool:
        return self.delivery_status == DeliveryStatus.COMPLETE

    @property
    def awaiting_review(self) -> bool:
        return self.pending_update_id is not None

    @property
    def last_heard_on(self) -> dt.date | None:
        """The newest date an owner said anything that was not returned (for staleness)."""
        days = [d for d in (self.latest_update_on, self.pending_update_on) if d is not None]
        return max(days) if days else None


def as_of_moment(when: dt.datetime | dt.date) -> dt.datetime:
    """A moment for `when`: a date means the end of that day in the project's time zone."""
    if isinstance(when, dt.datetime):
        return when if timezone.is_aware(when) else timezone.make_aware(when)
    return timezone.make_aware(dt.datetime.combine(when, dt.time.max))


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def default_as_at(plan: Plan, today: dt.date) -> dt.date:
    """The date a plan's pages show by default: today for a live plan; its end date once it
    has ended (or the day it was closed, if it was closed early)."""
    closed_at = PhaseClosure.objects.filter(plan=plan).values_list("recorded_at", flat=True)
    return default_date(plan, today, closed_at.first())


def default_date(plan: Plan, today: dt.date, closed_at: dt.datetime | None) -> dt.date:
    """`default_as_at` when the close (if any) is already known."""
    end = min(plan.end_date, local_date(closed_at)) if closed_at else plan.end_date
    return min(today, end)


def plan_state_as_of(
    plan: Plan, when: dt.datetime | dt.date, *, include_unreviewed: bool = False
) -> dict[int, ActionState]:
    """Every action of `plan` recorded by `when`, as it stood then, keyed by action id (in
    the plan's order). Actions recorded after `when` are absent.

    With `include_unreviewed`, updates awaiting review at `when` count as if accepted (for
    papers issued with --include-unreviewed, which say so); returned updates never count.
    """
    return _fold(plan, as_of_moment(when), include_unreviewed, None)


def action_state_as_of(
    plan: Plan, action_id: int, when: dt.datetime | dt.date, *, include_unreviewed: bool = False
) -> ActionState | None:
    """One action's state at `when` (the same fold, reading only that action's rows), or None
    if it was recorded later."""
    states = _fold(plan, as_of_moment(when), include_unreviewed, action_id)
    return states.get(action_id)


def _fold(
    plan: Plan, moment: dt.datetime, include_unreviewed: bool, action_id: int | None
) -> dict[int, ActionState]:
    scope = {"action_id": action_id} if action_id is not None else {}
    recorded = plan.actions.filter(recorded_at__lte=moment)
    if action_id is not None:
        recorded = recorded.filter(pk=action_id)
    actions = list(
        recorded.order_by("number", "id").values(
            "id",
            "number",
            "reference",
            "text",
            "theme_id",
            "deadline_text",
            "due_start",
            "due_date",
            "recorded_at",
            "carried_from_id",
        )
    )
    if not actions:
        return {}
    revisions = _revisions(plan, moment, scope)
    changes = _changes(plan, moment, scope)
    updates = _UpdateFold(plan, moment, include_unreviewed, scope)
    carried = _carried_since(plan) if any(a["carried_from_id"] for a in actions) else {}
    states: dict[int, ActionState] = {}
    for found in actions:
        row: dict[str, Any] = dict(found)
        pk = row["id"]
        accepted = _accepted(row, changes.get(pk, []), carried.get(row["carried_from_id"]))
        states[pk] = _state(row, revisions.get(pk), accepted, updates.for_action(pk, accepted))
    return states


def phase_narrative_as_of(plan: Plan, when: dt.datetime | dt.date) -> PhaseNarrative | None:
    """The newest version of the phase's narrative written by `when`, or None."""
    return (
        PhaseNarrative.objects.filter(plan=plan, recorded_at__lte=as_of_moment(when))
        .select_related("written_by")
        .order_by("-recorded_at", "-id")
        .first()
    )


# The fold ---------------------------------------------------------------------------------


def _revisions(plan: Plan, moment: dt.datetime, scope: dict[str, int]) -> dict[int, dict[str, Any]]:
    """The newest revision of each action recorded by `moment`."""
    newest: dict[int, dict[str, Any]] = {}
    rows = (
        ActionRevision.objects.filter(action__plan=plan, recorded_at__lte=moment, **scope)
        .order_by("recorded_at", "id")
        .values(
            "action_id",
            "reference",
            "text",
            "theme_id",
            "deadline_text",
            "due_start",
            "due_date",
            "owners",
        )
    )
    for row in rows:
        newest[row["action_id"]] = dict(row)
    return newest


def _changes(
    plan: Plan, moment: dt.datetime, scope: dict[str, int]
) -> dict[int, list[dict[str, Any]]]:
    by_action: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = (
        StatusChange.objects.filter(action__plan=plan, recorded_at__lte=moment, **scope)
        .order_by("recorded_at", "id")
        .values("action_id", "field", "new_value", "recorded_at", "update_id")
    )
    for row in rows:
        by_action[row["action_id"]].append(dict(row))
    return by_action


def _carried_since(plan: Plan) -> dict[int, dict[str, str | None]]:
    """For actions carried into `plan`: the "since" dates their predecessors had at the close
    of the earlier phase (from its frozen position), keyed by predecessor id."""
    since: dict[int, dict[str, str | None]] = {}
    for position in PhaseClosure.objects.filter(next_plan=plan).values_list("position", flat=True):
        for entry in position:
            since[entry["action_id"]] = entry
    return since


@dataclass
class _Accepted:
    values: dict[str, str]
    since: dict[str, dt.date | None]
    source_posted: dict[str, dt.datetime]  # when the update behind each value was recorded
    change_updates: dict[str, int | None] = field(default_factory=dict)


def _accepted(
    row: dict[str, Any], changes: list[dict[str, Any]], carried: dict[str, Any] | None
) -> _Accepted:
    recorded_on = local_date(row["recorded_at"])
    values = dict(INITIAL)
    since: dict[str, dt.date | None] = dict.fromkeys(INITIAL, recorded_on)
    since["rag"] = None
    source_posted: dict[str, dt.datetime] = {}
    updates: dict[str, int | None] = {}
    for change in changes:
        name = STATE_FIELDS[change["field"]]
        values[name] = change["new_value"]
        since[name] = local_date(change["recorded_at"])
        if carried and change["update_id"] is None and change["recorded_at"] == row["recorded_at"]:
            # Carried over at a phase's close: the value began in the earlier phase.
            earlier = carried.get(SINCE_FIELDS[name])
            since[name] = dt.date.fromisoformat(earlier) if earlier else since[name]
        source_posted[name] = change["recorded_at"]
        updates[name] = change["update_id"]
    if not values["rag"]:
        since["rag"] = None
    return _Accepted(values, since, source_posted, updates)


@dataclass
class _Said:
    """What an action's updates add at a moment: the latest accepted one, the newest one
    awaiting review, and what the updates awaiting review propose."""

    latest: dict[str, Any] | None = None
    pending: dict[str, Any] | None = None
    provisional: dict[str, str] = field(default_factory=dict)


class _UpdateFold:
    """The plan's updates and their reviews as they stood at a moment (two queries)."""

    def __init__(
        self, plan: Plan, moment: dt.datetime, include_unreviewed: bool, scope: dict[str, int]
    ) -> None:
        review_model = apps.get_model("governance", "UpdateReview")
        self.include_unreviewed = include_unreviewed
        decision: dict[int, str] = {}
        reviews = review_model.objects.filter(update__action__plan=plan, recorded_at__lte=moment)
        if scope:
            reviews = reviews.filter(update__action_id=scope["action_id"])
        for update_id, value in reviews.order_by("recorded_at", "id").values_list(
            "update_id", "decision"
        ):
            decision[update_id] = value
        self.by_action: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.recorded: dict[int, dt.datetime] = {}
        rows = (
            Update.objects.filter(action__plan=plan, recorded_at__lte=moment, **scope)
            .order_by("recorded_at", "id")
            .values(
                "id",
                "action_id",
                "date",
                "recorded_at",
                "origin",
                "rag",
                "delivery_status",
                "impact_status",
            )
        )
        for found in rows:
            row: dict[str, Any] = dict(found)
            self.recorded[row["id"]] = row["recorded_at"]
            posted = row["origin"] == Update.Origin.POSTED
            row["state"] = decision.get(row["id"], PENDING) if posted else ACCEPTED
            self.by_action[row["action_id"]].append(row)

    def for_action(self, action_id: int, accepted: _Accepted) -> _Said:
        """The latest update and pending proposals; with `include_unreviewed`, the
        proposals are folded into `accepted` too."""
        rows = self.by_action.get(action_id, [])
        known = [r for r in rows if r["state"] == ACCEPTED]
        pending = [r for r in rows if r["state"] == PENDING]
        proposed, proposed_on = self._proposals(pending, accepted)
        said = _Said(
            latest=max(known, key=_update_order, default=None),
            pending=max(pending, key=_update_order, default=None),
            provisional=proposed,
        )
        if self.include_unreviewed:
            for name, value in proposed.items():
                accepted.values[name] = value
                accepted.since[name] = proposed_on[name]
            said.latest = max([*known, *pending], key=_update_order, default=None)
        return said

    def _proposals(
        self, pending: list[dict[str, Any]], accepted: _Accepted
    ) -> tuple[dict[str, str], dict[str, dt.date]]:
        """What updates awaiting review propose that differs from the accepted state. A
        proposal older than the update behind the accepted value is superseded by it."""
        proposed: dict[str, str] = {}
        proposed_on: dict[str, dt.date] = {}
        for row in pending:  # oldest first, so the newest proposal wins
            for name in INITIAL:
                behind = accepted.source_posted.get(name)
                behind_update = accepted.change_updates.get(name)
                if behind_update is not None and behind_update in self.recorded:
                    behind = self.recorded[behind_update]
                if row[name] and (behind is None or row["recorded_at"] > behind):
                    proposed[name] = row[name]
                    proposed_on[name] = local_date(row["recorded_at"])
        kept = {k: v for k, v in proposed.items() if v != accepted.values[k]}
        return kept, proposed_on


def _update_order(row: dict[str, Any]) -> tuple[dt.date, dt.datetime, int]:
    """Newest first by the update's own date; an undated update by the day it was recorded."""
    return (row["date"] or local_date(row["recorded_at"]), row["recorded_at"], row["id"])


def _state(
    row: dict[str, Any], revision: dict[str, Any] | None, accepted: _Accepted, said: _Said
) -> ActionState:
    source = revision or row
    owner_parts = tuple((int(p), str(part)) for p, part in (revision or {}).get("owners", []))
    values, since = accepted.values, accepted.since
    latest, pending = said.latest, said.pending
    return ActionState(
        action_id=row["id"],
        reference=source["reference"],
        text=source["text"],
        theme_id=source["theme_id"],
        owner_ids=tuple(dict.fromkeys(p for p, _part in owner_parts)),
        deadline_text=source["deadline_text"],
        due_date=source["due_date"],
        delivery_status=values["delivery_status"],
        impact_status=values["impact_status"],
        rag=values["rag"],
        delivery_since=since["delivery_status"],
        rag_since=since["rag"],
        latest_update_id=latest["id"] if latest else None,
        provisional=said.provisional,
        number=row["number"],
        due_start=source["due_start"],
        impact_since=since["impact_status"],
        latest_update_on=latest["date"] if latest else None,
        pending_update_id=pending["id"] if pending else None,
        pending_update_on=pending["date"] if pending else None,
        recorded_on=local_date(row["recorded_at"]),
        carried_from_id=row["carried_from_id"],
        owner_parts=owner_parts,
    )
