"""Reads for the governance cycle that other apps (reports above all) rely on.

- `reportable_updates`: the updates an issued report may quote — imported ones (written before
  the plan came to Stocktake) and posted ones a lead has accepted.
- `exceptions` (in `exception_list`): the chief executive's meeting list as of a date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from stocktake.accounts.models import Authority
from stocktake.core.tenancy import get_scoped
from stocktake.governance.exception_list import (
    REASON_ORDER,
    RETURNS_FOR_EXCEPTION,
    ExceptionItem,
    Reason,
    exceptions,
)
from stocktake.governance.models import Board, BoardMember, Meeting, UnblockRequest, UpdateReview
from stocktake.people.models import Person
from stocktake.plans.history import as_of_moment
from stocktake.plans.models import Action, ActionOwner, Plan, Update


def with_review_state(
    updates: QuerySet[Update], as_of: dt.date | dt.datetime | None = None
) -> QuerySet[Update]:
    """Annotate `review_decision` (the newest review's decision, or None if never reviewed);
    with `as_of`, the newest review recorded by then."""
    newest = UpdateReview.objects.filter(update=OuterRef("pk"))
    if as_of is not None:
        newest = newest.filter(recorded_at__lte=as_of_moment(as_of))
    newest = newest.order_by("-recorded_at", "-id")
    return updates.annotate(
        review_decision=Subquery(newest.values("decision")[:1]),
        review_comment=Subquery(newest.values("comment")[:1]),
    )


def reportable_updates(
    plan: Plan, *, include_unreviewed: bool = False, as_of: dt.date | dt.datetime | None = None
) -> QuerySet[Update]:
    """Updates of `plan` a report may quote: imported, or posted and accepted by a lead.

    With `include_unreviewed`, posted updates still waiting for review count too (a report
    that says so); returned updates never do. With `as_of`, only updates recorded by then,
    in their review state then (accepted later means not yet accepted).
    """
    updates = Update.objects.filter(action__plan=plan)
    if as_of is not None:
        updates = updates.filter(recorded_at__lte=as_of_moment(as_of))
    updates = with_review_state(updates, as_of)
    allowed = Q(origin=Update.Origin.IMPORTED) | Q(review_decision=UpdateReview.Decision.ACCEPTED)
    if include_unreviewed:
        allowed |= Q(origin=Update.Origin.POSTED, review_decision__isnull=True)
    return updates.filter(allowed)


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
    """Posted updates nobody has reviewed yet, oldest first: by the date of the update (what
    the queue shows), then by when it was posted."""
    return (
        with_review_state(Update.objects.filter(action__plan=plan, origin=Update.Origin.POSTED))
        .filter(Q(review_decision__isnull=True))
        .select_related("action__theme", "author")
        .prefetch_related("evidence", "status_changes", "action__owners__person")
        .order_by("date", "recorded_at", "id")
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


__all__ = [
    "REASON_ORDER",
    "RETURNS_FOR_EXCEPTION",
    "ExceptionItem",
    "Reason",
    "exceptions",
    "reportable_updates",
    "with_review_state",
]
