"""The computed QA indicators against figures worked out by hand for hand-built audits:
a month with no audits (no figure, never 0%), moderation changing a grade (the moderator's
grade counts; both are kept), an action completed late, an action not yet due. And the
indicator export shows the computed figures with their provenance."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from stocktake.indicators.choices import Source
from stocktake.indicators.exports import export_indicators
from stocktake.indicators.models import Indicator, Observation
from stocktake.quality.measures import ActionRow, AuditRow, qa_counts
from stocktake.quality.services import (
    DomainDecision,
    audit_action_complete,
    audit_action_create,
    moderation_record,
    qa_indicators_compute,
)
from stocktake.quality.tests.conftest import complete

D = dt.date
MAY, JUNE, JULY = D(2019, 5, 1), D(2019, 6, 1), D(2019, 7, 1)
TODAY = D(2019, 12, 31)


@pytest.fixture
def graded(qa, world):
    """1001 good (May), 1002 inadequate then moderated to requires improvement (May), 1003
    outstanding and 1004 requires improvement (July); nothing in June. Actions: one due in
    May done late in June, one due in July done on time, one due in July never done, one
    due in January 2020 (not yet due on 31 December 2019)."""
    a1001, a1002, a1003, a1004 = qa.audits
    voice, oversight = qa.domains
    complete(a1001, "good", ["good", "requires_improvement"], D(2019, 5, 10))
    complete(a1002, "inadequate", ["inadequate", "inadequate"], D(2019, 5, 20))
    complete(a1003, "outstanding", ["outstanding", "good"], D(2019, 7, 2))
    complete(a1004, "requires_improvement", ["good", "inadequate"], D(2019, 7, 15))
    a1002.refresh_from_db()
    moderation_record(
        audit=a1002,
        actor=qa.qa_lead,
        moderated_on=D(2019, 5, 25),
        overall_grade="requires_improvement",
        reason="Risk was recognised and acted on, if late.",
        decisions=[
            DomainDecision(voice.pk, "inadequate"),
            DomainDecision(oversight.pk, "requires_improvement", "Supervision is recorded."),
        ],
        today=TODAY,
    )
    late = audit_action_create(
        audit=a1001, actor=None, text="Update the plan", owner=qa.manager,
        due_date=D(2019, 5, 31), today=TODAY,
    )  # fmt: skip
    audit_action_complete(
        action=late, actor=None, completed_on=D(2019, 6, 10), note="", today=TODAY
    )
    on_time = audit_action_create(
        audit=a1003, actor=None, text="See the child alone", owner=qa.manager,
        due_date=D(2019, 7, 20), today=TODAY,
    )  # fmt: skip
    audit_action_complete(
        action=on_time, actor=None, completed_on=D(2019, 7, 18), note="", today=TODAY
    )
    audit_action_create(
        audit=a1004, actor=None, text="Chronology", owner=qa.manager,
        due_date=D(2019, 7, 31), today=TODAY,
    )  # fmt: skip
    audit_action_create(
        audit=a1004, actor=None, text="Review", owner=qa.manager,
        due_date=D(2020, 1, 15), today=TODAY,
    )  # fmt: skip
    return qa


# Worked out by hand from the fixture's docstring: (numerator, denominator) per month.
EXPECTED = {
    # May: 1001 good; 1002 requires improvement after moderation (was inadequate).
    ("QA_GOOD_OR_BETTER", MAY): (1, 2),
    ("QA_INADEQUATE", MAY): (0, 2),  # moderation changed the only inadequate grade
    ("QA_DOMAIN_GOOD_VOICE_CHILD", MAY): (1, 2),  # good; inadequate (agreed)
    ("QA_DOMAIN_GOOD_MANAGEMENT", MAY): (0, 2),  # RI; RI after moderation
    ("QA_MODERATION_AGREEMENT", MAY): (0, 1),  # 1002 moderated, grade changed
    ("QA_ACTIONS_ON_TIME", MAY): (0, 1),  # due 31 May, done 10 June: late
    # July: 1003 outstanding, 1004 requires improvement; nothing moderated.
    ("QA_GOOD_OR_BETTER", JULY): (1, 2),
    ("QA_INADEQUATE", JULY): (0, 2),
    ("QA_DOMAIN_GOOD_VOICE_CHILD", JULY): (2, 2),
    ("QA_DOMAIN_GOOD_MANAGEMENT", JULY): (1, 2),
    ("QA_ACTIONS_ON_TIME", JULY): (1, 2),  # on time; never done
}


def stored() -> dict[tuple[str, dt.date], Observation]:
    return {
        (o.indicator.code, o.period): o
        for o in Observation.objects.filter(source=Source.AUDITS).select_related("indicator")
    }


def test_computed_figures_equal_the_hand_calculation(graded, world):
    got = stored()
    assert set(got) == set(EXPECTED)  # no June figure, no July agreement, no January 2020
    for key, (numerator, denominator) in EXPECTED.items():
        observation = got[key]
        assert (observation.numerator, observation.denominator) == (numerator, denominator), key
        assert observation.value == pytest.approx(100 * numerator / denominator), key
        assert observation.indicator.authority == world.authority


def test_both_grades_are_kept_when_moderation_changes_one(graded):
    audit = graded.audits[1]
    audit.refresh_from_db()
    assert audit.overall_grade == "inadequate"
    assert audit.moderation.overall_grade == "requires_improvement"
    assert not audit.moderation.overall_agreed
    assert audit.moderation.reason.startswith("Risk was recognised")
    assert {g.domain.code: g.grade for g in audit.grades.all()}["MANAGEMENT"] == ("inadequate")


def test_provenance_and_definitions(graded, world):
    observation = stored()[("QA_GOOD_OR_BETTER", MAY)]
    assert observation.provenance["computed_from"] == "case audits"
    assert observation.provenance["month"] == "2019-05"
    assert observation.provenance["denominator"] == 2
    assert observation.provenance["definition_version"] == "qa-1"
    assert observation.provenance["rounds"] == ["Monthly audit – June 2019"]
    assert observation.note == "Computed from 2 case audits in May 2019"
    polarity = dict(
        Indicator.objects.filter(authority=world.authority, code__startswith="QA_").values_list(
            "code", "polarity"
        )
    )
    assert polarity["QA_INADEQUATE"] == "lower"
    assert polarity["QA_GOOD_OR_BETTER"] == "higher"
    assert not Indicator.objects.filter(authority=world.other, code__startswith="QA_").filter(
        observations__isnull=False
    )


def test_export_indicators_shows_the_figures_with_their_provenance(graded, world):
    data = json.loads(export_indicators(world.authority, "json"))
    record = next(i for i in data["indicators"] if i["code"] == "QA_ACTIONS_ON_TIME")
    by_period = {o["period"]: o for o in record["observations"]}
    assert by_period["2019-07-01"]["source"] == "Computed from case audits: Computed from 2 " \
        "audit actions due in July 2019"  # fmt: skip
    assert by_period["2019-07-01"]["provenance"]["numerator"] == 1
    csv = export_indicators(world.authority, "csv").decode("utf-8-sig")
    assert "provenance" in csv.splitlines()[0]
    assert '""computed_from"": ""case audits""' in csv


def test_recomputing_twice_changes_nothing_and_removes_months_with_no_audits(graded, world):
    again = qa_indicators_compute(authority=world.authority, actor=None, today=TODAY)
    assert (again.created, again.updated) == (0, 0)
    graded.audits[2].delete()  # 1003 (July), and its action
    graded.audits[3].delete()  # 1004 (July), and its actions
    qa_indicators_compute(authority=world.authority, actor=None, today=TODAY)
    assert {period for _, period in stored()} == {MAY}


def test_the_counting_alone():
    """The pure function: a zero denominator gives no entry; the moderator's grade counts
    as given in the row; an action due after today is not counted yet."""
    rows = [
        AuditRow(D(2020, 1, 3), "good", {"V": "inadequate"}, moderated=True, agreed=True),
        AuditRow(D(2020, 1, 9), "inadequate", {"V": "good"}),
    ]
    actions = [ActionRow(D(2020, 1, 31), D(2020, 2, 1)), ActionRow(D(2020, 3, 1), None)]
    counts = qa_counts(rows, actions, D(2020, 2, 15))
    got = {k: (c.numerator, c.denominator) for k, c in counts.items()}
    jan = D(2020, 1, 1)
    assert got == {
        ("QA_GOOD_OR_BETTER", jan): (1, 2),
        ("QA_INADEQUATE", jan): (1, 2),
        ("QA_DOMAIN_GOOD_V", jan): (1, 2),
        ("QA_MODERATION_AGREEMENT", jan): (1, 1),
        ("QA_ACTIONS_ON_TIME", jan): (0, 1),
    }
