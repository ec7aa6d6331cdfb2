from __future__ import annotations

from typing import Any

from django import forms

from stocktake.accounts.models import User
from stocktake.core.forms import ModelChoiceField, version_field
from stocktake.core.formtools import offer


class PersonForm(forms.Form):
    name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter the person's name"}
    )
    job_title = forms.CharField(label="Job title", max_length=200, required=False)
    organisation = forms.CharField(
        label="Organisation",
        max_length=200,
        required=False,
        help_text="For example, Blackpool Council or Lancashire Constabulary",
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org"
        },
    )
    user = ModelChoiceField(
        label="Signs in as (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Does not sign in",
        help_text="Links the person to an account, so their actions appear under “My actions”",
    )

    version = version_field()

    FIELDS = ("name", "job_title", "organisation", "email", "user", "version")

    @classmethod
    def initial_for(cls, person: Any) -> dict[str, Any]:
        return {name: getattr(person, name) for name in cls.FIELDS}

    def __init__(self, *args: Any, authority: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        offer(
            self, "user", User.objects.filter(memberships__authority=authority).order_by("username")
        )
