"""Test email backends: one that bounces some addresses, one whose server is down."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence

from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend


class BouncingBackend(EmailBackend):
    """Delivers to the test outbox, except addresses containing 'bounce'."""

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        for message in messages:
            bad = [a for a in message.recipients() if "bounce" in a]
            if bad:
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(bad, (550, b"No such user")))
        return super().send_messages(messages)


class DownBackend(EmailBackend):
    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        raise ConnectionRefusedError("Connection refused by the mail server")


def outbox() -> list[EmailMessage]:
    return list(getattr(mail, "outbox", []))
