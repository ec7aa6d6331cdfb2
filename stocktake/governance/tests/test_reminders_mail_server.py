"""Reminders never hold a database transaction open while a mail server works: with a server
that accepts the connection and never answers, a web write goes through at once while the
reminder waits, recorded as being sent; the wait ends at EMAIL_TIMEOUT with the reminder
failed (and retried next run). A run that stopped part-way never leads to a second email."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from stocktake.accounts.roles import Role
from stocktake.demo import factories
from stocktake.governance.models import Reminder
from stocktake.governance.services import send_reminders
from stocktake.governance.services.reminders import UNCERTAIN
from stocktake.governance.tests.conftest import moment
from stocktake.people.models import Person

WEEK_1 = "2019-01-14 18:00"  # reminding is open: Alice and Bob each have one due
TIMEOUT = 3  # seconds the silent server keeps each reminder waiting (a web write takes ms)


class SilentMailServer:
    """Accepts connections on a local port and never says a word."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = threading.Event()
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(client)
            self.accepted.set()

    def close(self) -> None:
        self.listener.close()
        for client in self.connections:
            client.close()


@pytest.fixture
def silent_server():
    server = SilentMailServer()
    yield server
    server.close()


class RecordingBackend(EmailBackend):
    """The test outbox, noting whether a transaction was open and the row's status."""

    seen: list[tuple[bool, list[str]]] = []

    def send_messages(self, messages):
        statuses = list(Reminder.objects.order_by("pk").values_list("status", flat=True))
        self.seen.append((transaction.get_connection().in_atomic_block, statuses))
        return super().send_messages(messages)


@pytest.mark.slow  # waits out the mail server's timeout
@pytest.mark.django_db(transaction=True)
def test_a_web_write_goes_through_while_the_mail_server_never_answers(cycle, silent_server):
    authority = cycle[0]
    lead = factories.make_user(authority, Role.LEAD, username="cycle-lead")
    web = Client()
    web.force_login(lead)
    smtp = override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=silent_server.port,
        EMAIL_TIMEOUT=TIMEOUT,
    )

    def run() -> None:
        try:
            send_reminders(now=moment(WEEK_1))
        finally:
            connection.close()

    with smtp:
        sender = threading.Thread(target=run)
        sender.start()
        assert silent_server.accepted.wait(30), "the reminder never reached the mail server"
        started = time.monotonic()
        response = web.post(
            reverse("people:create", args=[authority.slug]), {"name": "Dana Dogwood"}
        )
        elapsed = time.monotonic() - started
        still_waiting = sender.is_alive()
        sending = Reminder.objects.filter(status=Reminder.Status.SENDING).count()
        sender.join(60)

    assert response.status_code == 302 and Person.objects.filter(name="Dana Dogwood").exists()
    assert elapsed < TIMEOUT and still_waiting  # written while the mail server kept the run waiting
    assert sending == 1  # recorded, committed, before the mail server was asked
    assert not sender.is_alive()
    failed = list(Reminder.objects.values_list("status", "error", "attempts"))
    assert [(status, attempts) for status, _, attempts in failed] == [("failed", 1)] * 2
    assert all("timed out" in error for _, error, _ in failed)
    assert mail.outbox == []

    send_reminders(now=moment("2019-01-14 19:00"))  # the server is back: retried, once each
    send_reminders(now=moment("2019-01-14 20:00"))
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@cycle.example", "bob@cycle.example"]
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db(transaction=True)
@override_settings(EMAIL_BACKEND=f"{__name__}.RecordingBackend")
def test_mail_is_handed_over_outside_any_transaction_after_recording_it(cycle):
    RecordingBackend.seen = []

    report = send_reminders(now=moment(WEEK_1))

    assert len(report.sent) == 2
    # Each email: no transaction open, and its own row already committed as being sent.
    assert RecordingBackend.seen == [(False, ["sending"]), (False, ["sent", "sending"])]


def test_a_run_that_stopped_part_way_never_leads_to_a_second_email(cycle, capsys):
    _authority, _plan, people, _actions = cycle
    send_reminders(now=moment(WEEK_1))
    alice = Reminder.objects.get(person=people["Alice Ash"])
    # As a run killed after step 1 leaves it, ten minutes ago; and one still being sent.
    Reminder.objects.filter(pk=alice.pk).update(
        status=Reminder.Status.SENDING, sending_since=moment("2019-01-14 18:50")
    )
    bob = Reminder.objects.get(person=people["Bob Birch"])
    Reminder.objects.filter(pk=bob.pk).update(
        status=Reminder.Status.SENDING, sending_since=moment("2019-01-14 18:59:50")
    )
    mail.outbox.clear()

    with pytest.raises(CommandError, match="1 reminder\\(s\\) need checking by a person"):
        call_command("send_reminders", "--now", "2019-01-14T19:00")

    out = capsys.readouterr().out
    assert f"Alice Ash <alice@cycle.example>: {UNCERTAIN}" in out
    assert "Bob Birch <bob@cycle.example>: skipped: another run is sending it" in out
    assert mail.outbox == []
    assert Reminder.objects.get(pk=alice.pk).attempts == 1
