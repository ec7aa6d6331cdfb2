from __future__ import annotations

from django import forms

from stocktake.core.forms import DateField

MAX_UPLOAD = 200 * 1024 * 1024
SUFFIXES = (".xlsx", ".xlsm", ".csv", ".zip")


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Annex A extract",
        help_text="An Excel workbook with a sheet per list, a CSV file, or a zip of CSV files "
        "(one per list). The file itself is not kept.",
        error_messages={"required": "Choose the extract to upload"},
    )
    extract_date = DateField(
        label="Date the extract was taken", label_noun="date the extract was taken"
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not str(upload.name).lower().endswith(SUFFIXES):
            raise forms.ValidationError("The file must be an .xlsx workbook, a .csv or a .zip")
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("The file must be smaller than 200 MB")
        return upload


def _fte(label: str, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=0, max_digits=8, decimal_places=2, required=required,
        error_messages={"required": f"Enter the {label.lower()}",
                        "invalid": f"Enter the {label.lower()} as a number",
                        "min_value": f"The {label.lower()} cannot be negative"},
    )  # fmt: skip


def _count(label: str, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=0, max_value=100_000, required=required,
        error_messages={"required": f"Enter the {label.lower()}",
                        "invalid": f"Enter the {label.lower()} as a whole number",
                        "min_value": f"The {label.lower()} cannot be negative",
                        "max_value": f"The {label.lower()} must be 100,000 or fewer"},
    )  # fmt: skip


class WorkforceForm(forms.Form):
    month = DateField(label="Month (any day in it)", label_noun="month")
    team = forms.CharField(max_length=200, error_messages={"required": "Enter the team"})
    case_holding_fte = _fte("Case-holding FTE", required=True)
    cases = _count("Cases held", required=True)
    employed_fte = _fte("Employed social worker FTE", required=True)
    agency_fte = _fte("Agency social worker FTE")
    vacant_fte = _fte("Vacant FTE")
    leavers_fte = _fte("Leavers FTE in the month")
    newly_qualified = _count("Newly qualified workers")
    newly_qualified_cases = _count("Cases held by newly qualified workers")


class WorkforceUploadForm(forms.Form):
    file = forms.FileField(
        label="Workforce return (CSV)",
        help_text="Columns: month, team, case-holding FTE, cases, employed FTE, and optionally "
        "agency FTE, vacant FTE, leavers FTE, newly qualified, newly qualified cases.",
        error_messages={"required": "Choose the CSV file to upload"},
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 5 MB")
        return upload
