"""Reviewing posted updates, and flagging actions that need corporate unblocking.

Reviews are insert-only. A reviewer acts on the state they saw (`expected`: the id of the newest
review when the page was shown, or None if there was none); if someone reviewed the update in
the meantime the second reviewer is told who, and nothing is written.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from stocktake.accounts.models import User
from stocktake.audit.services import audit_record
from stocktake.governance.models import UnblockRequest, UpdateReview
from stocktake.plans.models import Action, Update
from stocktake.plans.services.acceptance import update_apply
from stocktake.plans.services.closed import refuse_if_closed

MAX_COMMENT = 5_000


class AlreadyReviewed(ValidationError):
    """Someone reviewed this update after the reviewer opened it."""

    def __init__(self, review: UpdateReview) -> None:
        who = str(review.reviewer) if review.reviewer else "someone else"
        verb = "accepted" if review.decision == UpdateReview.Decision.ACCEPTED else "returned"
        super().__init__(f"This update has already been {verb} by {who}")
        self.review = review


@transaction.atomic
def update_review(
    *,
    update: Update,
    actor: User | None,
    decision: str,
    comment: str = "",
    expected: int | None = None,
    at: dt.datetime | None = None,
) -> UpdateReview:
    """Accept a posted update, or return it to its owner with a comment.

    Accepting makes what the update proposes (RAG, delivery and impact status) the action's
    accepted state from now; returning changes nothing. An accepted update is final. `at` is
    for trusted loaders (the demo) only; a person's review is recorded now.
    """
    if decision not in UpdateReview.Decision.values:
        raise ValidationError({"decision": "Choose whether to accept or return the update"})
    comment = comment.strip()
    if decision == UpdateReview.Decision.RETURNED and not comment:
        raise ValidationError({"comment": "Enter what the owner needs to change"})
    if len(comment) > MAX_COMMENT:
        raise ValidationError({"comment": f"Use {MAX_COMMENT:,} characters or fewer"})
    # Lock the update so two reviewers cannot both pass the check below.
    locked = Update.objects.select_for_update().select_related("action__plan__authority")
    update = locked.get(pk=update.pk)
    if update.origin != Update.Origin.POSTED:
        raise ValidationError("Only updates posted in Stocktake are reviewed")
    newest = update.reviews.select_related("reviewer").order_by("-created_at", "-id").first()
    if newest is not None and (
        newest.pk != expected or newest.decision == UpdateReview.Decision.ACCEPTED
    ):
        raise AlreadyReviewed(newest)
    refuse_if_closed(update.action.plan)
    review = UpdateReview.objects.create(
        update=update,
        decision=decision,
        comment=comment,
        reviewer=actor,
        recorded_at=at or timezone.now(),
    )
    if decision == UpdateReview.Decision.ACCEPTED:
        update_apply(update=update, actor=actor, at=review.recorded_at)
    audit_record(
        authority=update.action.plan.authority,
        actor=actor,
        verb=f"update {decision}",
        obj=update,
        changes={"decision": decision, "comment": comment},
    )
    return review


def update_accept_automatically(*, update: Update, actor: User | None) -> UpdateReview:
    """Accept a lead's own update as it is posted (STOCKTAKE_LEADS_UPDATES_ACCEPTED), with a
    review row that says it was automatic."""
    review = UpdateReview.objects.create(
        update=update,
        decision=UpdateReview.Decision.ACCEPTED,
        comment="Accepted automatically: posted by a lead",
        reviewer=actor,
        automatic=True,
        recorded_at=update.recorded_at,
    )
    update_apply(update=update, actor=actor, at=review.recorded_at)
    audit_record(
        authority=update.action.plan.authority,
        actor=actor,
        verb="update accepted",
        obj=update,
        changes={"decision": "accepted", "automatic": True},
    )
    return review


@transaction.atomic
def updates_accept(*, updates: list[Update], actor: User | None) -> int:
    """Accept every one of these updates, or none of them: if anyone reviewed one of them
    since the reviewer chose it, nothing is accepted and the error says which and by whom
    (a stale page must not accept anything). Returns how many were accepted."""
    problems = []
    for update in updates:
        try:
            update_review(update=update, actor=actor, decision=UpdateReview.Decision.ACCEPTED)
        except AlreadyReviewed as error:
            problems.append(f"{update.action.reference}, {update.date:%-d %B %Y}: {error.message}")
    if problems:
        raise ValidationError(problems)
    return len(updates)


@transaction.atomic
def unblock_raise(
    *, action: Action, actor: User | None, ask: str, at: dt.datetime | None = None
) -> UnblockRequest:
    """Flag an action as needing corporate unblock, with the ask written out. `at` is for
    trusted loaders (the demo) only; a person's request is recorded now."""
    ask = ask.strip()
    if not ask:
        raise ValidationError({"ask": "Enter what the chief executive's meeting is asked to do"})
    if len(ask) > MAX_COMMENT:
        raise ValidationError({"ask": f"Use {MAX_COMMENT:,} characters or fewer"})
    Action.objects.select_for_update().filter(pk=action.pk).first()
    if action.unblock_requests.filter(resolved_at__isnull=True).exists():
        raise ValidationError(
            {"ask": f"{action.reference} is already flagged. Resolve that request first"}
        )
    request = UnblockRequest.objects.create(
        action=action, ask=ask, raised_by=actor, raised_at=at or timezone.now()
    )
    audit_record(
        authority=action.plan.authority,
        actor=actor,
        verb="unblock requested",
        obj=request,
        changes={"ask": ask},
    )
    return request


@transaction.atomic
def unblock_resolve(
    *, request: UnblockRequest, actor: User | None, resolution: str
) -> UnblockRequest:
    resolution = resolution.strip()
    if not resolution:
        raise ValidationError({"resolution": "Enter how the block was resolved"})
    if len(resolution) > MAX_COMMENT:
        raise ValidationError({"resolution": f"Use {MAX_COMMENT:,} characters or fewer"})
    updated = UnblockRequest.objects.filter(pk=request.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=actor, resolution=resolution
    )
    if not updated:
        raise ValidationError("This request has already been resolved")
    request.refresh_from_db()
    audit_record(
        authority=request.action.plan.authority,
        actor=actor,
        verb="unblock resolved",
        obj=request,
        changes={"resolution": resolution},
    )
    return request
