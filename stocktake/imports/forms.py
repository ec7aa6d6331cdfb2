from __future__ import annotations

from typing import Any

from django import forms

from stocktake.core.forms import DateField
from stocktake.core.formtools import offer_choices
from stocktake.imports.readers import ACCEPTED, MAX_BYTES
from stocktake.plans.choices import PlanKind
from stocktake.plans.models import Plan

NEW_PLAN = "__new__"


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
        plans = Plan.objects.in_authority(authority).order_by("name")
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
