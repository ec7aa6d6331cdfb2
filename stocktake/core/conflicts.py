"""The conflict page: what a person sees when someone else saved the record they were editing.

Nothing they typed is lost. The form comes back with everything they entered, now pointed at
the version saved meanwhile (so saving again keeps their version, knowingly), an error
summary saying what happened, and a table of each answer where what is saved now differs
from what they typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.db.models import Model
from django.http import QueryDict

VERSION_FIELD = "version"


@dataclass(frozen=True)
class Difference:
    label: str
    saved: str  # what is saved now
    typed: str  # what this person typed


@dataclass
class Conflict:
    noun: str
    differences: list[Difference] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Someone else changed this {self.noun} while you were editing"

    message = (
        "Your changes have not been saved. Everything you typed is still below: check it "
        "against what is saved now, then save again to keep your version"
    )


def _choice_labels(form_field: forms.Field) -> dict[str, str]:
    choices = getattr(form_field, "choices", None)
    if choices is None or isinstance(form_field, forms.ModelChoiceField):
        return {}
    return {str(value): str(label) for value, label in choices}


def _model_label(form_field: forms.Field, value: Any) -> str:
    if isinstance(value, Model):
        return str(value)
    queryset = getattr(form_field, "queryset", None)
    found = queryset.filter(pk=value).first() if queryset is not None else None
    return str(found) if found is not None else str(value)


def shown(form_field: forms.Field, value: Any) -> str:
    """A value as a person reads it: choice labels, dates in words, "Yes"/"No"."""
    if value is None or value == "" or value == []:
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return f"{value:%-d %B %Y}"
    if isinstance(form_field, forms.ModelChoiceField):
        items = value if isinstance(value, Iterable) and not isinstance(value, str) else [value]
        return ", ".join(sorted(_model_label(form_field, v) for v in items)) or "(blank)"
    labels = _choice_labels(form_field)
    if isinstance(value, list | tuple | set):
        return ", ".join(sorted(labels.get(str(v), str(v)) for v in value)) or "(blank)"
    return labels.get(str(value), str(value))


def differences(form: forms.BaseForm, saved: dict[str, Any]) -> list[Difference]:
    found = []
    for name, form_field in form.fields.items():
        if isinstance(form_field.widget, forms.HiddenInput) or name not in form.cleaned_data:
            continue
        if name not in saved:
            continue
        now, typed = shown(form_field, saved[name]), shown(form_field, form.cleaned_data[name])
        if now != typed:
            found.append(Difference(str(form_field.label or name), now, typed))
    return found


def conflict_form(
    form: forms.BaseForm,
    *,
    noun: str,
    saved: dict[str, Any],
    version: int,
    extra: Iterable[Difference] = (),
) -> Conflict:
    """After a ConflictError: point `form` (valid, bound) at `version`, the one saved now,
    keeping everything typed; add the conflict to its errors; return what differs.

    `saved` is what the form would show for the row as saved now (its `initial`)."""
    conflict = Conflict(noun, [*differences(form, saved), *extra])
    data = cast(QueryDict, form.data).copy()
    data[form.add_prefix(VERSION_FIELD)] = str(version)
    form.data = data
    form.add_error(None, conflict.message)
    cast(Any, form).conflict = conflict
    return conflict
