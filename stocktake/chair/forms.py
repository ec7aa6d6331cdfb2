"""The chair's report forms: start a report for a month, write a section, sign it."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django import forms

from stocktake.accounts.models import Authority
from stocktake.chair import selectors
from stocktake.chair.models import TextState
from stocktake.chair.services import TEXT_LIMIT
from stocktake.core.forms import DateField, IntegerField, ModelChoiceField
from stocktake.core.formtools import offer
from stocktake.reports.forms import MONTHS
from stocktake.reports.selectors import plan_choices


class StartForm(forms.Form):
    notice = ModelChoiceField(
        label="Improvement notice",
        queryset=None,
        empty_label="Choose a notice",
        error_messages={"required": "Choose the notice", "invalid_choice": "Choose the notice"},
    )
    plan = ModelChoiceField(
        label="Plan reported on",
        queryset=None,
        empty_label="Choose a plan",
        error_messages={"required": "Choose a plan", "invalid_choice": "Choose a plan"},
    )
    month = forms.ChoiceField(
        label="Month reported",
        choices=MONTHS,
        error_messages={
            "required": "Choose the month to report on",
            "invalid_choice": "Choose the month to report on",
        },
    )
    year = IntegerField(
        label="Year",
        noun="year",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={"required": "Enter the year, for example 2019"},
    )

    def __init__(self, *args: Any, authority: Authority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "notice", selectors.notices(authority))
        offer(self, "plan", plan_choices(authority))

    def clean_year(self) -> int:
        year = int(self.cleaned_data["year"])
        if not 2000 <= year <= 2100:
            raise forms.ValidationError("Enter a year from 2000 to 2100")
        return year

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        year, month = self.cleaned_data["year"], int(self.cleaned_data["month"])
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


class TextForm(forms.Form):
    text = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=TEXT_LIMIT,
        error_messages={
            "required": "Enter the text",
            "max_length": f"The text must be {TEXT_LIMIT:,} characters or fewer",
        },
    )
    state = forms.ChoiceField(
        label="Is this the final wording?",
        choices=[
            (TextState.DRAFT.value, "No, save it as a draft"),
            (TextState.FINAL.value, "Yes, it is final"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether this is a draft or the final wording",
            "invalid_choice": "Choose whether this is a draft or the final wording",
        },
        help_text="The report is issued as final only when every section is final and signed",
    )

    def __init__(self, *args: Any, label: str = "Text", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label


class SignForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={
            "required": "Enter the name of the person signing",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    role = forms.CharField(
        label="Role",
        max_length=200,
        help_text="For example, Independent Chair of the Improvement Board",
        error_messages={
            "required": "Enter the role of the person signing",
            "max_length": "The role must be 200 characters or fewer",
        },
    )
    signed_on = DateField(
        label="Date signed", label_noun="date signed", help_text="For example, 31 7 2019"
    )
