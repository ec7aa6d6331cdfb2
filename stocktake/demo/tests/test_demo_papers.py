"""The demo's four 2019 papers, as `load-demo` issues them, read against their own dates.

Each paper is read from its frozen document (the report's JSON snapshot), every string in it
scanned for dates written as "2019-06-23", "23 June 2019", "23 Jun 2019" or "July 2019" (a
month counts from its first day).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from stocktake.accounts.models import Authority
from stocktake.demo.management.commands import load_demo as load_demo_command
from stocktake.demo.management.commands.load_demo import BLACKPOOL
from stocktake.plans.models import Update
from stocktake.reports.models import Report
from stocktake.reports.tests.conftest import docx_text

pytestmark = pytest.mark.slow

MONTHS = {dt.date(2019, n, 1).strftime("%b").lower(): n for n in range(1, 13)}
DATE = re.compile(
    r"\b(?:(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    r"|(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m>[A-Z][a-z]{2,8})\s+(?P<y>\d{4})"
    r"|(?P<mm>[A-Z][a-z]{2,8})\s+(?P<my>\d{4}))\b"
)
# A deadline or a target: "due 23 Jun 2019", "(due 30 November 2019)", "would reach 72% by
# 30 November 2019", "implemented by August 2019", "due from 24 June 2019 to 30 June 2019".
DEADLINE = re.compile(r"(\bdue\b[^.;]{0,40}|(?<!held )\bby|\btarget\b[^.;]{0,40})\s*$", re.I)
DEADLINE_COLUMNS = {"Due", "Deadline", "Target"}


def _date(match: re.Match[str]) -> dt.date | None:
    try:
        if match["iy"]:
            return dt.date(int(match["iy"]), int(match["im"]), int(match["id"]))
        if match["d"]:
            return dt.date(int(match["y"]), MONTHS[match["m"][:3].lower()], int(match["d"]))
        return dt.date(int(match["my"]), MONTHS[match["mm"][:3].lower()], 1)
    except (KeyError, ValueError):
        return None  # "Week 2019" or a word that is not a month


def _strings(block: Any) -> Iterator[str]:
    """Every string of a document, leaving out table cells in deadline columns."""
    if isinstance(block, str):
        yield block
    elif isinstance(block, list):
        for item in block:
            yield from _strings(item)
    elif isinstance(block, dict):
        skip = {i for i, c in enumerate(block.get("columns") or []) if c in DEADLINE_COLUMNS}
        for key, value in block.items():
            if key == "rows" and skip:
                for row in value:
                    yield from _strings([c for i, c in enumerate(row) if i not in skip])
            else:
                yield from _strings(value)


def later_dates(document: dict[str, Any], as_of: dt.date, quoted: list[str]) -> list[str]:
    """The dates after `as_of` in `document` that are not deadlines or targets, nor inside
    text `quoted` from records accepted by `as_of` (an update planning "a session on 28th
    June" says nothing recorded after its own date)."""
    found = []
    for text in _strings(document):
        for words in quoted:
            text = text.replace(words, " ")
        for match in DATE.finditer(text):
            day = _date(match)
            if day is None or day <= as_of or DEADLINE.search(text[: match.start()]):
                continue
            found.append(f"{day}: …{text[max(0, match.start() - 60) : match.end()]}")
    return found


@dataclass
class Issued:
    papers: list[Report]
    output: str


@pytest.fixture(scope="module")
def issued(module_db, demo_rows, django_db_blocker) -> Issued:
    """`load-demo` as `make run` runs it: the demo, then its four 2019 papers issued. The
    demo's rows are written from what `load_demo` wrote earlier in this test process (the
    root conftest's `DemoRows`), inside the module's transaction."""
    out = StringIO()
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(load_demo_command, "load_demo", demo_rows.restore)
        call_command("load_demo", stdout=out)
        authority = Authority.objects.get(name=BLACKPOOL)
        papers = list(Report.objects.filter(authority=authority).order_by("pk"))
    return Issued(papers, out.getvalue())


@pytest.fixture(scope="module")
def papers(issued: Issued) -> list[Report]:
    return issued.papers


def _quoted(report: Report) -> list[str]:
    moment = timezone.make_aware(dt.datetime.combine(report.as_of, dt.time.max))
    accepted = Update.objects.filter(action__plan=report.plan, recorded_at__lte=moment)
    texts = [t for u in accepted for t in u.text.split("\n\n")]
    return sorted({t.strip() for t in texts if t.strip()}, key=len, reverse=True)


def test_the_scanner_finds_a_later_date_and_lets_deadlines_and_quotes_be():
    document = {
        "blocks": [
            {"columns": ["Action", "Due"], "rows": [["LA1", "23 June 2019"]]},
            {"text": "Figures for July 2019; target of 90% (due 30 November 2019)."},
            {"text": "RIP session planned 28th June 2019"},
        ]
    }

    found = later_dates(document, dt.date(2019, 6, 19), ["RIP session planned 28th June 2019"])

    assert [f[:10] for f in found] == ["2019-07-01"]


def test_the_four_papers_are_issued_as_of_their_own_dates(papers, db):
    assert [(p.kind, p.as_of) for p in papers] == [
        ("board-pack", dt.date(2019, 6, 19)),
        ("weekly-highlight", dt.date(2019, 6, 23)),
        ("chair-report", dt.date(2019, 7, 31)),
        ("scrutiny", dt.date(2019, 6, 30)),
    ]
    for paper in papers:
        assert paper.status == Report.Status.ISSUED, paper.error
        assert paper.snapshot is not None
        assert paper.snapshot["prepared_on"] == f"{paper.as_of:%-d %B %Y}"
    pack = papers[0]
    # For the first meeting of the Getting to Good Executive (IB), seed 000's LA36.
    assert pack.meeting is not None and pack.meeting.date == dt.date(2019, 6, 21)


def test_the_papers_quote_no_update_the_seeds_do_not_hold(papers, db):
    """Every update a paper quotes was accepted by the paper's date: in the board pack of
    19 June, the week-24 updates the management team scrutinised that morning."""
    for paper in papers:
        text = " ".join(_strings(paper.snapshot))
        for update in Update.objects.filter(action__plan=paper.plan):
            if update.text[:60] in text:
                accepted = timezone.localdate(update.recorded_at)
                assert accepted <= paper.as_of, (paper.kind, update.text)
    pack = " ".join(_strings(papers[0].snapshot))
    assert "the first meeting of the Getting to Good Executive (IB) is 21 June 2019" in pack
    assert "Illustrative update for the demo" not in pack
    assert "Work is progressing" not in pack


def test_no_paper_has_a_date_after_its_own_but_deadlines(papers, db):
    for paper in papers:
        assert paper.snapshot is not None
        assert later_dates(paper.snapshot, paper.as_of, _quoted(paper)) == [], paper.kind


def test_the_june_2019_board_pack_reads_like_a_board_paper(issued, db):
    """Blackpool's themes in full, actions with their words, the demo's indicators charted."""
    pack, weekly, chair, scrutiny = issued.papers
    assert "Improvement Board pack: issued" in issued.output
    for report in (pack, weekly, chair, scrutiny):
        assert report.status == Report.Status.ISSUED, report.error
        formats = set(report.files.values_list("format", flat=True))
        assert formats == {"docx", "xlsx"}  # and PDF where a converter is set (not in tests)
    # The notice held is undated, so no month label; the demo's report is finished and signed.
    assert chair.title == "Chair's progress report"
    assert pack.meeting is not None and pack.meeting.board.kind == "improvement_board"
    text = docx_text(bytes(pack.files.get(format="docx").content))
    assert "Leadership and Engagement" in text
    assert "Help and Protection – Front Door, Access to Preventative Support" in text
    assert "LA1: (pt1) Develop a programme of work with first line managers" in text
    assert "Progress for June 2019".lower() in text.lower()
    assert pack.snapshot is not None
    assert len([b for b in pack.snapshot["blocks"] if b["kind"] == "chart"]) >= 10
    appendix = [b for b in pack.snapshot["blocks"] if b.get("title") == "Findings traceability"]
    assert appendix and len(appendix[0]["rows"]) > 10
    assert any("LA" in row[2] for row in appendix[0]["rows"])  # answered by this plan's actions
