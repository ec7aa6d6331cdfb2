"""Sign-in throttling holds when attempts arrive at the same moment.

Each attempt runs in its own thread with its own database connection against a committed
database (`transactional_db`), all released together by a barrier. Password checks are
slowed down so that, were the limit checked and the failure counted in two steps, every
attempt would pass the check before any failure was counted. On PostgreSQL the attempts
really run in parallel; SQLite runs their writes one at a time, which the test must pass too.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from django.db import connections
from django.test import Client, override_settings

from stocktake.accounts.backends import StocktakeBackend
from stocktake.accounts.roles import Role
from stocktake.accounts.tests.test_sign_in import LOCKED, SIGN_IN, WRONG
from stocktake.core.tests.helpers import error_summary
from stocktake.demo import factories

pytestmark = pytest.mark.slow  # a committed database and thirty threads: seconds

PASSWORD = "A long pass 42"
LIMIT = 5
PARALLEL = 30


@pytest.fixture
def checks(monkeypatch) -> Counter[str]:
    """Count the passwords actually checked, and make each check slow."""
    counted: Counter[str] = Counter()
    lock = threading.Lock()
    real = StocktakeBackend.authenticate

    def slow_authenticate(self, request, username=None, password=None, **kwargs):
        with lock:
            counted[password] += 1
        time.sleep(0.05)
        return real(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(StocktakeBackend, "authenticate", slow_authenticate)
    return counted


def attempt_all(passwords: list[str], *, late: str | None = None, checks=None) -> list[str]:
    """Post every password for "target" at once; what each response said. A `late`
    password is posted as soon as the limit's worth of checks have started, while they are
    still running; its outcome comes last."""
    barrier = threading.Barrier(len(passwords) + (1 if late else 0))
    outcomes: list[str] = [""] * (len(passwords) + (1 if late else 0))

    def attempt(index: int, password: str, wait_for_checks: bool) -> None:
        try:
            client = Client()
            barrier.wait()
            deadline = time.monotonic() + 10
            while wait_for_checks and sum(checks.values()) < LIMIT:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.001)
            response = client.post(SIGN_IN, {"username": "target", "password": password})
            if response.status_code == 302:
                outcomes[index] = "signed in"
            else:
                outcomes[index] = {WRONG: "wrong", LOCKED: "locked"}.get(
                    error_summary(response)[0][1], "other"
                )
        finally:
            connections.close_all()

    jobs = [(p, False) for p in passwords] + ([(late, True)] if late else [])
    threads = [
        threading.Thread(target=attempt, args=(i, p, wait)) for i, (p, wait) in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def target(transactional_db):
    authority = factories.make_authority("Raceshire")
    return factories.make_user(authority, Role.LEAD, username="target", password=PASSWORD)


@override_settings(SIGN_IN_ATTEMPTS=LIMIT, SIGN_IN_LOCK_MINUTES=15)
def test_parallel_wrong_passwords_are_checked_at_most_the_limit(target, checks):
    outcomes = attempt_all([f"guess {i}" for i in range(PARALLEL)])

    assert sum(checks.values()) == LIMIT
    assert Counter(outcomes) == {"wrong": LIMIT, "locked": PARALLEL - LIMIT}
    # The right password, once the limit is reached, is refused without being checked.
    response = Client().post(SIGN_IN, {"username": "target", "password": PASSWORD})
    assert error_summary(response) == [("", LOCKED)]
    assert checks[PASSWORD] == 0


@override_settings(SIGN_IN_ATTEMPTS=LIMIT, SIGN_IN_LOCK_MINUTES=15)
def test_the_right_password_while_wrong_ones_are_being_checked_is_refused(target, checks):
    # 29 wrong passwords at once, and the right one as soon as five of them are being
    # checked (none has failed yet, so counting failures afterwards would let it in).
    outcomes = attempt_all(
        [f"guess {i}" for i in range(PARALLEL - 1)], late=PASSWORD, checks=checks
    )

    assert outcomes[-1] == "locked"
    assert checks[PASSWORD] == 0
    assert sum(checks.values()) == LIMIT
    assert Counter(outcomes) == {"wrong": LIMIT, "locked": PARALLEL - LIMIT}
