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
