"""The chair's progress report on the demo: Blackpool's 2012 notice, measures 3.1 to 8.2 in
order, answered by the 12-week plan's actions, and the Word file's headings."""

from __future__ import annotations

import datetime as dt
import io
import json

import docx
import pytest

from stocktake.accounts.models import Authority
from stocktake.demo.management.commands.load_demo import BLACKPOOL, PLAN_NAME, load_demo
from stocktake.documents import renderer
from stocktake.findings.choices import SourceKind
from stocktake.findings.models import Source
from stocktake.findings.services import finding_link_actions
from stocktake.reports.builders.chair_report import build
from stocktake.reports.context import ReportContext
from stocktake.reports.tests.test_chair_report import table

pytestmark = pytest.mark.slow  # loads the whole demo


@pytest.fixture
def demo(db):
    load_demo()
    authority = Authority.objects.get(name=BLACKPOOL)
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
    # The copy of the notice held is undated: months count from week 1, 7 January 2019.
    assert doc.title == "Chair's 6-month progress report"
    measures = [h.split(":")[0].removeprefix("Measure ") for h in doc.headings(2)
                if h.startswith("Measure ")]  # fmt: skip
    assert measures == DEMO_MEASURES
    assert [h.split(".")[0] for h in doc.headings(1)[2:-1]] == ["3", "4", "5", "6", "7", "8"]
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
    assert ("Heading 2", "Chair's commentary") in headings
    measure_headings = [
        t for style, t in headings if style == "Heading 2" and t.startswith("Measure")
    ]
    assert measure_headings == [h for h in doc.headings(2) if h.startswith("Measure")]
    assert len(word.inline_shapes) == len(doc.charts())
