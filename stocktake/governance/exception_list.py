"""The chief executive's meeting list, as of a date: open actions that are rated red, overdue,
blocked, have had two updates returned with no acceptance between, or carry an unresolved
unblock request — each with its owners, how long it has been an exception and what was last
said.

Everything comes from the history as it stood at the end of that date (`plans.history`):
the accepted RAG and delivery status and when each began, the owners and deadline then in
force, the reviews and unblock requests recorded by then. So a page or paper for a 2019 date
never says "since 2 December 2026".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from stocktake.governance.models import UnblockRequest, UpdateReview
from stocktake.people.models import Person
from stocktake.plans.choices import DeliveryStatus, Rag
from stocktake.plans.history import ActionState, as_of_moment, local_date, plan_state_as_of
from stocktake.plans.models import Action, Plan, Update

RETURNS_FOR_EXCEPTION = 2


class Reason:
    RED = "Rated red"
    OVERDUE = "Overdue"
    BLOCKED = "Blocked"
    RETURNED = "Update returned twice"
    UNBLOCK = "Needs corporate unblock"


REASON_ORDER = [Reason.UNBLOCK, Reason.BLOCKED, Reason.RED, Reason.OVERDUE, Reason.RETURNED]


@dataclass
class ExceptionItem:
    action: Action
    reasons: list[str]
    since: dt.date
    days: int
    owners: list[str]
    ask: str = ""
    last_said: str = ""
    last_said_on: dt.date | None = None
    detail: dict[str, str] = field(default_factory=dict)  # reason → "since 3 June 2019" etc.
    state: ActionState | None = None  # the action as it stood on the list's date


def _returned_twice_since(plan: Plan, moment: dt.datetime) -> dict[int, dt.date]:
    """Actions whose last two reviews by `moment` were both returns (no acceptance between),
    with the date of the second."""
    reviews = UpdateReview.objects.filter(update__action__plan=plan, recorded_at__lte=moment)
    runs: dict[int, list[dt.date]] = defaultdict(list)
    for action_id, decision, recorded in reviews.order_by("recorded_at", "id").values_list(
        "update__action_id", "decision", "recorded_at"
    ):
        if decision == UpdateReview.Decision.ACCEPTED:
            runs[action_id] = []
        else:
            runs[action_id].append(local_date(recorded))
    return {
        action_id: dates[RETURNS_FOR_EXCEPTION - 1]
        for action_id, dates in runs.items()
        if len(dates) >= RETURNS_FOR_EXCEPTION
    }


def _open_unblocks(plan: Plan, moment: dt.datetime) -> dict[int, UnblockRequest]:
    """The oldest unblock request of each action raised by `moment` and not resolved then."""
    unblocks: dict[int, UnblockRequest] = {}
    for request in UnblockRequest.objects.filter(
        Q(resolved_at__isnull=True) | Q(resolved_at__gt=moment),
        action__plan=plan,
        raised_at__lte=moment,
    ).order_by("raised_at", "id"):
        unblocks.setdefault(request.action_id, request)
    return unblocks


def _last_said(
    plan: Plan, ids: list[int], moment: dt.datetime, quotable: QuerySet[Update]
) -> dict[int, tuple[str, dt.date]]:
    """The newest update of each action dated on or before the day and recorded by then."""
    said: dict[int, tuple[str, dt.date]] = {}
    rows = (
        quotable.filter(
            action_id__in=ids,
            recorded_at__lte=moment,
            date__isnull=False,
            date__lte=local_date(moment),
        )
        .order_by("date", "id")
        .values_list("action_id", "text", "date")
    )
    for action_id, text, date in rows:
        if date is not None:  # undated updates were left out above; this tells the types
            said[action_id] = (text, date)
    return said


def _starts(
    state: ActionState,
    today: dt.date,
    returned: dict[int, dt.date],
    unblocks: dict[int, UnblockRequest],
) -> dict[str, dt.date]:
    starts: dict[str, dt.date] = {}
    pk = state.action_id
    fallback = state.recorded_on or today
    if pk in unblocks:
        starts[Reason.UNBLOCK] = local_date(unblocks[pk].raised_at)
    if state.delivery_status == DeliveryStatus.BLOCKED:
        starts[Reason.BLOCKED] = state.delivery_since or fallback
    if state.rag == Rag.RED:
        starts[Reason.RED] = state.rag_since or fallback
    if state.due_date and state.due_date < today:
        starts[Reason.OVERDUE] = state.due_date + dt.timedelta(days=1)
    if pk in returned:
        starts[Reason.RETURNED] = returned[pk]
    return starts


def exceptions(
    plan: Plan,
    today: dt.date,
    *,
    reportable_only: bool = False,
    include_unreviewed: bool = False,
) -> list[ExceptionItem]:
    """Every exception in `plan` as of the end of `today`, longest-standing first, in a fixed
    number of queries.

    Statuses are the accepted ones (with `include_unreviewed`, updates awaiting review count
    too). "What was last said" is the newest update dated on or before `today`: the live page
    shows whatever the owner last posted; a report (`reportable_only`) quotes only what it
    may (see `reportable_updates`), so a returned or unreviewed update never reaches the
    board.
    """
    from stocktake.governance.selectors import reportable_updates

    moment = as_of_moment(today)
    states = plan_state_as_of(plan, moment, include_unreviewed=include_unreviewed)
    returned = _returned_twice_since(plan, moment)
    unblocks = _open_unblocks(plan, moment)
    starts = {
        pk: found
        for pk, state in states.items()
        if not state.is_complete and (found := _starts(state, today, returned, unblocks))
    }
    if not starts:
        return []
    actions = plan.actions.select_related("theme").in_bulk(list(starts))
    people = Person.objects.in_bulk({p for pk in starts for p in states[pk].owner_ids})
    quotable = (
        reportable_updates(plan, include_unreviewed=include_unreviewed, as_of=today)
        if reportable_only
        else Update.objects.all()
    )
    said = _last_said(plan, list(starts), moment, quotable)
    items = [
        _item(actions[pk], states[pk], found, today, people, unblocks, said.get(pk))
        for pk, found in starts.items()
    ]
    items.sort(key=lambda item: (item.since, item.action.number, item.action.pk))
    return items


def _item(
    action: Action,
    state: ActionState,
    starts: dict[str, dt.date],
    today: dt.date,
    people: dict[int, Person],
    unblocks: dict[int, UnblockRequest],
    said: tuple[str, dt.date] | None,
) -> ExceptionItem:
    since = min(starts.values())
    return ExceptionItem(
        action=action,
        reasons=[r for r in REASON_ORDER if r in starts],
        since=since,
        days=max((today - since).days, 0),
        owners=[people[p].label for p in state.owner_ids if p in people],
        ask=unblocks[action.pk].ask if action.pk in unblocks else "",
        last_said=said[0] if said else "",
        last_said_on=said[1] if said else None,
        detail={r: f"since {d:%-d %B %Y}" for r, d in starts.items()},
        state=state,
    )
