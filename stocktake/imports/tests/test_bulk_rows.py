"""The import's fast path writes what the one-action-at-a-time services write.

`actions_create_many` writes imported updates and audit events as plain rows (COPY on
PostgreSQL, executemany on SQLite), so these tests check the rows themselves, with text
that a careless COPY or quoting would damage.
"""

from __future__ import annotations

import datetime as dt

import pytest

from stocktake.accounts.roles import Role
from stocktake.audit.models import AuditEvent
from stocktake.demo import factories
from stocktake.plans.models import Update
from stocktake.plans.services import (
    ActionFields,
    ImportedUpdate,
    OwnerSpec,
    action_create,
    updates_import,
)
from stocktake.plans.services.bulk import (
    ActionInvalid,
    NewAction,
    actions_create_many,
    insert_rows,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2019, 7, 1)
RECORDED = dt.datetime(2019, 7, 1, 9, tzinfo=dt.UTC)  # both paths record the import then
TRICKY = [
    "Back\\slash, a \\N and a\ttab",
    "Quotes ' \" and “curly” – dashes",
    "  Line one\n\nLine two  ",
    "Ünïcödé ✓ 😀, 100% done; \\. and \r\n ends",
]


@pytest.fixture
def setting():
    authority = factories.make_authority()
    actor = factories.make_user(authority, Role.ADMIN)
    plan = factories.make_plan(authority)  # weeks 1-12 from 1 April 2019
    person = factories.make_person(authority, "Jane Smith", "Head of MASH")
    return plan, actor, person


def _updates() -> list[ImportedUpdate]:
    return [
        ImportedUpdate(
            text=text,
            date=dt.date(2019, 4, 1) + dt.timedelta(weeks=i),
            week=i + 1 if i < 3 else 40,  # week 40 is outside the plan: not kept
            part="pt1" if i == 1 else "",
        )
        for i, text in enumerate(TRICKY)
    ]


def _fields(reference: str, person) -> ActionFields:
    return ActionFields(
        reference=reference,
        text="Agree the protocol",
        deadline_text="Week 6",
        owners=[OwnerSpec(person)],
    )


def _rows(action) -> list[dict]:
    return [
        {k: v for k, v in row.items() if k not in ("id", "action_id", "created_at")}
        for row in Update.objects.filter(action=action).order_by("pk").values()
    ]


def test_bulk_updates_are_the_rows_updates_import_writes(setting):
    plan, actor, person = setting
    [bulk] = actions_create_many(
        plan=plan,
        actor=actor,
        items=[NewAction(_fields("B1", person), _updates(), rag="amber")],
        today=TODAY,
        recorded_at=RECORDED,
    )
    one = action_create(plan=plan, actor=actor, fields=_fields("S1", person))
    updates_import(
        action=one,
        actor=actor,
        updates=_updates(),
        rag="amber",
        today=TODAY,
        recorded_at=RECORDED,
    )

    rows = _rows(bulk)
    assert rows == _rows(one)
    assert [r["text"] for r in rows] == [t.strip() for t in TRICKY]
    assert [r["week"] for r in rows] == [1, 2, 3, None]
    assert [r["part"] for r in rows] == ["", "pt1", "", ""]
    assert [r["rag"] for r in rows] == ["", "", "", "amber"]
    assert {r["origin"] for r in rows} == {Update.Origin.IMPORTED}
    assert {r["author_id"] for r in rows} == {actor.pk}
    assert all(u.created_at is not None for u in Update.objects.filter(action=bulk))


def test_every_new_action_has_its_audit_events(setting):
    plan, actor, person = setting
    first, second = actions_create_many(
        plan=plan,
        actor=actor,
        items=[NewAction(_fields("B1", person), _updates()), NewAction(_fields("B2", person))],
        today=TODAY,
    )
    events = AuditEvent.objects.filter(object_type="plans.action").order_by("pk")
    assert [(e.verb, e.object_id) for e in events] == [
        ("created", str(first.pk)),
        ("updates_imported", str(first.pk)),
        ("created", str(second.pk)),
    ]
    created, imported = events[0], events[1]
    assert created.actor == actor and created.authority == plan.authority
    assert created.object_repr == str(first)
    assert created.changes["reference"] == [None, "B1"]
    assert created.changes["deadline_text"] == [None, "Week 6"]
    assert created.changes["owners"] == [None, ["Jane Smith – Head of MASH"]]
    assert imported.changes == {"updates": [None, len(TRICKY)]}
    assert created.at is not None


def test_an_invalid_update_names_its_action_and_writes_nothing(setting):
    plan, actor, person = setting
    late = ImportedUpdate(text="Not yet", date=TODAY + dt.timedelta(days=1))
    before = (Update.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ActionInvalid) as raised:
        actions_create_many(
            plan=plan,
            actor=actor,
            items=[
                NewAction(_fields("B1", person), _updates()),
                NewAction(_fields("B2", person), [late]),
            ],
            today=TODAY,
        )
    assert raised.value.index == 1
    assert "Update 1 of action B2 is dated 2 July 2019, after today" in raised.value.messages
    assert (Update.objects.count(), AuditEvent.objects.count()) == before


def test_insert_rows_fills_defaults_and_refuses_unknown_fields(setting):
    plan = setting[0]
    action = factories.make_action(plan, "A1")
    insert_rows(Update, ["action_id", "date", "text"], [[action.pk, TODAY, "Posted"]])
    update = Update.objects.get(action=action)
    assert (update.origin, update.week, update.rag, update.author) == ("posted", None, "", None)
    assert update.date == TODAY and update.created_at is not None
    with pytest.raises(TypeError, match="no fields"):
        insert_rows(Update, ["action_id", "colour"], [[action.pk, "red"]])
    with pytest.raises(TypeError, match="action_id needs a value"):
        insert_rows(Update, ["text"], [["Whose?"]])  # an update's date may be unknown
    assert Update.objects.filter(action=action).count() == 1
