"""Reads for the governance cycle that other apps (reports above all) rely on.

- `reportable_updates`: the updates an issued report may quote — imported ones (written before
  the plan came to Stocktake) and posted ones a lead has accepted.
- `exceptions`: the chief executive's meeting list — red, overdue, blocked, returned twice, or
  flagged for corporate unblock — each with its owners, how long it has been an exception and
  what was last said.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from stocktake.accounts.models import Authority
from stocktake.core.tenancy import get_scoped
from stocktake.governance.models import Board, BoardMember, Meeting, UnblockRequest, UpdateReview
from stocktake.people.models import Person
from stocktake.plans.choices import DeliveryStatus, Rag
from stocktake.plans.models import Action, ActionOwner, Plan, StatusChange, Update

RETURNS_FOR_EXCEPTION = 2


class Reason:
    RED = "Rated red"
    OVERDUE = "Overdue"
    BLOCKED = "Blocked"
    RETURNED = "Update returned twice"
    UNBLOCK = "Needs corporate unblock"


REASON_ORDER = [Reason.UNBLOCK, Reason.BLOCKED, Reason.RED, Reason.OVERDUE, Reason.RETURNED]


def with_review_state(updates: QuerySet[Update]) -> QuerySet[Update]:
    """Annotate `review_decision` (the newest review's decision, or None if never reviewed)."""
    newest = UpdateReview.objects.filter(update=OuterRef("pk")).order_by("-created_at", "-id")
    return updates.annotate(
        review_decision=Subquery(newest.values("decision")[:1]),
        review_comment=Subquery(newest.values("comment")[:1]),
    )


def reportable_updates(plan: Plan, *, include_unreviewed: bool = False) -> QuerySet[Update]:
    """Updates of `plan` a report may quote: imported, or posted and accepted by a lead.

    With `include_unreviewed`, posted updates still waiting for review count too (a report
    that says so); returned updates never do.
    """
    updates = with_review_state(Update.objects.filter(action__plan=plan))
    allowed = Q(origin=Update.Origin.IMPORTED) | Q(review_decision=UpdateReview.Decision.ACCEPTED)
    if include_unreviewed:
        allowed |= Q(origin=Update.Origin.POSTED, review_decision__isnull=True)
    return updates.filter(allowed)


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


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _returned_twice_since(plan: Plan, action_ids: set[int] | None = None) -> dict[int, dt.date]:
    """Actions whose last two reviews were both returns (no acceptance between), with the
    date of the second."""
    reviews = UpdateReview.objects.filter(update__action__plan=plan)
    if action_ids is not None:
        reviews = reviews.filter(update__action_id__in=action_ids)
    runs: dict[int, list[dt.date]] = defaultdict(list)
    for action_id, decision, created in reviews.order_by("created_at", "id").values_list(
        "update__action_id", "decision", "created_at"
    ):
        if decision == UpdateReview.Decision.ACCEPTED:
            runs[action_id] = []
        else:
            runs[action_id].append(_local_date(created))
    return {
        action_id: dates[RETURNS_FOR_EXCEPTION - 1]
        for action_id, dates in runs.items()
        if len(dates) >= RETURNS_FOR_EXCEPTION
    }


def _red_since(action_ids: list[int]) -> dict[int, dt.date]:
    """The first date of each action's current run of red-rated updates."""
    since: dict[int, dt.date] = {}
    rated = (
        Update.objects.filter(action_id__in=action_ids)
        .exclude(rag="")
        .order_by("action_id", "date", "id")
        .values_list("action_id", "rag", "date")
    )
    for action_id, rag, date in rated:
        if rag == Rag.RED:
            since.setdefault(action_id, date)
        else:
            since.pop(action_id, None)
    return since


def _blocked_since(action_ids: list[int]) -> dict[int, dt.date]:
    changes = (
        StatusChange.objects.filter(
            action_id__in=action_ids,
            field=StatusChange.Field.DELIVERY,
            new_value=DeliveryStatus.BLOCKED,
        )
        .order_by("action_id", "changed_at")
        .values_list("action_id", "changed_at")
    )
    return {action_id: _local_date(at) for action_id, at in changes}


def exceptions(
    plan: Plan,
    today: dt.date,
    *,
    reportable_only: bool = False,
    include_unreviewed: bool = False,
) -> list[ExceptionItem]:
    """Every exception in `plan` on `today`, longest-standing first. A fixed number of queries.

    "What was last said" is the newest update dated on or before `today`. The live page shows
    whatever the owner last posted; a report (`reportable_only`) quotes only what it may quote
    (see `reportable_updates`), so a returned or unreviewed update never reaches the board.
    """
    returned = _returned_twice_since(plan)
    unblocks: dict[int, UnblockRequest] = {}
    for request in UnblockRequest.objects.filter(
        action__plan=plan, resolved_at__isnull=True
    ).order_by("raised_at", "id"):
        unblocks.setdefault(request.action_id, request)
    quotable = (
        reportable_updates(plan, include_unreviewed=include_unreviewed)
        if reportable_only
        else Update.objects.all()
    )
    newest = quotable.filter(action=OuterRef("pk"), date__lte=today).order_by("-date", "-id")
    candidates = list(
        plan.actions.filter(
            Q(rag=Rag.RED)
            | Q(delivery_status=DeliveryStatus.BLOCKED)
            | Q(due_date__lt=today)
            | Q(pk__in=list(returned))
            | Q(pk__in=list(unblocks))
        )
        .exclude(delivery_status=DeliveryStatus.COMPLETE)
        .annotate(
            last_text=Subquery(newest.values("text")[:1]),
            last_on=Subquery(newest.values("date")[:1]),
        )
        .select_related("theme")
        .prefetch_related("owners__person")
    )
    red = _red_since([a.pk for a in candidates if a.rag == Rag.RED])
    blocked = _blocked_since([a.pk for a in candidates if a.delivery_status == "blocked"])
    items: list[ExceptionItem] = []
    for action in candidates:
        starts: dict[str, dt.date] = {}
        if action.pk in unblocks:
            starts[Reason.UNBLOCK] = _local_date(unblocks[action.pk].raised_at)
        if action.delivery_status == DeliveryStatus.BLOCKED:
            starts[Reason.BLOCKED] = blocked.get(action.pk, _local_date(action.created_at))
        if action.rag == Rag.RED:
            starts[Reason.RED] = red.get(action.pk, _local_date(action.created_at))
        if action.due_date and action.due_date < today:
            starts[Reason.OVERDUE] = action.due_date + dt.timedelta(days=1)
        if action.pk in returned:
            starts[Reason.RETURNED] = returned[action.pk]
        since = min(starts.values())
        items.append(
            ExceptionItem(
                action=action,
                reasons=[r for r in REASON_ORDER if r in starts],
                since=since,
                days=max((today - since).days, 0),
                owners=[owner.person.label for owner in action.owners.all()],
                ask=unblocks[action.pk].ask if action.pk in unblocks else "",
                last_said=action.last_text or "",
                last_said_on=action.last_on,
                detail={r: f"since {d:%-d %B %Y}" for r, d in starts.items()},
            )
        )
    items.sort(key=lambda item: (item.since, item.action.number, item.action.pk))
    return items


# Pages: every object is fetched through the member's authority (404 otherwise).


def board_for(authority: Authority, board_id: int) -> Board:
    return get_scoped(Board, authority, board_id, "No such board")


def member_for(board: Board, member_id: int) -> BoardMember:
    try:
        return board.members.select_related("person").get(pk=member_id)
    except BoardMember.DoesNotExist:
        raise Http404("No such member") from None


def meeting_for(authority: Authority, meeting_id: int) -> Meeting:
    meetings = Meeting.objects.select_related("board__authority")
    return get_scoped(meetings, authority, meeting_id, "No such meeting")


def posted_update_for(plan: Plan, update_id: int) -> Update:
    try:
        return (
            Update.objects.filter(action__plan=plan, origin=Update.Origin.POSTED)
            .select_related("action__plan__authority", "author")
            .get(pk=update_id)
        )
    except Update.DoesNotExist:
        raise Http404("No such update") from None


def unblock_for(plan: Plan, request_id: int) -> UnblockRequest:
    try:
        return UnblockRequest.objects.select_related("action__plan__authority").get(
            pk=request_id, action__plan=plan
        )
    except UnblockRequest.DoesNotExist:
        raise Http404("No such request") from None


def boards(authority: Authority) -> QuerySet[Board]:
    return Board.objects.filter(authority=authority).prefetch_related(
        Prefetch("members", queryset=BoardMember.objects.select_related("person"))
    )


def meetings(authority: Authority) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(board__authority=authority)
        .select_related("board")
        .order_by("date", "time", "board__name")
    )


def review_queue(plan: Plan) -> QuerySet[Update]:
    """Posted updates nobody has reviewed yet, oldest first."""
    return (
        with_review_state(Update.objects.filter(action__plan=plan, origin=Update.Origin.POSTED))
        .filter(Q(review_decision__isnull=True))
        .select_related("action__theme", "author")
        .prefetch_related("evidence", "status_changes", "action__owners__person")
        .order_by("created_at", "id")
    )


def returned_updates(plan: Plan, person_ids: list[int]) -> list[Update]:
    """Updates on these people's actions whose newest review returned them, and that have
    not been answered by a newer update on the same action."""
    newer = Update.objects.filter(action=OuterRef("action"), created_at__gt=OuterRef("created_at"))
    return list(
        with_review_state(
            Update.objects.filter(
                action__plan=plan,
                origin=Update.Origin.POSTED,
                action__owners__person__in=person_ids,
            )
        )
        .filter(Q(review_decision=UpdateReview.Decision.RETURNED))
        .exclude(Exists(newer))
        .select_related("action")
        .distinct()
        .order_by("created_at", "id")
    )


def review_states(action: Action) -> dict[int, UpdateReview]:
    """The newest review of each of the action's updates, by update id."""
    states: dict[int, UpdateReview] = {}
    for review in UpdateReview.objects.filter(update__action=action).select_related("reviewer"):
        states.setdefault(review.update_id, review)
    return states


def open_unblocks(plan: Plan) -> QuerySet[UnblockRequest]:
    return UnblockRequest.objects.filter(action__plan=plan, resolved_at__isnull=True)


def people_of(authority: Authority, user: Any) -> list[int]:
    """The register entries (person ids) the signed-in user is, in this authority."""
    return list(Person.objects.filter(authority=authority, user=user).values_list("pk", flat=True))


def owned_action_ids(plan: Plan, user: Any) -> set[int]:
    return set(
        ActionOwner.objects.filter(action__plan=plan, person__user=user).values_list(
            "action_id", flat=True
        )
    )
