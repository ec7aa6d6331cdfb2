"""Writes to the register of accountable people."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from stocktake.accounts.models import Authority, User
from stocktake.audit.services import audit_record, diff, snapshot
from stocktake.core.locking import version_claim
from stocktake.people.models import Person

PERSON_FIELDS = ["name", "job_title", "organisation", "email", "user"]


def _clean(name: str, job_title: str) -> tuple[str, str]:
    return " ".join(name.split()), " ".join(job_title.split())


def _check_unique(authority: Authority, name: str, job_title: str, exclude: int | None) -> None:
    clash = Person.objects.in_authority(authority).filter(
        name__iexact=name, job_title__iexact=job_title
    )
    if exclude:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError(
            {"name": "There is already a person with this name and job title in the register"}
        )


@transaction.atomic
def person_create(
    *,
    authority: Authority,
    actor: User | None,
    name: str,
    job_title: str = "",
    organisation: str = "",
    email: str = "",
    user: User | None = None,
) -> Person:
    name, job_title = _clean(name, job_title)
    _check_unique(authority, name, job_title, exclude=None)
    person = Person.objects.create(
        authority=authority,
        name=name,
        job_title=job_title,
        organisation=" ".join(organisation.split()),
        email=email,
        user=user,
    )
    audit_record(
        authority=authority,
        actor=actor,
        verb="created",
        obj=person,
        changes=diff({}, snapshot(person, PERSON_FIELDS)),
    )
    return person


@transaction.atomic
def person_update(
    *,
    person: Person,
    actor: User | None,
    expected_version: int | None,
    name: str,
    job_title: str = "",
    organisation: str = "",
    email: str = "",
    user: User | None = None,
) -> Person:
    """Save an edit, or raise ConflictError if someone saved since `expected_version`."""
    before = snapshot(person, PERSON_FIELDS)
    name, job_title = _clean(name, job_title)
    _check_unique(person.authority, name, job_title, exclude=person.pk)
    version_claim(person, expected_version)
    person.name, person.job_title = name, job_title
    person.organisation, person.email, person.user = " ".join(organisation.split()), email, user
    person.save(update_fields=PERSON_FIELDS)
    changes = diff(before, snapshot(person, PERSON_FIELDS))
    if changes:
        audit_record(
            authority=person.authority, actor=actor, verb="updated", obj=person, changes=changes
        )
    return person
