"""Which authority each row belongs to, and the one generic way to read an authority's rows.

Every model declares how it reaches its authority, or is declared global:

- a model that belongs to an authority names the path of foreign keys from it to the
  `Authority`, as a class attribute: `authority_path = "plan__authority"`. Each step must be
  a foreign key (or one-to-one) forwards, so each row has exactly one authority;
- a model that belongs to no authority (Django's own tables, users, the national indicator
  catalogue, the task queue…) is listed in `GLOBAL_MODELS` below, with the reason.

Many-to-many tables Django creates are reached through the model that declares the field.
`stocktake/core/tests/test_tenancy.py` fails for any model that does neither, and says what
to add. `scoped(Model, authority)` and `get_scoped(...)` read through the declared path;
selectors use them to find an object by id (404 if it is another authority's). ADR 0012.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ObjectDoesNotExist
from django.db.models import ForeignKey, Model, OneToOneField, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from stocktake.accounts.models import Authority

M = TypeVar("M", bound=Model)

ATTRIBUTE = "authority_path"
AUTHORITY = "accounts.Authority"

# Models that belong to no authority: label (or "app_label.*" for a whole app) → why.
GLOBAL_MODELS: dict[str, str] = {
    "auth.*": "Django's groups and permissions: Stocktake's roles are memberships instead",
    "contenttypes.*": "Django's catalogue of models",
    "sessions.*": "sign-in sessions: a user's, before and across authorities",
    "accounts.User": "a person who signs in may be a member of several authorities",
    "accounts.SignInThrottle": "sign-in attempts for a username, counted before anyone is known",
    "indicators.CatalogueEntry": "the national indicator catalogue every authority adopts from",
    "django_tasks_database.*": "the background task queue: tasks carry ids, not data",
    "background.WorkerBeat": "a running worker process and its heartbeat, serving every authority",
}


class UndeclaredScope(ImproperlyConfigured):
    """A model neither declares its path to an authority nor is declared global."""


def global_reason(model: type[Model]) -> str | None:
    """Why the model belongs to no authority, if it is declared global."""
    meta = model._meta
    reason = GLOBAL_MODELS.get(meta.label) or GLOBAL_MODELS.get(f"{meta.app_label}.*")
    if reason is None and meta.auto_created and (found := _declaring_model(model)):
        owner = found[1]
        if global_reason(owner) is not None:
            return f"a many-to-many table of {owner._meta.label}, which is global"
    return reason


def _declaring_model(through: type[Model]) -> tuple[str, type[Model]] | None:
    """For a many-to-many table Django made: its foreign key to the model that declares the
    field, and that model."""
    for model in through._meta.apps.get_models():
        for m2m in model._meta.local_many_to_many:
            if m2m.remote_field.through is through:
                return m2m.m2m_field_name(), model
    return None


def authority_path(model: type[Model]) -> str | None:
    """The ORM path from `model` to its authority ("pk" for the authority itself), or None
    if the model declares none."""
    declared = vars(model).get(ATTRIBUTE)
    if isinstance(declared, str):
        return declared
    if model._meta.auto_created and (found := _declaring_model(model)):
        field_name, owner = found
        inner = authority_path(owner)
        if inner is not None:
            return field_name if inner == "pk" else f"{field_name}__{inner}"
    return None


def path_problem(model: type[Model], path: str) -> str | None:
    """Why `path` does not lead from `model` to exactly one authority, if it does not."""
    if path == "pk":
        return None if model._meta.label == AUTHORITY else "only the Authority itself is “pk”"
    current: type[Model] = model
    for step in path.split("__"):
        try:
            field = current._meta.get_field(step)
        except FieldDoesNotExist:
            return f"{current._meta.label} has no field “{step}”"
        if not isinstance(field, ForeignKey | OneToOneField):
            return f"{current._meta.label}.{step} is not a foreign key followed forwards"
        related = field.related_model
        if not isinstance(related, type):
            return f"{current._meta.label}.{step} names its model lazily"
        current = related
    if current._meta.label != AUTHORITY:
        return f"the path ends at {current._meta.label}, not at the Authority"
    return None


def scope_problem(model: type[Model]) -> str | None:
    """What is missing or wrong in how the model declares its scope, if anything."""
    path = authority_path(model)
    label = model._meta.label
    if path is None and global_reason(model) is None:
        return (
            f"{label} belongs to no authority that Stocktake knows of. If its rows belong to "
            f"an authority, add to class {model.__name__} in {model.__module__}:\n"
            '    authority_path = "…"  # its foreign keys to the Authority, '
            'e.g. "plan__authority"\n'
            "If it belongs to no authority, add it to GLOBAL_MODELS in stocktake/core/tenancy.py:\n"
            f'    "{label}": "why it belongs to no authority",'
        )
    if path is not None and global_reason(model) is not None:
        return f"{label} is both scoped (“{path}”) and declared global: choose one"
    if path is not None and (problem := path_problem(model, path)):
        return f"{label}.authority_path “{path}”: {problem}"
    return None


def _path_or_fail(model: type[Model]) -> str:
    path = authority_path(model)
    if path is None:
        raise UndeclaredScope(scope_problem(model) or f"{model._meta.label} is global")
    return path


def authority_lookup(model: type[Model], authority: Authority) -> dict[str, Any]:
    """The filter that keeps `model`'s rows of `authority`, for a queryset's `in_authority`."""
    path = _path_or_fail(model)
    return {path: authority.pk if path == "pk" else authority}


def scoped(source: type[M] | QuerySet[M], authority: Authority) -> QuerySet[M]:
    """The rows of a model (or of a queryset of it) that belong to `authority`."""
    queryset = source._default_manager.all() if isinstance(source, type) else source
    return queryset.filter(**authority_lookup(queryset.model, authority))


def get_scoped(
    source: type[M] | QuerySet[M], authority: Authority, pk: int, not_found: str = "Not found"
) -> M:
    """The row with this id if it belongs to `authority`; 404 otherwise (another authority's
    row is never even confirmed to exist)."""
    queryset = scoped(source, authority)
    try:
        return queryset.get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404(not_found) from None
