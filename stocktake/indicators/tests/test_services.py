"""Writing indicators, targets, observations and commentary: validated, audited, scoped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from stocktake.audit.models import AuditEvent
from stocktake.childdata.kpis import KPIS
from stocktake.core.errors import ConflictError
from stocktake.indicators.catalogue import ENTRIES
from stocktake.indicators.models import CatalogueEntry, Indicator
from stocktake.indicators.services import (
    IndicatorFields,
    TargetFields,
    catalogue_suggest,
    commentary_save,
    indicator_adopt,
    indicator_create,
    indicator_link,
    indicator_update,
    measure_convert,
    observation_record,
    target_create,
    target_delete,
    targets_from_notice,
)
from stocktake.indicators.services.indicators import fields_from_catalogue
from stocktake.plans.models import Measure

pytestmark = pytest.mark.django_db


def test_the_catalogue_is_preloaded_with_the_standard_indicators():
    # The standard entries, and the Annex A KPIs the childdata app adds (its migration 0002).
    assert CatalogueEntry.objects.exclude(code__startswith="AA_").count() == len(ENTRIES) >= 25
    assert CatalogueEntry.objects.filter(code__startswith="AA_").count() == len(KPIS) == 21
    reref = CatalogueEntry.objects.get(code="REREF12")
    assert (reref.unit, reref.polarity, reref.england_value, reref.england_year) == (
        "percent",
        "lower",
        22.6,
        "2025",
    )
    assert CatalogueEntry.objects.get(code="CL_EET").polarity == "higher"
    assert CatalogueEntry.objects.get(code="CASELOAD").england_value == 15.2
    # Unverified national figures are notes, never benchmarks.
    repeat = CatalogueEntry.objects.get(code="CPP_REPEAT")
    assert repeat.england_value is None and "not re-verified" in repeat.england_note
    issue = ["REREF12", "ASSESS45", "ICPC15", "CPP_REPEAT", "CPP_2YRS", "CP_VISITS",
             "CLA_VISITS", "PLACE_3PLUS", "PEP", "RHI", "CL_TOUCH", "CL_EET", "CL_ACCOM",
             "CASELOAD", "AGENCY", "VACANCY", "TURNOVER", "UNALLOCATED", "AUDIT_GOOD"]  # fmt: skip
    for code in issue:
        assert CatalogueEntry.objects.filter(code=code).exists(), code


def test_adopting_copies_the_definition_once(world):
    entries = CatalogueEntry.objects.filter(code__in=["REREF12", "CASELOAD"])
    made = indicator_adopt(authority=world.authority, actor=world.users["lead"], entries=entries)
    assert {i.code for i in made} == {"REREF12", "CASELOAD"}
    caseload = Indicator.objects.get(authority=world.authority, code="CASELOAD")
    assert (caseload.unit, caseload.polarity, caseload.england_value) == ("ratio", "lower", 15.2)
    assert caseload.catalogue.code == "CASELOAD"
    again = indicator_adopt(authority=world.authority, actor=None, entries=entries)
    assert again == []
    assert AuditEvent.objects.filter(verb="created", object_id=str(caseload.pk)).exists()


def test_an_authority_adds_its_own_indicator(world):
    indicator = indicator_create(
        authority=world.authority,
        actor=world.users["lead"],
        fields=IndicatorFields(
            code=" mgr visits ".replace(" ", "_").strip("_"), name="  Manager   visits "
        ),
    )
    assert (indicator.code, indicator.name) == ("MGR_VISITS", "Manager visits")
    with pytest.raises(ValidationError) as error:
        indicator_create(
            authority=world.authority,
            actor=None,
            fields=IndicatorFields(code="mgr_visits", name="Again", unit="furlongs"),
        )
    assert set(error.value.message_dict) == {"code", "unit"}
    # Another authority may use the same code.
    indicator_create(
        authority=world.other, actor=None, fields=IndicatorFields(code="MGR_VISITS", name="x")
    )


def test_editing_is_audited_and_refuses_stale_versions(world, iw):
    fields = fields_from_catalogue(iw.reref.catalogue)
    fields.name = "Re-referrals (rolling 12 months)"
    indicator_update(
        indicator=iw.reref, actor=world.users["lead"], expected_version=1, fields=fields
    )
    event = AuditEvent.objects.filter(verb="updated", object_id=str(iw.reref.pk)).first()
    assert event.changes["name"] == ["Re-referrals within 12 months", fields.name]
    with pytest.raises(ConflictError):
        indicator_update(indicator=iw.reref, actor=None, expected_version=1, fields=fields)


def test_targets_are_validated_against_the_indicator(world, iw):
    def make(**kw):
        base = {"label": "6 months", "due_date": dt.date(2025, 6, 30), "value": 20.0}
        return target_create(indicator=iw.reref, actor=None, fields=TargetFields(**{**base, **kw}))

    with pytest.raises(ValidationError, match="from 0 to 100"):
        make(value=120.0)
    with pytest.raises(ValidationError, match="already has a target due on that date"):
        make(due_date=dt.date(2024, 6, 30))
    # Lower is better: outstanding must be the lowest threshold.
    with pytest.raises(ValidationError, match="must be lower than the next band"):
        make(band_outstanding=25.0, band_good=20.0, band_requires_improvement=15.0)
    target = make(band_outstanding=10.0, band_good=15.0, band_requires_improvement=20.0)
    assert target.band_good == 15.0
    target_delete(target=target, actor=None)
    assert AuditEvent.objects.filter(verb="deleted", object_type="indicators.target").exists()


def test_targets_from_a_notice_date_are_6_and_12_months_on(world, iw):
    made = targets_from_notice(
        indicator=iw.eet,
        actor=None,
        notice_date=dt.date(2025, 1, 14),
        six_months=60,
        twelve_months=65,
    )
    assert [(t.label, t.due_date) for t in made] == [
        ("6 months", dt.date(2025, 7, 31)),
        ("12 months", dt.date(2026, 1, 31)),
    ]


def test_recording_a_figure(world, iw):
    observation = observation_record(
        indicator=iw.reref,
        actor=world.users["lead"],
        period=dt.date(2025, 1, 1),
        value=None,
        numerator=44,
        denominator=200,
        note="from Mosaic",
    )
    assert observation.value == pytest.approx(22.0)
    assert observation.source == "manual" and observation.entered_by == world.users["lead"]
    # A second figure for the same period replaces it; the log keeps both.
    observation_record(indicator=iw.reref, actor=None, period=dt.date(2025, 1, 1), value=21.0)
    assert iw.reref.observations.get(period=dt.date(2025, 1, 1)).value == 21.0
    event = AuditEvent.objects.filter(verb="updated", object_id=str(iw.reref.pk)).first()
    assert event.changes["value"] == [22.0, 21.0]
    with pytest.raises(ValidationError, match="must start on 1 January 2025"):
        observation_record(indicator=iw.reref, actor=None, period=dt.date(2025, 1, 15), value=1.0)
    with pytest.raises(ValidationError, match="larger than the denominator"):
        observation_record(
            indicator=iw.reref, actor=None, period=dt.date(2025, 2, 1), value=None,
            numerator=30, denominator=20,
        )  # fmt: skip


def test_links_must_stay_in_the_authority(world, iw):
    indicator_link(indicator=iw.reref, actor=None, actions=[world.action], themes=[world.theme])
    assert list(world.action.indicators.all()) == [iw.reref]
    with pytest.raises(ValidationError):
        indicator_link(indicator=iw.reref, actor=None, actions=[world.other_action], themes=[])
    assert list(iw.reref.actions.all()) == [world.action]


def test_a_measure_of_success_becomes_an_indicator_linked_to_its_theme(world, iw):
    local = measure_convert(measure=iw.measure, actor=world.users["lead"])
    assert local.code == f"M{iw.measure.pk}" and local.name == "Fewer children re-referred"
    assert list(local.themes.all()) == [world.theme]
    assert local.measure == iw.measure
    with pytest.raises(ValidationError, match="already an indicator"):
        measure_convert(measure=iw.measure, actor=None)
    # With a catalogue entry, the authority's copy of it is used (adopted if need be).
    second = Measure.objects.create(plan=world.plan, theme=world.theme, text="Caseloads down")
    caseload = measure_convert(
        measure=second, actor=None, catalogue=CatalogueEntry.objects.get(code="CASELOAD")
    )
    assert caseload.catalogue.code == "CASELOAD" and caseload.measure == second
    third = Measure.objects.create(plan=world.plan, text="Re-referral rates reduce")
    reref = measure_convert(measure=third, actor=None, catalogue=iw.reref.catalogue)
    assert reref == iw.reref


def test_the_catalogue_suggests_an_entry_for_a_measure():
    entries = list(CatalogueEntry.objects.all())
    assert catalogue_suggest("A reduction in re-referrals within 12 months", entries).code == (
        "REREF12"
    )
    assert catalogue_suggest("Average social worker caseload reduced", entries).code == "CASELOAD"
    assert catalogue_suggest("Better partnership working", entries) is None


def test_commentary_is_kept_with_every_version(world, iw):
    first = commentary_save(
        indicator=iw.reref, actor=world.users["lead"], as_of=dt.date(2024, 12, 1),
        text="First draft", generated="Generated",
    )  # fmt: skip
    commentary_save(
        indicator=iw.reref, actor=None, as_of=dt.date(2024, 12, 1), text="Second", generated="G"
    )
    assert [c.text for c in iw.reref.commentary.all()] == ["Second", first.text]
    with pytest.raises(ValidationError):
        commentary_save(
            indicator=iw.reref, actor=None, as_of=dt.date(2024, 12, 1), text=" ", generated=""
        )
