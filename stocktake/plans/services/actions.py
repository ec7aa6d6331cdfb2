from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Value
from django.db.models.functions import Replace, Upper
from django.utils import timezone

from stocktake.accounts.models import User
from stocktake.audit.services import audit_record, diff, snapshot
from stocktake.core.locking import version_claim
from stocktake.people.models import Person
from stocktake.plans.deadlines import parse_deadline
from stocktake.plans.models import Action, ActionOwner, ActionRevision, Plan, Theme
from stocktake.plans.services.closed import refuse_if_closed

ACTION_FIELDS = [
    "reference",
    "theme",
    "number",
    "text",
    "impact",
    "outcome",
    "deadline_text",
    "due_start",
    "due_date",
    "joint_delivery",
    "cross_references",
]
MAX_TEXT = 10_000


@dataclass(frozen=True)
class OwnerSpec:
    person: Person
    part: str = ""


@dataclass
class ActionFields:
    """What a person can write about an action (status changes come only with updates)."""

    reference: str
    text: str
    theme: Theme | None = None
    number: int | None = None
    impact: str = ""
    outcome: str = ""
    deadline_text: str = ""
    due_date: dt.date | None = None
    joint_delivery: bool = False
    cross_references: str = ""
    owners: list[OwnerSpec] = field(default_factory=list)
    # An import keeps a deadline it cannot read ("31 Sept 2017") as text with no due date,
    # having warned about it; a person typing one is asked to correct it instead.
    keep_unreadable_deadline: bool = False


def _normalise_reference(reference: str) -> str:
    return re.sub(r"\s+", " ", reference).strip()


def _validate(
    plan: Plan, fields: ActionFields, exclude: int | None, taken: set[str] | None = None
) -> dict[str, object]:
    """Check `fields` for `plan`. `taken` (upper-cased references already used) lets a bulk
    caller check many actions without a query each."""
    errors: dict[str, str] = {}
    reference = _normalise_reference(fields.reference)
    if not reference:
        errors["reference"] = "Enter a reference, for example LA1"
    elif (
        reference.upper() in taken
        if taken is not None
        else plan.actions.filter(reference__iexact=reference).exclude(pk=exclude or 0).exists()
    ):
        errors["reference"] = f"This plan already has an action {reference}"
    if not fields.text.strip():
        errors["text"] = "Enter what the action is"
    for name in ("text", "impact", "outcome"):
        if len(getattr(fields, name)) > MAX_TEXT:
            errors[name] = f"Use {MAX_TEXT:,} characters or fewer"
    if fields.theme is not None and fields.theme.plan_id != plan.pk:
        errors["theme"] = "Choose a theme from this plan"
    if any(o.person.authority_id != plan.authority_id for o in fields.owners):
        errors["owners"] = "Choose owners from this authority's register of people"
    deadline = parse_deadline(fields.deadline_text, week1=plan.week1_date)
    due_start, due_date = deadline.due_start, fields.due_date or deadline.due_date
    if deadline.problem and fields.due_date is None and not fields.keep_unreadable_deadline:
        errors["deadline_text"] = (
            f"{deadline.problem}. Write it as “Week 24”, “Week 13 – 24”, a date such as "
            "30/06/2019 or “Ongoing”, or enter a due date"
        )
    if errors:
        raise ValidationError(errors)
    return {
        "reference": reference,
        "due_start": due_start,
        "due_date": due_date,
        "deadline_text": deadline.text,
    }


def _named_refs(cross_references: str) -> set[str]:
    return {r.replace(" ", "").upper() for r in re.split(r"[\s/,;]+", cross_references) if r}


def action_link_cross_references(action: Action, *, new: bool = False) -> None:
    """Link the action to the actions its cross-references name, in any of the authority's
    plans, and to the actions whose cross-references name it (a link is symmetrical, so
    saving one action must not drop a link another declares). References that match
    nothing stay as written. A `new` action has no links to drop."""
    others = Action.objects.filter(plan__authority_id=action.plan.authority_id).exclude(
        pk=action.pk
    )
    named = others.annotate(key=Replace(Upper("reference"), Value(" "), Value(""))).filter(
        key__in=_named_refs(action.cross_references)
    )
    own = action.reference.replace(" ", "").upper()
    naming = [
        a
        for a in others.filter(cross_references__icontains=own).only("pk", "cross_references")
        if own in _named_refs(a.cross_references)
    ]
    linked = [*named, *naming]
    if new:
        if linked:
            action.related.add(*linked)
        return
    action.related.set(linked)


def _set_owners(action: Action, owners: list[OwnerSpec], *, new: bool = False) -> list[ActionOwner]:
    """Replace the action's owners (a `new` action has none to remove); the rows written, in
    the owners' own order (part, then id)."""
    if not new:
        action.owners.all().delete()
    seen: set[tuple[int, str]] = set()
    rows = []
    for spec in owners:
        if (spec.person.pk, spec.part) not in seen:
            seen.add((spec.person.pk, spec.part))
            rows.append(ActionOwner(action=action, person=spec.person, part=spec.part))
    written = ActionOwner.objects.bulk_create(rows)
    if any(row.pk is None for row in written):  # a database that does not return the ids
        return list(action.owners.select_related("person"))
    return sorted(written, key=lambda row: (row.part, row.pk))


def _owner_labels(action: Action) -> list[str]:
    return [str(o) for o in action.owners.select_related("person")]


def revision_row(action: Action, owners: list[list[object]], author: User | None) -> ActionRevision:
    """An unsaved revision: what `action` says now, with `owners` ([person id, part] pairs)."""
    return ActionRevision(
        action=action,
        recorded_at=action.recorded_at,
        author=author,
        reference=action.reference,
        text=action.text,
        theme_id=action.theme_id,
        deadline_text=action.deadline_text,
        due_start=action.due_start,
        due_date=action.due_date,
        owners=owners,
    )


def _revise(
    action: Action, author: User | None, at: dt.datetime, rows: list[ActionOwner] | None = None
) -> None:
    """Record the action as it now reads, from `at` (insert-only); `rows` are its owners in
    their order, when the caller has them."""
    if rows is None:
        rows = list(action.owners.order_by("part", "id"))
    owners: list[list[object]] = [[o.person_id, o.part] for o in rows]
    revision = revision_row(action, owners, author)
    revision.recorded_at = at
    revision.save()


@transaction.atomic
def action_create(
    *,
    plan: Plan,
    actor: User | None,
    fields: ActionFields,
    link_references: bool = True,
    recorded_at: dt.datetime | None = None,
) -> Action:
    """Create an action. An importer creating many passes `link_references=False` and links
    cross-references once at the end, when every action they may name exists.

    `recorded_at` is when Stocktake learned of it: now, unless an importer records a plan as
    at the document's own date (never for anything typed in the app)."""
    refuse_if_closed(plan, "Add the action to the next phase")
    resolved = _validate(plan, fields, exclude=None)
    number = fields.number
    if number is None:
        number = (plan.actions.aggregate(m=Max("number"))["m"] or 0) + 1
    action = Action.objects.create(
        plan=plan,
        theme=fields.theme,
        number=number,
        text=fields.text.strip(),
        impact=fields.impact.strip(),
        outcome=fields.outcome.strip(),
        joint_delivery=fields.joint_delivery,
        cross_references=fields.cross_references.strip(),
        recorded_at=recorded_at or timezone.now(),
        **resolved,
    )
    owners = _set_owners(action, fields.owners, new=True)
    _revise(action, actor, action.recorded_at, owners)
    if link_references:
        action_link_cross_references(action, new=True)
    changes = diff({}, snapshot(action, ACTION_FIELDS))
    changes["owners"] = [None, [str(o) for o in owners]]
    audit_record(authority=plan.authority, actor=actor, verb="created", obj=action, changes=changes)
    return action


@transaction.atomic
def action_update(
    *,
    action: Action,
    actor: User | None,
    expected_version: int | None,
    fields: ActionFields,
    link_references: bool = True,
    recorded_at: dt.datetime | None = None,
) -> Action:
    """Save an edit, or raise ConflictError if someone saved since `expected_version`.

    The edit is history too: a new revision from now (or an importer's `recorded_at`), so
    the state as of an earlier date keeps the wording, owners and deadline then in force."""
    refuse_if_closed(action.plan, "Edit the action")
    resolved = _validate(action.plan, fields, exclude=action.pk)
    version_claim(action, expected_version)
    before = snapshot(action, ACTION_FIELDS)
    owners_before = _owner_labels(action)
    action.theme, action.text = fields.theme, fields.text.strip()
    action.impact, action.outcome = fields.impact.strip(), fields.outcome.strip()
    action.joint_delivery = fields.joint_delivery
    action.cross_references = fields.cross_references.strip()
    if fields.number is not None:
        action.number = fields.number
    for name, value in resolved.items():
        setattr(action, name, value)
    # Only the wording: an owner's update may have changed the statuses and RAG since this
    # action was read, and they are not this edit's to write.
    action.save(update_fields=ACTION_FIELDS)
    _set_owners(action, fields.owners)
    if link_references:
        action_link_cross_references(action)
    changes = diff(before, snapshot(action, ACTION_FIELDS))
    owners_after = _owner_labels(action)
    if owners_after != owners_before:
        changes["owners"] = [owners_before, owners_after]
    if changes:
        _revise(action, actor, recorded_at or timezone.now())
        audit_record(
            authority=action.plan.authority,
            actor=actor,
            verb="updated",
            obj=action,
            changes=changes,
        )
    return action


def action_differs(action: Action, fields: ActionFields) -> bool:
    """Whether saving `fields` would change the action (so re-imports can skip it)."""
    resolved = _validate(action.plan, fields, exclude=action.pk)
    proposed: dict[str, object] = {
        "theme": fields.theme,
        "text": fields.text.strip(),
        "impact": fields.impact.strip(),
        "outcome": fields.outcome.strip(),
        "joint_delivery": fields.joint_delivery,
        "cross_references": fields.cross_references.strip(),
        **resolved,
    }
    if fields.number is not None:
        proposed["number"] = fields.number
    if any(getattr(action, name) != value for name, value in proposed.items()):
        return True
    owners = {(o.person_id, o.part) for o in action.owners.all()}
    return owners != {(o.person.pk, o.part) for o in fields.owners}
