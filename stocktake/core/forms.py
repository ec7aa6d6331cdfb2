"""Form pieces shared by every app: the GOV.UK date input, whole numbers bounded to what the
database stores, model choices that refuse ids no database could hold, plain-English errors.
Numbers and dates are read by `stocktake.core.parsing`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core import validators

from stocktake.core import parsing


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
        day, month, year = (parsing.parse_int(v, minimum=0, maximum=10**6) for v in data_list)
        if day is None or month is None or year is None:
            raise forms.ValidationError(f"The {self.label_noun} must be a real date")
        if year < parsing.FIRST_YEAR:
            raise forms.ValidationError("Year must include 4 numbers")
        date = parsing.make_date(year, month, day)
        if date is None:
            raise forms.ValidationError(f"The {self.label_noun} must be a real date")
        return date


class IntegerField(forms.IntegerField):
    """A whole number, by default within the range every database stores in an integer
    column (so a number past 32 bits is an error message, not a server error).

    `noun` names it in messages: "The position must be a whole number"."""

    def __init__(
        self,
        *,
        noun: str = "number",
        min_value: int | None = None,
        max_value: int | None = None,
        **kwargs: Any,
    ) -> None:
        low = parsing.INT32[0] if min_value is None else max(min_value, parsing.INT32[0])
        high = parsing.INT32[1] if max_value is None else min(max_value, parsing.INT32[1])
        messages = {
            "invalid": f"The {noun} must be a whole number",
            "min_value": f"The {noun} must be {low:,} or more",
            "max_value": f"The {noun} must be {high:,} or less",
            "required": f"Enter the {noun}",
        }
        messages.update(kwargs.pop("error_messages", None) or {})
        super().__init__(min_value=low, max_value=high, error_messages=messages, **kwargs)


CHOOSE = "Choose from the options listed"


class ModelChoiceField(forms.ModelChoiceField):
    """A choice of one row, refusing as an invalid choice an id no database could hold
    (which would otherwise fail in the database driver)."""

    default_error_messages = {"invalid_choice": CHOOSE}

    def to_python(self, value: Any) -> Any:
        unreadable = value not in self.empty_values and parsing.parse_id(value) is None
        if unreadable and not self.to_field_name:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of rows, refusing ids no database could hold (see `ModelChoiceField`)."""

    default_error_messages = {"invalid_choice": CHOOSE, "invalid_pk_value": CHOOSE}

    def clean(self, value: Any) -> Any:
        if not self.to_field_name and isinstance(value, list | tuple):
            for each in value:
                if parsing.parse_id(each) is None:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": each},
                    )
        return super().clean(value)


def limited(field: forms.CharField, maximum: int, message: str = "") -> forms.CharField:
    """A text field with a limit: the form refuses more in plain words, and the page shows the
    GOV.UK character count (see `govuk_field`). The service keeps its own check."""
    field.max_length = maximum
    field.validators.append(validators.MaxLengthValidator(maximum))
    field.error_messages["max_length"] = message or f"Use {maximum:,} characters or fewer"
    return field


def version_field() -> IntegerField:
    """The hidden version an edit form carries: the one the person started from (see
    `core.locking`)."""
    return IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
