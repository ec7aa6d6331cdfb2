"""person_create and person_update: one entry per name and job title, audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from stocktake.audit.models import AuditEvent
from stocktake.core.tests.helpers import db_state
from stocktake.people.models import Person
from stocktake.people.services import person_create, person_update

DUPLICATE = "There is already a person with this name and job title in the register"


def test_person_create_tidies_spacing_and_audits(world):
    person = person_create(
        authority=world.authority,
        actor=world.users["lead"],
        name="  Ada   Lovelace ",
        job_title=" Head of  QA ",
        organisation=" Testshire   Council ",
    )

    assert (person.name, person.job_title, person.organisation) == (
        "Ada Lovelace",
        "Head of QA",
        "Testshire Council",
    )
    event = AuditEvent.objects.for_object(person).get()
    assert (event.verb, event.actor) == ("created", world.users["lead"])
    assert event.changes["name"] == [None, "Ada Lovelace"]


@pytest.mark.parametrize(
    ("name", "job_title"),
    [
        ("Olive Owner", "Head of Service"),
        ("olive owner", "HEAD OF SERVICE"),
        ("  Olive   Owner ", "Head  of   Service "),
    ],
)
def test_the_same_name_and_job_title_is_refused_whatever_the_case_or_spacing(
    world, name, job_title
):
    before = db_state()

    with pytest.raises(ValidationError) as excinfo:
        person_create(authority=world.authority, actor=None, name=name, job_title=job_title)

    assert excinfo.value.message_dict == {"name": [DUPLICATE]}
    assert db_state() == before


def test_the_same_name_with_another_job_title_or_in_another_authority_is_allowed(world):
    person_create(authority=world.authority, actor=None, name="Olive Owner", job_title="Director")
    person_create(
        authority=world.other, actor=None, name="Olive Owner", job_title="Head of Service"
    )

    assert Person.objects.filter(name="Olive Owner").count() == 3


def test_person_update_records_before_and_after(world):
    person = world.owner_person

    person_update(
        person=person,
        expected_version=person.version,
        actor=world.users["admin"],
        name="Olive Owner",
        job_title="Director of Children's Services",
        user=world.users["owner"],
    )

    person.refresh_from_db()
    assert person.job_title == "Director of Children's Services"
    event = AuditEvent.objects.for_object(person).get(verb="updated")
    assert event.actor == world.users["admin"]
    assert event.changes == {"job_title": ["Head of Service", "Director of Children's Services"]}


def test_person_update_may_keep_its_own_name_but_not_take_anothers(world):
    with pytest.raises(ValidationError) as excinfo:
        person_update(
            person=world.owner_person,
            actor=None,
            expected_version=None,
            name="pat partner",
            job_title="superintendent",
        )
    person_update(
        person=world.owner_person,
        expected_version=world.owner_person.version,
        actor=None,
        name="OLIVE OWNER",
        job_title="Head of Service",
        user=world.users["owner"],
    )

    assert excinfo.value.message_dict == {"name": [DUPLICATE]}
    world.owner_person.refresh_from_db()
    assert world.owner_person.name == "OLIVE OWNER"


def test_an_update_that_changes_nothing_writes_no_audit_event(world):
    person = world.owner_person
    events = AuditEvent.objects.count()

    person_update(
        person=person,
        expected_version=person.version,
        actor=None,
        name=person.name,
        job_title=person.job_title,
        organisation=person.organisation,
        email=person.email,
        user=person.user,
    )

    assert AuditEvent.objects.count() == events


def test_the_people_form_shows_the_duplicate_message(world, client_for):
    before = db_state()

    response = client_for(world.users["lead"]).post(
        f"/a/{world.authority.slug}/people/new/",
        {"name": "olive owner", "job_title": "head of service"},
    )

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert DUPLICATE in response.content.decode()
    assert db_state() == before
