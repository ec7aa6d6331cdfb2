"""update_submit: insert-only updates proposing a RAG and statuses, which become the action's
state (with insert-only history rows) only when a lead accepts them; reasons, evidence,
all-or-nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from stocktake.accounts.models import Membership
from stocktake.audit.models import AuditEvent
from stocktake.core.tests.helpers import db_state, pdf_upload
from stocktake.plans.models import Action, Evidence, StatusChange, Update
from stocktake.plans.services import update_submit
from stocktake.plans.services import updates as updates_module
from stocktake.plans.services.updates import EvidenceSpec


def accept(world, update):
    from stocktake.governance.services import update_review

    return update_review(update=update, actor=world.users["lead"], decision="accepted")


def post(world, role="owner", action=None, **values):
    user = world.users[role]
    values.setdefault("text", "Clinic held with six social workers")
    return update_submit(
        action=action or world.action,
        membership=Membership.objects.get(user=user),
        actor=user,
        **values,
    )


def test_an_update_is_saved_with_its_week_worked_out_from_the_date(world):
    day = world.plan.week_start(3) + dt.timedelta(days=2)

    update = post(world, date=day, rag="amber")

    assert (update.text, update.date, update.week, update.rag) == (
        "Clinic held with six social workers",
        day,
        3,
        "amber",
    )
    assert update.author == world.users["owner"]
    assert Action.objects.get(pk=world.action.pk).rag == ""  # proposed, not yet accepted
    event = AuditEvent.objects.get(verb="update_posted")
    assert event.changes["rag"] == [None, "amber"]
    accept(world, update)
    assert Action.objects.get(pk=world.action.pk).rag == "amber"


def test_updates_are_insert_only(world):
    first = post(world, text="First")
    first_row = Update.objects.filter(pk=first.pk).values().get()

    second = post(world, text="Second")

    assert second.pk != first.pk
    assert list(world.action.updates.values_list("text", flat=True)) == ["Second", "First"]
    assert Update.objects.filter(pk=first.pk).values().get() == first_row


def test_accepting_writes_an_insert_only_history_row_and_an_audit_event(world):
    update = post(world, delivery_status="at_risk", impact_status="emerging")
    accept(world, update)
    accept(world, post(world, delivery_status="off_track", reason="Two managers left"))

    delivery = StatusChange.objects.filter(action=world.action, field="delivery")
    assert [(c.old_value, c.new_value, c.reason) for c in delivery.order_by("id")] == [
        ("not_started", "at_risk", ""),
        ("at_risk", "off_track", "Two managers left"),
    ]
    impact = StatusChange.objects.get(action=world.action, field="impact")
    assert (impact.old_value, impact.new_value, impact.update) == (
        "not_yet_evidenced",
        "emerging",
        update,
    )
    assert impact.changed_by == world.users["lead"]  # who accepted it
    action = Action.objects.get(pk=world.action.pk)
    assert (action.delivery_status, action.impact_status) == ("off_track", "emerging")
    changes = [e.changes for e in AuditEvent.objects.filter(verb="status_changed").order_by("id")]
    assert changes[-1] == {
        "delivery_status": ["at_risk", "off_track"],
        "reason": "Two managers left",
    }


def test_an_unchanged_status_writes_no_history(world):
    accept(world, post(world, delivery_status="on_track"))
    accept(world, post(world, delivery_status="on_track"))

    assert StatusChange.objects.count() == 1


def test_posting_writes_no_history_and_leaves_the_action_as_accepted(world):
    update = post(world, delivery_status="at_risk", rag="red", reason="Two managers left")

    assert StatusChange.objects.count() == 0
    action = Action.objects.get(pk=world.action.pk)
    assert (action.delivery_status, action.rag) == ("not_started", "")
    assert (update.delivery_status, update.rag, update.reason) == (
        "at_risk",
        "red",
        "Two managers left",
    )


def test_a_returned_update_changes_nothing(world):
    from stocktake.governance.services import update_review

    update = post(world, delivery_status="at_risk", rag="amber")
    update_review(
        update=update, actor=world.users["lead"], decision="returned", comment="Which teams?"
    )

    assert StatusChange.objects.count() == 0
    action = Action.objects.get(pk=world.action.pk)
    assert (action.delivery_status, action.rag) == ("not_started", "")


def test_an_accepted_update_cannot_be_reviewed_again(world):
    from stocktake.governance.services import AlreadyReviewed, update_review

    update = post(world, rag="amber")
    first = accept(world, update)

    with pytest.raises(AlreadyReviewed, match="already been accepted"):
        update_review(
            update=update,
            actor=world.users["lead"],
            decision="returned",
            comment="Changed my mind",
            expected=first.pk,
        )
    assert Action.objects.get(pk=world.action.pk).rag == "amber"


def test_a_person_cannot_back_date_an_update(world):
    from django.utils import timezone

    with pytest.raises(ValueError, match="recorded when it is posted"):
        post(world, recorded_at=timezone.now() - dt.timedelta(days=30))
    assert Update.objects.count() == 0


def test_a_reason_is_kept_with_the_update_text(world):
    update = post(world, rag="red", reason="No budget agreed")

    assert update.text == "Clinic held with six social workers\n\nReason: No budget agreed"


def test_complete_with_a_link_adds_evidence_and_rates_blue(world):
    update = post(
        world,
        delivery_status="complete",
        evidence=EvidenceSpec(link="https://example.org/minutes", title="Minutes"),
    )
    accept(world, update)

    action = Action.objects.get(pk=world.action.pk)
    assert (action.delivery_status, action.rag) == ("complete", "blue")
    assert Evidence.objects.get(action=action).link == "https://example.org/minutes"


def test_complete_is_allowed_when_evidence_was_added_earlier(world):
    post(world, evidence=EvidenceSpec(file=pdf_upload()))

    accept(world, post(world, delivery_status="complete"))

    assert Action.objects.get(pk=world.action.pk).delivery_status == "complete"


def test_an_evidence_file_is_stored_with_its_name_and_size(world):
    update = post(world, evidence=EvidenceSpec(file=pdf_upload("plan.pdf")))

    item = Evidence.objects.get(update=update)
    assert (item.original_name, item.size, item.title) == ("plan.pdf", 42, "plan.pdf")
    assert item.file.read().startswith(b"%PDF")


TODAY = dt.date.today()
FAKE_PDF = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf at all")
BAD_INPUTS = {
    "empty text": ({"text": "  "}, "text", "Enter what has happened since the last update"),
    "text too long": (
        {"text": "x" * 5_001},
        "text",
        "The update must be 5,000 characters or fewer",
    ),
    "future date": (
        # "today" is given so the case holds even when the suite runs across midnight.
        {"date": TODAY + dt.timedelta(days=1), "today": TODAY},
        "date",
        "The date of the update must be today or in the past",
    ),
    "week before the plan": ({"week": 0}, "week", "The plan week must be between 1 and 12"),
    "week after the plan": ({"week": 13}, "week", "The plan week must be between 1 and 12"),
    "red without reason": (
        {"rag": "red"},
        "reason",
        "Explain why the action is red, off track or blocked",
    ),
    "off track without reason": (
        {"delivery_status": "off_track"},
        "reason",
        "Explain why the action is red, off track or blocked",
    ),
    "blocked without reason": (
        {"delivery_status": "blocked", "reason": "  "},
        "reason",
        "Explain why the action is red, off track or blocked",
    ),
    "complete without evidence": (
        {"delivery_status": "complete"},
        "evidence_file",
        "Add evidence (a file or a link) to mark the action complete",
    ),
    "forbidden type": (
        {"evidence": EvidenceSpec(file=SimpleUploadedFile("x.exe", b"MZ"))},
        "evidence_file",
        "The selected file must be a PDF, Word, Excel, "
        "PowerPoint, OpenDocument, Outlook, CSV, text, PNG or JPEG file",
    ),
    "fake pdf": (
        {"evidence": EvidenceSpec(file=FAKE_PDF)},
        "evidence_file",
        "The selected file is not a real .pdf file",
    ),
    "empty file": (
        {"evidence": EvidenceSpec(file=SimpleUploadedFile("a.txt", b""))},
        "evidence_file",
        "The selected file is empty",
    ),
    "binary as text": (
        {"evidence": EvidenceSpec(file=SimpleUploadedFile("a.csv", b"a\x00b"))},
        "evidence_file",
        "The selected file is not a text file, though its name ends .csv",
    ),
}


@pytest.mark.parametrize(("values", "field", "message"), BAD_INPUTS.values(), ids=BAD_INPUTS)
def test_bad_input_is_refused_and_nothing_is_written(world, values, field, message):
    values = dict(values, delivery_status=values.get("delivery_status", "on_track"))
    if "evidence" in values and values["evidence"].file:
        values["evidence"].file.seek(0)
    before = db_state()

    with pytest.raises(ValidationError) as excinfo:
        post(world, **values)

    assert excinfo.value.message_dict[field] == [message]
    assert db_state() == before


@override_settings(EVIDENCE_MAX_BYTES=1024)
def test_an_evidence_file_over_the_limit_is_refused_and_nothing_is_written(world):
    before = db_state()
    big = pdf_upload(content=b"%PDF" + b"0" * 1024)

    with pytest.raises(ValidationError) as excinfo:
        post(world, delivery_status="complete", evidence=EvidenceSpec(file=big))

    assert excinfo.value.message_dict == {
        "evidence_file": ["The selected file must be smaller than 1KB"]
    }
    assert db_state() == before


@override_settings(EVIDENCE_MAX_BYTES=10 * 1024 * 1024)
def test_the_size_limit_is_given_in_megabytes(world):
    big = pdf_upload(content=b"%PDF" + b"0" * (10 * 1024 * 1024))

    with pytest.raises(ValidationError) as excinfo:
        post(world, evidence=EvidenceSpec(file=big))

    assert excinfo.value.messages == ["The selected file must be smaller than 10MB"]


def test_a_failure_after_the_first_write_leaves_nothing_behind(world, monkeypatch):
    """All or nothing: make the audit log fail once the update, status change and evidence
    rows are written, and none of them may remain."""

    def broken_audit(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(updates_module, "audit_record", broken_audit)
    before = db_state()

    with pytest.raises(RuntimeError):
        post(world, delivery_status="complete", evidence=EvidenceSpec(file=pdf_upload()))

    assert db_state() == before
    assert Action.objects.get(pk=world.action.pk).delivery_status == "not_started"


@pytest.mark.parametrize(
    ("role", "action_attr", "allowed"),
    [
        ("partner", "partner_action", True),
        ("partner", "action", False),
        ("owner", "partner_action", True),
        ("lead", "action", True),
        ("viewer", "action", False),
    ],
)
def test_who_may_post_an_update(world, role, action_attr, allowed):
    before = Update.objects.count()
    action = getattr(world, action_attr)

    if allowed:
        post(world, role=role, action=action)
    else:
        with pytest.raises(PermissionDenied):
            post(world, role=role, action=action)

    assert Update.objects.count() == before + allowed


def test_a_member_of_another_authority_may_not_post(world):
    with pytest.raises(PermissionDenied):
        post(world, role="outsider")

    assert not Update.objects.exists()
