"""Writing the chair's report: insert-only versions with who and when, drafts and final
wording, signing only a finished report, and a signature undone by a later change."""

from __future__ import annotations

import datetime as dt

import pytest

from stocktake.audit.models import AuditEvent
from stocktake.chair import selectors
from stocktake.chair.models import ChairText
from stocktake.chair.services import (
    ChairError,
    chair_report_start,
    chair_sign,
    chair_text_record,
)
from stocktake.chair.tests.builders import build_chair, make_notice


def at(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2019, 7, day, hour, tzinfo=dt.UTC)


def finish(bits, when: dt.datetime | None = None) -> None:
    for part in ("addressee", "assessment", "leader"):
        chair_text_record(report=bits.report, part=part, text="Done.", final=True, actor=None,
                          at=when)  # fmt: skip
    for finding in (bits.m31, bits.m32):
        chair_text_record(report=bits.report, part="measure", finding=finding, text="Done.",
                          final=True, actor=None, at=when)  # fmt: skip


@pytest.fixture
def bits(world):
    return build_chair(world)


def test_every_save_is_a_new_version_with_its_writer_and_time(world, bits):
    lead = world.users["lead"]
    chair_text_record(report=bits.report, part="assessment", text="First go", final=False,
                      actor=lead, at=at(2))  # fmt: skip
    chair_text_record(report=bits.report, part="assessment", text="  Second go \n", final=True,
                      actor=world.users["admin"], at=at(3))  # fmt: skip

    versions = selectors.history(bits.report, "assessment")
    assert [(v.text, v.state, v.written_by) for v in versions] == [
        ("Second go", "final", world.users["admin"]),
        ("First go", "draft", lead),
    ]
    assert selectors.written(bits.report).text("assessment").text == "Second go"
    # As at 2 July only the first version had been written.
    assert selectors.written(bits.report, dt.date(2019, 7, 2)).text("assessment").text == (
        "First go"
    )
    assert AuditEvent.objects.filter(verb="chair_report.written").count() >= 2


def test_the_commentary_is_against_one_of_the_notices_own_measures(world, bits):
    clause = bits.m31.parent
    other = make_notice(world.authority)
    with pytest.raises(ChairError, match="not one of the notice's measures"):
        chair_text_record(report=bits.report, part="measure", finding=clause, text="x",
                          final=False, actor=None)  # fmt: skip
    from stocktake.chair.tests.builders import make_measure

    theirs = make_measure(other, "3.1", "Another notice's measure")
    with pytest.raises(ChairError, match="not one of the notice's measures"):
        chair_text_record(report=bits.report, part="measure", finding=theirs, text="x",
                          final=False, actor=None)  # fmt: skip
    with pytest.raises(ChairError, match="written against one of the notice's measures"):
        chair_text_record(report=bits.report, part="measure", text="x", final=False, actor=None)
    with pytest.raises(ChairError, match="Enter the text"):
        chair_text_record(report=bits.report, part="leader", text="  ", final=False, actor=None)
    assert ChairText.objects.count() == 1  # the builder's draft addressee only


def test_a_report_is_signed_only_when_every_section_is_final(world, bits):
    with pytest.raises(ChairError, match="Still to finish: Addressee; The chair's overall"):
        chair_sign(report=bits.report, name="L Chair", role="Independent Chair",
                   signed_on=dt.date(2019, 7, 31), actor=None)  # fmt: skip
    finish(bits, at(30))
    with pytest.raises(ChairError, match="today or in the past"):
        chair_sign(report=bits.report, name="L Chair", role="Independent Chair",
                   signed_on=dt.date(2019, 8, 1), actor=None, at=at(31))  # fmt: skip
    chair_sign(report=bits.report, name="L Chair", role="Independent Chair",
               signed_on=dt.date(2019, 7, 31), actor=None, at=at(31))  # fmt: skip

    done = selectors.written(bits.report)
    assert done.finished(selectors.notice_measures(bits.notice))
    assert done.sign_off.name == "L Chair"
    # As at the day before it was signed, it was finished but not signed.
    assert selectors.written(bits.report, dt.date(2019, 7, 30)).sign_off is None


def test_a_section_changed_after_signing_needs_a_new_signature(world, bits):
    finish(bits, at(30))
    chair_sign(report=bits.report, name="L Chair", role="Independent Chair",
               signed_on=dt.date(2019, 7, 30), actor=None, at=at(30, 12))  # fmt: skip
    chair_text_record(report=bits.report, part="leader", text="Changed.", final=True,
                      actor=None, at=at(31))  # fmt: skip

    assert selectors.written(bits.report).sign_off is None
    assert selectors.written(bits.report, dt.date(2019, 7, 30)).sign_off is not None


def test_one_report_per_plan_notice_and_period(world, bits):
    again = chair_report_start(plan=world.plan, notice=bits.notice,
                               period_start=dt.date(2019, 7, 1), period_end=dt.date(2019, 7, 31),
                               actor=None)  # fmt: skip
    assert again == bits.report
    with pytest.raises(ChairError, match="another authority"):
        chair_report_start(plan=world.other_plan, notice=bits.notice,
                           period_start=dt.date(2019, 7, 1), period_end=dt.date(2019, 7, 31),
                           actor=None)  # fmt: skip
