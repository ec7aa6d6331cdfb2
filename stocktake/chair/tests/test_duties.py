"""The notice's duties, counted from its own date; none for an undated notice; the ones due
soon in the weekly reminder of a member of the Improvement Board; the calendar page."""

from __future__ import annotations

import datetime as dt
import itertools

from django.urls import reverse

from stocktake.chair.duties import add_months, duty_reminder_lines, notice_duties
from stocktake.chair.tests.builders import make_notice
from stocktake.governance.tests.conftest import gw  # noqa: F401


def test_duties_are_counted_from_the_notices_own_date(world, settings):
    settings.STOCKTAKE_IMPROVEMENT_BOARD_WEEKS = 6
    notice = make_notice(world.authority, dt.date(2012, 9, 30))
    duties = [(d.due, d.title) for d in notice_duties(notice) if d.kind != "board"]
    assert duties == [
        (dt.date(2012, 11, 30), "The chair's initial (2-month) report"),
        (dt.date(2013, 3, 30), "The chair's 6-month progress report"),
        (dt.date(2013, 3, 30), "Targets at 6 months"),
        (dt.date(2013, 3, 30), "DfE review of progress at 6 months"),
        (dt.date(2013, 9, 30), "All targets to be met (12 months)"),
        (dt.date(2013, 9, 30), "DfE review of progress at 12 months"),
    ]
    boards = [d.due for d in notice_duties(notice) if d.kind == "board"]
    assert boards[0] == dt.date(2012, 11, 11) and len(boards) == 8  # every 6 weeks for a year
    assert all(b - a == dt.timedelta(weeks=6) for a, b in itertools.pairwise(boards))


def test_an_undated_notice_has_no_duties(world):
    assert notice_duties(make_notice(world.authority, None)) == []


def test_months_end_on_the_last_day_of_a_shorter_month():
    assert add_months(dt.date(2019, 8, 31), 6) == dt.date(2020, 2, 29)
    assert add_months(dt.date(2019, 11, 15), 2) == dt.date(2020, 1, 15)


def test_a_board_member_is_reminded_of_duties_due_within_two_weeks(world, gw):  # noqa: F811
    make_notice(world.authority, dt.date(2019, 1, 15))
    lines = duty_reminder_lines(world.owner_person, dt.date(2019, 3, 5))
    assert [line.text for line in lines] == [
        "The chair's initial (2-month) report: due 15 March 2019 "
        "(Improvement Notice to Testshire, 2019)"
    ]
    assert lines[0].url.endswith(reverse("chair:index", args=[world.authority.slug]))
    assert duty_reminder_lines(world.owner_person, dt.date(2019, 2, 20)) == []
    assert duty_reminder_lines(world.partner_person, dt.date(2019, 3, 5)) == []  # not a member


def test_the_reminder_email_carries_the_duties(world, gw):  # noqa: F811
    from stocktake.governance.cycle import OwnerList
    from stocktake.governance.services.reminders import reminder_message

    make_notice(world.authority, dt.date(2019, 1, 15))
    times = type("T", (), {"closes_at": dt.datetime(2019, 3, 5, 17, tzinfo=dt.UTC)})()
    message = reminder_message(world.plan, OwnerList(world.owner_person), times)
    assert "The chair's initial (2-month) report: due 15 March 2019" in message.body
    assert "The chair&#x27;s initial (2-month) report" in message.alternatives[0][0]


def test_the_calendar_page_shows_the_duties_or_why_there_are_none(world, client):
    make_notice(world.authority, dt.date(2019, 1, 15))
    make_notice(world.authority, None)
    client.force_login(world.users["viewer"])
    page = client.get(reverse("chair:index", args=[world.authority.slug])).content.decode()
    assert "15 March 2019" in page and "DfE review of progress at 12 months" in page
    assert "not dated, so its duties cannot be dated" in page
    assert "Start a report" not in page  # a viewer only reads
