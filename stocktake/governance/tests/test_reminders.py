"""Reminders across weeks of the cycle, with time frozen: who is reminded of what, exactly
once; failures recorded, not stopping others, retried; the command's options and exit status;
the GOV.UK Notify backend's API call."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings

from stocktake.demo import factories
from stocktake.governance.models import Reminder
from stocktake.governance.services import send_reminders, update_review
from stocktake.governance.tests.conftest import at, moment, post

BOUNCING = "stocktake.governance.tests.backends.BouncingBackend"


def sent_to() -> dict[str, list[str]]:
    """Who got which actions, from the test outbox (reading the text body)."""
    result: dict[str, list[str]] = {}
    for message in mail.outbox:
        refs = [ref for ref in ("A1", "A2", "B1", "C1", "D1") if f"\n{ref} – " in message.body]
        result[message.to[0]] = refs
    return result


def test_nothing_is_sent_before_the_reminder_window_opens(cycle):
    report = send_reminders(now=moment("2019-01-07 16:59"))
    assert report.outcomes == [] and mail.outbox == []


def test_week_1_each_owner_gets_one_reminder_listing_exactly_their_due_actions(cycle):
    _authority, _plan, people, actions = cycle
    report = send_reminders(now=moment("2019-01-07 18:00"))

    assert sent_to() == {"alice@cycle.example": ["A1"]}  # B1 is due after the next week
    carol = [o for o in report.outcomes if o.person_label == "Carol Cedar"]
    assert carol[0].status == "skipped: no email address"
    reminder = Reminder.objects.get()
    assert reminder.person == people["Alice Ash"]
    assert reminder.window_closes_at == moment("2019-01-08 17:00")
    assert reminder.status == "sent" and reminder.sent_at == moment("2019-01-07 18:00")
    assert reminder.actions == [{"id": actions["A1"].pk, "reference": "A1", "why": "due"}]


def test_running_again_in_the_same_window_sends_nothing_more(cycle):
    for when in ("2019-01-07 18:00", "2019-01-07 18:05", "2019-01-08 09:00", "2019-01-08 16:59"):
        send_reminders(now=moment(when))
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1
    # After the close the next window has not yet opened for reminders.
    send_reminders(now=moment("2019-01-08 17:00"))
    assert len(mail.outbox) == 1


def test_week_2_overdue_and_due_and_an_action_updated_in_the_window_is_left_off(cycle):
    _authority, _plan, _people, actions = cycle
    send_reminders(now=moment("2019-01-07 18:00"))
    mail.outbox.clear()
    with at("2019-01-14 10:00"):
        post(actions["A1"], "Audit started")  # Alice has done her A1 update this window

    send_reminders(now=moment("2019-01-14 18:00"))

    assert sent_to() == {"bob@cycle.example": ["B1"]}
    assert Reminder.objects.filter(window_closes_at=moment("2019-01-15 17:00")).count() == 1


def test_an_update_the_lead_returned_does_not_count_as_the_windows_update(cycle):
    _authority, _plan, _people, actions = cycle
    with at("2019-01-14 10:00"):
        update = post(actions["A1"], "Audit started")
    with at("2019-01-14 12:00"):
        update_review(update=update, actor=None, decision="returned", comment="Say how many files")

    send_reminders(now=moment("2019-01-14 18:00"))

    assert sent_to() == {"alice@cycle.example": ["A1"], "bob@cycle.example": ["B1"]}


def test_an_update_imported_in_the_window_does_not_count_as_the_windows_update(cycle):
    from stocktake.governance.cycle import plan_progress
    from stocktake.plans.services.updates import ImportedUpdate, updates_import

    _authority, plan, _people, actions = cycle
    # A newer version of the plan is imported on Monday morning: A1 and B1 carry updates
    # written in the document, which are not this week's updates by their owners.
    with at("2019-01-14 10:00"):
        for ref in ("A1", "B1"):
            updates_import(
                action=actions[ref],
                actor=None,
                updates=[ImportedUpdate("Week 2 – audit planned", dt.date(2019, 1, 11))],
                today=dt.date(2019, 1, 14),
            )

    send_reminders(now=moment("2019-01-14 18:00"))

    assert sent_to() == {"alice@cycle.example": ["A1"], "bob@cycle.example": ["B1"]}
    _times, rows = plan_progress(plan, moment("2019-01-14 18:00"))
    assert {row.person.name: row.updated for row in rows} == {
        "Alice Ash": 0,
        "Bob Birch": 0,
        "Carol Cedar": 0,
    }


def test_week_3_overdue_and_stale_actions(cycle):
    authority, plan, people, actions = cycle
    with at("2019-01-14 10:00"):
        post(actions["A1"], "Audit started")
    send_reminders(now=moment("2019-01-21 18:00"))

    assert sent_to() == {"alice@cycle.example": ["A1", "A2"], "bob@cycle.example": ["B1"]}
    alice = Reminder.objects.get(person=people["Alice Ash"])
    assert {a["reference"]: a["why"] for a in alice.actions} == {"A1": "overdue", "A2": "stale"}
    message = next(m for m in mail.outbox if m.to == ["alice@cycle.example"])
    assert message.subject == "Cycle plan: 2 actions to update by 5pm on Tuesday 22 January"
    html = message.alternatives[0][0]
    link = f"http://127.0.0.1:8000/a/{authority.slug}/plans/{plan.pk}/actions/{actions['A2'].pk}/updates/new/"
    assert link in message.body and link in html
    assert "Dear Alice Ash" in message.body and "No recent update" in html


def test_a_bouncing_address_is_recorded_does_not_stop_others_and_is_retried(cycle):
    _authority, _plan, people, _actions = cycle
    people["Alice Ash"].email = "alice@bounce.example"
    people["Alice Ash"].save()
    with override_settings(EMAIL_BACKEND=BOUNCING):
        report = send_reminders(now=moment("2019-01-14 18:00"))

    assert sent_to() == {"bob@cycle.example": ["B1"]}
    failed = Reminder.objects.get(person=people["Alice Ash"])
    assert failed.status == "failed" and "SMTPRecipientsRefused" in failed.error
    assert failed.attempts == 1 and failed.sent_at is None
    assert [o.person_label for o in report.failed] == ["Alice Ash"]

    people["Alice Ash"].email = "alice@cycle.example"
    people["Alice Ash"].save()
    with override_settings(EMAIL_BACKEND=BOUNCING):
        send_reminders(now=moment("2019-01-14 19:00"))

    assert [m.to[0] for m in mail.outbox] == ["bob@cycle.example", "alice@cycle.example"]
    retried = Reminder.objects.get(person=people["Alice Ash"])
    assert retried.status == "sent" and retried.attempts == 2 and retried.error == ""


def test_a_mail_server_that_is_down_fails_every_reminder_and_the_command_exits_non_zero(
    cycle, capsys
):
    down = override_settings(EMAIL_BACKEND="stocktake.governance.tests.backends.DownBackend")
    with down, pytest.raises(CommandError, match="2 reminder"):
        call_command("send_reminders", "--now", "2019-01-14T18:00")
    out = capsys.readouterr().out
    assert "Alice Ash <alice@cycle.example>: failed (1 action) – ConnectionRefusedError" in out
    assert "0 sent, 2 failed" in out
    assert set(Reminder.objects.values_list("status", flat=True)) == {"failed"}

    call_command("send_reminders", "--now", "2019-01-14T18:30")
    assert len(mail.outbox) == 2
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}


def test_dry_run_sends_and_records_nothing(cycle, capsys):
    call_command("send_reminders", "--now", "2019-01-14T18:00", "--dry-run")
    assert mail.outbox == [] and Reminder.objects.count() == 0
    assert "Bob Birch <bob@cycle.example>: would send (1 action)" in capsys.readouterr().out


def test_bad_options_are_explained(cycle):
    with pytest.raises(CommandError, match="no authority called"):
        call_command("send_reminders", "--authority", "Atlantis")
    with pytest.raises(CommandError, match="--now must be a date and time"):
        call_command("send_reminders", "--now", "next tuesday")


def test_authority_option_by_name(cycle):
    factories.make_authority("Nowhere-else")
    call_command("send_reminders", "--now", "2019-01-14T18:00", "--authority", "Nowhere-else")
    assert mail.outbox == []
    call_command("send_reminders", "--now", "2019-01-14T18:00", "--authority", "Cycleshire")
    assert len(mail.outbox) == 2


@override_settings(
    EMAIL_BACKEND="stocktake.governance.notify.NotifyEmailBackend",
    STOCKTAKE_NOTIFY_API_KEY="test-" + "1" * 36 + "-" + "2" * 36,
    STOCKTAKE_NOTIFY_TEMPLATE_ID="3f2d8d6e-0000-4000-8000-000000000001",
)
def test_notify_backend_sends_each_reminder_through_the_notify_api(cycle):
    from notifications_python_client.notifications import NotificationsAPIClient

    with mock.patch.object(NotificationsAPIClient, "post", return_value={"id": "x"}) as post_:
        report = send_reminders(now=moment("2019-01-14 18:00"))

    assert len(report.sent) == 2
    calls = sorted(post_.call_args_list, key=lambda c: c.kwargs["data"]["email_address"])
    (url,) = calls[0].args
    data = calls[0].kwargs["data"]
    assert url == "/v2/notifications/email"
    assert data["email_address"] == "alice@cycle.example"
    assert data["template_id"] == "3f2d8d6e-0000-4000-8000-000000000001"
    assert data["personalisation"]["subject"].startswith("Cycle plan: 1 action to update by 5pm")
    assert "A1 – Overdue" in data["personalisation"]["body"]


@override_settings(
    EMAIL_BACKEND="stocktake.governance.notify.NotifyEmailBackend",
    STOCKTAKE_NOTIFY_API_KEY="test-" + "1" * 36 + "-" + "2" * 36,
    STOCKTAKE_NOTIFY_TEMPLATE_ID="3f2d8d6e-0000-4000-8000-000000000001",
)
def test_a_notify_error_is_recorded_as_a_failure(cycle):
    from notifications_python_client.notifications import NotificationsAPIClient

    with mock.patch.object(NotificationsAPIClient, "post", side_effect=RuntimeError("400 bad")):
        report = send_reminders(now=moment("2019-01-14 18:00"))
    assert len(report.failed) == 2
    assert Reminder.objects.filter(status="failed", error__contains="400 bad").count() == 2
