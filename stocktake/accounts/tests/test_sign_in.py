"""The sign-in page: demo accounts only where the settings allow them, plain-English errors."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from stocktake.accounts.models import SignInThrottle
from stocktake.accounts.roles import Role
from stocktake.core.tests.helpers import error_summary
from stocktake.demo import factories
from stocktake.demo.factories import DEMO_PASSWORD

SIGN_IN = "/sign-in/"
WRONG = "Enter a correct username and password. Both are case-sensitive."


def signed_in_as(client) -> str | None:
    response = client.get(reverse("core:home"))
    return response.context["user"].username if response.status_code == 200 else None


@pytest.mark.parametrize("allowed", [False, True])
@pytest.mark.slow
def test_demo_logins_follow_the_setting(demo_restored, client, allowed):
    with override_settings(DEMO_LOGINS_ALLOWED=allowed):
        response = client.post(SIGN_IN, {"username": "partner", "password": DEMO_PASSWORD})

    if allowed:
        assert response.status_code == 302
        assert response["Location"] == reverse("core:home")
        assert signed_in_as(client) == "partner"
    else:
        assert response.status_code == 200
        assert error_summary(response) == [("", WRONG)]
        assert signed_in_as(client) is None


@override_settings(DEMO_LOGINS_ALLOWED=False)
def test_real_accounts_sign_in_when_demo_logins_are_refused(db, client):
    authority = factories.make_authority("Realshire")
    factories.make_user(authority, Role.LEAD, username="real.lead", password="A long pass 42")

    response = client.post(SIGN_IN, {"username": "real.lead", "password": "A long pass 42"})

    assert response.status_code == 302
    assert signed_in_as(client) == "real.lead"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"username": "", "password": ""},
            [("#id_username", "Enter your username"), ("#id_password", "Enter your password")],
        ),
        ({"username": "lead", "password": "not it"}, [("", WRONG)]),
        ({"username": "LEAD", "password": DEMO_PASSWORD}, [("", WRONG)]),
    ],
)
def test_sign_in_errors_are_shown_in_an_error_summary(world, client, data, expected):
    response = client.post(SIGN_IN, data)

    assert response.status_code == 200
    assert error_summary(response) == expected
    assert signed_in_as(client) is None


def test_signing_in_returns_to_the_page_asked_for(world, client):
    page = reverse("plans:dashboard", args=[world.authority.slug, world.plan.pk])

    response = client.post(SIGN_IN, {"username": "viewer", "password": DEMO_PASSWORD, "next": page})

    assert response["Location"] == page


def test_signing_in_will_not_return_to_another_site(world, client):
    response = client.post(
        SIGN_IN, {"username": "viewer", "password": DEMO_PASSWORD, "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("core:home")


def test_signing_out_ends_the_session(world, client_for):
    client = client_for(world.users["lead"])

    response = client.post(reverse("accounts:logout"))

    assert response["Location"] == reverse("accounts:login")
    assert signed_in_as(client) is None


LOCKED = (
    "There have been too many wrong passwords for this username. Wait 15 minutes and try "
    "again, or ask an administrator to reset your password."
)


def test_too_many_wrong_passwords_lock_the_username_for_a_while(world, client):
    start = timezone.now()
    for _ in range(5):
        response = client.post(SIGN_IN, {"username": "lead", "password": "guess"})
        assert error_summary(response) == [("", WRONG)]

    # The sixth try is refused even with the right password, and says why.
    response = client.post(SIGN_IN, {"username": "lead", "password": DEMO_PASSWORD})
    assert error_summary(response) == [("", LOCKED)]
    assert signed_in_as(client) is None
    # Other usernames are not affected; nor is the same name in other capitals counted apart.
    response = client.post(SIGN_IN, {"username": "LEAD", "password": "guess"})
    assert error_summary(response) == [("", LOCKED)]
    client.post(SIGN_IN, {"username": "viewer", "password": DEMO_PASSWORD})
    assert signed_in_as(client) == "viewer"
    client.post(reverse("accounts:logout"))

    with mock.patch("django.utils.timezone.now", return_value=start + dt.timedelta(minutes=16)):
        response = client.post(SIGN_IN, {"username": "lead", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert not SignInThrottle.objects.filter(username="lead").exists()


def test_a_right_password_clears_earlier_failures(world, client):
    for _ in range(4):
        client.post(SIGN_IN, {"username": "owner", "password": "guess"})
    client.post(SIGN_IN, {"username": "owner", "password": DEMO_PASSWORD})
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        client.post(SIGN_IN, {"username": "owner", "password": "guess"})

    client.post(SIGN_IN, {"username": "owner", "password": DEMO_PASSWORD})

    assert signed_in_as(client) == "owner"


def test_a_post_with_no_password_does_not_reset_the_count(world, client):
    # Wrong guesses interleaved with empty posts must still reach the limit: an empty post
    # checks no password, so it neither counts nor clears.
    for _ in range(5):
        client.post(SIGN_IN, {"username": "lead", "password": "guess"})
        response = client.post(SIGN_IN, {"username": "lead", "password": ""})
        assert error_summary(response) == [("#id_password", "Enter your password")]

    response = client.post(SIGN_IN, {"username": "lead", "password": DEMO_PASSWORD})

    assert error_summary(response) == [("", LOCKED)]
    assert signed_in_as(client) is None


def test_a_locked_username_is_refused_without_checking_the_password(world, client):
    with override_settings(SIGN_IN_ATTEMPTS=2):
        for _ in range(2):
            client.post(SIGN_IN, {"username": "lead", "password": "guess"})
        with mock.patch(
            "stocktake.accounts.backends.StocktakeBackend.authenticate"
        ) as authenticate:
            response = client.post(SIGN_IN, {"username": "lead", "password": DEMO_PASSWORD})

    assert error_summary(response) == [("", LOCKED)]
    authenticate.assert_not_called()
