"""The demo's June 2019 board pack reads like a board paper: Blackpool's themes in full,
actions with their words, and the demo's indicators charted."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from stocktake.accounts.models import Authority
from stocktake.reports.demo import issue_demo_reports
from stocktake.reports.models import Report
from stocktake.reports.tests.conftest import docx_text


@pytest.mark.django_db
def test_demo_board_pack_for_june_2019_is_issued_and_reads_well():
    call_command("load_demo", verbosity=0)
    authority = Authority.objects.get(name="Blackpool (demo)")
    plan = authority.plans.get(name="12 Week Plan – Phase 2")

    pack, weekly = issue_demo_reports(authority, plan)

    assert pack.status == weekly.status == Report.Status.ISSUED, pack.error or weekly.error
    text = docx_text(bytes(pack.files.get(format="docx").content))
    assert "Leadership and Engagement" in text
    assert "Help and Protection – Front Door, Access to Preventative Support" in text
    assert "LA1: (pt1) Develop a programme of work with first line managers" in text
    assert "Progress for June 2019".lower() in text.lower()
    assert len(pack.snapshot and [b for b in pack.snapshot["blocks"] if b["kind"] == "chart"]) >= 10
    appendix = [b for b in pack.snapshot["blocks"] if b.get("title") == "Findings traceability"]
    assert appendix and len(appendix[0]["rows"]) > 10
    assert any("LA" in row[2] for row in appendix[0]["rows"])  # answered by this plan's actions
