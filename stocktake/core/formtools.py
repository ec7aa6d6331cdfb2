"""Typed access to a form's fields, for forms that narrow their choices per request.

`form.fields[name]` is typed as a plain `Field`, which has no `queryset` or `choices`;
these helpers check the field is the kind expected (a mistake fails loudly, not silently)
and set its choices with types, so forms need no type-checker suppressions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django import forms
from django.db.models import Model, QuerySet

F = TypeVar("F", bound=forms.Field)
M = TypeVar("M", bound=Model)


def field_of(form: forms.BaseForm, name: str, kind: type[F]) -> F:
    """The form's field `name`, which must be a `kind`."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(
            f"{type(form).__name__}.{name} is a {type(field).__name__}, not a {kind.__name__}"
        )
    return field


def offer(
    form: forms.BaseForm,
    name: str,
    queryset: QuerySet[M],
    label: Callable[[M], str] | None = None,
) -> None:
    """Offer the rows of `queryset` in the model choice field `name`, labelled by `label`."""
    field = field_of(form, name, forms.ModelChoiceField)
    field.queryset = queryset
    if label is not None:
        # Django's documented way to label choices is to override this method; each form
        # has its own deep copy of the field, so setting it on the instance is safe.
        vars(field)["label_from_instance"] = label


def offer_choices(form: forms.BaseForm, name: str, choices: Iterable[tuple[Any, Any]]) -> None:
    """Set the choices of the choice field `name`."""
    field_of(form, name, forms.ChoiceField).choices = list(choices)
