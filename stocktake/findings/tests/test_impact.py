"""Impact read from indicators: each reading computed from observations and targets built for
it, the "latest" text with its denominator and small numbers suppressed, a measure made into
an indicator read through it, typed readings kept only for measures without one, and the
matrix's flags following the computed readings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from stocktake.audit.models import AuditEvent
from stocktake.demo import factories
from stocktake.findings.choices import ImpactReading
from stocktake.findings.models import ImpactLink
from stocktake.findings.services import (
    finding_link_actions,
    finding_link_indicators,
    finding_link_measures,
    impact_link_update,
)
from stocktake.findings.tests.conftest import (
    make_finding,
    make_indicator,
    make_measure,
    make_source,
    make_target,
    observe,
)
from stocktake.findings.traceability import Flag, traceability_matrix
from stocktake.indicators.selectors import dashboard, indicator_findings
from stocktake.plans.choices import DeliveryStatus
from stocktake.plans.models import Action

pytestmark = pytest.mark.django_db

MARCH = dt.date(2019, 3, 1)
FEB_END = dt.date(2019, 2, 28)
JUNE_END = dt.date(2019, 6, 30)


@pytest.fixture
def finding(world):
    return make_finding(make_source(world.authority), "1", "Re-referrals too high")


def impact_of(world, finding):
    rows = {r.id: r for r in traceability_matrix(world.authority).rows}
    [impact] = rows[finding.pk].impacts
    return impact


def linked(world, finding, **indicator_fields):
    indicator = make_indicator(world.authority, **indicator_fields)
    finding_link_indicators(finding=finding, actor=None, indicators=[indicator])
    return indicator


def test_a_figure_missing_its_target_is_not_met_and_says_so_with_its_denominator(world, finding):
    indicator = linked(world, finding)
    observe(indicator, dt.date(2019, 2, 1), 23.0, 46, 200)
    observe(indicator, MARCH, 21.0, 42, 200)
    make_target(indicator, FEB_END, 18.0)
    make_target(indicator, JUNE_END, 15.0)

    impact = impact_of(world, finding)

    assert (impact.reading, impact.status, impact.label) == ("not_met", "missed", "Re-referrals")
    assert impact.latest == "21% (42 of 200) in March 2019 against a target of 18% by February 2019"
    assert (impact.value, impact.target, impact.period) == (21.0, 18.0, MARCH)
    assert impact.computed and impact.indicator_id == indicator.pk


def test_a_figure_on_its_target_is_met(world, finding):
    indicator = linked(world, finding, decimals=1)
    observe(indicator, MARCH, 17.5)
    make_target(indicator, FEB_END, 18.0)

    impact = impact_of(world, finding)

    assert (impact.reading, impact.status_label) == (ImpactReading.MET, "Target met")
    assert impact.latest == "17.5% in March 2019 against a target of 18% by February 2019"


def test_within_tolerance_is_still_not_met(world, finding):
    indicator = linked(world, finding)
    observe(indicator, MARCH, 18.5)
    make_target(indicator, FEB_END, 18.0, tolerance=1.0)

    impact = impact_of(world, finding)

    assert (impact.reading, impact.status) == (ImpactReading.NOT_MET, "within_tolerance")


@pytest.mark.parametrize(
    ("figures", "target", "status", "latest"),
    [
        (False, True, "no_figures", "No figures yet; target of 18% by June 2019"),
        (True, False, "no_target", "21% in March 2019; no target set"),
        (False, False, "no_figures", "No figures yet and no target"),
        (True, True, "not_due", "21% in March 2019 against a target of 18% by June 2019"),
    ],
)
def test_no_figure_no_target_or_no_target_due_yet_is_not_yet_evidenced(
    world, finding, figures, target, status, latest
):
    indicator = linked(world, finding)
    if figures:
        observe(indicator, MARCH, 21.0)
    if target:
        make_target(indicator, JUNE_END, 18.0)

    impact = impact_of(world, finding)

    assert (impact.reading, impact.status, impact.latest) == (
        ImpactReading.NOT_YET_EVIDENCED,
        status,
        latest,
    )


def test_small_numbers_are_suppressed_as_the_indicators_exports_do(world, finding):
    share = linked(world, finding, code="SMALL", name="Small share")
    observe(share, MARCH, 7.5, 3, 40)
    count = make_indicator(world.authority, "COUNT", "Children missing", unit="count")
    observe(count, MARCH, 4)
    finding_link_indicators(finding=finding, actor=None, indicators=[share, count])

    rows = {r.id: r for r in traceability_matrix(world.authority).rows}
    impacts = {i.label: i for i in rows[finding.pk].impacts}

    assert impacts["Small share"].latest == "c (c of 40) in March 2019; no target set"
    assert impacts["Small share"].value == "c"
    assert impacts["Children missing"].latest == "c in March 2019; no target set"


def test_a_quarterly_indicator_names_its_quarter(world, finding):
    indicator = linked(world, finding, frequency="quarterly", polarity="higher")
    observe(indicator, dt.date(2019, 1, 1), 66.0, 66, 100)

    assert impact_of(world, finding).latest.startswith("66% (66 of 100) in Jan–Mar 2019")


def test_a_measure_made_into_an_indicator_is_read_through_it(world, finding):
    measure = make_measure(world.plan, "Reduce re-referrals")
    finding_link_measures(finding=finding, actor=None, plan=world.plan, measures=[measure])
    link = finding.impact_links.get()
    impact_link_update(
        link=link, actor=None, expected_version=None, reading=ImpactReading.MET, latest="typed"
    )
    indicator = make_indicator(world.authority, measure=measure)  # converted afterwards
    observe(indicator, MARCH, 21.0)
    make_target(indicator, FEB_END, 18.0)

    impact = impact_of(world, finding)

    assert link.indicator_id is None
    assert (impact.label, impact.reading, impact.measure_text) == (
        "Re-referrals",
        ImpactReading.NOT_MET,
        "Reduce re-referrals",
    )
    assert "typed" not in impact.latest


def test_linking_a_measure_already_made_into_an_indicator_links_the_indicator(world, finding):
    measure = make_measure(world.plan, "Reduce re-referrals")
    indicator = make_indicator(world.authority, measure=measure)

    finding_link_measures(finding=finding, actor=None, plan=world.plan, measures=[measure])

    assert finding.impact_links.get().indicator == indicator


def test_linking_the_measure_of_an_indicator_already_linked_does_not_show_it_twice(world, finding):
    measure = make_measure(world.plan, "Reduce re-referrals")
    indicator = make_indicator(world.authority, measure=measure)
    finding_link_indicators(finding=finding, actor=None, indicators=[indicator])
    finding.impact_links.update(measure=None)

    finding_link_measures(finding=finding, actor=None, plan=world.plan, measures=[measure])

    [link] = finding.impact_links.all()
    assert (link.indicator, link.measure) == (indicator, measure)
    assert len(impact_of_all(world, finding)) == 1


def impact_of_all(world, finding):
    return next(r for r in traceability_matrix(world.authority).rows if r.id == finding.pk).impacts


def test_a_measure_without_an_indicator_keeps_its_typed_reading(world, finding):
    measure = make_measure(world.plan, "Audits show better supervision")
    finding_link_measures(finding=finding, actor=None, plan=world.plan, measures=[measure])
    impact_link_update(
        link=finding.impact_links.get(),
        actor=None,
        expected_version=None,
        reading=ImpactReading.MET,
        latest="60%",
    )

    impact = impact_of(world, finding)

    assert (impact.reading, impact.latest, impact.computed) == (ImpactReading.MET, "60%", False)


def test_a_reading_from_an_indicator_cannot_be_typed(world, finding):
    linked(world, finding)
    link = finding.impact_links.get()
    before = (link.reading, link.latest, AuditEvent.objects.count())

    with pytest.raises(ValidationError) as error:
        impact_link_update(
            link=link, actor=None, expected_version=None, reading=ImpactReading.MET, latest="met"
        )

    assert "read from the indicator" in str(error.value)
    link.refresh_from_db()
    assert (link.reading, link.latest, AuditEvent.objects.count()) == before


def test_linking_and_unlinking_indicators_is_audited(world, finding):
    first = make_indicator(world.authority, "A", "First")
    second = make_indicator(world.authority, "B", "Second")

    finding_link_indicators(finding=finding, actor=world.users["lead"], indicators=[first, second])
    finding_link_indicators(finding=finding, actor=world.users["lead"], indicators=[second])

    assert [link.indicator for link in finding.impact_links.all()] == [second]
    event = (
        AuditEvent.objects.filter(verb="linked", object_id=str(finding.pk)).order_by("id").last()
    )
    assert event.changes == {"indicators": [["First", "Second"], ["Second"]]}


def test_unticking_a_measures_indicator_removes_the_measure_link(world, finding):
    measure = make_measure(world.plan, "Reduce re-referrals")
    make_indicator(world.authority, measure=measure)
    finding_link_measures(finding=finding, actor=None, plan=world.plan, measures=[measure])

    finding_link_indicators(finding=finding, actor=None, indicators=[])

    assert not finding.impact_links.exists()


def test_another_authoritys_indicator_is_refused(world, finding):
    theirs = make_indicator(world.other, "THEIRS", "Otherborough's")

    with pytest.raises(ValidationError):
        finding_link_indicators(finding=finding, actor=None, indicators=[theirs])

    assert not ImpactLink.objects.filter(finding=finding).exists()


def complete(action: Action) -> None:
    Action.objects.filter(pk=action.pk).update(delivery_status=DeliveryStatus.COMPLETE)


@pytest.mark.parametrize(
    ("value", "with_target", "flagged"),
    [(17.0, True, False), (21.0, True, True), (None, True, True), (21.0, False, True)],
    ids=["met", "missed", "no-figures", "no-target"],
)
def test_delivered_not_yet_different_follows_the_indicators_figures(
    world, finding, value, with_target, flagged
):
    action = factories.make_action(world.plan, "D1")
    finding_link_actions(finding=finding, actor=None, plan=world.plan, actions=[action])
    complete(action)
    indicator = linked(world, finding)
    if value is not None:
        observe(indicator, MARCH, value)
    if with_target:
        make_target(indicator, FEB_END, 18.0)

    row = next(r for r in traceability_matrix(world.authority).rows if r.id == finding.pk)

    assert (Flag.DELIVERED_NOT_DIFFERENT in row.flags) is flagged
    assert Flag.NO_MEASURE not in row.flags


def test_the_indicator_lists_and_filters_findings_linked_to_it_directly(world, finding):
    indicator = linked(world, finding)
    other = make_indicator(world.authority, "OTHER", "Unlinked")

    assert indicator_findings(indicator) == [finding]
    assert indicator_findings(other) == []
    tiles = dashboard(world.authority, finding=finding.pk).tiles
    assert [t.indicator for t in tiles] == [indicator]
