from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from stocktake.core.forms import (
    DateField,
    IntegerField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    version_field,
)
from stocktake.core.formtools import offer
from stocktake.imports.readers import MAX_BYTES
from stocktake.indicators.choices import Frequency, Polarity, TargetKind, ToleranceKind, Unit
from stocktake.indicators.models import CatalogueEntry, Indicator, Target
from stocktake.indicators.periods import PeriodError, parse_period
from stocktake.indicators.services import IndicatorFields, TargetFields

if TYPE_CHECKING:
    pass


def _number(label: str, noun: str, required: bool = False, **kw: Any) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        required=required,
        error_messages={"invalid": f"The {noun} must be a number", "required": f"Enter the {noun}"},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
        **kw,
    )


class IndicatorForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=30,
        help_text="Short and unique in this authority, for example REREF12. Files of figures "
        "name indicators by this code",
        error_messages={"required": "Enter a code for the indicator"},
    )
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the indicator's name"}
    )
    area = forms.CharField(label="Service area (optional)", max_length=100, required=False)
    definition = forms.CharField(
        label="Plain-English definition", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    numerator = forms.CharField(label="Numerator (what is counted)", required=False)
    denominator = forms.CharField(label="Denominator (out of what)", required=False)
    unit = forms.ChoiceField(
        label="Unit",
        choices=Unit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the unit", "invalid_choice": "Select the unit"},
    )
    polarity = forms.ChoiceField(
        label="Which direction is good?",
        choices=Polarity.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select which direction is good",
            "invalid_choice": "Select which direction is good",
        },
    )
    frequency = forms.ChoiceField(
        label="How often is it reported?",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how often it is reported",
            "invalid_choice": "Select how often it is reported",
        },
    )
    statutory_basis = forms.CharField(
        label="Statutory basis (optional)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    england_value = _number("England figure (optional)", "England figure")
    england_year = forms.CharField(
        label="Year of the England figure", max_length=20, required=False
    )
    england_source = forms.CharField(
        label="Source of the England figure", max_length=300, required=False
    )
    decimals = IntegerField(
        label="Decimal places shown",
        min_value=0,
        max_value=4,
        initial=1,
        error_messages={
            "invalid": "Decimal places must be a whole number",
            "min_value": "Decimal places must be from 0 to 4",
            "max_value": "Decimal places must be from 0 to 4",
            "required": "Enter the number of decimal places to show",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
    )
    version = version_field()

    @classmethod
    def initial_for(cls, indicator: Indicator) -> dict[str, Any]:
        return {name: getattr(indicator, name) for name in cls.base_fields}

    def to_fields(self) -> IndicatorFields:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        return IndicatorFields(**data)


class AdoptForm(forms.Form):
    entries = ModelMultipleChoiceField(
        label="Indicators to adopt",
        queryset=CatalogueEntry.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one indicator to adopt"},
    )

    def __init__(self, *args: Any, adopted: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(
            self,
            "entries",
            CatalogueEntry.objects.exclude(code__in=adopted),
            lambda e: f"{e.name} ({e.code})",
        )


class TargetForm(forms.Form):
    label = forms.CharField(
        label="Label",
        max_length=60,
        help_text="For example “6 months”, “12 months” or “Trajectory: May”",
        error_messages={"required": "Enter a label, for example 6 months"},
    )
    kind = forms.ChoiceField(
        label="Kind of target",
        choices=TargetKind.choices,
        widget=forms.RadioSelect,
        initial=TargetKind.CHECKPOINT,
        error_messages={"required": "Choose the kind of target"},
    )
    due_date = DateField(label="Due by", label_noun="date the target is due")
    value = _number("Target value", "target value", required=True)
    tolerance = _number(
        "Tolerance (optional)",
        "tolerance",
        help_text="How far short still counts as “within tolerance” (amber) rather than missed",
    )
    tolerance_kind = forms.ChoiceField(
        label="The tolerance is measured",
        choices=ToleranceKind.choices,
        widget=forms.RadioSelect,
        initial=ToleranceKind.ABSOLUTE,
        error_messages={"required": "Choose how the tolerance is measured"},
    )
    band_outstanding = _number("Outstanding from (optional)", "outstanding threshold")
    band_good = _number("Good from (optional)", "good threshold")
    band_requires_improvement = _number(
        "Requires improvement from (optional)", "requires improvement threshold"
    )

    version = version_field()

    @classmethod
    def initial_for(cls, target: Target) -> dict[str, Any]:
        return {name: getattr(target, name) for name in cls.base_fields}

    def to_fields(self) -> TargetFields:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["tolerance"] = data.get("tolerance") or 0.0
        return TargetFields(**data)


class ObservationForm(forms.Form):
    period = forms.CharField(
        label="Period",
        max_length=40,
        error_messages={"required": "Enter the period"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    value = _number("Value", "value", help_text="Leave blank to work it out from the two below")
    numerator = _number("Numerator (optional)", "numerator")
    denominator = _number("Denominator (optional)", "denominator")
    note = forms.CharField(
        label="Note (optional)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        example = {"monthly": "2024-05 or May 2024", "quarterly": "2024 Q2", "annual": "2024-25"}
        self.fields["period"].help_text = (
            f"This indicator is reported {indicator.frequency}: for example "
            f"{example[indicator.frequency]}"
        )

    def clean_period(self) -> Any:
        try:
            return parse_period(
                self.cleaned_data["period"], self.indicator.frequency, self.indicator.name
            )
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None


class UploadForm(forms.Form):
    file = forms.FileField(
        label="File of figures",
        help_text=f"A CSV file or an Excel workbook (.xlsx), up to {MAX_BYTES // 2**20}MB",
        error_messages={"required": "Select the file with the figures in it"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {MAX_BYTES // 2**20}MB"
            )
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        return upload


class BenchmarkForm(UploadForm):
    column = forms.CharField(
        label="Column with the figures (optional)",
        max_length=100,
        required=False,
        help_text="Needed only if the file has more than one column of figures",
    )
    filters = forms.CharField(
        label="Only rows where (optional)",
        max_length=300,
        required=False,
        help_text="For example: characteristic=Total. Separate several with semicolons",
    )

    def clean_filters(self) -> dict[str, str]:
        result = {}
        for part in self.cleaned_data["filters"].split(";"):
            if not part.strip():
                continue
            name, sep, value = part.partition("=")
            if not sep or not name.strip():
                raise forms.ValidationError("Write each filter as column=value")
            result[name.strip()] = value.strip()
        return result


class LinkForm(forms.Form):
    version = version_field()  # the indicator's
    actions = ModelMultipleChoiceField(
        label="Actions whose impact this indicator measures",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = ModelMultipleChoiceField(
        label="Themes this indicator belongs to",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, actions: Any, themes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "actions", actions, lambda a: f"{a.reference} ({a.plan.name}): {a.text[:90]}")
        offer(self, "themes", themes, lambda t: f"{t.name} ({t.plan.name})")

    @staticmethod
    def initial_for(indicator: Indicator) -> dict[str, Any]:
        return {
            "actions": list(indicator.actions.all()),
            "themes": list(indicator.themes.all()),
            "version": indicator.version,
        }


class CommentaryForm(forms.Form):
    version = version_field()  # the id of the paragraph the person started from; 0 for none
    text = forms.CharField(
        label="Paragraph for the board",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        error_messages={
            "required": "Enter the paragraph for the board",
            "max_length": "The paragraph must be 5,000 characters or fewer",
        },
    )


class ConvertForm(forms.Form):
    catalogue = ModelChoiceField(
        label="Make it into",
        queryset=CatalogueEntry.objects.all(),
        required=False,
        empty_label="A new local indicator, named by the measure",
    )
