"""Refuse sign-in for a username after too many wrong passwords in a short time.

Counted by username, not by address: behind a load balancer every request can come from
the same address, and one busy office must not lock out the rest. A correct password
clears the count; failures older than the window no longer count.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from stocktake.accounts.models import SignInFailure


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.SIGN_IN_LOCK_MINUTES)


def is_locked(username: str) -> bool:
    since = timezone.now() - _window()
    recent = SignInFailure.objects.filter(username=username.lower(), at__gte=since)
    return recent.count() >= settings.SIGN_IN_ATTEMPTS


def record_failure(username: str) -> None:
    SignInFailure.objects.create(username=username.lower())
    SignInFailure.objects.filter(at__lt=timezone.now() - _window()).delete()


def clear(username: str) -> None:
    SignInFailure.objects.filter(username=username.lower()).delete()
