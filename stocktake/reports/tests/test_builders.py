"""The board pack and the weekly highlight read the right things: exceptions first and counted,
delivery by theme with RAG counts, actions completed/due/overdue, indicators with their
charts and small numbers suppressed, traceability; only accepted updates unless asked;
no internal code without its words; no data says so."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from stocktake.core.tests.helpers import shared, shared_world
from stocktake.documents.blocks import Chart, Heading, PageBreak, ReportDocument, Table
from stocktake.governance.selectors import exceptions
from stocktake.indicators import selectors
from stocktake.reports.builders import board_pack, weekly_highlight
from stocktake.reports.context import NoData
from stocktake.reports.tests.conftest import (
    ACCEPTED,
    AS_OF,
    IMPORTED,
    RETURNED,
    UNREVIEWED,
    build_rw,
    record_figure,
)

# The board's data is made once for the module (see the root conftest's `module_db`); each
# test runs in a savepoint rolled back after it.
pytestmark = pytest.mark.django_db
world = shared_world
rw = shared(build_rw)


def text_of(doc: ReportDocument) -> str:
    return json.dumps(doc.to_json(), ensure_ascii=False)


def table(doc: ReportDocument, title: str) -> Table:
    return next(t for t in doc.tables() if t.title == title)


def test_board_pack_leads_with_one_page_for_the_chair(world, rw):
    doc = board_pack.build(rw.ctx(world))

    level1 = doc.headings(1)
    assert level1[:3] == ["Summary for the board", "Scorecard", "Delivery by theme"]
    assert level1[3:] == [
        "Appendix A: every action",
        "Appendix B: status changes in June 2019",
        "Appendix C: indicators in detail",
        "Appendix E: findings traceability",
        "Appendix F: owners and their job titles",
    ]  # no case audits recorded, so no appendix D
    first = doc.blocks[: next(i for i, b in enumerate(doc.blocks) if isinstance(b, PageBreak))]
    headings = [b.text for b in first if isinstance(b, Heading)]
    assert headings == [
        "Summary for the board",
        "What moved",
        "Decisions for the board",
        "Exceptions that need unblocking",
    ]
    expected = exceptions(rw.plan, AS_OF)
    assert len(expected) == 2  # LA1 (red, overdue) and CC2 (only overdue)
    rows = table(doc, "Exceptions for the board, longest-standing first").rows
    assert len(rows) == 1
    assert rows[0][0].startswith("LA1: Ensure all referrals")
    assert rows[0][1] == "Rated red; Overdue"
    assert "1 action is only past its due date: appendix A marks each “Overdue”" in text_of(doc)


def test_what_moved_gives_numbers_that_agree(world, rw):
    doc = board_pack.build(rw.ctx(world))

    text = text_of(doc)
    assert "1 of 4 actions (25%) is complete on 30 June 2019; LA2 was completed in June" in text
    assert "3 actions fell due in June 2019; 1 of 3 actions (33%) is complete." in text
    assert "2 of 3 open actions (67%) are past their due date on 30 June 2019." in text
    # LA1 red (imported) and LA2 blue (accepted); CC1's amber awaits review and CC2's green
    # was returned, so neither is rated. Blue is never counted as green.
    assert "Ratings on 30 June 2019: 1 red, 1 blue (complete) and 2 not rated (4 actions)." in text
    assert "No actions were marked complete" not in text


def test_nothing_completed_in_the_period_is_said_beside_the_total(world, rw):
    doc = board_pack.build(
        rw.ctx(world, period_start=dt.date(2019, 5, 1), period_end=dt.date(2019, 5, 31),
               as_of=dt.date(2019, 5, 31))
    )  # fmt: skip

    assert "None of 4 actions are complete on 31 May 2019; none of them was completed in May" in (
        text_of(doc)
    )


def test_delivery_by_theme_is_a_chart_and_counts_that_add_up(world, rw):
    doc = board_pack.build(rw.ctx(world))

    chart = next(c for c in doc.charts() if c.title == "Delivery by theme")
    assert chart.data["chart"] == "bars"
    assert chart.data["categories"] == [
        "Leadership and Engagement",
        "Children in Care and Care Leavers",
    ]
    assert {s["label"]: s["values"] for s in chart.data["series"]} == {
        "Complete": [1, 0],
        "Not started": [1, 2],
    }
    delivery = table(doc, "Delivery status by theme")
    assert delivery.columns == ["Theme", "Actions", "Complete", "Not started", "Overdue"]
    rows = {row[0]: row[1:] for row in delivery.rows}
    assert rows["Leadership and Engagement"] == [2, 1, 1, 1]
    assert rows["All themes"] == [4, 1, 3, 2]
    ratings = {row[0]: row[1:] for row in table(doc, "Ratings by theme").rows}
    # Actions, Red, Amber, Green, Blue (complete), Not rated: blue is not green.
    assert ratings["Leadership and Engagement"] == [2, 1, 0, 0, 1, 0]
    assert ratings["Children in Care and Care Leavers"] == [2, 0, 0, 0, 0, 2]
    for row in [*delivery.rows]:
        assert sum(row[2:-1]) == row[1]
    for row in table(doc, "Ratings by theme").rows:
        assert sum(row[2:]) == row[1]


def test_each_action_is_listed_once_by_name_with_titles_in_an_appendix(world, rw):
    doc = board_pack.build(rw.ctx(world))

    listed = [row[0][:3] for t in doc.tables() if t.title.endswith(": actions") for row in t.rows]
    assert sorted(listed) == ["CC1", "CC2", "LA1", "LA2"]
    text = text_of(doc)
    for code in ("LA1", "LA2", "CC1", "CC2"):
        rows = [r for t in doc.tables() for r in t.rows if str(r[0]).startswith(code + ":")]
        assert len([r for r in rows if len(r) == 7]) == 1  # once in appendix A
    la2 = next(r for t in doc.tables() for r in t.rows if str(r[0]).startswith("LA2:"))
    assert la2[5] == "Completed in June 2019; Due in June 2019"
    owners = table(doc, "Owners")
    assert [r[0] for r in owners.rows] == sorted(
        {world.owner_person.name, world.partner_person.name}
    )
    for person in (world.owner_person, world.partner_person):
        if person.job_title:
            assert text.count(person.job_title) == 1  # once, in the owners appendix


def test_wide_tables_are_on_landscape_pages(world, rw):
    doc = board_pack.build(rw.ctx(world))

    turns = [b.orientation for b in doc.blocks if isinstance(b, PageBreak) and b.orientation]
    assert turns == ["landscape", "portrait", "landscape", "portrait"]
    appendix_a = doc.headings(1).index("Appendix A: every action")
    assert appendix_a > 0


def test_only_accepted_and_imported_updates_are_quoted_unless_asked(world, rw):
    plain = text_of(board_pack.build(rw.ctx(world)))
    wider_doc = board_pack.build(rw.ctx(world, include_unreviewed=True))
    wider = text_of(wider_doc)

    assert ACCEPTED in plain and IMPORTED in plain
    assert UNREVIEWED not in plain
    assert UNREVIEWED in wider
    assert RETURNED not in plain and RETURNED not in wider
    # Said on every page: the classification is in every page's header and footer.
    assert "not yet reviewed" in wider_doc.classification


def test_the_scorecard_shows_latest_target_trend_and_status(world, rw):
    doc = board_pack.build(rw.ctx(world, as_of=dt.date(2019, 7, 10)))

    scorecard = {r[0]: r for r in table(doc, "Indicator scorecard").rows}
    reref = scorecard["Re-referrals within 12 months"]
    assert reref[1] == "26.7% (Jun 2019)"
    assert reref[2] == "22% (12 months, 30 June 2019)"
    assert len(reref[3]) == 12 and set(reref[3]) <= set("▁▂▃▄▅▆▇█")
    assert reref[4] == "Target missed"
    # An internal board paper shows small numbers (STOCKTAKE_REPORT_SUPPRESSION).
    assert scorecard["Children missing from care"][1] == "3 (Jun 2019)"
    charts = {c.title for c in doc.charts()}
    assert {"Re-referrals within 12 months", "Children missing from care"} <= charts
    assert "Re-referrals within 12 months" in doc.headings(3)  # the failing-targets analysis
    json.dumps(doc.to_json(), allow_nan=False)  # JSON PostgreSQL accepts


def test_small_numbers_are_suppressed_when_the_setting_says_so(world, rw, settings):
    settings.STOCKTAKE_REPORT_SUPPRESSION = {"board-pack": "1-5"}
    doc = board_pack.build(rw.ctx(world, as_of=dt.date(2019, 7, 10)))

    scorecard = {r[0]: r for r in table(doc, "Indicator scorecard").rows}
    assert scorecard["Children missing from care"][1] == "c (Jun 2019)"
    assert scorecard["Children missing from care"][3][-1] == " "  # a gap in the trend
    missing = next(c for c in doc.charts() if c.title == "Children missing from care")
    assert missing.data["values"][-1] is None and missing.data["values"][0] == 12.0
    assert "shown as “c”" in text_of(doc)


def test_no_internal_code_appears_without_its_words(world, rw):
    doc = board_pack.build(rw.ctx(world))
    text = text_of(doc)

    for code in ("LA1", "LA2", "CC1", "CC2"):
        for match in re.finditer(rf"\b{code}\b(.{{0,2}})", text):
            # In a sentence a code may follow the table that names it ("LA2 was completed").
            assert match.group(1).startswith((":", " w", " a", ",")), f"{code} without its words"
    assert "REREF12" not in text and "MISSING_CARE" not in text


def test_a_period_before_the_plan_has_nothing_to_report(world, rw):
    with pytest.raises(NoData, match="starts on 1 April 2019"):
        board_pack.build(
            rw.ctx(world, period_start=dt.date(2018, 6, 1), period_end=dt.date(2018, 6, 30))
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


def test_a_report_shows_figures_as_known_on_its_day(world, rw):
    record_figure(rw.reref, dt.date(2019, 7, 1), 19.5)  # July's figure, after the period

    def latest(doc: ReportDocument) -> tuple[str, list[float]]:
        row = {r[0]: r for r in table(doc, "Indicator scorecard").rows}
        chart = next(c for c in doc.charts() if c.title == "Re-referrals within 12 months")
        return str(row["Re-referrals within 12 months"][1]), chart.data["values"]

    # On 30 June, June's figure was not yet in (it was entered on 5 July): May's is latest.
    shown, values = latest(board_pack.build(rw.ctx(world)))
    assert shown == "26.1% (May 2019)" and values[-1] == 26.1 and len(values) == 11
    # Issued on 10 July for June: June's figure, never July's.
    shown, values = latest(board_pack.build(rw.ctx(world, as_of=dt.date(2019, 7, 10))))
    assert shown == "26.7% (Jun 2019)" and 19.5 not in values and len(values) == 12


def test_a_report_does_not_quote_an_england_figure_published_after_its_period(world, rw):
    type(rw.reref).objects.filter(pk=rw.reref.pk).update(england_value=22.4, england_year="2025")

    june = text_of(board_pack.build(rw.ctx(world)))
    live = selectors.failing_targets(world.authority)

    assert "England: 22.4%" not in june and "(2025)" not in june
    assert "England: 22.4% (2025)." in live[0].generated


def test_the_pack_prints_the_phase_narrative_written_by_its_day(world, rw):
    from django.utils import timezone

    from stocktake.plans.models import PhaseNarrative

    def write(day: dt.date, words: str) -> None:
        PhaseNarrative.objects.create(
            plan=rw.plan, gone_well=f"{words} went well", learned="Learned",
            needs_attention="Attention", priority_1=f"{words} first", priority_2="Second",
            priority_3="Third",
            recorded_at=timezone.make_aware(dt.datetime(day.year, day.month, day.day, 12)),
        )  # fmt: skip

    write(dt.date(2019, 6, 20), "June")
    write(dt.date(2019, 7, 5), "July")
    text = text_of(board_pack.build(rw.ctx(world)))

    assert "The phase in its own words" in text and "June went well" in text
    assert "(1) June first; (2) Second; (3) Third." in text
    assert "July went well" not in text and "July first" not in text
