"""The demo's June 2019 board pack reads like a board paper: Blackpool's themes in full,
actions with their words, and the demo's indicators charted."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from stocktake.accounts.models import Authority
from stocktake.demo.management.commands import load_demo as load_demo_command
from stocktake.reports.models import Report
from stocktake.reports.tests.conftest import docx_text


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_board_pack_for_june_2019_is_issued_and_reads_well(demo_rows, monkeypatch):
    # The command as `make run` runs it, with the demo's rows written from what `load_demo`
    # wrote earlier in this test process (see the root conftest's `DemoRows`); the command
    # then issues the demo's board papers.
    monkeypatch.setattr(load_demo_command, "load_demo", demo_rows.restore)
    out = StringIO()
    call_command("load_demo", stdout=out)
    authority = Authority.objects.get(name="Blackpool (demo)")

    pack, weekly, chair, scrutiny = Report.objects.filter(authority=authority).order_by("pk")
    assert "Improvement Board pack: issued" in out.getvalue()

    for report in (pack, weekly, chair, scrutiny):
        assert report.status == Report.Status.ISSUED, report.error
        formats = set(report.files.values_list("format", flat=True))
        assert formats == {"docx", "xlsx"}  # and PDF where a converter is set (not in tests)
    # The notice held is undated, so no month label; the demo's report is finished and signed.
    assert chair.title == "Chair's progress report"
    assert pack.meeting is not None and pack.meeting.date.isoformat() == "2019-06-21"
    assert pack.meeting.board.kind == "improvement_board"
    text = docx_text(bytes(pack.files.get(format="docx").content))
    assert "Leadership and Engagement" in text
    assert "Help and Protection – Front Door, Access to Preventative Support" in text
    assert "LA1: (pt1) Develop a programme of work with first line managers" in text
    assert "Progress for June 2019".lower() in text.lower()
    assert len(pack.snapshot and [b for b in pack.snapshot["blocks"] if b["kind"] == "chart"]) >= 10
    appendix = [b for b in pack.snapshot["blocks"] if b.get("title") == "Findings traceability"]
    assert appendix and len(appendix[0]["rows"]) > 10
    assert any("LA" in row[2] for row in appendix[0]["rows"])  # answered by this plan's actions
