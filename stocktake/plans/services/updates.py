from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from stocktake.accounts.models import Membership, User
from stocktake.accounts.roles import OWN_ACTIONS_ONLY, Capability
from stocktake.audit.services import audit_record
from stocktake.plans.choices import (
    NEEDS_REASON_RAGS,
    NEEDS_REASON_STATUSES,
    DeliveryStatus,
    ImpactStatus,
    Rag,
)
from stocktake.plans.evidence import evidence_file_problem
from stocktake.plans.models import Action, Evidence, Plan, StatusChange, Update
from stocktake.plans.services.closed import refuse_if_closed

MAX_UPDATE_TEXT = 5_000


@dataclass
class EvidenceSpec:
    file: UploadedFile | None = None
    link: str = ""
    title: str = ""

    @property
    def given(self) -> bool:
        return bool(self.file or self.link)


class AlreadyPosted(Exception):
    """The form was posted before (Back and resubmit, a double click): nothing new is written."""

    def __init__(self, update: Update) -> None:
        super().__init__(f"This update on {update.action.reference} was already posted")
        self.update = update


def _refuse_repeat(action: Action, submission: uuid.UUID | None) -> None:
    """Raise `AlreadyPosted` if an update was posted with this one-time form token."""
    if submission is None:
        return
    earlier = Update.objects.select_related("action").filter(submission=submission).first()
    if earlier is None:
        return
    if earlier.action_id != action.pk:  # a token from another action's form
        raise ValidationError("Reload the page and post the update again")
    raise AlreadyPosted(earlier)


def may_update(membership: Membership, action: Action) -> bool:
    """Whether this member may post updates on this action."""
    if membership.authority_id != action.plan.authority_id:
        return False
    if not membership.can(Capability.POST_UPDATE):
        return False
    if membership.role in OWN_ACTIONS_ONLY:
        return action.owners.filter(person__user_id=membership.user_id).exists()
    return True


def _validate(
    action: Action,
    *,
    text: str,
    date: dt.date,
    week: int | None,
    rag: str,
    delivery_status: str,
    reason: str,
    evidence: EvidenceSpec,
    today: dt.date,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = "Enter what has happened since the last update"
    elif len(text) > MAX_UPDATE_TEXT:
        errors["text"] = f"The update must be {MAX_UPDATE_TEXT:,} characters or fewer"
    if date > today:
        errors["date"] = "The date of the update must be today or in the past"
    plan = action.plan
    if week is not None and not plan.first_week <= week <= plan.last_week:
        errors["week"] = f"The plan week must be between {plan.first_week} and {plan.last_week}"
    if (rag in NEEDS_REASON_RAGS or delivery_status in NEEDS_REASON_STATUSES) and not (
        reason.strip()
    ):
        errors["reason"] = "Explain why the action is red, off track or blocked"
    if evidence.file is not None:
        problem = evidence_file_problem(evidence.file)
        if problem:
            errors["evidence_file"] = problem
    if (
        delivery_status == DeliveryStatus.COMPLETE
        and not evidence.given
        and not action.evidence.exists()
    ):
        errors["evidence_file"] = "Add evidence (a file or a link) to mark the action complete"
    return errors


def _lead_accepts_own(membership: Membership | None) -> bool:
    """Whether this poster's update counts as accepted when posted (see the setting)."""
    return bool(
        membership is not None
        and settings.STOCKTAKE_LEADS_UPDATES_ACCEPTED
        and membership.can(Capability.REVIEW_UPDATES)
    )


@transaction.atomic
def update_submit(
    *,
    action: Action,
    membership: Membership | None,
    actor: User | None,
    text: str,
    date: dt.date | None = None,
    week: int | None = None,
    rag: str = "",
    part: str = "",
    delivery_status: str = "",
    impact_status: str = "",
    reason: str = "",
    evidence: EvidenceSpec | None = None,
    today: dt.date | None = None,
    recorded_at: dt.datetime | None = None,
    submission: uuid.UUID | None = None,
) -> Update:
    """Post a progress update with the RAG and statuses it proposes, and any evidence, all or
    nothing. The proposals change nothing until a lead accepts the update
    (`governance.services.update_review`); a returned update never changes anything.

    `membership` is the poster's membership (None only for trusted loaders such as the demo,
    which alone may give `recorded_at`: anything a person posts is recorded now).
    `submission` is the posting form's one-time token: posted again, it raises
    `AlreadyPosted` and writes nothing.
    """
    if membership is not None and not may_update(membership, action):
        raise PermissionDenied("You can only post updates on actions you own")
    if membership is not None and recorded_at is not None:
        raise ValueError("An update a person posts is recorded when it is posted")
    today = today or timezone.localdate()
    date = date or today
    evidence = evidence or EvidenceSpec()
    action = Action.objects.select_for_update().select_related("plan__authority").get(pk=action.pk)
    refuse_if_closed(action.plan, "Post updates on the action")
    _refuse_repeat(action, submission)
    errors = _validate(
        action,
        text=text,
        date=date,
        week=week,
        rag=rag,
        delivery_status=delivery_status,
        reason=reason,
        evidence=evidence,
        today=today,
    )
    if errors:
        raise ValidationError(errors)
    if week is None:
        derived = action.plan.week_of(date)
        week = derived if action.plan.first_week <= derived <= action.plan.last_week else None
    if delivery_status == DeliveryStatus.COMPLETE and not rag:
        rag = Rag.BLUE
    body = text.strip()
    if reason.strip():
        body = f"{body}\n\nReason: {reason.strip()}"
    update = Update.objects.create(
        action=action,
        date=date,
        week=week,
        part=part,
        text=body,
        rag=rag,
        delivery_status=delivery_status,
        impact_status=impact_status,
        reason=reason.strip(),
        author=actor,
        recorded_at=recorded_at or timezone.now(),
        submission=submission,
    )
    if evidence.given:
        _attach_evidence(action, update, actor, evidence)
    audit_record(
        authority=action.plan.authority,
        actor=actor,
        verb="update_posted",
        obj=action,
        changes={
            "update": [None, body[:200]],
            "rag": [None, rag],
            "delivery_status": [None, delivery_status],
            "impact_status": [None, impact_status],
        },
    )
    if _lead_accepts_own(membership):
        from stocktake.governance.services.reviews import update_accept_automatically

        update_accept_automatically(update=update, actor=actor)
    return update


def _attach_evidence(
    action: Action, update: Update, actor: User | None, evidence: EvidenceSpec
) -> Evidence:
    upload = evidence.file
    title = evidence.title.strip() or (upload.name if upload else evidence.link)
    item = Evidence(
        action=action,
        update=update,
        title=(title or "Evidence")[:200],
        link=evidence.link,
        added_by=actor,
    )
    if upload is not None:
        item.original_name = (upload.name or "")[:200]
        item.size = upload.size or 0
        item.file.save(upload.name or "evidence", upload, save=False)
    item.save()
    audit_record(
        authority=action.plan.authority,
        actor=actor,
        verb="evidence_added",
        obj=action,
        changes={"evidence": [None, item.title]},
    )
    return item


@dataclass(frozen=True)
class ImportedUpdate:
    text: str
    date: dt.date | None  # None: the source gives no date (recorded as undated)
    week: int | None = None
    part: str = ""


def imported_update_values(
    reference: str, weeks: range, item: ImportedUpdate, number: int, today: dt.date
) -> tuple[dt.date | None, int | None, str, str]:
    """The date, plan week, part and text an imported update is stored with, checked; or
    ValidationError saying which update of action `reference` and why. `weeks` are the
    plan's weeks; a week outside them is not kept."""
    problem = ""
    if not item.text.strip():
        problem = "is empty"
    elif len(item.text) > MAX_UPDATE_TEXT:
        problem = f"is longer than {MAX_UPDATE_TEXT:,} characters"
    elif item.date is not None and item.date > today:
        problem = f"is dated {item.date:%-d %B %Y}, after today"
    if problem:
        raise ValidationError(f"Update {number} of action {reference} {problem}")
    week = item.week if item.week and item.week in weeks else None
    return item.date, week, item.part, item.text.strip()


def imported_update_row(
    action: Action,
    plan: Plan,
    actor: User | None,
    item: ImportedUpdate,
    number: int,
    today: dt.date,
) -> Update:
    """An unsaved Update for an imported one, or ValidationError saying which and why."""
    weeks = range(plan.first_week, plan.last_week + 1)
    date, week, part, text = imported_update_values(action.reference, weeks, item, number, today)
    return Update(
        action=action,
        date=date,
        week=week,
        part=part,
        text=text,
        rag="",
        author=actor,
        origin=Update.Origin.IMPORTED,
    )


@transaction.atomic
def updates_import(
    *,
    action: Action,
    actor: User | None,
    updates: list[ImportedUpdate],
    rag: str = "",
    today: dt.date,
    recorded_at: dt.datetime | None = None,
) -> int:
    """Add updates read from an imported plan, in one insert, with one audit event.

    They carry no status change or evidence: those come only with updates people post. They
    count as accepted at `recorded_at` (the import's time, or the document's own date when
    the lead states it); a RAG the plan gives becomes the accepted RAG then.
    """
    plan = action.plan
    recorded_at = recorded_at or timezone.now()
    rows = [
        imported_update_row(action, plan, actor, item, number, today)
        for number, item in enumerate(updates, start=1)
    ]
    for row in rows:
        row.recorded_at = recorded_at
    if rag and rows:
        rows[-1].rag = rag
    Update.objects.bulk_create(rows)
    if rag and rag != action.rag:
        StatusChange.objects.create(
            action=action,
            update=rows[-1] if rows else None,
            field=StatusChange.Field.RAG,
            old_value=action.rag,
            new_value=rag,
            reason="Given in the imported plan",
            changed_by=actor,
            recorded_at=recorded_at,
            changed_at=recorded_at,
        )
        action.rag = rag
        action.save(update_fields=["rag"])
    if rows:
        audit_record(
            authority=plan.authority,
            actor=actor,
            verb="updates_imported",
            obj=action,
            changes={"updates": [None, len(rows)]},
        )
    return len(rows)


__all__ = [
    "EvidenceSpec",
    "ImpactStatus",
    "ImportedUpdate",
    "may_update",
    "update_submit",
    "updates_import",
]
