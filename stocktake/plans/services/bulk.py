"""Creating many actions at once, for imports: a few inserts instead of a dozen per action.

The checks are the ones `action_create` and `updates_import` make; only the writing is
batched. Every action still gets its "created" audit event with its values. Imported updates
and the audit events are written as plain rows (`insert_rows`), not model instances: for a
1,000-action plan with 20,000 updates, building and compiling the instances took longer
than everything else in the import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.utils import timezone

from stocktake.accounts.models import User
from stocktake.audit.models import AuditEvent
from stocktake.audit.services import diff, snapshot
from stocktake.plans.models import Action, ActionOwner, ActionRevision, Plan, StatusChange, Update
from stocktake.plans.services.actions import ACTION_FIELDS, ActionFields, _validate, revision_row
from stocktake.plans.services.closed import refuse_if_closed
from stocktake.plans.services.updates import ImportedUpdate, imported_update_values

# Field types whose database value is the Python value itself (str, int, bool or None).
_AS_IS = {"CharField", "TextField", "IntegerField", "ForeignKey", "BooleanField"}


@dataclass
class NewAction:
    fields: ActionFields
    updates: list[ImportedUpdate] = field(default_factory=list)
    rag: str = ""
    extra: dict[str, str] = field(default_factory=dict)


class ActionInvalid(ValidationError):
    """One of the new actions is invalid; `index` says which."""

    def __init__(self, error: ValidationError, index: int) -> None:
        super().__init__(error.messages)
        self.index = index


def insert_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]], **common: Any
) -> None:
    """Insert `rows` of plain values in one go, without building model instances.

    Each row gives the fields `names` (attnames, such as "action_id") in order. Every other
    field takes its value from `common`, else as a new instance would have it: now for
    auto_now(_add), else its default ("" for text, NULL otherwise). Values are prepared for
    the database as `save()` prepares them, the shared ones once. No signals are sent (as
    with bulk_create). The primary key must be automatic. On PostgreSQL the rows go in by
    COPY, which Django's execute wrappers (query logging, counting) do not see.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.pk]
    by_name = {f.attname: f for f in fields}
    if unknown := (set(names) | set(common)) - set(by_name):
        raise TypeError(f"{model.__name__} has no fields {sorted(unknown)}")
    shared: dict[str, Any] = {}
    for f in fields:
        if f.attname in names:
            continue
        if f.attname in common:
            value = common[f.attname]
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        else:  # as a new instance has it: the default, "" for text, else None
            value = f.get_default()
        if value is None and not f.null:
            raise TypeError(f"{model.__name__}.{f.attname} needs a value")
        shared[f.attname] = f.get_db_prep_save(value, connection)
    given = [by_name[name] for name in names]
    prepare = [None if f.get_internal_type() in _AS_IS else _preparer(f, connection) for f in given]
    shared_values = list(shared.values())
    params = [
        [value if prep is None else prep(value) for value, prep in zip(row, prepare, strict=True)]
        + shared_values
        for row in rows
    ]
    all_fields = [*given, *(by_name[name] for name in shared)]
    quote = connection.ops.quote_name
    # The table and column names come from the model, quoted; every value is a parameter.
    table = quote(model._meta.db_table)
    names_sql = ", ".join(quote(str(f.column)) for f in all_fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: for 20,000 update rows, an executemany took about a second and one
            # INSERT ... SELECT FROM UNNEST (what bulk_create does) half that; COPY a fifth.
            # It goes to psycopg's cursor directly, so Django's execute wrappers do not see it.
            with cursor.cursor.copy(f"COPY {table} ({names_sql}) FROM STDIN") as copy:
                for row in params:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(all_fields))
            cursor.executemany(
                f"INSERT INTO {table} ({names_sql}) VALUES ({marks})",  # noqa: S608
                params,
            )


def _preparer(field: models.Field, connection: Any) -> Any:
    """`field.get_db_prep_save`, remembering its answers for values that repeat (dates)."""
    seen: dict[Any, Any] = {}

    def prepare(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            seen[value] = field.get_db_prep_save(value, connection)
            return seen[value]
        except TypeError:  # not hashable
            return field.get_db_prep_save(value, connection)

    return prepare


@transaction.atomic
def actions_create_many(
    *,
    plan: Plan,
    actor: User | None,
    items: list[NewAction],
    today: dt.date,
    recorded_at: dt.datetime | None = None,
) -> list[Action]:
    """Create new actions with their owners and imported updates, all or nothing.

    All are recorded at `recorded_at` (the import's time, or the document's own date when the
    lead states it): the actions, their first revisions, the updates (which count as
    accepted then) and the RAG the plan gives."""
    refuse_if_closed(plan, "Import into the next phase")
    recorded_at = recorded_at or timezone.now()
    taken = {r.upper() for r in plan.actions.values_list("reference", flat=True)}
    actions = []
    for index, item in enumerate(items):
        try:
            resolved = _validate(plan, item.fields, exclude=None, taken=taken)
        except ValidationError as error:
            raise ActionInvalid(error, index) from None
        taken.add(str(resolved["reference"]).upper())
        f = item.fields
        actions.append(
            Action(
                plan=plan,
                theme=f.theme,
                number=f.number or 0,
                text=f.text.strip(),
                impact=f.impact.strip(),
                outcome=f.outcome.strip(),
                joint_delivery=f.joint_delivery,
                cross_references=f.cross_references.strip(),
                rag=item.rag,
                extra=dict(item.extra),
                recorded_at=recorded_at,
                **resolved,
            )
        )
    Action.objects.bulk_create(actions)
    weeks = range(plan.first_week, plan.last_week + 1)
    owners: list[ActionOwner] = []
    updates: list[list[Any]] = []  # action_id, date, week, part, text, rag
    events: list[tuple[str, str, str, dict[str, Any]]] = []  # verb, object_id, repr, changes
    for index, (action, item) in enumerate(zip(actions, items, strict=True)):
        seen: set[tuple[int, str]] = set()
        labels = []
        for spec in item.fields.owners:
            if (spec.person.pk, spec.part) not in seen:
                seen.add((spec.person.pk, spec.part))
                owner = ActionOwner(action=action, person=spec.person, part=spec.part)
                owners.append(owner)
                labels.append(str(owner))
        try:
            rows = [
                [action.pk, *imported_update_values(action.reference, weeks, u, n, today), ""]
                for n, u in enumerate(item.updates, start=1)
            ]
        except ValidationError as error:
            raise ActionInvalid(error, index) from None
        if rows and item.rag:
            rows[-1][-1] = item.rag
        updates.extend(rows)
        changes = diff({}, snapshot(action, ACTION_FIELDS))
        changes["owners"] = [None, labels]
        name = str(action)[:300]
        events.append(("created", str(action.pk), name, changes))
        if rows:
            events.append(
                ("updates_imported", str(action.pk), name, {"updates": [None, len(rows)]})
            )
    ActionOwner.objects.bulk_create(owners)
    insert_rows(
        Update,
        ["action_id", "date", "week", "part", "text", "rag"],
        updates,
        author_id=actor.pk if actor else None,
        origin=Update.Origin.IMPORTED,
        recorded_at=recorded_at,
    )
    _first_history(actions, owners, actor, recorded_at)
    insert_rows(
        AuditEvent,
        ["verb", "object_id", "object_repr", "changes"],
        events,
        authority_id=plan.authority_id,
        actor_id=actor.pk if actor else None,
        object_type=Action._meta.label_lower,
    )
    return actions


def _first_history(
    actions: list[Action], owners: list[ActionOwner], actor: User | None, at: dt.datetime
) -> None:
    """Each new action's first revision and, if the plan rates it, its accepted RAG."""
    owned: dict[int, list[list[object]]] = {}
    for owner in owners:
        owned.setdefault(owner.action_id, []).append([owner.person_id, owner.part])
    ActionRevision.objects.bulk_create(
        [revision_row(a, owned.get(a.pk, []), actor) for a in actions], batch_size=500
    )
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                action=a,
                field=StatusChange.Field.RAG,
                new_value=a.rag,
                reason="Given in the imported plan",
                changed_by=actor,
                recorded_at=at,
                changed_at=at,
            )
            for a in actions
            if a.rag
        ],
        batch_size=500,
    )
