"""The chair's progress report: the improvement notice's structure, each measure's actions
and targets read from the data, the 2- and 6-month labels, accepted-only updates, NoData.

Testshire's notice (15 January 2019) has clause 3 with measures 3.1 (answered by LA1, now
complete, evidenced by re-referrals, whose target is met), 3.2 (answered by LA3, complete,
evidenced by care leavers in education, whose target is missed: delivered, not yet
different) and 3.3 (answered by LA2, on track, no target); and clause 4 with measure 4.1,
which nothing answers yet.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from stocktake.core.tests.helpers import shared_world
from stocktake.demo import factories
from stocktake.documents.blocks import Chart, Heading, Paragraph, ReportDocument, Table
from stocktake.findings.choices import FindingKind, SourceKind
from stocktake.findings.models import Finding, ImpactLink, Source
from stocktake.findings.services import (
    FindingFields,
    SourceFields,
    finding_create,
    finding_link_actions,
    finding_link_indicators,
    finding_link_measures,
    source_create,
)
from stocktake.governance.models import UpdateReview
from stocktake.indicators.models import Commentary, Indicator, Observation, Target
from stocktake.plans.choices import DeliveryStatus
from stocktake.plans.models import Action, Measure, Update
from stocktake.reports.builders import builder_for
from stocktake.reports.builders.chair_report import build, months_between
from stocktake.reports.context import NoData, ReportContext

NOTICE_DAY = dt.date(2019, 1, 15)
MEASURE_31 = (
    "Work collaboratively with partner agencies to develop and implement a preventative and "
    "early help strategy to improve coordination of services, and ensure services meet the "
    "needs of children and their families."
)


def month_ctx(world, year: int, month: int, **kwargs) -> ReportContext:
    start = dt.date(year, month, 1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    # Issued today about that month by default: the figures these tests enter today are
    # known to it (a paper dated the month's end would rightly leave them out).
    as_of = kwargs.pop("as_of", max(end, dt.date.today()))
    return ReportContext(world.authority, world.plan, start, end, as_of, **kwargs)


def make_notice(authority, published_on: dt.date | None = NOTICE_DAY) -> Source:
    return source_create(
        authority=authority,
        actor=None,
        fields=SourceFields(
            kind=SourceKind.IMPROVEMENT_NOTICE,
            title="Improvement Notice to Testshire, 2019",
            body="Department for Education",
            published_on=published_on,
        ),
    )


def measure(source: Source, reference: str, text: str, parent: Finding | None = None) -> Finding:
    return finding_create(
        source=source,
        actor=None,
        fields=FindingFields(
            reference=reference, text=text, kind=FindingKind.NOTICE_MEASURE, parent=parent
        ),
    )


def indicator(authority, code: str, name: str, polarity: str, rows, target: float) -> Indicator:
    made = Indicator.objects.create(
        authority=authority, code=code, name=name, unit="percent", polarity=polarity
    )
    for k, (value, numerator, denominator) in enumerate(rows):
        Observation.objects.create(
            indicator=made,
            period=dt.date(2019, 1 + k, 1),
            value=value,
            numerator=numerator,
            denominator=denominator,
        )
    Target.objects.create(
        indicator=made, label="6-month target", due_date=dt.date(2019, 6, 30), value=target
    )
    return made


def set_status(action: Action, status: str) -> None:
    Action.objects.filter(pk=action.pk).update(delivery_status=status)


@dataclass
class ChairWorld:
    notice: Source
    m31: Finding
    m32: Finding
    m33: Finding
    m41: Finding
    la3: Action
    reref: Indicator
    eet: Indicator


# The notice, measures and indicators are made once for the module (see the root conftest's
# `module_db`); each test runs in a savepoint rolled back after it.
pytestmark = pytest.mark.django_db
world = shared_world


@pytest.fixture(scope="module")
def cw(world, django_db_blocker) -> ChairWorld:
    with django_db_blocker.unblock():
        return build_cw(world)


def build_cw(world) -> ChairWorld:
    notice = make_notice(world.authority)
    clause3 = measure(notice, "3", "The effectiveness of the help and protection provided")
    m31 = measure(notice, "3.1", MEASURE_31, clause3)
    m32 = measure(notice, "3.2", "Improve support for care leavers into education.", clause3)
    m33 = measure(notice, "3.3", "Improve the quality of shared assessments.", clause3)
    clause4 = measure(notice, "4", "Improve the quality and consistency of assessments")
    m41 = measure(notice, "4.1", "Use the conceptual framework in every assessment.", clause4)
    la3 = factories.make_action(world.plan, "LA3", text="Launch the care leaver offer")
    finding_link_actions(finding=m31, actor=None, plan=world.plan, actions=[world.action])
    finding_link_actions(finding=m32, actor=None, plan=world.plan, actions=[la3])
    finding_link_actions(finding=m33, actor=None, plan=world.plan, actions=[world.partner_action])
    set_status(world.action, DeliveryStatus.COMPLETE)
    set_status(la3, DeliveryStatus.COMPLETE)
    set_status(world.partner_action, DeliveryStatus.ON_TRACK)
    Finding.objects.filter(pk=m31.pk).update(
        progress="The early help strategy was signed off by the partnership in March."
    )
    reref = indicator(
        world.authority,
        "REREF",
        "Re-referrals within 12 months",
        "lower",
        [
            (27.0, 54, 200),
            (26.0, 52, 200),
            (25.0, 50, 200),
            (24.0, 48, 200),
            (22.0, 44, 200),
            (21.0, 42, 200),
        ],
        22.0,
    )
    eet = indicator(
        world.authority,
        "EET",
        "Care leavers in education, employment or training",
        "higher",
        [
            (50.0, 6, 12),
            (50.0, 6, 12),
            (45.0, 5, 11),
            (40.0, 4, 10),
            (40.0, 4, 10),
            (30.0, 3, 10),
        ],
        60.0,
    )
    reref.actions.add(world.action)
    eet.actions.add(la3)
    Commentary.objects.create(
        indicator=eet,
        as_of=dt.date(2019, 6, 1),
        text="Fewer care leavers are in education; the new offer starts in September.",
        generated="",
    )
    return ChairWorld(notice, m31, m32, m33, m41, la3, reref, eet)


def paragraphs(doc: ReportDocument) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def table(doc: ReportDocument, title: str) -> Table:
    return next(t for t in doc.tables() if t.title == title)


def section(doc: ReportDocument, heading_start: str) -> list:
    """The blocks from the heading starting with `heading_start` to the next heading at its
    level or above."""
    blocks = doc.blocks
    start = next(
        i
        for i, b in enumerate(blocks)
        if isinstance(b, Heading) and b.text.startswith(heading_start)
    )
    heading = blocks[start]
    assert isinstance(heading, Heading)
    end = next(
        (
            i
            for i, b in enumerate(blocks[start + 1 :], start + 1)
            if isinstance(b, Heading) and b.level <= heading.level
        ),
        len(blocks),
    )
    return blocks[start:end]


def test_the_builder_is_registered():
    assert builder_for("chair-report") is build


def test_headings_follow_the_notice_clause_by_clause_measure_by_measure(world, cw):
    doc = build(month_ctx(world, 2019, 7))
    assert doc.headings(1) == [
        "Introduction",
        "Summary",
        "3. The effectiveness of the help and protection provided",
        "4. Improve the quality and consistency of assessments",
        "Chair's overall assessment",
        "Supplementary report from the Leader of the Council",
        "Sign-off",
    ]
    measures = [h for h in doc.headings(2) if h.startswith("Measure")]
    assert [h.split(":")[0] for h in measures] == [
        "Measure 3.1",
        "Measure 3.2",
        "Measure 3.3",
        "Measure 4.1",
    ]
    # A long measure is shortened in its heading and given in full beneath it.
    assert measures[0].endswith("…") and len(measures[0]) < len(MEASURE_31)
    assert MEASURE_31 in paragraphs(doc)
    assert doc.authority == "Testshire"
    assert doc.period_label == "July 2019"


@pytest.mark.parametrize(
    ("year", "month", "title"),
    [
        (2019, 3, "Chair's 2-month progress report"),
        (2019, 7, "Chair's 6-month progress report"),
        (2019, 6, "Chair's 5-month progress report"),
        (2020, 1, "Chair's 12-month progress report"),
    ],
)
def test_the_label_comes_from_the_notice_date_and_the_period(world, cw, year, month, title):
    doc = build(month_ctx(world, year, month))
    # Nothing is written by the chair yet, so it is a draft.
    assert doc.title == f"DRAFT: {title}"
    assert f"the {title.split()[1]} progress report" in intro(doc)
    assert "issued on 15 January 2019" in intro(doc)


def intro(doc: ReportDocument) -> str:
    return next(b.text for b in section(doc, "Introduction") if isinstance(b, Paragraph))


def test_whole_months_from_the_notice():
    assert months_between(dt.date(2012, 10, 1), dt.date(2013, 4, 30)) == 6
    assert months_between(dt.date(2012, 10, 15), dt.date(2013, 4, 14)) == 5
    assert months_between(dt.date(2012, 10, 15), dt.date(2012, 12, 31)) == 2


def test_an_undated_notice_gives_no_month_label_and_is_not_counted_from_the_plan(world, cw):
    Source.objects.filter(pk=cw.notice.pk).update(published_on=None)
    world.plan.week1_date = dt.date(2019, 4, 1)
    doc = build(month_ctx(world, 2019, 7))
    assert doc.title == "DRAFT: Chair's progress report"
    assert "month" not in doc.title
    assert "not dated, so the months since it commenced are not counted" in intro(doc)
    assert "1 April 2019" not in intro(doc)
    assert "July 2019" in intro(doc)


def test_each_measure_lists_its_actions_with_status_due_and_owner(world, cw):
    doc = build(month_ctx(world, 2019, 7))
    rows = table(doc, "Actions answering measure 3.1").rows
    assert len(rows) == 1
    assert rows[0][0] == "LA1: Do the thing well"
    assert rows[0][1] == "Olive Owner"
    assert rows[0][2] == "Complete"
    assert rows[0][3] == f"{world.action.due_date:%-d %B %Y}"
    on_track = table(doc, "Actions answering measure 3.3").rows
    assert [r[0] for r in on_track] == ["LA2: Do the thing well"]
    assert on_track[0][2] == "On track"
    texts = [getattr(b, "text", "") for b in section(doc, "Measure 4.1")]
    assert any("No action in the plan answers this measure yet" in t for t in texts)
    assert "Actions answering measure 4.1" not in [t.title for t in doc.tables()]


def test_targets_read_met_or_not_met_from_the_observations(world, cw):
    doc = build(month_ctx(world, 2019, 7))
    reref = table(doc, "Targets for measure 3.1").rows
    assert reref == [
        [
            "Re-referrals within 12 months",
            "21% (42 of 200) in June 2019",
            "22% by 30 June 2019 (6-month target)",
            "Met",
        ]
    ]
    assert table(doc, "Targets for measure 3.2").rows[0][3] == "Not met"
    # A worse latest figure turns the reading.
    Observation.objects.create(
        indicator=cw.reref, period=dt.date(2019, 7, 1), value=25.0, numerator=50, denominator=200
    )
    again = build(month_ctx(world, 2019, 7))
    assert table(again, "Targets for measure 3.1").rows[0][3] == "Not met"
    assert table(again, "Targets for measure 3.1").rows[0][1].startswith("25% (50 of 200)")


def test_small_numbers_are_suppressed(world, cw):
    doc = build(month_ctx(world, 2019, 7))
    latest = table(doc, "Targets for measure 3.2").rows[0][1]
    assert latest == "c (c of 10) in June 2019"


def test_each_indicator_has_a_chart_of_its_figures_as_plain_json(world, cw):
    doc = build(month_ctx(world, 2019, 7))
    charts = doc.charts()
    assert [c.title for c in charts] == [
        "Re-referrals within 12 months",
        "Care leavers in education, employment or training",
    ]
    assert charts[0].data["values"] == [27.0, 26.0, 25.0, 24.0, 22.0, 21.0]
    assert "Met" in charts[0].caption
    json.dumps(doc.to_json(), allow_nan=False)  # PostgreSQL's JSONB refuses NaN
    assert ReportDocument.from_json(json.loads(json.dumps(doc.to_json()))) == doc
    in_32 = [b.title for b in section(doc, "Measure 3.2") if isinstance(b, Chart)]
    assert in_32 == ["Care leavers in education, employment or training"]


def test_summary_counts_measures_with_their_denominators(world, cw):
    doc = build(month_ctx(world, 2019, 7))
    summary = section(doc, "Summary")
    items = next(b for b in summary if b.kind == "bullets").items
    assert any(i.startswith("Delivery: 2 of 3 measures (67%)") for i in items)
    assert any(i.startswith("Impact: 1 of 2 measures (50%)") for i in items)
    assert "1 of 4 measures (25%) have no action in the plan answering them yet." in items
    assert "2 of 4 measures (50%) have no target evidencing their impact yet." in items
    delivered = section(doc, "Delivered, not yet different")
    listed = next(b for b in delivered if b.kind == "bullets").items
    assert listed == ["3.2 Improve support for care leavers into education."]


def test_a_measure_with_no_target_is_never_said_to_have_missed_it(world, cw):
    set_status(world.partner_action, DeliveryStatus.COMPLETE)  # 3.3: delivered, no target
    doc = build(month_ctx(world, 2019, 7))
    listed = next(b for b in section(doc, "Delivered, not yet different") if b.kind == "bullets")
    assert listed.items == ["3.2 Improve support for care leavers into education."]
    assert not [t for t in section(doc, "Measure 3.3") if isinstance(t, Table)
                and t.title.startswith("Targets")]  # fmt: skip
    assert "No indicator or target evidences this measure yet." in [
        getattr(b, "text", "") for b in section(doc, "Measure 3.3")
    ]


def test_commentary_is_the_chairs_and_the_indicators_written_by_the_report_date(world, cw):
    Commentary.objects.filter(indicator=cw.eet).update(
        created_at=dt.datetime(2019, 6, 5, 9, tzinfo=dt.UTC)
    )
    doc = build(month_ctx(world, 2019, 7))
    m31 = [getattr(b, "text", "") for b in section(doc, "Measure 3.1")]
    # The finding's undated progress narrative is not quoted: it cannot be placed in time.
    assert "The early help strategy was signed off by the partnership in March." not in m31
    assert "The chair's commentary on this measure is not yet written." in m31
    m32 = [getattr(b, "text", "") for b in section(doc, "Measure 3.2")]
    assert any("Fewer care leavers are in education" in t for t in m32)
    closing = section(doc, "Chair's overall assessment")
    assert Paragraph("The chair's assessment is not yet written.", "warning") in closing
    assert not [b for b in doc.blocks if isinstance(b, Paragraph) and set(b.text) == {"_"}]


def test_indicator_commentary_written_after_the_report_date_is_left_out(world, cw):
    # Dated the month's end; the commentary was written today.
    doc = build(month_ctx(world, 2019, 7, as_of=dt.date(2019, 7, 31)))
    m32 = [getattr(b, "text", "") for b in section(doc, "Measure 3.2")]
    assert not any("Fewer care leavers are in education" in t for t in m32)


def _update(action: Action, day: dt.date, text: str, origin=Update.Origin.POSTED) -> Update:
    return Update.objects.create(action=action, date=day, text=text, origin=origin)


@pytest.fixture
def reviewed(world, cw):
    lead = world.users["lead"]
    _update(world.action, dt.date(2019, 5, 10), "Imported from the plan", Update.Origin.IMPORTED)
    accepted = _update(world.action, dt.date(2019, 5, 20), "Accepted by the lead")
    UpdateReview.objects.create(update=accepted, decision="accepted", reviewer=lead)
    _update(world.action, dt.date(2019, 5, 25), "Waiting for review")
    returned = _update(world.action, dt.date(2019, 5, 28), "Returned to the owner")
    UpdateReview.objects.create(
        update=returned, decision="returned", comment="Say what changed", reviewer=lead
    )
    _update(world.action, dt.date(2019, 8, 2), "After the period")
    UpdateReview.objects.create(
        update=Update.objects.get(text="After the period"), decision="accepted", reviewer=lead
    )


def _latest_for_la1(doc: ReportDocument) -> str:
    return str(table(doc, "Actions answering measure 3.1").rows[0][4])


def test_only_accepted_or_imported_updates_are_quoted(world, cw, reviewed):
    doc = build(month_ctx(world, 2019, 7))
    assert _latest_for_la1(doc) == "20 May 2019: Accepted by the lead"
    text = json.dumps(doc.to_json())
    assert "Waiting for review" not in text
    assert "Returned to the owner" not in text
    assert "After the period" not in text
    assert "Only progress updates a lead has accepted are quoted." in paragraphs(doc)


def test_unreviewed_updates_appear_only_when_asked_for_and_returned_ones_never(world, cw, reviewed):
    doc = build(month_ctx(world, 2019, 7, include_unreviewed=True))
    assert _latest_for_la1(doc) == "25 May 2019: Waiting for review"
    assert "Returned to the owner" not in json.dumps(doc.to_json())
    assert any("not yet reviewed" in p for p in paragraphs(doc))


def test_only_this_plans_actions_are_listed(world, cw):
    other_plan = factories.make_plan(world.authority, "Service plan")
    elsewhere = factories.make_action(other_plan, "SP1", text="A service plan action")
    finding_link_actions(finding=cw.m31, actor=None, plan=other_plan, actions=[elsewhere])
    doc = build(month_ctx(world, 2019, 7))
    assert [r[0] for r in table(doc, "Actions answering measure 3.1").rows] == [
        "LA1: Do the thing well"
    ]


def _elsewhere(world):
    """Otherborough as the authority of the report: it has no notice (the module's notice is
    Testshire's)."""
    return SimpleNamespace(authority=world.other, plan=world.other_plan)


def test_no_notice_says_so(world):
    with pytest.raises(NoData, match="no DfE improvement notice"):
        build(month_ctx(_elsewhere(world), 2019, 7))


def test_a_notice_without_measures_says_so(world):
    make_notice(world.other)
    with pytest.raises(NoData, match="has no measures recorded"):
        build(month_ctx(_elsewhere(world), 2019, 7))


def test_a_period_before_the_notice_says_so(world, cw):
    with pytest.raises(NoData, match="dated 15 January 2019, after the period"):
        build(month_ctx(world, 2018, 12))


def test_another_authoritys_notice_is_never_used(world, cw):
    ctx = ReportContext(
        world.other,
        world.other_plan,
        dt.date(2019, 7, 1),
        dt.date(2019, 7, 31),
        dt.date(2019, 7, 31),
    )
    with pytest.raises(NoData):
        build(ctx)


def test_indicators_linked_directly_and_measures_as_typed_count_as_targets(world, cw):
    visits = indicator(
        world.authority,
        "CPV",
        "Child protection visits in time",
        "higher",
        [(80.0, 80, 100), (92.0, 92, 100)],
        90.0,
    )
    finding_link_indicators(finding=cw.m33, actor=None, indicators=[visits])
    audited = Measure.objects.create(plan=world.plan, text="Every child protection plan audited")
    finding_link_measures(finding=cw.m41, actor=None, plan=world.plan, measures=[audited])
    ImpactLink.objects.filter(finding=cw.m41).update(
        reading="not_met", latest="40 of 60 plans audited"
    )
    doc = build(month_ctx(world, 2019, 7))
    direct = table(doc, "Targets for measure 3.3").rows
    assert [r[:2] for r in direct] == [
        ["Child protection visits in time", "92% (92 of 100) in February 2019"]
    ]
    assert table(doc, "Targets for measure 4.1").rows == [
        ["Every child protection plan audited", "40 of 60 plans audited", "As the plan sets it",
         "Not met"]
    ]  # fmt: skip


def test_an_indicator_evidencing_two_measures_is_charted_once(world, cw):
    cw.reref.actions.add(world.partner_action)  # now evidences 3.3 as well as 3.1
    doc = build(month_ctx(world, 2019, 7))
    assert [r[0] for r in table(doc, "Targets for measure 3.3").rows] == [
        "Re-referrals within 12 months"
    ]
    assert [c.title for c in doc.charts()].count("Re-referrals within 12 months") == 1
    texts = [getattr(b, "text", "") for b in section(doc, "Measure 3.3")]
    assert "Charted earlier: Re-referrals within 12 months (measure 3.1)." in texts
    assert "The one action answering this measure is on track." in texts


def test_progress_says_how_many_actions_are_complete_and_overdue(world, cw):
    la5 = factories.make_action(world.plan, "LA5", due=dt.date(2019, 7, 1))
    finding_link_actions(finding=cw.m33, actor=None, plan=world.plan, actions=[la5])
    finding_link_actions(
        finding=cw.m41, actor=None, plan=world.plan, actions=[la5, world.partner_action]
    )
    doc = build(month_ctx(world, 2019, 7))
    m41 = [getattr(b, "text", "") for b in section(doc, "Measure 4.1")]
    assert (
        "Of the 2 actions answering this measure, none is complete yet and 1 of the 2 is overdue."
        in m41
    )
    m33 = [getattr(b, "text", "") for b in section(doc, "Measure 3.3")]
    assert "The one action answering this measure is not started, and overdue." in m33
    rows = table(doc, "Actions answering measure 4.1").rows
    assert [r[2] for r in rows] == ["On track", "Not started (overdue)"]


def test_figures_entered_after_the_report_date_are_left_out(world, cw):
    """Figures entered today are not in a paper dated 31 July 2019, though they are for its
    months: the same paper issued today quotes them."""

    def target_rows(doc: ReportDocument) -> list[list[str]]:
        return [
            [str(cell) for cell in row]
            for block in doc.blocks
            if isinstance(block, Table) and block.title.startswith("Targets")
            for row in block.rows
        ]

    on_the_day = target_rows(build(month_ctx(world, 2019, 7, as_of=dt.date(2019, 7, 31))))
    today = target_rows(build(month_ctx(world, 2019, 7)))
    assert today and len(on_the_day) == len(today)
    assert all(row[1] == "No figures yet" for row in on_the_day)
    assert all(row[1] != "No figures yet" for row in today)
