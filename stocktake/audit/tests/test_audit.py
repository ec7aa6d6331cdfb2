"""The audit log: written by services with before and after, shown to admins only, and the
change history on each action."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.urls import reverse

from stocktake.audit.models import AuditEvent
from stocktake.audit.services import audit_record, diff, snapshot
from stocktake.core.tests.helpers import pdf_upload, shows_change, visible_text
from stocktake.plans.services import ActionFields, OwnerSpec, action_update, update_submit
from stocktake.plans.services.updates import EvidenceSpec


def reword(world, action, text: str, actor_role: str = "lead") -> None:
    action_update(
        action=action,
        actor=world.users[actor_role],
        expected_version=action.version,
        fields=ActionFields(
            reference=action.reference,
            text=text,
            theme=action.theme,
            deadline_text=action.deadline_text,
            owners=[OwnerSpec(o.person, o.part) for o in action.owners.all()],
        ),
    )


def test_diff_keeps_only_changed_fields_in_plain_values(world):
    before = {"name": "Old", "due": dt.date(2019, 6, 23), "cost": Decimal("1.50"), "same": 1}
    after = {"name": "New", "due": dt.date(2019, 6, 30), "cost": Decimal("1.50"), "same": 1}

    assert diff(before, after) == {
        "name": ["Old", "New"],
        "due": [dt.date(2019, 6, 23), dt.date(2019, 6, 30)],
    }
    assert snapshot(world.action, ["theme", "due_date"]) == {
        "theme": "Leadership",
        "due_date": world.action.due_date.isoformat(),
    }


def test_audit_record_stores_who_what_and_plain_changes(world):
    event = audit_record(
        authority=world.authority,
        actor=world.users["admin"],
        verb="updated",
        obj=world.action,
        changes={"due": [None, dt.date(2019, 1, 7)]},
    )

    event.refresh_from_db()
    assert (event.object_type, event.object_id) == ("plans.action", str(world.action.pk))
    assert event.object_repr == str(world.action)
    assert event.changes == {"due": [None, "2019-01-07"]}


def test_the_admin_sees_the_authoritys_events_with_before_and_after(world, client_for):
    reword(world, world.action, "Weekly clinic for every team")
    reword(world, world.other_action, "Otherborough secret wording", actor_role="outsider")

    page = visible_text(
        client_for(world.users["admin"]).get(
            reverse("audit:authority_log", args=[world.authority.slug])
        )
    )

    assert shows_change(page, "Do the thing well", "Weekly clinic for every team")
    assert re.search(r"\blead\b", page)
    assert "Otherborough secret wording" not in page


def test_members_other_than_the_admin_are_refused_the_audit_log(world, client_for):
    reword(world, world.action, "Weekly clinic for every team")
    url = reverse("audit:authority_log", args=[world.authority.slug])

    for role in ("lead", "owner", "partner", "viewer"):
        response = client_for(world.users[role]).get(url)
        assert response.status_code == 403
        assert "Weekly clinic for every team" not in response.content.decode()


def test_only_the_admin_is_offered_the_audit_log_link(world, client_for):
    url = reverse("audit:authority_log", args=[world.authority.slug])
    people = reverse("people:list", args=[world.authority.slug])

    assert url in client_for(world.users["admin"]).get(people).content.decode()
    assert url not in client_for(world.users["lead"]).get(people).content.decode()


def test_action_detail_shows_the_change_history_with_before_and_after(world, client_for):
    reword(world, world.action, "Weekly clinic for every team")
    membership = world.users["owner"].memberships.get()
    update = update_submit(
        action=world.action,
        membership=membership,
        actor=world.users["owner"],
        text="Clinic started",
        delivery_status="blocked",
        reason="No room booked",
        evidence=EvidenceSpec(file=pdf_upload("timetable.pdf")),
    )
    from stocktake.governance.services import update_review

    # The change of status is the lead's acceptance of the update.
    update_review(update=update, actor=world.users["lead"], decision="accepted")
    url = reverse(
        "plans:action_detail", args=[world.authority.slug, world.plan.pk, world.action.pk]
    )

    page = visible_text(client_for(world.users["viewer"]).get(url))

    history = page[page.index("Change history") :]
    assert shows_change(history, "Do the thing well", "Weekly clinic for every team")
    assert shows_change(history, "Not started", "Blocked")
    assert "No room booked" in history
    assert "timetable.pdf" in history
    status_changes = page[page.index("Status changes") : page.index("Change history")]
    assert shows_change(status_changes, "Not started", "Blocked")
    assert "No room booked" in status_changes


def test_events_are_only_ever_added(world):
    count = AuditEvent.objects.count()

    reword(world, world.action, "First")
    reword(world, world.action, "Second")

    events = AuditEvent.objects.for_object(world.action).filter(verb="updated").order_by("id")
    assert AuditEvent.objects.count() == count + 2
    assert [e.changes["text"] for e in events] == [
        ["Do the thing well", "First"],
        ["First", "Second"],
    ]
