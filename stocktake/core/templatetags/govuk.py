"""Render form fields as GOV.UK Design System components."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField

from stocktake.core.forms import DateField

register = template.Library()


def _component(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(field.field, DateField):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):  # a subclass of RadioSelect
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


@register.inclusion_tag("govuk/field.html")
def govuk_field(
    field: BoundField, width: str = "", heading: bool = False, hint: str = ""
) -> dict[str, Any]:
    component = _component(field)
    # A text area with a limit gets the GOV.UK character count.
    limit = getattr(field.field, "max_length", None) if component == "textarea" else None
    return {
        "field": field,
        "limit": limit,
        "limit_text": f"{limit:,}" if limit else "",
        # As the widget writes it ("17:00", not the template's "5 p.m."), so that a form
        # saved unchanged reads back what it showed.
        "value": field.field.widget.format_value(field.value()),
        "component": component,
        "width": width,
        "hint": hint or field.help_text,
        "errors": field.errors,
        "heading": heading,
        "describedby": " ".join(
            part
            for part, present in (
                (f"{field.auto_id}-hint", bool(hint or field.help_text)),
                (f"{field.auto_id}-error", bool(field.errors)),
                (f"{field.auto_id}-info", bool(limit)),
            )
            if present
        ),
    }


def _anchor(field: BoundField) -> str:
    """The id of the first input of a field: the one an error summary link should reach."""
    if _component(field) in {"date", "radios", "checkboxes"}:
        return f"{field.auto_id}_0"
    return str(field.auto_id)


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(*forms_: forms.BaseForm) -> dict[str, Any]:
    """The error summary of the forms; a form saved over by someone else meanwhile (see
    `core.conflicts`) also shows what is saved now beside what was typed."""
    items = []
    conflict = next((getattr(f, "conflict", None) for f in forms_ if hasattr(f, "conflict")), None)
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            items.append({"href": "", "text": message})
        for name, errors in form.errors.items():
            if name == "__all__":
                continue
            bound = form[name]
            anchor = _anchor(bound)
            for message in errors:
                items.append({"href": f"#{anchor}", "text": message})
    return {"items": items, "conflict": conflict}


@register.filter
def widget_attr(field: BoundField, spec: str) -> str:
    """Render a field's widget with extra attributes: `field|widget_attr:"class=x"`."""
    name, _, value = spec.partition("=")
    attrs = dict(field.field.widget.attrs)
    attrs[name] = f"{attrs.get(name, '')} {value}".strip()
    return field.as_widget(attrs=attrs)
