"""The demo's governance loads on top of the demo, and reads like seed 000."""

from __future__ import annotations

import datetime as dt

import pytest

from stocktake.accounts.models import Authority
from stocktake.demo.management.commands.load_demo import BLACKPOOL, PLAN_NAME, load_demo
from stocktake.governance import selectors
from stocktake.governance.models import Board, Meeting, UnblockRequest, UpdateWindow

pytestmark = pytest.mark.slow  # loads the whole demo


def test_governance_demo(db):
    load_demo()  # which loads the governance demo, with today's date
    authority = Authority.objects.get(name=BLACKPOOL)
    plan = authority.plans.get(name=PLAN_NAME)

    ib = Board.objects.get(authority=authority, kind="improvement_board")
    roles = set(ib.members.values_list("role", flat=True))
    assert {"Independent chair", "DfE adviser"} <= roles
    june = Meeting.objects.get(board=ib, date=dt.date(2019, 6, 27))
    assert june.status == "held" and june.outcomes.count() == 1
    assert (
        Meeting.objects.get(board__kind="management_team", date=dt.date(2019, 6, 19)).status
        == "held"
    )
    window = UpdateWindow.objects.get(plan=plan)
    assert (window.weekday, window.time) == (1, dt.time(17, 0))
    waiting = {u.action.reference for u in selectors.review_queue(plan)}
    assert {"LA31", "FD16", "LA36"} <= waiting
    items = {i.action.reference: i for i in selectors.exceptions(plan, dt.date(2019, 6, 24))}
    assert "Update returned twice" in items["LA1"].reasons
    assert items["FD16"].ask.startswith("Ask the Director of Strategy")
    assert UnblockRequest.objects.filter(action__plan=plan).count() == 1
