"""The pages: what they show, the preview-then-save of quick capture, and bad input, which
gets a GOV.UK error summary in plain English and changes nothing."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from stocktake.core.tests.helpers import version_of
from stocktake.findings.choices import Area
from stocktake.findings.models import Finding
from stocktake.findings.tests.conftest import date_fields, db_state, make_finding

pytestmark = pytest.mark.django_db

GRADE_ERROR = "Select a grade: Outstanding, Good, Requires improvement to be good or Inadequate"
AREA_2018 = (
    "Choose a judgement of this source's framework: overall effectiveness; the impact of "
    "leaders on social work practice with children and families; the experiences and "
    "progress of children who need help and protection; the experiences and progress of "
    "children in care and care leavers"
)

_SUMMARY = re.compile(r'<div class="govuk-error-summary".*?</ul>', re.S)
_ITEM = re.compile(r"<li>(?:<a href=\"(?P<href>[^\"]*)\">)?(?P<text>.*?)(?:</a>)?</li>", re.S)


def errors(response) -> list[tuple[str, str]]:
    match = _SUMMARY.search(response.content.decode())
    if not match:
        return []
    return [(m["href"] or "", html.unescape(m["text"])) for m in _ITEM.finditer(match[0])]


def url(world, name: str, **kwargs) -> str:
    return reverse(f"findings:{name}", kwargs={"authority": world.authority.slug, **kwargs})


@pytest.fixture
def lead(world, client):
    client.force_login(world.users["lead"])
    return client


def test_timeline_shows_sources_in_order_with_grades(world, fw, client):
    client.force_login(world.users["viewer"])

    page = client.get(url(world, "index")).content.decode()

    assert page.index("Inspection of Testshire, 2019") < page.index(
        "Monitoring visit, December 2019"
    )
    assert 'Overall: <strong class="govuk-tag govuk-tag--red">Inadequate</strong>' in page
    assert "Add a source" not in page  # a viewer reads only
    assert 'aria-current="page">Findings</a>' in page


def test_source_page_shows_judgements_beside_self_assessment_and_the_hierarchy(world, fw, lead):
    page = lead.get(url(world, "source_detail", source_id=fw.source.pk)).content.decode()

    assert "The experiences and progress of children in care and care leavers" in page
    assert "Not recorded" in page
    assert "Neglect strategy" in page and "under 1" in page
    assert "Paste a list of findings" in page


def test_finding_page_shows_actions_measures_repeats_and_flags(world, fw, client):
    client.force_login(world.users["partner"])

    page = client.get(url(world, "finding_detail", finding_id=fw.finding.pk)).content.decode()

    assert "LA1" in page and "Re-referrals fall to 22%" in page
    assert "Raised again as" in page and "Monitoring visit, December 2019" in page
    assert "Raised again by a later source" in page
    assert "Link actions and measures" not in page


def test_the_action_page_shows_the_findings_it_answers(world, fw, client):
    client.force_login(world.users["viewer"])
    action_url = reverse(
        "plans:action_detail", args=[world.authority.slug, world.plan.pk, world.action.pk]
    )

    page = client.get(action_url).content.decode()

    assert "Findings it answers" in page
    assert "1 – The response to chronic neglect" in page


def test_capture_previews_then_saves(world, fw, lead):
    text = "4.3 The Youth Justice Board should:\n\n8. Provide further guidance.\n9. Review policy."
    capture_url = url(world, "capture", source_id=fw.visit.pk)
    before = Finding.objects.count()

    preview = lead.post(capture_url, {"text": text, "kind": "recommendation", "preview": "1"})

    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Check the findings before saving" in page
    assert "Save 2 findings" in page
    assert "The Youth Justice Board" in page
    assert Finding.objects.count() == before

    saved = lead.post(capture_url, {"text": text, "kind": "recommendation", "confirm": "1"})

    assert saved.status_code == 302
    new = list(fw.visit.findings.filter(reference__in=["8", "9"]).order_by("position"))
    assert [(f.reference, f.addressee, f.kind) for f in new] == [
        ("8", "The Youth Justice Board", "recommendation"),
        ("9", "The Youth Justice Board", "recommendation"),
    ]


def test_capture_with_a_taken_reference_says_so_and_saves_nothing(world, fw, lead):
    before = db_state()

    response = lead.post(
        url(world, "capture", source_id=fw.source.pk),
        {"text": "1. Clash\n2. Fine", "kind": "afi", "confirm": "1"},
    )

    assert response.status_code == 200
    assert errors(response) == [("#id_text", "Item 1: this source already has a finding 1")]
    assert "Save 2 findings" not in response.content.decode()
    assert db_state() == before


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"area": "overall", "grade": "satisfactory"},
            [
                (
                    "#id_grade_0",
                    GRADE_ERROR,
                )
            ],
        ),
        (
            {"area": "care_leavers", "grade": "good"},
            [
                (
                    "#id_area_0",
                    "Choose a judgement of this source's framework: overall effectiveness; the "
                    "impact of leaders on social work practice with children and families; the "
                    "experiences and progress of children who need help and protection; the "
                    "experiences and progress of children in care and care leavers",
                )
            ],
        ),
        (
            {"area": "overall", "grade": "good"},
            [("#id_area_0", "This source already has a judgement of overall effectiveness")],
        ),
        (
            {"self_assessed_grade": ""},
            [
                (
                    "#id_area_0",
                    AREA_2018,
                ),
                (
                    "#id_grade_0",
                    GRADE_ERROR,
                ),
            ],
        ),
    ],
)
def test_bad_judgements_are_explained_and_change_nothing(world, fw, lead, data, expected):
    before = db_state()

    response = lead.post(url(world, "judgement_create", source_id=fw.source.pk), data)

    assert response.status_code == 200
    assert errors(response) == expected
    assert "<title>Error: " in response.content.decode()
    assert db_state() == before


def test_a_duplicate_reference_on_the_finding_form(world, fw, lead):
    before = db_state()

    response = lead.post(
        url(world, "finding_create", source_id=fw.source.pk),
        {"reference": "1.1", "text": "Again", "kind": "afi"},
    )

    assert errors(response) == [("#id_reference", "This source already has a finding 1.1")]
    assert db_state() == before


def test_a_cycle_on_the_finding_form(world, fw, lead):
    grandchild = make_finding(fw.source, "1.1.1", "Deeper", parent=fw.child)
    before = db_state()

    response = lead.post(
        url(world, "finding_edit", finding_id=fw.finding.pk),
        {"reference": "1", "text": fw.finding.text, "kind": "afi", "parent": grandchild.pk},
    )

    # Its own sub-findings are not even offered as parents; a forged choice is refused.
    assert errors(response) == [("#id_parent", "Choose a finding of this source to sit under")]
    assert f'value="{grandchild.pk}"' not in response.content.decode()
    assert db_state() == before


def test_bad_source_dates_are_explained(world, lead):
    before = db_state()

    response = lead.post(
        url(world, "source_create"),
        {
            "kind": "focused_visit",
            "title": "Focused visit",
            "framework": "auto",
            **date_fields("fieldwork_start", dt.date(2019, 6, 5)),
            **date_fields("fieldwork_end", dt.date(2019, 6, 4)),
            "published_on_0": "31",
            "published_on_1": "2",
            "published_on_2": "2019",
        },
    )

    assert errors(response) == [
        ("#id_published_on_0", "The publication date must be a real date"),
    ]
    response = lead.post(
        url(world, "source_create"),
        {
            "kind": "focused_visit",
            "title": "Focused visit",
            "framework": "auto",
            **date_fields("fieldwork_start", dt.date(2019, 6, 5)),
            **date_fields("fieldwork_end", dt.date(2019, 6, 4)),
            **date_fields("published_on", None),
        },
    )
    assert errors(response) == [
        ("#id_fieldwork_end_0", "The last day of fieldwork must be on or after the first")
    ]
    assert db_state() == before


def test_a_new_ilacs_source_gets_the_framework_of_its_date(world, lead):
    response = lead.post(
        url(world, "source_create"),
        {
            "kind": "ilacs_standard",
            "title": "Inspection, 2024",
            "framework": "auto",
            **date_fields("fieldwork_start", dt.date(2024, 2, 5)),
            **date_fields("fieldwork_end", None),
            **date_fields("published_on", None),
        },
    )

    assert response.status_code == 302
    source = world.authority.sources.get(title="Inspection, 2024")
    assert source.framework == "ilacs_2023"
    page = lead.get(url(world, "judgement_create", source_id=source.pk)).content.decode()
    assert "The experiences and progress of care leavers" in page
    assert "children in care and care leavers" not in page


def test_links_page_saves_actions_and_measures_of_the_chosen_plan(world, fw, lead):
    response = lead.post(
        url(world, "finding_links", finding_id=fw.child.pk),
        {
            "plan": world.plan.pk,
            "actions": [world.partner_action.pk],
            "measures": [fw.measure.pk],
            "version": version_of(fw.child),
        },
    )

    assert response.status_code == 302
    assert list(fw.child.actions.all()) == [world.partner_action]
    assert [link.measure for link in fw.child.impact_links.all()] == [fw.measure]


def test_links_page_refuses_an_action_of_another_plan(world, fw, lead):
    before = db_state()

    response = lead.post(
        url(world, "finding_links", finding_id=fw.child.pk),
        {"plan": world.plan.pk, "actions": [world.other_action.pk]},
    )

    assert errors(response)[0][1].startswith("Choose actions from this plan")
    assert db_state() == before


@pytest.mark.parametrize("plan", ["²", "", "12a", "-1"])
def test_links_page_reads_a_plan_that_is_not_a_number_as_none_chosen(world, fw, lead, plan):
    """mypy found `int()` applied to a query value that may be absent; "²" passed the
    `isdigit()` guard and then `int()` failed with a server error."""
    response = lead.get(url(world, "finding_links", finding_id=fw.child.pk), {"plan": plan})

    assert response.status_code == 200
    assert response.context["plan"] == world.plan  # the first plan, as with no choice


def test_measure_reading_is_recorded(world, fw, lead):
    response = lead.post(
        url(world, "impact_edit", finding_id=fw.finding.pk, link_id=fw.link.pk),
        {"reading": "bogus"},
    )
    assert errors(response) == [
        ("#id_reading_0", "Select whether the measure is met, not met or not yet evidenced")
    ]

    lead.post(
        url(world, "impact_edit", finding_id=fw.finding.pk, link_id=fw.link.pk),
        {"reading": "met", "latest": "19% in June", "version": version_of(fw.link)},
    )
    fw.link.refresh_from_db()
    assert (fw.link.reading, fw.link.latest) == ("met", "19% in June")


def test_repeats_page_offers_only_earlier_sources_findings(world, fw, lead):
    page = lead.get(url(world, "finding_repeats", finding_id=fw.repeat.pk)).content.decode()

    assert "The response to chronic neglect" in page
    assert "Neglect still too slow</label>" not in page
    assert "Otherborough" not in page


def test_judgement_area_from_the_form_is_saved(world, fw, lead):
    lead.post(
        url(world, "judgement_create", source_id=fw.source.pk),
        {"area": "leaders", "grade": "inadequate", "self_assessed_grade": "requires_improvement"},
    )

    judgement = fw.source.judgements.get(area=Area.LEADERS)
    assert (judgement.grade, judgement.self_assessed_grade) == (
        "inadequate",
        "requires_improvement",
    )
