"""Refuse sign-in for a username after too many attempts in a short time.

Counted by username, not by address: behind a load balancer every request can come from
the same address, and one busy office must not lock out the rest.

Each attempt is counted *before* its password is checked, in one atomic step: a single
conditional UPDATE that adds one to the username's count only while the count is under the
limit (or starts a new window once the old one has passed). The database applies concurrent
UPDATEs of one row one after another and re-reads the row for each, so however many
attempts arrive at once, at most `SIGN_IN_ATTEMPTS` of them reach the password check in a
window. A correct password clears the count.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from stocktake.accounts.models import SignInThrottle

USERNAME_LENGTH = SignInThrottle._meta.get_field("username").max_length or 150


def _key(username: str) -> str:
    return username.lower()[:USERNAME_LENGTH]


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.SIGN_IN_LOCK_MINUTES)


def admit(username: str) -> bool:
    """Count an attempt for `username`; False (and nothing counted) if it is locked."""
    key, now = _key(username), timezone.now()
    expired = Q(window_started__lt=now - _window())
    for _ in range(2):
        # The row must exist for the UPDATE to count against; a concurrent first attempt
        # makes this INSERT a no-op rather than an error.
        SignInThrottle.objects.bulk_create(
            [SignInThrottle(username=key, attempts=0, window_started=now)],
            ignore_conflicts=True,
        )
        counted = (
            SignInThrottle.objects.filter(username=key)
            .filter(expired | Q(attempts__lt=settings.SIGN_IN_ATTEMPTS))
            .update(
                attempts=Case(When(expired, then=Value(1)), default=F("attempts") + 1),
                window_started=Case(When(expired, then=Value(now)), default=F("window_started")),
            )
        )
        if counted:
            return True
        if SignInThrottle.objects.filter(username=key).exists():
            return False
        # The row was tidied away between the INSERT and the UPDATE: try once more.
    return False


def clear(username: str) -> None:
    """Forget the attempts of a username that has just signed in, and tidy away every
    username's window that has passed."""
    SignInThrottle.objects.filter(username=_key(username)).delete()
    SignInThrottle.objects.filter(window_started__lt=timezone.now() - _window()).delete()
