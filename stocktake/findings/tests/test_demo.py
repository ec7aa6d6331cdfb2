"""The demo authority's register, from the seeds: the journey from 2012 to the December 2019
monitoring visit, linked to the 12-week plan as its Appendix 1 links it, with real gaps."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from docx import Document

from stocktake.accounts.models import Authority
from stocktake.demo.findings_data import AFI_ACTIONS
from stocktake.demo.management.commands.load_demo import BLACKPOOL, PLAN_NAME
from stocktake.findings.selectors import timeline
from stocktake.findings.traceability import Flag, traceability_matrix

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def demo(demo_loaded, django_db_blocker):
    with django_db_blocker.unblock():
        return Authority.objects.get(name=BLACKPOOL)


def test_the_timeline_reads_as_the_authoritys_journey(demo):
    entries = timeline(demo)

    assert [(e.source.kind, e.overall.grade if e.overall else None) for e in entries] == [
        ("earlier_ofsted", "inadequate"),
        ("hmip_youth_justice", "inadequate"),
        ("ilacs_standard", "inadequate"),
        ("monitoring_visit", None),
        ("improvement_notice", None),  # the copy held is not dated
    ]
    ilacs = entries[2]
    assert [(j.area, j.grade) for j in ilacs.judgements] == [
        ("overall", "inadequate"),
        ("leaders", "inadequate"),
        ("help_protection", "inadequate"),
        ("in_care_and_care_leavers", "requires_improvement"),
    ]
    assert [e.finding_count for e in entries] == [0, 9, 12, 13, 40]


def test_hmip_recommendations_keep_their_addressees(demo):
    hmip = demo.sources.get(kind="hmip_youth_justice")

    addressees = [f.addressee for f in hmip.findings.order_by("position")]

    assert (
        addressees
        == ["The Youth Offending Team (YOT) Manager"] * 4
        + ["The Director of Children's Services (DCS)"] * 3
        + ["The Youth Justice Board"] * 2
    )


def test_notice_measures_sit_under_their_clauses(demo):
    notice = demo.sources.get(kind="improvement_notice")
    findings = {f.reference: f for f in notice.findings.select_related("parent")}

    clauses = sorted((r for r in findings if "." not in r), key=int)
    assert clauses == ["3", "4", "5", "6", "7", "8"]
    assert [c.reference for c in findings["5"].children.order_by("position")] == [
        f"5.{n}" for n in range(1, 11)
    ]
    assert findings["8.2"].parent == findings["8"]
    assert len(findings) == 40
    assert findings["5.7"].text.endswith("whether further action is required.")


def test_the_appendix_brings_the_response_and_the_actions_it_names(demo):
    ilacs = demo.sources.get(kind="ilacs_standard")
    plan = demo.plans.get(name=PLAN_NAME)

    afis = {f.reference: f for f in ilacs.findings.all()}

    assert list(plan.findings.order_by("position")) == [afis[str(n)] for n in range(1, 13)]
    for reference, actions in AFI_ACTIONS.items():
        linked = sorted(a.reference for a in afis[reference].actions.filter(plan=plan))
        assert linked == sorted(actions), reference
        assert afis[reference].planned_response, reference
    assert "Becoming Looked After Panel" in afis["7"].planned_response


def test_the_matrix_shows_real_gaps(demo):
    matrix = traceability_matrix(demo)
    inspection = demo.sources.get(kind="ilacs_standard")
    rows = {r.reference: r for r in matrix.rows if r.source_id == inspection.pk}

    ilacs = {ref: rows[ref].flags for ref in ("7", "9", "10", "1", "4", "8", "12")}
    assert ilacs["7"] == ilacs["10"] == [Flag.NO_ACTION, Flag.NO_MEASURE]
    assert ilacs["9"] == [Flag.NO_ACTION]  # personal education plans: measured, not answered
    # Raised again in December 2019 (LA30, the audit programme, is still in progress).
    assert ilacs["1"] == [Flag.REPEATED]
    assert ilacs["8"] == [Flag.NO_MEASURE]  # the training offer is not yet delivered
    assert ilacs["4"] == ilacs["12"] == []
    assert matrix.summary[Flag.REPEATED] == 4  # AFIs 1, 2, 3 and 6, raised again in Dec 2019
    # Seed 000 records two actions complete: LA36 (terms of reference agreed) answers notice
    # measure 6.1, and LA31 (weekly data analysis) 6.9 and 7.3, none of which is measured.
    delivered = [
        (r.source_id == inspection.pk, r.reference)
        for r in matrix.rows
        if Flag.DELIVERED_NOT_DIFFERENT in r.flags
    ]
    assert delivered == [(False, "6.1"), (False, "6.9"), (False, "7.3")]
    assert matrix.summary[Flag.DELIVERED_NOT_DIFFERENT] == 3
    # The rest answer an area for improvement or a notice measure (FD20 in both phases).
    assert sorted(a.reference for a in matrix.actions_without_finding) == [
        "FD20",
        "FD20",
        "LA26",
        "LA35",
    ]
    assert matrix.summary[Flag.NO_ACTION] > 0 and matrix.summary[Flag.NO_MEASURE] > 0


def test_the_matrix_reads_the_demo_indicators_figures(demo):
    matrix = traceability_matrix(demo)
    impacts = [i for row in matrix.rows for i in row.impacts]
    inspection = demo.sources.get(kind="ilacs_standard")
    rows = {r.reference: r for r in matrix.rows if r.source_id == inspection.pk}

    computed = [i for i in impacts if i.computed]
    assert {"met", "not_met"} <= {i.reading for i in computed}
    assert all(" against a target of " in i.latest for i in computed if i.status != "no_target")
    [pep] = rows["9"].impacts
    assert (pep.indicator_code, pep.reading) == ("PEP", "met")
    # The front door: "We have seen an increase in referrals" (seed 000, Appendix 1).
    [front_door] = rows["2"].impacts
    assert front_door.computed and front_door.indicator_code == "REF_RATE"
    # The notice (3.2): "Improvements will be measured by the reduction in re-referral rates".
    notice = demo.sources.get(kind="improvement_notice")
    [thresholds] = [r for r in matrix.rows if r.source_id == notice.pk and r.reference == "3.2"]
    assert [i.indicator_code for i in thresholds.impacts] == ["REREF12"]
    # Measures of success no one has made into indicators keep what was recorded by hand.
    assert any(not i.computed and i.reading == "not_yet_evidenced" for i in impacts)


def test_the_word_export_of_the_demo_shows_the_figures(demo, tmp_path):
    target = tmp_path / "m.docx"

    call_command(
        "export",
        "traceability",
        "--authority",
        BLACKPOOL,
        "--format",
        "docx",
        "--output",
        str(target),
        stdout=io.StringIO(),
    )

    table = Document(str(target)).tables[1]
    impacts = [row.cells[4].text for row in table.rows[1:]]
    pep = "Personal education plans completed (illustrative) (PEP) – Met"
    assert any(t.startswith(pep) for t in impacts)
    assert any("Not met (Target missed)" in text for text in impacts)
    assert any("against a target of" in text for text in impacts)
