"""The chair's report as a paper: DRAFT on every page until every section is final and it is
signed; the final paper quotes the addressee, each measure's commentary, the assessment, the
Leader's report and the signature; nothing written after its date appears in it."""

from __future__ import annotations

import datetime as dt

import pytest

from stocktake.chair.services import chair_sign, chair_text_record
from stocktake.chair.tests.builders import build_chair
from stocktake.documents.blocks import Paragraph, Table
from stocktake.reports.builders import builder_for
from stocktake.reports.context import ReportContext


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2019, month, day, hour, tzinfo=dt.UTC)


def paper(world, as_of: dt.date):
    ctx = ReportContext(world.authority, world.plan, dt.date(2019, 7, 1), dt.date(2019, 7, 31),
                        as_of)  # fmt: skip
    return builder_for("chair-report")(ctx)


def texts(doc) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def write(bits, part: str, text: str, when: dt.datetime, finding=None, final=True) -> None:
    chair_text_record(report=bits.report, part=part, finding=finding, text=text, final=final,
                      actor=None, at=when)  # fmt: skip


@pytest.fixture
def signed(world):
    bits = build_chair(world)
    write(bits, "addressee", "The Parliamentary Under Secretary of State", at(7, 29))
    write(bits, "measure", "The strategy is agreed.\n\nIt starts in September.", at(7, 29),
          bits.m31)  # fmt: skip
    write(bits, "measure", "Thresholds are not yet agreed.", at(7, 29), bits.m32)
    write(bits, "assessment", "Progress is real but too slow.", at(7, 30))
    write(bits, "leader", "The Council accepts the chair's findings.", at(7, 30))
    chair_sign(report=bits.report, name="Linda Chair", role="Independent Chair",
               signed_on=dt.date(2019, 7, 31), actor=None, at=at(7, 31))  # fmt: skip
    return bits


def test_an_unfinished_report_is_a_draft_on_every_page_and_says_what_is_missing(world):
    build_chair(world)  # only a draft addressee
    doc = paper(world, dt.date(2019, 7, 31))

    assert doc.title == "DRAFT: Chair's 6-month progress report"  # the header of every page
    assert texts(doc)[0].startswith("DRAFT. This report is not finished")
    missing = doc.blocks[1].items
    assert "Addressee" in missing and "Commentary on measure 3.1" in missing
    assert "The chair's signature" in missing
    assert "Draft wording, not yet final." in texts(doc)


def test_a_finished_signed_report_is_final_with_every_section(world, signed):
    doc = paper(world, dt.date(2019, 7, 31))

    assert doc.title == "Chair's 6-month progress report"
    assert not any(t.startswith("DRAFT") for t in texts(doc))
    assert "To: The Parliamentary Under Secretary of State" in texts(doc)
    assert [
        t for t in texts(doc) if t in ("The strategy is agreed.", "It starts in September.")
    ] == ["The strategy is agreed.", "It starts in September."]
    assert "Progress is real but too slow." in texts(doc)
    assert "The Council accepts the chair's findings." in texts(doc)
    sign_off = next(b for b in doc.blocks if isinstance(b, Table) and b.title == "Signed")
    assert sign_off.rows == [["Linda Chair", "Independent Chair", "31 July 2019"]]
    assert doc.prepared_on == "31 July 2019"


def test_as_at_the_day_before_signing_it_was_a_draft(world, signed):
    doc = paper(world, dt.date(2019, 7, 30))
    assert doc.title.startswith("DRAFT")
    assert "Linda Chair" not in str(doc.to_json())


def test_writing_after_the_report_date_never_appears_in_it(world, signed):
    before = paper(world, dt.date(2019, 7, 31)).to_json()
    write(signed, "assessment", "Written in August: things improved.", at(8, 2))
    write(signed, "measure", "August commentary.", at(8, 2), signed.m31, final=False)

    assert paper(world, dt.date(2019, 7, 31)).to_json() == before
    later = paper(world, dt.date(2019, 8, 2))
    # Changed after signing: the later paper is a draft again, quoting the new wording.
    assert later.title.startswith("DRAFT")
    assert "Written in August: things improved." in texts(later)
