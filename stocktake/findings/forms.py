from __future__ import annotations

from typing import Any

from django import forms

from stocktake.core.forms import DateField, ModelChoiceField, limited, version_field
from stocktake.core.formtools import field_of, offer, offer_choices
from stocktake.findings.choices import (
    FindingKind,
    FrameworkVersion,
    Grade,
    ImpactReading,
    SourceKind,
    framework_areas,
    framework_for,
)
from stocktake.findings.models import Finding, ImpactLink, Judgement, Source
from stocktake.findings.selectors import linked_indicators
from stocktake.findings.services import FindingFields, SourceFields
from stocktake.findings.services.findings import MAX_TEXT
from stocktake.plans.evidence import ALLOWED

GRADE_ERROR = "Select a grade: Outstanding, Good, Requires improvement to be good or Inadequate"


class SourceForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of source is it?",
        choices=SourceKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what kind of source this is",
            "invalid_choice": "Select what kind of source this is",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=300,
        help_text="For example, “Inspection of Blackpool children's services, January 2019”",
        error_messages={"required": "Enter a title for the source"},
    )
    body = forms.CharField(
        label="Who wrote it (optional)",
        max_length=200,
        required=False,
        help_text="For example, Ofsted, HM Inspectorate of Probation or the DfE",
    )
    framework = forms.ChoiceField(
        label="Judgement framework",
        choices=[
            ("auto", "Work it out from the kind of source and its date"),
            *FrameworkVersion.choices,
        ],
        required=False,
        help_text="Which areas it grades. ILACS inspections before January 2023 graded "
        "children in care and care leavers together; from 2023 separately",
        error_messages={"invalid_choice": "Select a judgement framework from the list"},
    )
    fieldwork_start = DateField(
        label="First day of fieldwork (optional)",
        label_noun="first day of fieldwork",
        required=False,
        help_text="For example, 26 11 2018",
    )
    fieldwork_end = DateField(
        label="Last day of fieldwork (optional)", label_noun="last day of fieldwork", required=False
    )
    published_on = DateField(
        label="Date published or issued (optional)", label_noun="publication date", required=False
    )
    link = forms.URLField(
        label="Link to the report or letter (optional)",
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a link in the correct format, like https://…"},
    )
    file = forms.FileField(
        label="Or upload it (optional)",
        required=False,
        help_text="Up to 10MB: PDF, Word or another document",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED)}),
    )
    summary = limited(
        forms.CharField(
            label="Summary (optional)", widget=forms.Textarea(attrs={"rows": 4}), required=False
        ),
        MAX_TEXT,
        f"The summary must be {MAX_TEXT:,} characters or fewer",
    )

    version = version_field()

    @staticmethod
    def initial_for(source: Source) -> dict[str, Any]:
        names = ["kind", "title", "body", "framework", "fieldwork_start", "fieldwork_end"]
        names += ["published_on", "link", "summary", "version"]
        return {n: getattr(source, n) for n in names}

    def to_fields(self) -> SourceFields:
        data = self.cleaned_data
        return SourceFields(
            kind=data["kind"],
            title=data["title"],
            body=data["body"],
            framework=(
                framework_for(data["kind"], data["fieldwork_start"] or data["published_on"])
                if data["framework"] == "auto"
                else data["framework"] or FrameworkVersion.NONE
            ),
            fieldwork_start=data["fieldwork_start"],
            fieldwork_end=data["fieldwork_end"],
            published_on=data["published_on"],
            link=data["link"],
            summary=data["summary"],
            file=data["file"] or None,
        )


class JudgementForm(forms.Form):
    area = forms.ChoiceField(
        label="Judgement area",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the area the judgement is about",
            "invalid_choice": "Choose the area the judgement is about",
        },
    )
    grade = forms.ChoiceField(
        label="Grade",
        choices=Grade.choices,
        widget=forms.RadioSelect,
        error_messages={"required": GRADE_ERROR, "invalid_choice": GRADE_ERROR},
    )
    self_assessed_grade = forms.ChoiceField(
        label="The authority's self-assessed grade (optional)",
        choices=[("", "None recorded"), *Grade.choices],
        required=False,
        error_messages={"invalid_choice": GRADE_ERROR + ", or none"},
    )

    def __init__(self, *args: Any, source: Source, **kw: Any) -> None:
        super().__init__(*args, **kw)
        areas = framework_areas(source.framework)
        field = field_of(self, "area", forms.ChoiceField)
        field.choices = [(a.value, a.label) for a in areas]
        names = "; ".join(a.label.lower() for a in areas) or "none"
        message = f"Choose a judgement of this source's framework: {names}"
        field.error_messages.update({"required": message, "invalid_choice": message})

    version = version_field()

    @staticmethod
    def initial_for(judgement: Judgement) -> dict[str, Any]:
        return {
            "area": judgement.area,
            "grade": judgement.grade,
            "self_assessed_grade": judgement.self_assessed_grade,
            "version": judgement.version,
        }


class FindingForm(forms.Form):
    reference = forms.CharField(
        label="Reference (optional)",
        max_length=40,
        required=False,
        help_text="As the source numbers it, for example 3 or 5.2",
    )
    text = limited(
        forms.CharField(
            label="Finding",
            widget=forms.Textarea(attrs={"rows": 5}),
            error_messages={"required": "Enter the finding as the source words it"},
        ),
        MAX_TEXT,
    )
    kind = forms.ChoiceField(
        label="Kind of finding",
        choices=FindingKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what kind of finding this is",
            "invalid_choice": "Select what kind of finding this is",
        },
    )
    addressee = forms.CharField(
        label="Addressed to (optional)",
        max_length=200,
        required=False,
        help_text="Who the source says should act, for example “The YOT Manager”",
    )
    parent = ModelChoiceField(
        label="Sits under (optional)",
        queryset=Finding.objects.none(),
        required=False,
        empty_label="Nothing: a top-level finding",
        error_messages={"invalid_choice": "Choose a finding of this source to sit under"},
    )
    planned_response = limited(
        forms.CharField(
            label="Planned response summary (optional)",
            widget=forms.Textarea(attrs={"rows": 4}),
            required=False,
        ),
        MAX_TEXT,
    )
    progress = limited(
        forms.CharField(
            label="Progress narrative (optional)",
            widget=forms.Textarea(attrs={"rows": 4}),
            required=False,
        ),
        MAX_TEXT,
    )

    def __init__(self, *args: Any, parents: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        offer(self, "parent", parents, lambda f: f"{f.reference} – {f.text[:90]}".strip(" –"))

    version = version_field()

    @staticmethod
    def initial_for(finding: Finding) -> dict[str, Any]:
        names = ["reference", "text", "kind", "addressee", "planned_response", "progress"]
        names.append("version")
        return {**{n: getattr(finding, n) for n in names}, "parent": finding.parent_id}

    def to_fields(self) -> FindingFields:
        data = self.cleaned_data
        return FindingFields(
            reference=data["reference"],
            text=data["text"],
            kind=data["kind"],
            addressee=data["addressee"],
            parent=data["parent"],
            planned_response=data["planned_response"],
            progress=data["progress"],
        )


class CaptureForm(forms.Form):
    text = forms.CharField(
        label="Paste the list from the letter or report",
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=100_000,
        help_text="One finding per numbered or bulleted item (“1 – …”, “3.2.”, “4.1)”, “•”). "
        "A line such as “The DCS should:” sets who the items after it are addressed to. "
        "Without numbers or bullets, each paragraph is one finding.",
        error_messages={
            "required": "Paste the list of findings",
            "max_length": "The text must be 100,000 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="What kind of findings are they?",
        choices=FindingKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what kind of findings these are",
            "invalid_choice": "Select what kind of findings these are",
        },
    )


class LinksForm(forms.Form):
    version = version_field()  # the finding's
    actions = forms.MultipleChoiceField(
        label="Actions that answer this finding",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose actions from this plan"},
    )
    measures = forms.MultipleChoiceField(
        label="Measures that evidence its impact",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose measures from this plan"},
    )

    def __init__(self, *args: Any, actions: Any, measures: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.action_objects = {str(a.pk): a for a in actions}
        self.measure_objects = {str(m.pk): m for m in measures}
        offer_choices(
            self,
            "actions",
            ((key, f"{a.reference}: {a.text[:120]}") for key, a in self.action_objects.items()),
        )
        offer_choices(
            self, "measures", ((key, m.text[:200]) for key, m in self.measure_objects.items())
        )

    @staticmethod
    def initial_for(finding: Finding, choices: Any) -> dict[str, Any]:
        return {
            "actions": [str(pk) for pk in choices.linked_actions],
            "measures": [str(pk) for pk in choices.linked_measures],
            "version": finding.version,
        }

    def chosen(self) -> tuple[list[Any], list[Any]]:
        data = self.cleaned_data
        return (
            [self.action_objects[k] for k in data["actions"]],
            [self.measure_objects[k] for k in data["measures"]],
        )


class RepeatsForm(forms.Form):
    version = version_field()  # the finding's
    earlier = forms.MultipleChoiceField(
        label="Earlier findings this one raises again",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose findings from earlier sources"},
    )

    def __init__(self, *args: Any, choices: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.objects = {str(f.pk): f for f in choices}
        offer_choices(
            self,
            "earlier",
            (
                (key, f"{f.source.title} – {f.reference} {f.text[:100]}".strip())
                for key, f in self.objects.items()
            ),
        )

    @staticmethod
    def initial_for(finding: Finding) -> dict[str, Any]:
        earlier = finding.repeats.values_list("pk", flat=True)
        return {"earlier": [str(pk) for pk in earlier], "version": finding.version}

    def chosen(self) -> list[Any]:
        return [self.objects[k] for k in self.cleaned_data["earlier"]]


class ImpactForm(forms.Form):
    reading = forms.ChoiceField(
        label="What does the measure show?",
        choices=ImpactReading.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the measure is met, not met or not yet evidenced",
            "invalid_choice": "Select whether the measure is met, not met or not yet evidenced",
        },
    )
    latest = forms.CharField(
        label="Latest value against target (optional)",
        max_length=300,
        required=False,
        help_text="For example, 21% re-referrals in March 2019 against a target of 18%",
    )

    version = version_field()

    @staticmethod
    def initial_for(link: ImpactLink) -> dict[str, Any]:
        return {"reading": link.reading, "latest": link.latest, "version": link.version}


class IndicatorsForm(forms.Form):
    version = version_field()  # the finding's
    indicators = forms.MultipleChoiceField(
        label="Indicators that evidence its impact",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose indicators of this authority"},
    )

    def __init__(self, *args: Any, choices: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.objects = {str(i.pk): i for i in choices}
        offer_choices(
            self,
            "indicators",
            (
                (key, f"{i.name} ({i.code})" + (f" – {i.area}" if i.area else ""))
                for key, i in self.objects.items()
            ),
        )

    @staticmethod
    def initial_for(finding: Finding) -> dict[str, Any]:
        linked = [str(pk) for pk in linked_indicators(finding)]
        return {"indicators": linked, "version": finding.version}

    def chosen(self) -> list[Any]:
        return [self.objects[k] for k in self.cleaned_data["indicators"]]
