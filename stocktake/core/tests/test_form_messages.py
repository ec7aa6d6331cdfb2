"""No form shows Django's default "This field is required.": every required field of every
form class in Stocktake says what to do, in the words of the GOV.UK error message pattern
("Enter the board's name", "Choose the status of the meeting").

The walk finds every form class by importing the whole package, so a new form is covered
without editing this file. A form whose fields are made or changed when it is built (in
`__init__`) is built for real, from the `BUILDERS` below; a form that changes its fields in
`__init__` and has no builder fails the test until it is given one.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django import forms

import stocktake
from stocktake.findings.tests.conftest import make_source
from stocktake.quality.tests.conftest import build_qa

DJANGO_DEFAULT = str(forms.Field.default_error_messages["required"])
# `self.fields[name] = …` makes a field; setting its queryset or help text is harmless.
ADDS_FIELDS = re.compile(r"self\.fields\[[^\]]+\]\s*=[^=]")


def form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(stocktake.__path__, "stocktake."):
        if ".tests" not in module.name and ".migrations" not in module.name:
            importlib.import_module(module.name)

    def below(cls: type[Any]) -> Iterator[type[Any]]:
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    found = {c for c in below(forms.BaseForm) if c.__module__.startswith("stocktake.")}
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def changes_fields_when_built(cls: type) -> bool:
    """Whether the class (or a Stocktake class it extends) adds or alters fields in
    `__init__`, so its `base_fields` are not the whole story."""
    for klass in cls.__mro__:
        if not klass.__module__.startswith("stocktake.") or "__init__" not in vars(klass):
            continue
        source = inspect.getsource(vars(klass)["__init__"])
        if ADDS_FIELDS.search(source) or "error_messages" in source:
            return True
    return False


class Objects:
    """What the builders need, made once per test on first use."""

    def __init__(self, world: Any) -> None:
        self.world = world
        self._audit: Any = None

    @property
    def graded_audit(self) -> Any:
        """A case audit with a grade in every domain (so moderation asks about each)."""
        if self._audit is None:
            audit = build_qa(self.world).audits[0]
            for domain in audit.round.version.domains.all():
                audit.grades.create(domain=domain, grade="good")
            self._audit = audit
        return self._audit


# Forms built for real.
BUILDERS: dict[str, Callable[[Objects], forms.BaseForm]] = {
    "stocktake.accounts.forms.SignInForm": lambda o: _form("SignInForm")(),
    "stocktake.imports.forms.CorrectionsForm": lambda o: _form("CorrectionsForm")(
        understood={
            "columns": [{"table": "1", "columns": [{"heading": "Action", "role": "action"}]}],
            "rows": [{"table": "1", "row": 2, "line": "2"}],
        }
    ),
    "stocktake.findings.forms.JudgementForm": lambda o: _form("JudgementForm")(
        source=make_source(o.world.authority)
    ),
    "stocktake.quality.forms.AuditForm": lambda o: _form("AuditForm")(audit=o.graded_audit),
    "stocktake.quality.forms.ModerationForm": lambda o: _form("ModerationForm")(
        audit=o.graded_audit
    ),
}


def _form(name: str) -> Any:
    return next(c for c in form_classes() if c.__name__ == name)


def default_messages(fields: dict[str, forms.Field]) -> list[str]:
    return [
        name
        for name, field in fields.items()
        if field.required and str(field.error_messages.get("required")) == DJANGO_DEFAULT
    ]


def test_the_walk_finds_the_forms():
    names = {c.__name__ for c in form_classes()}
    assert {"SignInForm", "BoardForm", "MeetingForm", "UpdateForm", "AuditForm"} <= names


@pytest.mark.django_db
def test_no_required_field_keeps_djangos_default_message(world):
    offenders, objects = [], Objects(world)
    for cls in form_classes():
        key = f"{cls.__module__}.{cls.__qualname__}"
        if key in BUILDERS:
            fields = BUILDERS[key](objects).fields
        elif changes_fields_when_built(cls):
            offenders.append(f"{key}: changes its fields when built; add it to BUILDERS")
            continue
        else:
            fields = cls.base_fields
        offenders += [f"{key}.{name}" for name in default_messages(fields)]
    assert not offenders, "Fields that would say 'This field is required.':\n" + "\n".join(
        offenders
    )
