from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from stocktake.accounts import throttle


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account cannot sign in.",
        "locked": (
            "There have been too many wrong passwords for this username. Wait %(minutes)s "
            "minutes and try again, or ask an administrator to reset your password."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password"}
        )

    def clean(self) -> dict[str, Any]:
        # The attempt is counted before the password is checked, in one step (see
        # `throttle.admit`), so parallel guesses cannot all get past the limit.
        username = self.cleaned_data.get("username") or ""
        checked = bool(username and self.cleaned_data.get("password"))
        if checked and not throttle.admit(username):
            raise ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.SIGN_IN_LOCK_MINUTES},
            )
        cleaned = super().clean()
        # Only a password that was checked and right clears the count (a post with no
        # password checks nothing, so must not reset it).
        if checked and self.user_cache is not None:
            throttle.clear(username)
        return cleaned
