"""The board pack and the weekly highlight read the right things: exceptions first and counted,
delivery by theme with RAG counts, actions completed/due/overdue, indicators with their
charts and small numbers suppressed, traceability; only accepted updates unless asked;
no internal code without its words; no data says so."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from stocktake.documents.blocks import Chart, ReportDocument, Table
from stocktake.governance.selectors import exceptions
from stocktake.indicators import selectors
from stocktake.indicators.services import observation_record
from stocktake.reports.builders import board_pack, weekly_highlight
from stocktake.reports.context import NoData
from stocktake.reports.tests.conftest import ACCEPTED, AS_OF, IMPORTED, RETURNED, UNREVIEWED


def text_of(doc: ReportDocument) -> str:
    return json.dumps(doc.to_json(), ensure_ascii=False)


def table(doc: ReportDocument, title: str) -> Table:
    return next(t for t in doc.tables() if t.title == title)


def test_board_pack_puts_exceptions_first_and_counts_them(world, rw):
    doc = board_pack.build(rw.ctx(world))

    level1 = doc.headings(1)
    assert level1[:3] == ["Summary", "Exceptions", "Delivery by theme"]
    assert "Appendix: findings traceability" in level1
    expected = exceptions(rw.plan, AS_OF)
    rows = table(doc, "Exceptions").rows
    assert len(rows) == len(expected) == 2  # LA1 (red, overdue) and CC2 (overdue)
    assert rows[0][0].startswith("LA1: Ensure all referrals")
    assert rows[0][1] == "Rated red; Overdue"
    assert table(doc, "Exceptions").row_marks == ["red", "red"]


def test_board_pack_summary_gives_numbers_with_denominators(world, rw):
    doc = board_pack.build(rw.ctx(world))

    summary = text_of(doc)
    assert "1 of 4 actions (25%) are complete." in summary
    assert "3 actions fell due in June 2019; 1 of 3 actions (33%) are complete." in summary
    assert "2 of 3 open actions (67%) are overdue on 30 June 2019." in summary
    # LA1 red (imported) and LA2 blue (accepted); CC1's amber awaits review and CC2's green
    # was returned, so neither is rated.
    assert "Ratings: 1 red, 1 blue and 2 not rated." in summary


def test_delivery_by_theme_counts_ratings_per_theme(world, rw):
    doc = board_pack.build(rw.ctx(world))

    rows = {row[0]: row[1:] for row in table(doc, "Actions by theme, with their ratings").rows}
    # Actions, Complete, Red, Amber, Green (blue counts as green), Not rated, Overdue
    assert rows["Leadership and Engagement"] == [2, 1, 1, 0, 1, 0, 1]
    # CC1's amber awaits review and CC2's green was returned: neither counts.
    assert rows["Children in Care and Care Leavers"] == [2, 0, 0, 0, 0, 2, 1]
    assert "Leadership and Engagement" in doc.headings(2)


def test_actions_completed_due_and_overdue_in_the_period(world, rw):
    doc = board_pack.build(rw.ctx(world))

    completed = [r[0][:3] for r in table(doc, "Completed in the period").rows]
    due = [r[0][:3] for r in table(doc, "Due in the period").rows]
    overdue = [r[0][:3] for r in table(doc, "Overdue on 30 June 2019").rows]
    assert completed == ["LA2"]
    assert sorted(due) == ["CC2", "LA1", "LA2"]
    assert sorted(overdue) == ["CC2", "LA1"]


def test_only_accepted_and_imported_updates_are_quoted_unless_asked(world, rw):
    plain = text_of(board_pack.build(rw.ctx(world)))
    wider = text_of(board_pack.build(rw.ctx(world, include_unreviewed=True)))

    assert ACCEPTED in plain and IMPORTED in plain
    assert UNREVIEWED not in plain
    assert UNREVIEWED in wider
    assert RETURNED not in plain and RETURNED not in wider


def test_indicators_have_a_chart_each_and_small_numbers_are_suppressed(world, rw):
    doc = board_pack.build(rw.ctx(world))

    charts = doc.charts()
    assert {c.title for c in charts} == {
        "Re-referrals within 12 months",
        "Children missing from care",
    }
    dashboard = {r[0]: r for r in table(doc, "Indicator dashboard").rows}
    assert dashboard["Children missing from care"][1] == "c"  # the latest count is 3
    missing = next(c for c in charts if c.title == "Children missing from care")
    assert missing.data["values"][-1] is None and missing.data["values"][0] == 12.0
    assert dashboard["Re-referrals within 12 months"][4] == "Target missed"
    assert "Re-referrals within 12 months" in doc.headings(3)  # the failing-targets analysis
    json.dumps(doc.to_json(), allow_nan=False)  # JSON PostgreSQL accepts


def test_no_internal_code_appears_without_its_words(world, rw):
    doc = board_pack.build(rw.ctx(world))

    for code in ("LA1", "LA2", "CC1", "CC2"):
        for match in re.finditer(rf"\b{code}\b(.{{0,2}})", text_of(doc)):
            assert match.group(1).startswith(":"), f"{code} without its words"
    assert "REREF12" not in text_of(doc) and "MISSING_CARE" not in text_of(doc)


def test_a_period_before_the_plan_has_nothing_to_report(world, rw):
    with pytest.raises(NoData, match="starts on 1 April 2019"):
        board_pack.build(
            rw.ctx(world, period_start=dt.date(2018, 6, 1), period_end=dt.date(2018, 6, 30),
                   as_of=dt.date(2018, 6, 30))
        )  # fmt: skip


def test_weekly_highlight_shows_what_moved_and_what_is_due_next_week(world, rw):
    doc = weekly_highlight.build(rw.ctx(world, as_of=dt.date(2019, 6, 16)))

    assert doc.period_label == "Week 11 (10 June 2019 to 16 June 2019)"
    assert [r[0][:3] for r in table(doc, "Updates reported").rows] == ["LA2"]
    assert [r[0][:3] for r in table(doc, "Status changes").rows] == ["LA2"]
    assert table(doc, "Status changes").rows[0][1] == "Not started to Complete"
    assert "Due next week" not in [t.title for t in doc.tables()]  # LA2 is already complete
    assert "No actions are due from 17 June 2019 to 23 June 2019." in text_of(doc)
    assert "Exceptions" in doc.headings(1)
    assert len(table(doc, "Exceptions").rows) == len(exceptions(rw.plan, dt.date(2019, 6, 16)))


def test_weekly_highlight_due_next_week(world, rw):
    doc = weekly_highlight.build(rw.ctx(world, as_of=dt.date(2019, 6, 23)))

    assert [r[0][:3] for r in table(doc, "Due next week").rows] == ["CC2"]
    assert not [b for b in doc.blocks if isinstance(b, Chart)]


def test_weekly_highlight_with_nothing_to_say_says_so(world):
    from stocktake.demo import factories
    from stocktake.reports.context import ReportContext

    plan = factories.make_plan(world.authority, "Quiet plan", start=dt.date(2019, 4, 1))
    factories.make_action(plan, "Q1", due=dt.date(2019, 9, 1))
    ctx = ReportContext(world.authority, plan, dt.date(2019, 4, 1), dt.date(2019, 4, 30),
                        dt.date(2019, 4, 10))  # fmt: skip

    with pytest.raises(NoData, match="nothing to report"):
        weekly_highlight.build(ctx)


def test_a_report_shows_figures_as_known_at_the_end_of_its_period(world, rw):
    observation_record(
        indicator=rw.reref, actor=None, period=dt.date(2019, 7, 1), value=19.5
    )  # July's figure, after the June pack's period

    june = board_pack.build(rw.ctx(world))
    row = {r[0]: r for r in table(june, "Indicator dashboard").rows}[
        "Re-referrals within 12 months"
    ]
    chart = next(c for c in june.charts() if c.title == "Re-referrals within 12 months")

    assert row[1] == "26.7%" and "19.5" not in " ".join(str(c) for c in row)
    assert chart.data["values"][-1] == 26.7 and len(chart.data["values"]) == 12


def test_a_report_does_not_quote_an_england_figure_published_after_its_period(world, rw):
    type(rw.reref).objects.filter(pk=rw.reref.pk).update(england_value=22.4, england_year="2025")

    june = text_of(board_pack.build(rw.ctx(world)))
    rw.reref.refresh_from_db()
    live = selectors.failing_targets(world.authority)

    assert "England: 22.4%" not in june and "(2025)" not in june
    assert "England: 22.4% (2025)." in live[0].generated
