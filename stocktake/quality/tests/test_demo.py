"""The demo's illustrative audit programme (slow: it loads the whole demo): six months of
rounds for Blackpool, labelled illustrative everywhere, its QA indicators evidencing area
for improvement 12 and the plan's oversight measures, and the June 2019 papers."""

from __future__ import annotations

import datetime as dt

import pytest

from stocktake.accounts.models import Authority
from stocktake.findings.models import Finding
from stocktake.indicators.models import Indicator
from stocktake.quality.models import AuditRound, CaseAudit
from stocktake.quality.report_section import ILLUSTRATIVE
from stocktake.reports.blocks import Paragraph
from stocktake.reports.builders import audit_report, board_pack
from stocktake.reports.context import ReportContext

pytestmark = pytest.mark.slow


@pytest.fixture
def blackpool(demo_loaded, db) -> Authority:
    return Authority.objects.get(name="Blackpool (demo)")


def test_six_months_of_illustrative_rounds(blackpool):
    rounds = AuditRound.objects.in_authority(blackpool)
    assert rounds.count() == 8  # six monthly, two themed
    assert all(r.illustrative for r in rounds)
    months = {r.due_date.month for r in rounds}
    assert months == {1, 2, 3, 4, 5, 6}
    audits = CaseAudit.objects.in_authority(blackpool)
    assert audits.completed().count() == audits.count() - 2  # two of June's are still open
    assert all(a.recorded_at.date() <= dt.date(2019, 6, 30) for a in audits.completed())


def test_the_qa_indicators_are_illustrative_and_evidence_the_seeds(blackpool):
    qa = Indicator.objects.filter(authority=blackpool, code__startswith="QA_")
    assert qa.count() == 10 and all(i.illustrative for i in qa)
    afi12 = Finding.objects.get(
        source__authority=blackpool, source__kind="ilacs_standard", reference="12"
    )
    linked = {link.evidence.code for link in afi12.impact_links.all() if link.evidence}
    assert {"QA_GOOD_OR_BETTER", "QA_DOMAIN_GOOD_OVERSIGHT"} <= linked
    oversight = qa.get(code="QA_DOMAIN_GOOD_OVERSIGHT")
    assert set(oversight.actions.values_list("reference", flat=True)) == {"LA1", "LA2"}
    assert oversight.observations.filter(source="audits").count() == 6


def test_the_june_2019_papers_show_the_programme_as_illustrative(blackpool):
    plan = blackpool.plans.get(name="12 Week Plan – Phase 2")
    ctx = ReportContext(
        blackpool, plan, dt.date(2019, 6, 1), dt.date(2019, 6, 30), as_of=dt.date(2019, 6, 30)
    )
    pack = board_pack.build(ctx)
    headings = pack.headings()
    assert board_pack.CASE_AUDITS in headings
    start = next(
        i for i, b in enumerate(pack.blocks) if getattr(b, "text", "") == board_pack.CASE_AUDITS
    )
    assert pack.blocks[start + 1] == Paragraph(ILLUSTRATIVE, style="warning")
    report = audit_report.build(ctx)
    assert report.title == "Monthly audit report (illustrative)"
    assert report.blocks[0] == Paragraph(ILLUSTRATIVE, style="warning")
