"""The chair's progress report on the demo: Blackpool's 2012 notice, measures 3.1 to 8.2 in
order, answered by the 12-week plan's actions, and the Word file's headings."""

from __future__ import annotations

import datetime as dt
import io
import json

import docx
import pytest

from stocktake.accounts.models import Authority
from stocktake.demo.management.commands.load_demo import BLACKPOOL, PLAN_NAME
from stocktake.documents import renderer
from stocktake.findings.choices import SourceKind
from stocktake.findings.models import Source
from stocktake.findings.services import finding_link_actions
from stocktake.reports.builders.chair_report import build
from stocktake.reports.context import ReportContext
from stocktake.reports.demo import record_register_in_its_time
from stocktake.reports.tests.test_chair_report import table

pytestmark = [pytest.mark.slow, pytest.mark.django_db]  # reads the whole demo


@pytest.fixture(scope="module")
def demo(demo_loaded, django_db_blocker):
    with django_db_blocker.unblock():
        authority = Authority.objects.get(name=BLACKPOOL)
        record_register_in_its_time(authority)  # as issuing the demo's papers does
        return authority, authority.plans.get(name=PLAN_NAME)


def demo_ctx(demo, **kwargs) -> ReportContext:
    authority, plan = demo
    july = dt.date(2019, 7, 1)
    return ReportContext(
        authority, plan, july, dt.date(2019, 7, 31), dt.date(2019, 7, 31), **kwargs
    )


DEMO_MEASURES = (
    [f"3.{n}" for n in range(1, 4)]
    + [f"4.{n}" for n in range(1, 7)]
    + [f"5.{n}" for n in range(1, 11)]
    + [f"6.{n}" for n in range(1, 11)]
    + ["7.1", "7.2", "7.3", "8.1", "8.2"]
)


def test_the_demo_report_follows_notice_measures_3_1_to_8_2(demo):
    authority, plan = demo
    # Link one measure to the plan, as a lead would: 5.6 (the quality assurance framework)
    # is answered by LA30 (audit activity and the audit programme).
    notice = Source.objects.get(authority=authority, kind=SourceKind.IMPROVEMENT_NOTICE)
    la30 = plan.actions.get(reference="LA30")
    finding_link_actions(
        finding=notice.findings.get(reference="5.6"), actor=None, plan=plan, actions=[la30]
    )
    doc = build(demo_ctx(demo))
    # The copy of the notice held is undated: its months are not counted from the plan. The
    # demo's report is finished and signed (`stocktake.demo.chair`), so it is final.
    assert doc.title == "Chair's progress report"
    measures = [h.split(":")[0].removeprefix("Measure ") for h in doc.headings(2)
                if h.startswith("Measure ")]  # fmt: skip
    assert measures == DEMO_MEASURES
    assert [h.split(".")[0] for h in doc.headings(1)[2:-3]] == ["3", "4", "5", "6", "7", "8"]
    rows = table(doc, "Actions answering measure 5.6").rows
    assert rows[0][0].startswith("LA30: Continue to deliver audit activity")
    assert "Kara Haskayne" in rows[0][1]
    # The demo links 4.2 to assessments in timescale and 5.4 to statutory visits.
    assert [r[0] for r in table(doc, "Targets for measure 4.2").rows] == [
        "Assessments completed within 45 working days (illustrative)"
    ]
    assert len(table(doc, "Targets for measure 5.4").rows) == 2
    assert len(doc.charts()) >= 3
    json.dumps(doc.to_json(), allow_nan=False)


def test_the_demo_report_renders_to_word_with_its_headings(demo, tmp_path):
    doc = build(demo_ctx(demo))
    data = renderer("docx")(doc)
    word = docx.Document(io.BytesIO(data))
    headings = [
        (p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")
    ]
    assert ("Heading 1", "Summary") in headings
    assert ("Heading 1", "Chair's overall assessment") in headings
    assert ("Heading 3", "Chair's commentary") in headings
    assert ("Heading 1", "Sign-off") in headings
    measure_headings = [
        t for style, t in headings if style == "Heading 2" and t.startswith("Measure")
    ]
    assert measure_headings == [h for h in doc.headings(2) if h.startswith("Measure")]
    assert len(word.inline_shapes) == len(doc.charts())


def test_the_demo_report_is_finished_signed_and_labelled_illustrative(demo):
    doc = build(demo_ctx(demo))
    text = json.dumps(doc.to_json())
    assert not doc.title.startswith("DRAFT") and "not yet written" not in text
    assert "To: The Parliamentary Under Secretary of State for Children and Families" in text
    signed = table(doc, "Signed").rows
    assert signed == [
        ["Linda Clegg", "Independent Chair (illustrative signature for the demo)", "31 July 2019"]
    ]
    commentary = [
        b.text for b in doc.blocks if getattr(b, "text", "").startswith("Illustrative commentary")
    ]
    assert len(commentary) == len(DEMO_MEASURES)
    assert "Linda Clegg did not write or sign it." in text
    # Nothing from after the report's date: not the December 2019 monitoring visit.
    assert "December 2019" not in text and "2020" not in text


def test_the_demo_report_as_at_the_day_before_signing_is_a_draft(demo):
    authority, plan = demo
    ctx = ReportContext(
        authority, plan, dt.date(2019, 7, 1), dt.date(2019, 7, 31), dt.date(2019, 7, 30)
    )
    doc = build(ctx)
    assert doc.title == "DRAFT: Chair's progress report"
    assert "Signed" not in [t.title for t in doc.tables()]
    assert "Not yet signed by the chair." in [getattr(b, "text", "") for b in doc.blocks]
