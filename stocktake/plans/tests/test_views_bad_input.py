"""Bad input through the real pages: a GOV.UK error summary in plain English, nothing saved."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from stocktake.core.tests.helpers import (
    action_form_data,
    date_fields,
    db_state,
    error_summary,
    pdf_upload,
)
from stocktake.plans.models import Action, Update

TYPES = (
    "The selected file must be a PDF, Word, Excel, PowerPoint, OpenDocument, Outlook, CSV, "
    "text, PNG or JPEG file"
)


def update_url(world, action=None) -> str:
    action = action or world.action
    return reverse("plans:update_create", args=[world.authority.slug, world.plan.pk, action.pk])


def edit_url(world) -> str:
    return reverse("plans:action_edit", args=[world.authority.slug, world.plan.pk, world.action.pk])


def update_data(**overrides) -> dict:
    data = {
        "text": "Clinic held",
        **date_fields("date", dt.date.today()),
        "week": "",
        "rag": "",
        "delivery_status": "",
        "impact_status": "",
        "reason": "",
        "evidence_link": "",
        "evidence_title": "",
    }
    data.update(overrides)
    return data


def test_a_good_update_is_posted_and_shown_on_the_action(world, client_for):
    client = client_for(world.users["owner"])

    response = client.post(update_url(world), update_data(evidence_file=pdf_upload()), follow=True)

    assert response.redirect_chain[-1][0].endswith(
        reverse("plans:action_detail", args=[world.authority.slug, world.plan.pk, world.action.pk])
    )
    assert "Update posted on LA1" in response.content.decode()
    assert world.action.updates.get().text == "Clinic held"


@pytest.mark.parametrize(
    ("overrides", "anchor", "message"),
    [
        ({"text": ""}, "#id_text", "Enter what has happened since the last update"),
        ({"text": "x" * 5_001}, "#id_text", "The update must be 5,000 characters or fewer"),
        (
            {"date_0": "31", "date_1": "2", "date_2": "2025"},
            "#id_date_0",
            "The date of the update must be a real date",
        ),
        (
            {"date_0": "", "date_1": "2", "date_2": "2025"},
            "#id_date_0",
            "The date of the update must include a day",
        ),
        ({"week": "40"}, "#id_week", "The plan week must be between 1 and 12"),
        ({"week": "ten"}, "#id_week", "The plan week must be a whole number, like 20"),
        ({"rag": "red"}, "#id_reason", "Explain why the action is red, off track or blocked"),
        (
            {"evidence_file": SimpleUploadedFile("tool.exe", b"MZ\x90\x00")},
            "#id_evidence_file",
            TYPES,
        ),
        (
            {"evidence_file": SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>")},
            "#id_evidence_file",
            "The selected file is not a real .pdf file",
        ),
        (
            {"delivery_status": "complete"},
            "#id_evidence_file",
            "Add evidence (a file or a link) to mark the action complete",
        ),
        (
            {"evidence_link": "not a link"},
            "#id_evidence_link",
            "Enter a link in the correct format, like https://…",
        ),
    ],
)
def test_bad_update_input_gets_an_error_summary_and_changes_nothing(
    world, client_for, overrides, anchor, message
):
    client = client_for(world.users["owner"])
    before = db_state()

    response = client.post(update_url(world), update_data(**overrides))

    assert response.status_code == 200
    assert error_summary(response) == [(anchor, message)]
    assert "<title>Error: " in response.content.decode()
    assert db_state() == before


@override_settings(EVIDENCE_MAX_BYTES=1024)
def test_evidence_over_the_size_limit_is_refused_through_the_form(world, client_for):
    client = client_for(world.users["owner"])
    before = db_state()
    big = pdf_upload(content=b"%PDF" + b"0" * 2048)

    response = client.post(update_url(world), update_data(text="Keep me", evidence_file=big))

    assert response.status_code == 200
    assert error_summary(response) == [
        ("#id_evidence_file", "The selected file must be smaller than 1KB")
    ]
    assert "Keep me</textarea>" in response.content.decode()
    assert db_state() == before


def test_a_partner_cannot_update_someone_elses_action(world, client_for):
    client = client_for(world.users["partner"])
    before = db_state()

    response = client.post(
        update_url(world),
        update_data(delivery_status="complete", evidence_file=pdf_upload()),
    )

    assert response.status_code == 403
    assert db_state() == before
    assert client.post(update_url(world, world.partner_action), update_data()).status_code == 302
    assert Update.objects.get().action == world.partner_action


def version_on(response) -> int:
    match = re.search(r'name="version" value="(\d+)"', response.content.decode())
    assert match, "the form has no version field"
    return int(match[1])


def test_two_people_editing_one_action_the_second_save_gets_a_conflict(world, client):
    lead, admin = client, type(client)()
    lead.force_login(world.users["lead"])
    admin.force_login(world.users["admin"])
    lead_version = version_on(lead.get(edit_url(world)))
    admin_version = version_on(admin.get(edit_url(world)))
    owners = [(world.owner_person, "")]

    first = lead.post(
        edit_url(world),
        action_form_data(
            reference="LA1",
            text="The lead wording",
            owners=owners,
            deadline="Week 8",
            theme=world.theme,
            version=lead_version,
        ),
    )
    before = db_state()
    second = admin.post(
        edit_url(world),
        action_form_data(
            reference="LA1",
            text="The admin wording",
            owners=owners,
            deadline="Week 9",
            theme=world.theme,
            version=admin_version,
        ),
    )

    assert lead_version == admin_version == 1
    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert "Someone else changed this action while you were editing" in page
    assert "The lead wording" in page  # what is saved now
    assert ">The admin wording</textarea>" in page  # what they typed, still in the form
    assert re.search(r'name="deadline_text"[^>]*value="Week 9"', page)
    assert version_on(second) == 2  # saving again would replace the lead's version
    assert db_state() == before
    action = Action.objects.get(pk=world.action.pk)
    assert (action.text, action.deadline_text, action.version) == ("The lead wording", "Week 8", 2)


def test_saving_again_after_a_conflict_replaces_the_saved_version(world, client_for):
    client = client_for(world.users["admin"])
    data = action_form_data(reference="LA1", text="Stale edit", version=1)
    Action.objects.filter(pk=world.action.pk).update(version=2)

    conflict = client.post(edit_url(world), data)
    retry = client.post(edit_url(world), {**data, "version": str(version_on(conflict))})

    assert conflict.status_code == 200
    assert retry.status_code == 302
    assert Action.objects.get(pk=world.action.pk).text == "Stale edit"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"text": ""}, {"#id_text": "Enter what the action is"}),
        (
            {"reference": "la2", "deadline": "after Easter"},
            {
                "#id_reference": "This plan already has an action la2",
                "#id_deadline_text": "\u201cafter Easter\u201d is not a date or week that can "
                "be read. Write it as \u201cWeek 24\u201d",
            },
        ),
    ],
)
def test_bad_action_input_gets_an_error_summary_and_changes_nothing(
    world, client_for, values, expected
):
    client = client_for(world.users["lead"])
    before = db_state()
    data = {"reference": "LA1", "text": "Clinic", "version": 1, **values}

    response = client.post(edit_url(world), action_form_data(**data))

    assert response.status_code == 200
    summary = dict(error_summary(response))
    assert summary.keys() == expected.keys()
    for anchor, message in expected.items():
        assert summary[anchor].startswith(message)
    assert db_state() == before
