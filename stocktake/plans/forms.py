from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms

from stocktake.core.conflicts import Difference
from stocktake.core.forms import DateField, IntegerField, ModelChoiceField, limited, version_field
from stocktake.core.formtools import offer, offer_choices
from stocktake.people.models import Person
from stocktake.plans.choices import DeliveryStatus, ImpactStatus, Part, PlanKind, Rag
from stocktake.plans.evidence import ALLOWED
from stocktake.plans.models import Action, Plan, Theme
from stocktake.plans.services import ActionFields, OwnerSpec
from stocktake.plans.services.actions import MAX_TEXT
from stocktake.plans.services.updates import MAX_UPDATE_TEXT


class PlanForm(forms.Form):
    name = forms.CharField(
        label="Plan name", max_length=200, error_messages={"required": "Enter a name for the plan"}
    )
    kind = forms.ChoiceField(
        label="Kind of plan",
        choices=PlanKind.choices,
        widget=forms.RadioSelect,
        initial=PlanKind.IMPROVEMENT,
        error_messages={"required": "Select the kind of plan"},
    )
    start_date = DateField(
        label="Start date", label_noun="start date", help_text="For example, 1 4 2019"
    )
    end_date = DateField(label="End date", label_noun="end date")
    week1_date = DateField(
        label="Week 1 starts on",
        label_noun="date week 1 starts",
        help_text="Deadlines written as “Week N” count from this date. For a 12-week "
        "phase that continues a programme, week 1 is the programme's first week.",
    )
    parent = ModelChoiceField(
        label="Part of (optional)",
        queryset=Plan.objects.none(),
        required=False,
        empty_label="Not part of another plan",
    )
    version = version_field()

    @classmethod
    def initial_for(cls, plan: Plan) -> dict[str, Any]:
        return {name: getattr(plan, name) for name in cls.base_fields}

    def __init__(self, *args: Any, authority: Any, exclude: int | None = None, **kw: Any):
        super().__init__(*args, **kw)
        parents = Plan.objects.in_authority(authority)
        offer(self, "parent", parents.exclude(pk=exclude) if exclude else parents)


class ThemeForm(forms.Form):
    name = forms.CharField(
        label="Theme name",
        max_length=300,
        error_messages={"required": "Enter a name for the theme"},
    )
    position = IntegerField(
        noun="position",
        label="Position in the plan",
        min_value=0,
        max_value=9999,
        required=False,
        help_text="Themes are listed in this order",
        error_messages={
            "invalid": "Position must be a whole number",
            "min_value": "Position must be 0 or more",
            "max_value": "Position must be 9999 or less",
        },
    )
    version = version_field()

    @classmethod
    def initial_for(cls, theme: Theme) -> dict[str, Any]:
        return {name: getattr(theme, name) for name in cls.base_fields}


class OwnerRowForm(forms.Form):
    person = ModelChoiceField(
        label="Person",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Choose a person",
    )
    part = forms.ChoiceField(label="Accountable for", choices=Part.choices, required=False)

    def __init__(self, *args: Any, people: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        offer(
            self,
            "person",
            people,
            lambda p: f"{p.label} ({p.organisation})" if p.organisation else p.label,
        )


OwnerRows = forms.formset_factory(OwnerRowForm, extra=2, max_num=12, absolute_max=12)


class ActionForm(forms.Form):
    reference = forms.CharField(
        label="Reference",
        max_length=40,
        help_text="As in the plan, for example LA1 or FD16",
        error_messages={"required": "Enter a reference, for example LA1"},
    )
    theme = ModelChoiceField(
        label="Theme", queryset=Theme.objects.none(), required=False, empty_label="No theme"
    )
    text = limited(
        forms.CharField(
            label="Action",
            widget=forms.Textarea(attrs={"rows": 5}),
            error_messages={"required": "Enter what the action is"},
        ),
        MAX_TEXT,
    )
    impact = limited(
        forms.CharField(
            label="Anticipated impact on the quality of practice",
            widget=forms.Textarea(attrs={"rows": 4}),
            required=False,
        ),
        MAX_TEXT,
    )
    outcome = limited(
        forms.CharField(
            label="Outcome for children and families",
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        ),
        MAX_TEXT,
    )
    joint_delivery = forms.BooleanField(label="Joint delivery", required=False)
    deadline_text = forms.CharField(
        label="Deadline",
        max_length=200,
        required=False,
        help_text="As the plan words it: “Week 24”, “Week 13 – 24”, 30/06/2019 or “Ongoing”",
    )
    due_date = DateField(
        label="Due date (optional)",
        label_noun="due date",
        required=False,
        help_text="Only if the deadline above is not a week or a date",
    )
    cross_references = forms.CharField(
        label="Cross-references",
        max_length=200,
        required=False,
        help_text="Other actions' references, for example FD5 S10",
    )
    version = version_field()

    def __init__(self, *args: Any, plan: Plan, **kw: Any) -> None:
        super().__init__(*args, **kw)
        offer(self, "theme", plan.themes.all())
        self.owner_rows = OwnerRows(
            self.data if self.is_bound else None,
            prefix="owner",
            initial=self.initial.get("owner_rows"),
            form_kwargs={"people": Person.objects.in_authority(plan.authority)},
        )

    def is_valid(self) -> bool:
        return all([super().is_valid(), self.owner_rows.is_valid()])

    @staticmethod
    def initial_for(action: Action) -> dict[str, Any]:
        owners = list(action.owners.all())
        return {
            "reference": action.reference,
            "theme": action.theme_id,
            "text": action.text,
            "impact": action.impact,
            "outcome": action.outcome,
            "owner_rows": [{"person": o.person_id, "part": o.part} for o in owners],
            "joint_delivery": action.joint_delivery,
            "deadline_text": action.deadline_text,
            "due_date": action.due_date if not action.deadline_text else None,
            "cross_references": action.cross_references,
            "version": action.version,
        }

    def owners_differ(self, action: Action) -> list[Difference]:
        """The accountable people saved on `action`, if they differ from those typed."""
        saved = sorted(str(o) for o in action.owners.select_related("person"))
        typed = sorted(
            f"{o.person} ({Part(o.part).label})" if o.part else str(o.person)
            for o in self.to_fields().owners
        )
        if saved == typed:
            return []
        return [Difference("Accountable people", "; ".join(saved), "; ".join(typed))]

    def to_fields(self) -> ActionFields:
        data = self.cleaned_data
        owners = [
            OwnerSpec(row["person"], row.get("part") or "")
            for row in self.owner_rows.cleaned_data
            if row.get("person")
        ]
        return ActionFields(
            reference=data["reference"],
            text=data["text"],
            theme=data["theme"],
            impact=data["impact"],
            outcome=data["outcome"],
            owners=owners,
            joint_delivery=data["joint_delivery"],
            deadline_text=data["deadline_text"],
            due_date=data["due_date"],
            cross_references=data["cross_references"],
        )


NO_CHANGE = [("", "No change")]


class UpdateForm(forms.Form):
    text = limited(
        forms.CharField(
            label="What has happened since the last update?",
            widget=forms.Textarea(attrs={"rows": 6}),
            error_messages={"required": "Enter what has happened since the last update"},
        ),
        MAX_UPDATE_TEXT,
        f"The update must be {MAX_UPDATE_TEXT:,} characters or fewer",
    )
    date = DateField(
        label="Date of the update",
        label_noun="date of the update",
        help_text="For example, 27 3 2019",
    )
    week = IntegerField(
        noun="plan week",
        min_value=-9999,
        max_value=9999,
        label="Plan week (optional)",
        required=False,
        help_text="Leave blank to work it out from the date",
        error_messages={"invalid": "The plan week must be a whole number, like 20"},
    )
    part = forms.ChoiceField(
        label="Which part of the action?", choices=Part.choices, required=False
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=[("", "No change"), *Rag.choices],
        widget=forms.RadioSelect,
        required=False,
    )
    delivery_status = forms.ChoiceField(
        label="Delivery status", choices=NO_CHANGE + DeliveryStatus.choices, required=False
    )
    impact_status = forms.ChoiceField(
        label="Impact on children's experiences",
        choices=NO_CHANGE + ImpactStatus.choices,
        required=False,
    )
    reason = forms.CharField(
        label="Reason (needed if red, off track or blocked)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What is in the way, and what would unblock it",
    )
    evidence_file = forms.FileField(
        label="Evidence file (optional)",
        required=False,
        help_text="Up to 10MB: PDF, Word, Excel, PowerPoint, CSV, text or image",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED)}),
    )
    evidence_link = forms.URLField(
        label="Or a link to evidence (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter a link in the correct format, like https://…"},
    )
    evidence_title = forms.CharField(
        label="Evidence title (optional)", required=False, max_length=200
    )
    # A one-time token: the same form posted twice posts one update.
    submission = forms.UUIDField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": "Reload the page and post the update again"},
    )

    def __init__(self, *args: Any, action: Action, today: dt.date, **kw: Any) -> None:
        kw.setdefault("initial", {}).setdefault("date", today)
        kw["initial"].setdefault("submission", uuid.uuid4())
        super().__init__(*args, **kw)
        if not action.owners.exclude(part="").exists():
            del self.fields["part"]


def as_at_field() -> DateField:
    return DateField(
        label="As at",
        label_noun="as at date",
        required=False,
        help_text="The position at the end of this day. For example, 30 6 2019",
    )


def check_as_at(plan: Plan, today: dt.date, value: dt.date | None) -> dt.date | None:
    """An "as at" date must be today or earlier, and within a plan that has ended."""
    if value is None:
        return None
    if value > today:
        raise forms.ValidationError("The as at date must be today or in the past")
    if plan.end_date < today and value > plan.end_date:
        raise forms.ValidationError(
            f"The plan ended on {plan.end_date:%-d %B %Y}. Enter a date on or before then"
        )
    return value


class AsAtForm(forms.Form):
    """The dashboard's date: the position at the end of that day."""

    as_at = as_at_field()

    def __init__(self, *args: Any, plan: Plan, today: dt.date, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.plan, self.today = plan, today

    def clean_as_at(self) -> dt.date | None:
        return check_as_at(self.plan, self.today, self.cleaned_data.get("as_at"))


class ActionFilterForm(forms.Form):
    as_at = as_at_field()
    q = forms.CharField(label="Search", required=False, max_length=200)
    # Plain choices (read once, as the page shows them): a choice never costs a query of its
    # own, so no filter changes how many queries the list takes.
    theme = forms.TypedChoiceField(label="Theme", coerce=int, required=False, empty_value=None)
    owner = forms.TypedChoiceField(label="Owner", coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(
        label="Delivery status",
        choices=[("", "Any status"), *DeliveryStatus.choices],
        required=False,
    )
    rag = forms.ChoiceField(
        label="RAG", choices=[("", "Any RAG"), *Rag.choices, ("none", "Not rated")], required=False
    )
    due_from = DateField(label="Due on or after", label_noun="first due date", required=False)
    due_to = DateField(label="Due on or before", label_noun="last due date", required=False)
    overdue = forms.BooleanField(label="Overdue", required=False)
    due_this_week = forms.BooleanField(label="Due this week", required=False)
    stale = forms.BooleanField(label="No update for 2 weeks or more", required=False)
    impact_not_evidenced = forms.BooleanField(label="Impact not yet evidenced", required=False)
    changed_since = DateField(
        label="Status or RAG changed on or after",
        label_noun="date of the change",
        required=False,
        help_text="Or added to the plan then",
    )

    def __init__(self, *args: Any, plan: Plan, today: dt.date, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.plan, self.today = plan, today
        themes = plan.themes.values_list("pk", "name")
        offer_choices(self, "theme", [("", "All themes"), *themes])
        owners = (
            Person.objects.in_authority(plan.authority)
            .filter(ownerships__action__plan=plan)
            .distinct()
            .order_by("name", "pk")
        )
        offer_choices(self, "owner", [("", "Anyone"), *((p.pk, p.label) for p in owners)])

    def clean_as_at(self) -> dt.date | None:
        return check_as_at(self.plan, self.today, self.cleaned_data.get("as_at"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("due_from"), data.get("due_to")
        if start and end and end < start:
            self.add_error("due_to", "The last due date must be on or after the first")
        return data
