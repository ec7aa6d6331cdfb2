"""The monthly audit report and the board pack's QA section: what they say about hand-built
audits, that they say nothing recorded after their day (the same document when issued again
after later data of every kind), that the board pack has no QA section without audits, and
(marked pdf) the Word, PDF and Excel files through the real pipeline."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from stocktake.quality.models import CaseAudit
from stocktake.quality.services import (
    DomainDecision,
    audit_action_complete,
    audit_action_create,
    concern_raise,
    learning_theme_create,
    moderation_record,
    theme_tag,
)
from stocktake.quality.tests.conftest import complete
from stocktake.reports.blocks import Heading, Table
from stocktake.reports.builders import audit_report, board_pack
from stocktake.reports.context import NoData, ReportContext
from stocktake.reports.services import report_request
from stocktake.reports.tests.conftest import docx_text, pdf_text

D = dt.date
JUNE = (D(2019, 6, 1), D(2019, 6, 30))
UTC = dt.UTC


def ctx(world, as_of: dt.date = JUNE[1]) -> ReportContext:
    return ReportContext(world.authority, world.plan, *JUNE, as_of=as_of)


@pytest.fixture
def june(qa, world):
    """Recorded in June 2019: 1001 good (3 June), 1002 inadequate (10 June) moderated on 20
    June to requires improvement; an action on 1001 due 14 June, still open; 1003 completed
    in May. 1004 is still open."""
    a1001, a1002, a1003, _ = qa.audits
    voice, oversight = qa.domains
    scheduled = dt.datetime(2019, 5, 1, 9, tzinfo=UTC)  # as if the round was set up then
    CaseAudit.objects.filter(round=qa.round).update(created_at=scheduled)
    with time_machine.travel(dt.datetime(2019, 5, 20, 12, tzinfo=UTC), tick=False):
        complete(a1003, "requires_improvement", ["good", "inadequate"], D(2019, 5, 20))
    with time_machine.travel(dt.datetime(2019, 6, 12, 12, tzinfo=UTC), tick=False):
        complete(a1001, "good", ["good", "requires_improvement"], D(2019, 6, 3))
        complete(a1002, "inadequate", ["inadequate", "inadequate"], D(2019, 6, 10))
        audit_action_create(
            audit=a1001,
            actor=None,
            text="Update the chronology",
            owner=qa.manager,
            due_date=D(2019, 6, 14),
        )
        theme = learning_theme_create(authority=world.authority, actor=None, name="Drift")
        theme_tag(audit=a1002, actor=None, themes=[theme], domain=oversight)
    with time_machine.travel(dt.datetime(2019, 6, 20, 12, tzinfo=UTC), tick=False):
        a1002.refresh_from_db()
        moderation_record(
            audit=a1002,
            actor=qa.qa_lead,
            moderated_on=D(2019, 6, 20),
            overall_grade="requires_improvement",
            reason="Risk was acted on",
            decisions=[
                DomainDecision(voice.pk, "inadequate"),
                DomainDecision(oversight.pk, "requires_improvement", "Supervision recorded"),
            ],
        )
    return qa


def texts(blocks) -> str:
    out = []
    for b in blocks:
        if isinstance(b, Table):
            out += [" | ".join(str(c) for c in row) for row in b.rows]
        else:
            out.append(getattr(b, "text", "") or " ".join(getattr(b, "items", [])))
    return "\n".join(out)


def test_the_monthly_report_says_what_happened_in_june(june, world):
    document = audit_report.build(ctx(world))
    assert document.title == "Monthly audit report"
    assert document.prepared_on == "30 June 2019"
    text = texts(document.blocks)
    assert (
        "2 audits completed in June 2019, of 4 audits due in the month (3 of them done by "
        "30 June 2019)." in text
    )
    # 1001 good; 1002 requires improvement after moderation.
    assert (
        "Graded good or better overall: 1 of 2 audits (50%); inadequate: none of 2 audits." in text
    )
    assert "the moderator agreed the overall grade in none of 1 audit." in text
    assert "1001 | Update the chronology | Tom Manager | 14 Jun 2019 | 16" in text
    assert (
        "1002 | Overall | Inadequate | Requires improvement to be good | Risk was acted on" in text
    )
    assert (
        "1002 | Management oversight | Inadequate | Requires improvement to be good | "
        "Supervision recorded" in text
    )
    assert "Drift: 1 audit" in text
    grades = next(b for b in document.blocks if isinstance(b, Table) and "each month" in b.title)
    assert [row[:2] for row in grades.rows] == [
        ["January 2019", 0],
        ["February 2019", 0],
        ["March 2019", 0],
        ["April 2019", 0],
        ["May 2019", 1],
        ["June 2019", 2],
    ]
    assert grades.rows[-1][6] == "50%"


def test_the_report_issued_again_after_later_data_is_the_same(june, world):
    """Later data of every kind, some of it dated in June: a June audit recorded in July, a
    June moderation and a June completion of the action recorded in July, a new concern, a
    new tag. The paper as of 30 June does not change."""
    first = audit_report.build(ctx(world)).to_json()
    section = board_pack_section(world)
    a1001, _, _, a1004 = june.audits
    voice, _ = june.domains
    with time_machine.travel(dt.datetime(2019, 7, 3, 12, tzinfo=UTC), tick=False):
        complete(a1004, "outstanding", ["outstanding", "good"], D(2019, 6, 28))
        a1001.refresh_from_db()
        action = a1001.actions.get()
        audit_action_complete(action=action, actor=None, completed_on=D(2019, 6, 13), note="")
        moderation_record(
            audit=a1001,
            actor=june.qa_lead,
            moderated_on=D(2019, 6, 29),
            overall_grade="inadequate",
            reason="Missed risk",
            decisions=[DomainDecision(d.pk, "inadequate", "Missed") for d in june.domains],
        )
        concern_raise(audit=a1001, actor=None, description="Sibling not seen")
        theme = learning_theme_create(authority=world.authority, actor=None, name="Chronology")
        theme_tag(audit=a1001, actor=None, themes=[theme], domain=voice)
    assert audit_report.build(ctx(world)).to_json() == first
    assert board_pack_section(world) == section
    later = texts(audit_report.build(ctx(world, as_of=D(2019, 7, 3))).blocks)
    assert "3 audits completed in June 2019" in later  # known by 3 July


def board_pack_section(world):
    from stocktake.quality.report_section import qa_section

    return [b.__dict__ for b in qa_section(ctx(world))]


def test_the_board_pack_has_a_qa_section_only_with_audits(june, world, rw):
    blocks = board_pack.build(rw.ctx(world)).blocks
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    assert "Appendix D: quality assurance (case audits)" in headings
    section = texts(blocks)
    assert "Tom Manager | 1 | 14 Jun 2019" in section  # overdue actions by owner, no case
    assert "1001" not in section


def test_no_qa_section_and_no_report_without_audits(world, rw):
    blocks = board_pack.build(rw.ctx(world)).blocks
    assert not [b for b in blocks if getattr(b, "text", "").startswith("Appendix D")]
    with pytest.raises(NoData, match="had no case audits recorded by 30 June 2019"):
        audit_report.build(ctx(world))


@pytest.mark.pdf
def test_the_monthly_report_in_word_pdf_and_excel(june, world, tmp_path):
    report = report_request(
        authority=world.authority,
        plan=world.plan,
        kind="audit-report",
        period_start=JUNE[0],
        period_end=JUNE[1],
        now=True,
    )
    assert report.status == "issued", report.error
    files = {f.format: bytes(f.content) for f in report.files.all()}
    for text in (docx_text(files["docx"]), pdf_text(files["pdf"], tmp_path)):
        assert "Monthly audit report" in text
        assert "Update the chronology" in text
        assert "Risk was acted on" in text
    workbook = load_workbook(io.BytesIO(files["xlsx"]))
    assert {"Grades over time", "Domains", "Moderation", "Overdue actions"} <= set(
        workbook.sheetnames
    )
