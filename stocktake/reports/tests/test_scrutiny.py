"""The scrutiny committee report (seed 004's shape): the latest inspection's judgements beside
the self-assessment and the previous inspection, the areas for improvement with their
response and progress, the plan's status with denominators, the risks from the exceptions,
and NoData when there is no graded inspection.

Testshire: Ofsted's 2012 inspection (overall inadequate), HMI Probation's youth justice
inspection of December 2018, and the ILACS inspection of January 2019 (three inadequate, one
requires improvement) with three areas for improvement. The plan has LA1 (complete), LA2
(rated red), LA3 (overdue, in the Front door theme) and LA4 (no theme, not started).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pytest

from stocktake.accounts.models import Authority
from stocktake.demo import factories
from stocktake.documents.blocks import Heading, Paragraph, ReportDocument, Table
from stocktake.findings.choices import Area, FindingKind, FrameworkVersion, Grade, SourceKind
from stocktake.findings.models import Finding, Judgement, Source
from stocktake.findings.services import (
    FindingFields,
    SourceFields,
    finding_create,
    finding_link_actions,
    judgement_create,
    source_create,
)
from stocktake.governance.models import UpdateReview
from stocktake.governance.selectors import exceptions
from stocktake.plans.choices import DeliveryStatus, Rag
from stocktake.plans.models import Action, StatusChange, Update
from stocktake.reports.builders import builder_for
from stocktake.reports.builders.scrutiny import build
from stocktake.reports.context import NoData, ReportContext

TODAY = dt.date.today()


def ctx_for(world, as_of: dt.date = TODAY, **kwargs) -> ReportContext:
    start = as_of.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return ReportContext(world.authority, world.plan, start, end, as_of, **kwargs)


def source(authority, kind: str, title: str, published_on: dt.date, **fields) -> Source:
    return source_create(
        authority=authority,
        actor=None,
        fields=SourceFields(kind=kind, title=title, published_on=published_on, **fields),
    )


def afi(inspection: Source, reference: str, text: str, **fields) -> Finding:
    return finding_create(
        source=inspection,
        actor=None,
        fields=FindingFields(
            reference=reference, text=text, kind=FindingKind.AREA_FOR_IMPROVEMENT, **fields
        ),
    )


@dataclass
class ScrutinyWorld:
    ilacs: Source
    earlier: Source
    la3: Action
    la4: Action


@pytest.fixture
def sw(world) -> ScrutinyWorld:
    earlier = source(
        world.authority,
        SourceKind.EARLIER_OFSTED,
        "Inspection of arrangements to protect children, 2012",
        dt.date(2012, 7, 13),
        body="Ofsted",
        framework=FrameworkVersion.OVERALL_ONLY,
    )
    judgement_create(source=earlier, actor=None, area=Area.OVERALL, grade=Grade.INADEQUATE)
    hmip = source(
        world.authority,
        SourceKind.HMIP_YOUTH_JUSTICE,
        "Inspection of youth offending services, 2018",
        dt.date(2018, 12, 18),
        body="HM Inspectorate of Probation",
        framework=FrameworkVersion.OVERALL_ONLY,
    )
    judgement_create(source=hmip, actor=None, area=Area.OVERALL, grade=Grade.INADEQUATE)
    finding_create(
        source=hmip,
        actor=None,
        fields=FindingFields(
            reference="1", text="Commission training", kind=FindingKind.RECOMMENDATION
        ),
    )
    ilacs = source(
        world.authority,
        SourceKind.ILACS_STANDARD,
        "Inspection of Testshire children's services, January 2019",
        dt.date(2019, 1, 17),
        body="Ofsted",
        framework=FrameworkVersion.ILACS_2018,
    )
    for area, grade in (
        (Area.OVERALL, Grade.INADEQUATE),
        (Area.LEADERS, Grade.INADEQUATE),
        (Area.HELP_AND_PROTECTION, Grade.INADEQUATE),
        (Area.IN_CARE_AND_CARE_LEAVERS, Grade.REQUIRES_IMPROVEMENT),
    ):
        judgement_create(source=ilacs, actor=None, area=area, grade=grade)
    Judgement.objects.filter(source=ilacs, area=Area.OVERALL).update(
        self_assessed_grade=Grade.REQUIRES_IMPROVEMENT
    )
    first = afi(
        ilacs,
        "1",
        "The response to chronic neglect",
        planned_response="The board will lead a neglect strategy. Training follows in May. "
        "A toolkit will be launched in June.",
        progress="The strategy has been refreshed. Training has started. More to do.",
    )
    afi(ilacs, "2", "Decisions at the front door", planned_response="A specialist team.")
    afi(ilacs, "3", "Audit and performance management")
    finding_link_actions(finding=first, actor=None, plan=world.plan, actions=[world.action])
    front_door = factories.make_theme(world.plan, "Front door")
    la3 = factories.make_action(
        world.plan,
        "LA3",
        owners=[world.owner_person],
        theme=front_door,
        due=TODAY - dt.timedelta(days=10),
        text="Recruit two more social workers to the front door",
    )
    la4 = factories.make_action(world.plan, "LA4", text="Refresh the audit framework")
    accepted_state(world.action, delivery=DeliveryStatus.COMPLETE)
    accepted_state(world.partner_action, delivery=DeliveryStatus.ON_TRACK, rag=Rag.RED)
    accepted_state(la3, delivery=DeliveryStatus.AT_RISK)
    factories.make_person(world.authority, "Dee Director", "Director of Children's Services")
    return ScrutinyWorld(ilacs, earlier, la3, la4)


def accepted_state(action: Action, **values: str) -> None:
    """Give an action an accepted delivery status or RAG, as an acceptance would: its row and
    a history row (`values`: delivery=…, rag=…)."""
    fields = {"delivery": "delivery_status", "rag": "rag"}
    for field, value in values.items():
        action.refresh_from_db()
        old = getattr(action, fields[field])
        StatusChange.objects.create(action=action, field=field, old_value=old, new_value=value)
        Action.objects.filter(pk=action.pk).update(**{fields[field]: value})


def table(doc: ReportDocument, title: str) -> Table:
    return next(t for t in doc.tables() if t.title == title)


def paragraphs(doc: ReportDocument) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def test_the_builder_is_registered():
    assert builder_for("scrutiny") is build


def test_the_report_follows_seed_004s_shape(world, sw):
    doc = build(ctx_for(world))
    assert doc.headings(1) == [
        "Purpose of the report",
        "Recommendation",
        "The latest inspection",
        "Areas for improvement",
        "Progress with the plan",
        "Risks",
    ]
    about_table = table(doc, "About this report")
    about = dict(zip(about_table.columns, about_table.rows[0], strict=True))
    assert about["Report to"] == "Scrutiny committee"
    assert about["Relevant officer"] == "Dee Director – Director of Children's Services"
    assert about["Date of meeting"] == f"{TODAY:%-d %B %Y}"
    recommendation = doc.blocks[doc.blocks.index(Heading("Recommendation", 1)) + 1]
    assert recommendation.text.startswith("The committee is asked to note")
    assert doc.subtitle == f"Report to the scrutiny committee, {TODAY:%-d %B %Y}"


def test_judgements_beside_the_self_assessment_and_the_previous_inspection(world, sw):
    doc = build(ctx_for(world))
    judgements = table(doc, "Judgements: Inspection of Testshire children's services, January 2019")
    assert judgements.columns == [
        "Judgement",
        "Grade",
        "Our self-assessment",
        "Previous inspection (July 2012)",
    ]
    assert judgements.rows == [
        [Area.LEADERS.label, "Inadequate", "Not given", "Not judged"],
        [Area.HELP_AND_PROTECTION.label, "Inadequate", "Not given", "Not judged"],
        [
            Area.IN_CARE_AND_CARE_LEAVERS.label,
            "Requires improvement to be good",
            "Not given",
            "Not judged",
        ],
        ["Overall effectiveness", "Inadequate", "Requires improvement to be good", "Inadequate"],
    ]
    assert judgements.row_marks == ["red", "red", "amber", "red"]
    said = " ".join(paragraphs(doc))
    assert "3 inadequate and 1 requires improvement to be good" in said
    # The youth justice inspection is mentioned beside it, not compared with it.
    assert "HM Inspectorate of Probation's “Inspection of youth offending services, 2018”" in said
    assert "with 1 recommendation." in said


def test_without_a_self_assessment_or_an_earlier_inspection_those_columns_go(world, sw):
    Judgement.objects.update(self_assessed_grade="")
    sw.earlier.delete()
    doc = build(ctx_for(world))
    judgements = doc.tables()[1]
    assert judgements.columns == ["Judgement", "Grade"]


def test_areas_for_improvement_with_response_and_progress(world, sw):
    doc = build(ctx_for(world))
    rows = table(doc, "Areas for improvement").rows
    assert len(rows) == 3
    assert rows[0][:3] == [
        "1",
        "The response to chronic neglect",
        "The board will lead a neglect strategy. Training follows in May.",
    ]
    assert rows[0][3] == (
        "The strategy has been refreshed. Training has started. 1 of 1 action (100%) "
        "answering it complete."
    )
    assert rows[1][2:] == ["A specialist team.", "No action in the plan answers it yet."]
    assert rows[2][2] == "No planned response recorded"
    assert any("identified 3 areas for improvement" in p for p in paragraphs(doc))


def test_plan_status_by_theme_with_denominators(world, sw):
    doc = build(ctx_for(world))
    by_theme = table(doc, "Delivery by theme")
    # Complete always has a column; the others only when some action has that status.
    assert by_theme.columns == [
        "Theme",
        "Actions",
        "Complete",
        "On track",
        "At risk",
        "Not started",
        "Overdue",
    ]
    rows = {r[0]: r for r in by_theme.rows}
    assert rows["Leadership"] == ["Leadership", 2, "1 (50%)", "1 (50%)", "0", "0", "0"]
    assert rows["Front door"][6] == "1 (100%)"
    assert rows["No theme"][5] == "1 (100%)"
    assert rows["All themes"] == ["All themes", 4, *["1 (25%)"] * 5]
    said = " ".join(paragraphs(doc))
    assert "had 4 actions: 1 complete (25%), 1 on track (25%), 1 at risk (25%) and 1 not" in said
    assert "1 of 4 actions (25%) are overdue" in said
    overdue = table(doc, "Overdue actions")
    assert overdue.rows == [
        [
            "LA3: Recruit two more social workers to the front door",
            "Olive Owner – Head of Service",
            f"{TODAY - dt.timedelta(days=10):%-d %B %Y}",
            10,
            "At risk",
        ]
    ]


def test_risks_are_the_exceptions_with_the_latest_accepted_update_as_mitigation(world, sw):
    lead = world.users["lead"]
    accepted = Update.objects.create(
        action=sw.la3, date=TODAY - dt.timedelta(days=3), text="Two offers made; start in May"
    )
    UpdateReview.objects.create(update=accepted, decision="accepted", reviewer=lead)
    returned = Update.objects.create(
        action=sw.la3, date=TODAY - dt.timedelta(days=1), text="Nothing to add this week"
    )
    UpdateReview.objects.create(
        update=returned, decision="returned", comment="Say what happened", reviewer=lead
    )
    doc = build(ctx_for(world))
    risks = table(doc, "Risks to delivery")
    items = exceptions(world.plan, TODAY)
    assert len(risks.rows) == len(items) == 2
    by_action = {r[0].split(":")[0]: r for r in risks.rows}
    assert set(by_action) == {"LA2", "LA3"}
    la3 = by_action["LA3"]
    assert la3[0].endswith(f"Overdue since {TODAY - dt.timedelta(days=9):%-d %B %Y}")
    assert la3[1] == f"{accepted.date:%-d %B %Y}: Two offers made; start in May"
    assert la3[2] == "Olive Owner – Head of Service"
    assert "Nothing to add this week" not in json.dumps(doc.to_json())
    assert "Rated red" in by_action["LA2"][0] and by_action["LA2"][1] == "No update reported yet"
    assert risks.row_marks[risks.rows.index(by_action["LA2"])] == "red"


def test_no_exceptions_means_no_risks_reported(world, sw):
    for action in Action.objects.filter(plan=world.plan):
        accepted_state(action, delivery=DeliveryStatus.COMPLETE, rag="")
    doc = build(ctx_for(world))
    assert "Risks to delivery" not in [t.title for t in doc.tables()]
    assert any("no delivery risk is reported" in p for p in paragraphs(doc))
    assert any("No action was overdue" in p for p in paragraphs(doc))


def test_the_document_is_plain_json(world, sw):
    doc = build(ctx_for(world))
    assert ReportDocument.from_json(json.loads(json.dumps(doc.to_json(), allow_nan=False))) == doc


def test_no_graded_inspection_says_so(world):
    source(world.authority, SourceKind.MONITORING_VISIT, "Monitoring visit", dt.date(2019, 3, 1))
    with pytest.raises(NoData, match="no inspection with graded judgements"):
        build(ctx_for(world))


def test_an_inspection_after_the_period_is_not_reported(world, sw):
    ctx = ReportContext(
        world.authority, world.plan, dt.date(2011, 1, 1), dt.date(2011, 1, 31), dt.date(2011, 1, 31)
    )
    with pytest.raises(NoData, match="end of January 2011"):
        build(ctx)
    earlier = ReportContext(
        world.authority, world.plan, dt.date(2018, 6, 1), dt.date(2018, 6, 30), TODAY
    )
    assert build(earlier).tables()[1].title.endswith("arrangements to protect children, 2012")


@pytest.fixture
def demo(demo_restored):
    from stocktake.demo.management.commands.load_demo import BLACKPOOL, PLAN_NAME
    from stocktake.reports.demo import record_register_in_its_time

    authority = Authority.objects.get(name=BLACKPOOL)
    record_register_in_its_time(authority)  # as issuing the demo's papers does
    plan = authority.plans.get(name=PLAN_NAME)
    as_of = dt.date(2019, 6, 28)
    return ReportContext(authority, plan, dt.date(2019, 6, 1), dt.date(2019, 6, 30), as_of)


@pytest.mark.slow
def test_the_demo_report_gives_january_2019s_judgements_and_12_areas(demo):
    doc = build(demo)
    judgements = table(
        doc, "Judgements: Inspection of Blackpool children's social care services, January 2019"
    )
    grades = [row[1] for row in judgements.rows]
    assert sorted(grades) == ["Inadequate"] * 3 + ["Requires improvement to be good"]
    assert judgements.rows[-1][0] == "Overall effectiveness"
    # Compared with Ofsted's 2012 inspection, not with the youth justice inspection.
    assert judgements.columns[-1] == "Previous inspection (July 2012)"
    assert judgements.rows[-1][-1] == "Inadequate"
    assert len(table(doc, "Areas for improvement").rows) == 12
    total = demo.plan.actions.count()
    all_themes = table(doc, "Delivery by theme").rows[-1]
    assert all_themes[:2] == ["All themes", total]
    assert any(f"had {total} actions" in p for p in paragraphs(doc))
    assert len(table(doc, "Risks to delivery").rows) == len(exceptions(demo.plan, demo.as_of))
    about_table = table(doc, "About this report")
    about = dict(zip(about_table.columns, about_table.rows[0], strict=True))
    assert about["Relevant officer"].startswith("Diane Booth")


@pytest.mark.slow
def test_the_demo_report_renders_to_word_with_its_headings_and_tables(demo):
    import io

    import docx

    from stocktake.documents import renderer

    doc = build(demo)
    word = docx.Document(io.BytesIO(renderer("docx")(doc)))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    for heading in doc.headings(1):
        assert heading in headings
    texts = {cell.text for t in word.tables for row in t.rows for cell in row.cells}
    assert "Requires improvement to be good" in texts
    assert "All themes" in texts


def test_an_update_awaiting_review_is_quoted_only_when_asked_for(world, sw):
    Update.objects.create(
        action=sw.la3, date=TODAY - dt.timedelta(days=2), text="Interviews booked for Friday"
    )
    plain = build(ctx_for(world))
    assert "Interviews booked for Friday" not in json.dumps(plain.to_json())
    assert not any(b.style == "warning" for b in plain.blocks if isinstance(b, Paragraph))
    draft = build(ctx_for(world, include_unreviewed=True))
    rows = {r[0].split(":")[0]: r for r in table(draft, "Risks to delivery").rows}
    assert rows["LA3"][1].endswith("Interviews booked for Friday")
    assert "This draft quotes updates a lead has not yet reviewed." in paragraphs(draft)
