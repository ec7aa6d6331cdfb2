"""Form pieces shared by every app: the GOV.UK date input and plain-English errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms


class DateInputWidget(forms.MultiWidget):
    """Day, month and year boxes, as in the GOV.UK date input pattern."""

    template_name = "govuk/widgets/date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = [
            forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
            forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
            forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with the GOV.UK error messages.

    `label_noun` names the date in messages: "Enter the date of the update".
    """

    widget = DateInputWidget

    def __init__(self, *, label_noun: str = "date", **kwargs: Any) -> None:
        self.label_noun = label_noun
        # The boxes are optional one by one, so that `compress` (not Django's "Enter a
        # complete value") says which part of the date is missing.
        fields = tuple(forms.CharField(required=False) for _ in range(3))
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("required", f"Enter the {label_noun}")
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> dt.date | None:
        if not data_list or not any(data_list):
            return None
        names = ("day", "month", "year")
        missing = [n for n, v in zip(names, data_list, strict=False) if not str(v or "").strip()]
        if missing:
            raise forms.ValidationError(
                f"The {self.label_noun} must include a {' and '.join(missing)}"
            )
        try:
            day, month, year = (int(str(v).strip()) for v in data_list)
        except ValueError:
            raise forms.ValidationError(f"The {self.label_noun} must be a real date") from None
        if year < 1000:
            raise forms.ValidationError("Year must include 4 numbers")
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise forms.ValidationError(f"The {self.label_noun} must be a real date") from None
