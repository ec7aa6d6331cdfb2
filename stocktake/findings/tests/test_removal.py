"""Deleting a source (its judgements and findings go with it, after a page saying so) and a
finding (its sub-findings stay, at the top level); and linking indicators from a finding's
page, which then shows their figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from stocktake.audit.models import AuditEvent
from stocktake.core.tests.helpers import version_of
from stocktake.findings.models import Finding, ImpactLink, Judgement, Source
from stocktake.findings.services import finding_delete, finding_link_indicators, source_delete
from stocktake.findings.tests.conftest import make_finding, make_target, observe
from stocktake.plans.models import Action, Measure

pytestmark = pytest.mark.django_db


def page(client, name: str, world, **kwargs) -> str:
    response = client.get(reverse(name, kwargs={"authority": world.authority.slug, **kwargs}))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_deleting_a_source_takes_its_judgements_and_findings_and_nothing_else(
    world, fw, django_capture_on_commit_callbacks
):
    stored = fw.source.file.name
    assert default_storage.exists(stored)

    with django_capture_on_commit_callbacks(execute=True):
        source_delete(source=fw.source, actor=world.users["lead"])

    assert not Source.objects.filter(pk=fw.source.pk).exists()
    assert not Judgement.objects.filter(source_id=fw.source.pk).exists()
    assert not Finding.objects.filter(source_id=fw.source.pk).exists()
    assert not ImpactLink.objects.filter(measure=fw.measure).exists()
    assert Action.objects.filter(pk=world.action.pk).exists()
    assert Measure.objects.filter(pk=fw.measure.pk).exists()
    assert list(fw.repeat.repeats.all()) == []  # the later visit's finding stays, unlinked
    assert not default_storage.exists(stored)
    event = AuditEvent.objects.get(verb="deleted", object_type="findings.source")
    assert event.actor == world.users["lead"]
    assert event.changes["findings"] == [
        ["1 The response to chronic neglect", "1.1 Neglect strategy"],
        [],
    ]
    assert event.changes["judgements"] == [["Overall effectiveness: Inadequate"], []]


def test_deleting_a_finding_keeps_its_sub_findings_at_the_top_level(world, fw):
    grandchild = make_finding(fw.source, "1.1.1", "Deeper", parent=fw.child)

    finding_delete(finding=fw.finding, actor=world.users["lead"])

    assert not Finding.objects.filter(pk=fw.finding.pk).exists()
    fw.child.refresh_from_db()
    grandchild.refresh_from_db()
    assert fw.child.parent is None
    assert grandchild.parent == fw.child
    assert Action.objects.filter(pk=world.action.pk).exists()
    assert not ImpactLink.objects.filter(pk=fw.link.pk).exists()
    event = AuditEvent.objects.get(verb="deleted", object_type="findings.finding")
    assert event.changes["sub-findings now at the top level"] == [[], ["1.1"]]
    assert event.changes["actions"] == [["LA1"], []]


def test_the_source_confirmation_says_what_goes_with_it(world, fw, client):
    client.force_login(world.users["lead"])

    text = page(client, "findings:source_delete", world, source_id=fw.source.pk)

    assert "Delete “Inspection of Testshire, 2019”?" in text
    assert "its 1 judgement" in text
    assert "its 2 findings, with their 2 links to actions, indicators and measures" in text
    assert "report.pdf" in text
    assert Source.objects.filter(pk=fw.source.pk).exists()


def test_confirming_deletes_the_source_and_returns_to_the_timeline(world, fw, client):
    client.force_login(world.users["lead"])
    url = reverse("findings:source_delete", args=[world.authority.slug, fw.source.pk])

    response = client.post(url, follow=True)

    assert response.redirect_chain[-1][0] == reverse("findings:index", args=[world.authority.slug])
    assert "“Inspection of Testshire, 2019” deleted" in response.content.decode()
    assert not Source.objects.filter(pk=fw.source.pk).exists()


def test_the_finding_confirmation_lists_the_sub_findings_that_stay(world, fw, client):
    client.force_login(world.users["admin"])

    text = page(client, "findings:finding_delete", world, finding_id=fw.finding.pk)

    assert "Delete finding 1?" in text
    assert "its links to 1 action (the actions stay in their plans)" in text
    assert "Its 1 sub-finding will be kept, no longer under any finding" in text
    assert "1.1 Neglect strategy" in text


def test_confirming_deletes_the_finding_and_returns_to_its_source(world, fw, client):
    client.force_login(world.users["lead"])
    url = reverse("findings:finding_delete", args=[world.authority.slug, fw.finding.pk])

    response = client.post(url)

    assert response["Location"] == reverse(
        "findings:source_detail", args=[world.authority.slug, fw.source.pk]
    )
    assert list(Finding.objects.filter(source=fw.source).values_list("reference", flat=True)) == [
        "1.1"
    ]


def test_a_lead_links_an_indicator_and_the_finding_page_shows_its_figures(world, fw, client):
    observe(fw.indicator, dt.date(2019, 3, 1), 21.0, 42, 200)
    make_target(fw.indicator, dt.date(2019, 2, 28), 18.0)
    client.force_login(world.users["lead"])
    url = reverse("findings:finding_indicators", args=[world.authority.slug, fw.finding.pk])

    response = client.post(
        url, {"indicators": [fw.indicator.pk], "version": version_of(fw.finding)}
    )

    assert response.status_code == 302
    text = page(client, "findings:finding_detail", world, finding_id=fw.finding.pk)
    assert "Re-referrals</a>" in text
    assert "Not met</strong> 21% (42 of 200) in March 2019 against a target of 18%" in text
    assert "(Target missed)" in text
    assert "Link indicators" in text
    # The indicator's reading is computed, so there is nothing to record by hand.
    assert text.count("Record what it shows") == 1  # the typed measure's only


def test_unticking_every_indicator_unlinks_them(world, fw, client):
    finding_link_indicators(finding=fw.finding, actor=None, indicators=[fw.indicator])
    client.force_login(world.users["lead"])
    url = reverse("findings:finding_indicators", args=[world.authority.slug, fw.finding.pk])

    assert f'value="{fw.indicator.pk}" checked' in client.get(url).content.decode()
    assert client.post(url, {"version": version_of(fw.finding)}).status_code == 302
    assert not fw.finding.impact_links.filter(indicator=fw.indicator).exists()


def test_a_reading_from_an_indicator_cannot_be_typed_on_the_measure_page(world, fw, client):
    fw.indicator.measure = fw.measure
    fw.indicator.save()
    client.force_login(world.users["lead"])
    url = reverse("findings:impact_edit", args=[world.authority.slug, fw.finding.pk, fw.link.pk])

    text = client.get(url).content.decode()
    response = client.post(
        url, {"reading": "met", "latest": "typed", "version": version_of(fw.link)}
    )

    assert "so what it shows is read from the indicator's latest figure" in text
    assert 'name="reading"' not in text
    assert response.status_code == 200
    assert "is read from the indicator “Re-referrals”" in response.content.decode()
    fw.link.refresh_from_db()
    assert fw.link.latest == ""
