"""The chair's report pages: starting a report, the form prefilled with the newest version
and every earlier version listed with who wrote it, plain-English errors, the sign-off
refused until every section is final, and issuing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from stocktake.background.tests.helpers import use_backend
from stocktake.chair.models import ChairReport, ChairSignOff, ChairText
from stocktake.chair.services import chair_text_record
from stocktake.chair.tests.builders import build_chair
from stocktake.reports.models import Report


@pytest.fixture
def bits(world, settings):
    use_backend(settings, "dummy")
    return build_chair(world)


def test_starting_a_report_for_a_month_opens_it(world, bits, client):
    client.force_login(world.users["lead"])
    response = client.post(
        reverse("chair:index", args=[world.authority.slug]),
        {"notice": bits.notice.pk, "plan": world.plan.pk, "month": "8", "year": "2019"},
    )
    made = ChairReport.objects.get(period_start=dt.date(2019, 8, 1))
    assert made.period_end == dt.date(2019, 8, 31)
    assert response["Location"] == reverse("chair:detail", args=[world.authority.slug, made.pk])


def test_the_form_shows_the_newest_version_and_every_earlier_one(world, bits, client):
    lead = world.users["lead"]
    lead.first_name, lead.last_name = "Jo", "Lead"
    lead.save()
    chair_text_record(report=bits.report, part="assessment", text="Older words", final=False,
                      actor=lead)  # fmt: skip
    chair_text_record(report=bits.report, part="assessment", text="Newer words", final=False,
                      actor=None)  # fmt: skip
    client.force_login(lead)
    url = reverse("chair:write", args=[world.authority.slug, bits.report.pk, "assessment"])
    page = client.get(url).content.decode()
    assert ">Newer words</textarea>" in page
    assert "Older words" in page and "Jo Lead" in page and "Stocktake" in page

    response = client.post(url, {"text": "", "state": "final"})
    assert "Enter the text" in response.content.decode()
    response = client.post(url, {"text": "Final words", "state": ""})
    assert "Choose whether this is a draft or the final wording" in response.content.decode()
    assert ChairText.objects.filter(part="assessment").count() == 2


def test_signing_is_refused_until_every_section_is_final(world, bits, client):
    client.force_login(world.users["lead"])
    url = reverse("chair:sign", args=[world.authority.slug, bits.report.pk])
    data = {"name": "L Chair", "role": "Independent Chair", "signed_on_0": "31",
            "signed_on_1": "7", "signed_on_2": "2019"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Write every section as final before signing" in response.content.decode()
    assert not ChairSignOff.objects.exists()


def test_issuing_queues_the_chairs_report_for_the_period(world, bits, client):
    client.force_login(world.users["lead"])
    client.post(reverse("chair:issue", args=[world.authority.slug, bits.report.pk]))
    paper = Report.objects.get(kind="chair-report")
    assert (paper.period_start, paper.period_end) == (dt.date(2019, 7, 1), dt.date(2019, 7, 31))
