"""The "Generate a report" form."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone

from stocktake.accounts.models import Authority
from stocktake.core.forms import IntegerField, ModelChoiceField
from stocktake.core.formtools import offer
from stocktake.reports import selectors
from stocktake.reports.builders import KINDS

if TYPE_CHECKING:
    pass

MONTHS = [("", "Choose a month")] + [(str(n), calendar.month_name[n]) for n in range(1, 13)]
UNREVIEWED_HINT = "Only accepted updates appear unless you tick this"


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which report",
        choices=list(KINDS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which report to generate"},
    )
    plan = ModelChoiceField(
        label="Plan",
        queryset=None,
        empty_label="Choose a plan",
        error_messages={"required": "Choose a plan", "invalid_choice": "Choose a plan"},
    )
    month = forms.ChoiceField(
        label="Month reported",
        choices=MONTHS,
        error_messages={"required": "Choose the month to report on"},
    )
    year = IntegerField(
        label="Year",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the year, for example 2019",
            "invalid": "Enter the year as a number, for example 2019",
        },
    )
    meeting = ModelChoiceField(
        label="For a meeting (optional)",
        queryset=None,
        required=False,
        empty_label="Not for a particular meeting",
        error_messages={"invalid_choice": "Choose one of the meetings listed"},
        help_text="The report is listed among the meeting's papers",
    )
    include_unreviewed = forms.BooleanField(
        label="Include updates still waiting for review",
        required=False,
        help_text=UNREVIEWED_HINT,
    )

    def __init__(self, *args: Any, authority: Authority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "plan", selectors.plan_choices(authority))
        offer(self, "meeting", selectors.meeting_choices(authority))
        if not self.is_bound:
            today = timezone.localdate()
            plans = list(selectors.plan_choices(authority)[:2])
            self.initial.setdefault("month", str(today.month))
            self.initial.setdefault("year", today.year)
            if len(plans) == 1:
                self.initial.setdefault("plan", plans[0].pk)

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError("Enter a year from 2000 to 2100")
        return int(year)

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        year, month = self.cleaned_data["year"], int(self.cleaned_data["month"])
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1), dt.date(year, month, last)
