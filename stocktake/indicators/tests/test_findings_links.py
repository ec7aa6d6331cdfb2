"""Indicators and findings: the dashboard filters by finding, and the indicator page lists
the findings it evidences – through its actions, or its measure of success."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse

from stocktake.indicators.services import indicator_link, measure_convert

pytestmark = pytest.mark.django_db


def make_finding(authority, reference: str, text: str, actions=()):
    source_model = apps.get_model("findings", "Source")
    finding_model = apps.get_model("findings", "Finding")
    source = source_model.objects.create(
        authority=authority, kind="ilacs_standard", title="ILACS 2019"
    )
    finding = finding_model.objects.create(
        source=source, reference=reference, text=text, kind="afi"
    )
    finding.actions.set(actions)
    return finding


def test_filter_by_finding_and_the_findings_an_indicator_evidences(world, iw, client):
    finding = make_finding(world.authority, "AFI 3", "Re-referrals are too high", [world.action])
    other = make_finding(world.other, "X", "Not Testshire's")
    indicator_link(indicator=iw.reref, actor=None, actions=[world.action], themes=[])
    client.force_login(world.users["viewer"])
    url = reverse("indicators:dashboard", args=[world.authority.slug])
    html = client.get(url, {"finding": finding.pk}).content.decode()
    assert "Re-referrals within 12 months" in html and "Care leavers in education" not in html
    assert "AFI 3 – Re-referrals are too high" in html  # offered as a filter
    assert "Not Testshire" not in html
    assert "No indicators match" in client.get(url, {"finding": other.pk}).content.decode()
    page = client.get(reverse("indicators:detail", args=[world.authority.slug, iw.reref.pk]))
    assert "Findings it evidences" in page.content.decode()
    assert reverse("findings:finding_detail", args=[world.authority.slug, finding.pk]) in (
        page.content.decode()
    )


def test_a_finding_reached_through_a_measure_of_success(world, iw, client):
    finding = make_finding(world.authority, "AFI 4", "Too many children re-referred")
    apps.get_model("findings", "ImpactLink").objects.create(finding=finding, measure=iw.measure)
    indicator = measure_convert(measure=iw.measure, actor=None)
    client.force_login(world.users["viewer"])
    url = reverse("indicators:dashboard", args=[world.authority.slug])
    html = client.get(url, {"finding": finding.pk}).content.decode()
    assert indicator.name in html and "Care leavers in education" not in html
