from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models.functions import Lower

from stocktake.core.forms import DateField
from stocktake.core.formtools import offer_choices
from stocktake.imports.presenters import ROLE_CHOICES, ROW_CHOICES, column_field, row_field
from stocktake.imports.readers import ACCEPTED, MAX_BYTES
from stocktake.plans.choices import PlanKind
from stocktake.plans.models import Plan

NEW_PLAN = "__new__"
STALE_FORM = "This page is out of date. Reload the preview and make your change again"


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Plan file",
        help_text=f"Upload {ACCEPTED}, up to {MAX_BYTES // 2**20}MB",
        error_messages={"required": "Select the file with the plan in it"},
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.xlsx,.csv,.txt,.tsv,.md"}),
    )
    plan = forms.ChoiceField(
        label="Import into",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a plan, or a new plan"},
    )
    new_plan_name = forms.CharField(label="Name of the new plan", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Kind of plan (for a new plan)",
        choices=PlanKind.choices,
        initial=PlanKind.TWELVE_WEEK,
        required=False,
    )
    week1_date = DateField(
        label="Week 1 starts on (optional)",
        label_noun="date week 1 starts",
        required=False,
        help_text="Needed if deadlines are written as weeks (“Week 24”) and the plan is new. "
        "For example, 7 1 2019",
    )

    def __init__(self, *args: Any, authority: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # By name whatever its case, then by when each was made: the list reads the same
        # every time, on every database.
        plans = Plan.objects.in_authority(authority).order_by(Lower("name"), "name", "pk")
        offer_choices(
            self,
            "plan",
            [(str(p.pk), f"{p.name} (a newer version of it)") for p in plans]
            + [(NEW_PLAN, "A new plan")],
        )
        self.plans = {str(p.pk): p for p in plans}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {MAX_BYTES // 2**20}MB"
            )
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("plan") == NEW_PLAN and not data.get("new_plan_name", "").strip():
            self.add_error("new_plan_name", "Enter a name for the new plan")
        return data

    def plan_name(self) -> str:
        choice = self.cleaned_data["plan"]
        if choice == NEW_PLAN:
            return str(self.cleaned_data["new_plan_name"]).strip()
        return self.plans[choice].name


_CORRECTION_KEY = re.compile(r"^(col|row)-(\d{1,4})-(\d{1,6})$")


class CorrectionsForm(forms.Form):
    """A role for each column and a type for each row of the preview (ADR 0022). Fields not
    sent keep what they were; a field for a table, column or row the preview does not have
    is an error, never ignored."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2**31 - 1,
        error_messages={"required": STALE_FORM, "invalid": STALE_FORM},
    )

    def __init__(self, *args: Any, understood: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles, types = ROLE_CHOICES, ROW_CHOICES
        for table in understood.get("columns", []):
            for number, column in enumerate(table.get("columns", [])):
                heading = column.get("heading") or f"column {number + 1}"
                index = int(column.get("index", number))
                self.fields[column_field(str(table.get("table")), index)] = forms.ChoiceField(
                    label=f"What the column “{heading}” holds",
                    choices=roles,
                    initial=column.get("role", "extra"),
                    required=False,
                    error_messages={"invalid_choice": f"Choose what the column “{heading}” holds"},
                )
        for row in understood.get("rows", []):
            line = row.get("line", "")
            self.fields[row_field(str(row.get("table")), int(row.get("row", 0)))] = (
                forms.ChoiceField(
                    label=f"What row {line} is",
                    choices=types,
                    initial=row.get("type", ""),
                    required=False,
                    error_messages={"invalid_choice": f"Choose what row {line} is"},
                )
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key in self.data:
            if key.startswith(("col-", "row-")) and key not in self.fields:
                self.add_error(
                    None,
                    "The preview has no such column or row to correct. Reload the preview "
                    "and try again",
                )
                break
        return data

    def corrections(self) -> tuple[dict[tuple[str, int], str], dict[tuple[str, int], str]]:
        """The columns' roles and the rows' types sent, keyed by (table, index)."""
        columns: dict[tuple[str, int], str] = {}
        rows: dict[tuple[str, int], str] = {}
        for key, value in self.cleaned_data.items():
            found = _CORRECTION_KEY.match(key)
            if found and value and key in self.data:
                into = columns if found.group(1) == "col" else rows
                into[(found.group(2), int(found.group(3)))] = value
        return columns, rows


class SaveLayoutForm(forms.Form):
    name = forms.CharField(
        label="Name the layout (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "The layout's name must be 200 characters or fewer"},
    )
