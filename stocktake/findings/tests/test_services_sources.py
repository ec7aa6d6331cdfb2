"""Sources and judgements: the framework versions decide the judgement areas; bad grades and
areas are refused with a clear message and nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from stocktake.audit.models import AuditEvent
from stocktake.findings.choices import (
    Area,
    FrameworkVersion,
    Grade,
    SourceKind,
    framework_areas,
    framework_for,
)
from stocktake.findings.selectors import judgement_rows, timeline
from stocktake.findings.services import (
    SourceFields,
    judgement_create,
    judgement_update,
    source_update,
)
from stocktake.findings.tests.conftest import db_state, make_source

pytestmark = pytest.mark.django_db


def test_before_2023_children_in_care_and_care_leavers_are_one_judgement():
    assert framework_areas(FrameworkVersion.ILACS_2018) == (
        Area.OVERALL,
        Area.LEADERS,
        Area.HELP_AND_PROTECTION,
        Area.IN_CARE_AND_CARE_LEAVERS,
    )


def test_from_2023_care_leavers_have_their_own_judgement():
    assert framework_areas(FrameworkVersion.ILACS_2023) == (
        Area.OVERALL,
        Area.LEADERS,
        Area.HELP_AND_PROTECTION,
        Area.IN_CARE,
        Area.CARE_LEAVERS,
    )


@pytest.mark.parametrize(
    ("kind", "day", "framework"),
    [
        (SourceKind.ILACS_STANDARD, dt.date(2019, 1, 17), FrameworkVersion.ILACS_2018),
        (SourceKind.ILACS_SHORT, dt.date(2022, 12, 31), FrameworkVersion.ILACS_2018),
        (SourceKind.ILACS_STANDARD, dt.date(2023, 1, 1), FrameworkVersion.ILACS_2023),
        (SourceKind.ILACS_STANDARD, None, FrameworkVersion.ILACS_2023),
        (SourceKind.ILACS_STANDARD, dt.date(2017, 6, 1), FrameworkVersion.OVERALL_ONLY),
        (SourceKind.EARLIER_OFSTED, dt.date(2012, 7, 13), FrameworkVersion.OVERALL_ONLY),
        (SourceKind.HMIP_YOUTH_JUSTICE, dt.date(2018, 12, 18), FrameworkVersion.OVERALL_ONLY),
        (SourceKind.MONITORING_VISIT, dt.date(2019, 12, 16), FrameworkVersion.NONE),
        (SourceKind.IMPROVEMENT_NOTICE, None, FrameworkVersion.NONE),
    ],
)
def test_the_framework_follows_the_kind_and_date(kind, day, framework):
    assert framework_for(kind, day) == framework


def test_a_2019_inspection_is_graded_on_the_four_areas_of_its_day(world):
    source = make_source(world.authority, framework=FrameworkVersion.ILACS_2018)
    for area, grade in [
        (Area.OVERALL, Grade.INADEQUATE),
        (Area.LEADERS, Grade.INADEQUATE),
        (Area.HELP_AND_PROTECTION, Grade.INADEQUATE),
        (Area.IN_CARE_AND_CARE_LEAVERS, Grade.REQUIRES_IMPROVEMENT),
    ]:
        judgement_create(source=source, actor=None, area=area, grade=grade)

    rows = judgement_rows(source)

    assert [(r.area, r.judgement.grade) for r in rows] == [
        ("overall", "inadequate"),
        ("leaders", "inadequate"),
        ("help_protection", "inadequate"),
        ("in_care_and_care_leavers", "requires_improvement"),
    ]


def test_a_2023_inspection_lists_five_areas_and_the_self_assessed_grade_sits_beside(world):
    source = make_source(
        world.authority, framework=FrameworkVersion.ILACS_2023, published_on=dt.date(2024, 3, 1)
    )
    judgement_create(
        source=source,
        actor=world.users["lead"],
        area=Area.CARE_LEAVERS,
        grade=Grade.REQUIRES_IMPROVEMENT,
        self_assessed_grade=Grade.GOOD,
    )

    rows = judgement_rows(source)

    assert [r.area for r in rows] == [
        "overall",
        "leaders",
        "help_protection",
        "in_care",
        "care_leavers",
    ]
    assert rows[4].judgement.self_assessed_grade == "good"
    assert [r.judgement for r in rows[:4]] == [None] * 4
    event = AuditEvent.objects.get(object_type="findings.judgement")
    assert event.actor == world.users["lead"]
    assert event.changes["self_assessed_grade"] == [None, "good"]


@pytest.mark.parametrize(
    ("framework", "area", "grade", "field", "message"),
    [
        (
            FrameworkVersion.ILACS_2018,
            Area.CARE_LEAVERS,
            Grade.GOOD,
            "area",
            "Choose a judgement of the ILACS 2018 to 2022 framework: overall effectiveness; "
            "the impact of leaders on social work practice with children and families; the "
            "experiences and progress of children who need help and protection; the "
            "experiences and progress of children in care and care leavers",
        ),
        (
            FrameworkVersion.ILACS_2023,
            Area.IN_CARE_AND_CARE_LEAVERS,
            Grade.GOOD,
            "area",
            "Choose a judgement of the ILACS from 2023 framework",
        ),
        (
            FrameworkVersion.OVERALL_ONLY,
            Area.LEADERS,
            Grade.GOOD,
            "area",
            "Choose a judgement of the overall judgement only framework: overall effectiveness",
        ),
        (
            FrameworkVersion.NONE,
            Area.OVERALL,
            Grade.GOOD,
            "area",
            "This source has no graded judgements",
        ),
        (
            FrameworkVersion.ILACS_2018,
            Area.OVERALL,
            "satisfactory",
            "grade",
            "Select a grade: Outstanding, Good, Requires improvement to be good or Inadequate",
        ),
        (FrameworkVersion.ILACS_2018, "quality_of_care", Grade.GOOD, "area", "Choose a judgement"),
    ],
)
def test_bad_judgements_are_refused_and_nothing_is_written(
    world, framework, area, grade, field, message
):
    source = make_source(world.authority, framework=framework)
    before = db_state()

    with pytest.raises(ValidationError) as caught:
        judgement_create(source=source, actor=None, area=area, grade=grade)

    assert caught.value.message_dict[field][0].startswith(message)
    assert db_state() == before


def test_an_unknown_self_assessed_grade_is_refused(world):
    source = make_source(world.authority)

    with pytest.raises(ValidationError) as caught:
        judgement_create(
            source=source, actor=None, area=Area.OVERALL, grade=Grade.GOOD, self_assessed_grade="ok"
        )

    assert "self_assessed_grade" in caught.value.message_dict


def test_one_judgement_per_area(world, fw):
    with pytest.raises(ValidationError) as caught:
        judgement_create(source=fw.source, actor=None, area=Area.OVERALL, grade=Grade.GOOD)

    assert caught.value.message_dict["area"] == [
        "This source already has a judgement of overall effectiveness"
    ]
    judgement_update(
        expected_version=None,
        judgement=fw.judgement,
        actor=None,
        area=Area.OVERALL,
        grade=Grade.GOOD,
    )
    fw.judgement.refresh_from_db()
    assert fw.judgement.grade == "good"


def test_a_framework_change_that_would_strand_judgements_is_refused(world):
    source = make_source(world.authority, framework=FrameworkVersion.ILACS_2018)
    judgement_create(
        source=source,
        actor=None,
        area=Area.IN_CARE_AND_CARE_LEAVERS,
        grade=Grade.REQUIRES_IMPROVEMENT,
    )
    before = db_state()

    with pytest.raises(ValidationError) as caught:
        source_update(
            expected_version=None,
            source=source,
            actor=None,
            fields=SourceFields(
                kind=SourceKind.ILACS_STANDARD,
                title=source.title,
                framework=FrameworkVersion.ILACS_2023,
            ),
        )

    assert (
        "experiences and progress of children in care and care leavers"
        in (caught.value.message_dict["framework"][0])
    )
    assert db_state() == before


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "  "}, "title", "Enter a title"),
        ({"kind": "newspaper"}, "kind", "Select what kind of source this is"),
        ({"framework": "ilacs_2030"}, "framework", "Select a judgement framework from the list"),
        ({"link": "javascript:alert(1)"}, "link", "Enter a link in the correct format"),
        (
            {"fieldwork_start": dt.date(2019, 1, 2), "fieldwork_end": dt.date(2019, 1, 1)},
            "fieldwork_end",
            "The last day of fieldwork must be on or after the first",
        ),
        (
            {"fieldwork_start": dt.date(2019, 1, 2), "published_on": dt.date(2018, 12, 1)},
            "published_on",
            "The publication date must be on or after the fieldwork began",
        ),
    ],
)
def test_bad_sources_are_refused(world, fields, field, message):
    from stocktake.findings.services import source_create

    values = {"kind": SourceKind.PEER_REVIEW, "title": "Peer review", **fields}
    before = db_state()

    with pytest.raises(ValidationError) as caught:
        source_create(authority=world.authority, actor=None, fields=SourceFields(**values))

    assert caught.value.message_dict[field][0].startswith(message)
    assert db_state() == before


def test_the_timeline_reads_oldest_first_with_grades_and_undated_last(world):
    notice = make_source(
        world.authority,
        "Improvement notice",
        kind=SourceKind.IMPROVEMENT_NOTICE,
        framework="",
        published_on=None,
    )
    later = make_source(world.authority, "2019 inspection", published_on=dt.date(2019, 1, 17))
    earlier = make_source(
        world.authority,
        "2012 inspection",
        kind=SourceKind.EARLIER_OFSTED,
        framework=FrameworkVersion.OVERALL_ONLY,
        published_on=dt.date(2012, 7, 13),
    )
    judgement_create(source=earlier, actor=None, area=Area.OVERALL, grade=Grade.INADEQUATE)
    judgement_create(source=later, actor=None, area=Area.LEADERS, grade=Grade.INADEQUATE)
    judgement_create(source=later, actor=None, area=Area.OVERALL, grade=Grade.INADEQUATE)

    entries = timeline(world.authority)

    assert [e.source for e in entries] == [earlier, later, notice]
    assert entries[0].overall.grade == "inadequate"
    assert [j.area for j in entries[1].judgements] == ["overall", "leaders"]
    assert entries[2].overall is None
