"""Forms for the case-audit pages, with plain-English messages."""

from __future__ import annotations

import calendar
from typing import Any

from django import forms

from stocktake.core.forms import DateField, IntegerField, ModelChoiceField, ModelMultipleChoiceField
from stocktake.core.formtools import offer
from stocktake.quality.choices import Grade, RoundKind
from stocktake.quality.models import CaseAudit, FrameworkVersion
from stocktake.quality.sampling import read_references, sample
from stocktake.quality.services import DomainSpec

GRADES = list(Grade.choices)
NO_NAMES = (
    "Write “the child”, and name family members by their role (“the mother”): never write a "
    "child's name"
)
DOMAINS_HINT = (
    "Write each domain on its own line. Under a domain, write its questions or prompts, each "
    "on its own line starting with a dash (-)."
)


def _required(message: str) -> dict[str, str]:
    return {"required": message}


def read_domains(text: str) -> list[DomainSpec]:
    """Domains and their prompts from the textarea: a line per domain, "- " per prompt."""
    specs: list[tuple[str, list[str]]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line[:1] in "-•*" and specs:
            specs[-1][1].append(line.lstrip("-•* ").strip())
        elif line[:1] not in "-•*":
            specs.append((line, []))
    return [DomainSpec(name, "\n".join(prompts)) for name, prompts in specs]


def write_domains(version: FrameworkVersion) -> str:
    lines = []
    for domain in version.domains.all():
        lines.append(domain.name)
        lines.extend(f"- {p}" for p in domain.prompt_list)
    return "\n".join(lines)


class FrameworkForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages=_required("Enter the framework's name")
    )
    description = forms.CharField(
        label="Description (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    domains = forms.CharField(
        label="Domains and their questions",
        help_text=DOMAINS_HINT,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages=_required("Enter at least one domain to audit"),
    )


class FrameworkReviseForm(forms.Form):
    domains = forms.CharField(
        label="Domains and their questions",
        help_text=DOMAINS_HINT + " Audits already scheduled keep the version they started with.",
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages=_required("Enter at least one domain to audit"),
    )
    notes = forms.CharField(
        label="What changed in this version",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("Say what changed in this version"),
    )


class PeopleChoice(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class PeopleChoices(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class RoundForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example “Monthly audit – June 2019” or “Themed audit: neglect”",
        error_messages=_required("Enter a title for the round"),
    )
    kind = forms.ChoiceField(
        label="Kind of audit",
        choices=[c for c in RoundKind.choices if c[0] != RoundKind.IMPORTED],
        widget=forms.RadioSelect,
        initial=RoundKind.MONTHLY,
        error_messages=_required("Choose whether this is a monthly or a themed audit"),
    )
    theme = forms.CharField(
        label="Theme (for a themed audit)",
        required=False,
        help_text="For example neglect, pre-proceedings, care leavers",
    )
    framework: forms.ModelChoiceField[Any] = ModelChoiceField(
        label="Framework",
        queryset=None,
        empty_label="Choose a framework",
        error_messages={"required": "Choose a framework", "invalid_choice": "Choose a framework"},
    )
    due_date = DateField(label="Due by", label_noun="date the audits are due")
    moderation_share = IntegerField(
        label="Share of completed audits to moderate (per cent)",
        min_value=0,
        max_value=100,
        initial=10,
        help_text="Every audit graded inadequate is moderated as well",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the share to moderate, for example 10",
            "invalid": "Enter the share as a whole number, for example 10",
            "min_value": "The share moderated must be from 0 to 100 per cent",
            "max_value": "The share moderated must be from 0 to 100 per cent",
        },
    )
    cases = forms.CharField(
        label="Case references",
        help_text="Paste the case references the council uses, one a line. Never enter a "
        "child's name. To sample at random, paste the whole list and give a sample size and "
        "seed below.",
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        error_messages=_required("Enter at least one case reference to audit"),
    )
    sample_size = IntegerField(
        label="Sample size (optional)",
        required=False,
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the sample size as a whole number",
            "min_value": "The sample size must be 1 or more",
        },
    )
    seed = IntegerField(
        label="Random seed (for a sample)",
        required=False,
        help_text="Any whole number. The same list and seed always give the same sample, so "
        "anyone can check the draw",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": "Enter the seed as a whole number"},
    )
    auditors = PeopleChoices(
        label="Auditors",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The cases are shared among them in turn; you can change who audits each case",
    )

    def __init__(self, *args: Any, frameworks: Any, auditors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "framework", frameworks)
        offer(self, "auditors", auditors)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        found = read_references(data.get("cases", ""))
        if "cases" in data and found.problems:
            self.add_error("cases", found.problems[0])
            return data
        size, seed = data.get("sample_size"), data.get("seed")
        population = found.references
        data["sample"] = {}
        if size is not None:
            if seed is None:
                self.add_error("seed", "Enter a seed, so the sample can be checked")
            elif size > len(population):
                self.add_error(
                    "sample_size",
                    f"The sample size must be no more than the {len(population)} cases listed",
                )
            else:
                data["sample"] = {"seed": seed, "population": len(population), "size": size}
                population = sample(population, size, seed)
        data["references"] = population
        return data


class AssignForm(forms.Form):
    auditor = PeopleChoice(
        label="Auditor", queryset=None, required=False, empty_label="Not assigned"
    )
    moderator = PeopleChoice(
        label="Moderator", queryset=None, required=False, empty_label="Not assigned"
    )
    practitioner = forms.CharField(
        label="Practitioner (social worker)", required=False, max_length=200
    )
    team_manager = PeopleChoice(
        label="Team manager",
        queryset=None,
        required=False,
        empty_label="Not named",
        help_text="Told at once of an immediate safeguarding concern",
    )
    due_date = DateField(label="Due by", label_noun="date the audit is due")

    def __init__(self, *args: Any, people: Any, auditors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("auditor", "moderator"):
            offer(self, name, auditors)
        offer(self, "team_manager", people)


class AuditForm(forms.Form):
    """Grades for each domain of the audit's framework version, the overall grade and what
    the auditor found."""

    overall_grade = forms.ChoiceField(
        label="Overall grade", choices=GRADES, required=False, widget=forms.RadioSelect
    )
    strengths = forms.CharField(
        label="Strengths",
        required=False,
        help_text=NO_NAMES,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    development = forms.CharField(
        label="Areas for development", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    child_voice = forms.CharField(
        label="The child's voice",
        required=False,
        help_text="What the child said or showed, or why their voice could not be heard",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    practitioner_feedback = forms.CharField(
        label="Practitioner's feedback (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    manager_feedback = forms.CharField(
        label="Team manager's feedback (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    completed_on = DateField(
        label="Date the audit was completed",
        required=False,
        label_noun="date the audit was completed",
    )

    def __init__(self, *args: Any, audit: CaseAudit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.domains = list(audit.round.version.domains.all())
        saved = {g.domain_id: g.grade for g in audit.grades.all()}
        for domain in self.domains:
            self.fields[f"grade_{domain.pk}"] = forms.ChoiceField(
                label=domain.name,
                choices=GRADES,
                required=False,
                widget=forms.RadioSelect,
                help_text=" ".join(domain.prompt_list),
                initial=saved.get(domain.pk),
            )
        if not self.is_bound:
            for name in (
                "overall_grade",
                "strengths",
                "development",
                "child_voice",
                "practitioner_feedback",
                "manager_feedback",
                "completed_on",
            ):
                self.initial[name] = getattr(audit, name)

    def grade_fields(self) -> list[Any]:
        return [self[f"grade_{d.pk}"] for d in self.domains]

    def grades(self) -> dict[int, str]:
        return {d.pk: self.cleaned_data.get(f"grade_{d.pk}") or "" for d in self.domains}


class ModerationForm(forms.Form):
    overall_grade = forms.ChoiceField(
        label="Your overall grade",
        choices=GRADES,
        widget=forms.RadioSelect,
        error_messages=_required("Choose the overall grade you would give"),
    )
    reason = forms.CharField(
        label="Why you would grade it differently (if you would)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    moderated_on = DateField(label="Date of the moderation", label_noun="date of the moderation")

    def __init__(self, *args: Any, audit: CaseAudit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        self.initial.setdefault("overall_grade", audit.overall_grade)
        for grade in audit.grades.select_related("domain"):
            key = grade.domain_id
            self.fields[f"grade_{key}"] = forms.ChoiceField(
                label=f"{grade.domain.name}: your grade",
                choices=GRADES,
                initial=grade.grade,
                help_text=f"The auditor's grade: {grade.get_grade_display()}",
                error_messages=_required("Choose the grade you would give for this domain"),
            )
            self.fields[f"reason_{key}"] = forms.CharField(
                label=f"{grade.domain.name}: why, if you changed the grade",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.rows.append((grade, self[f"grade_{key}"], self[f"reason_{key}"]))


class AuditActionForm(forms.Form):
    text = forms.CharField(
        label="What must be done on the case",
        help_text=NO_NAMES,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("Enter what must be done on the case"),
    )
    owner = PeopleChoice(
        label="Who will do it",
        queryset=None,
        empty_label="Choose a person",
        error_messages={
            "required": "Choose who will do it",
            "invalid_choice": "Choose who will do it",
        },
    )
    due_date = DateField(label="Due by", label_noun="date it must be done by")

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "owner", people)


class ActionCompleteForm(forms.Form):
    completed_on = DateField(label="Date it was done", label_noun="date it was done")
    note = forms.CharField(
        label="What was done (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConcernForm(forms.Form):
    description = forms.CharField(
        label="The concern, and what is needed now",
        help_text="The quality assurance lead and the team manager are emailed at once. "
        + NO_NAMES,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required("Describe the concern and what is needed now"),
    )


class ConcernCloseForm(forms.Form):
    action_taken = forms.CharField(
        label="What was done",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("Enter what was done about the concern"),
    )


class TagForm(forms.Form):
    themes: forms.ModelMultipleChoiceField[Any] = ModelMultipleChoiceField(
        label="Learning themes seen in this audit",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required("Choose at least one theme"),
    )
    domain: forms.ModelChoiceField[Any] = ModelChoiceField(
        label="In which domain", queryset=None, required=False, empty_label="The audit as a whole"
    )

    def __init__(self, *args: Any, themes: Any, domains: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "themes", themes)
        offer(self, "domain", domains)


class ThemeForm(forms.Form):
    name = forms.CharField(
        label="Theme", max_length=200, error_messages=_required("Enter the theme")
    )
    description = forms.CharField(
        label="Description (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FindingChoices(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        text = obj.text if len(obj.text) < 110 else obj.text[:107] + "…"
        return f"{obj.source.title}, {obj.reference}: {text}" if obj.reference else text


class ActionChoices(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        text = obj.text if len(obj.text) < 90 else obj.text[:87] + "…"
        return f"{obj.plan.name}, {obj.reference}: {text}"


class ThemeLinksForm(forms.Form):
    findings = FindingChoices(
        label="Findings", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    actions = ActionChoices(
        label="Plan actions", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, findings: Any, actions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "findings", findings)
        offer(self, "actions", actions)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV file or an Excel workbook (.xlsx)",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={
            "required": "Choose a file to upload",
            "empty": "The file is empty",
        },
    )


MONTHS = [("", "Choose a month")] + [(str(n), calendar.month_name[n]) for n in range(1, 13)]


class ReportForm(forms.Form):
    month = forms.ChoiceField(
        label="Month", choices=MONTHS, error_messages=_required("Choose the month to report on")
    )
    year = IntegerField(
        label="Year",
        min_value=2000,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the year, for example 2019",
            "invalid": "Enter the year as a number, for example 2019",
            "min_value": "Enter a year from 2000 to 2100",
            "max_value": "Enter a year from 2000 to 2100",
        },
    )
    plan: forms.ModelChoiceField[Any] = ModelChoiceField(
        label="Plan the report is filed with",
        queryset=None,
        empty_label="Choose a plan",
        error_messages={"required": "Choose a plan", "invalid_choice": "Choose a plan"},
    )

    def __init__(self, *args: Any, plans: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "plan", plans)
