"""The demo's governance loads on top of the demo, and reads like seed 000."""

from __future__ import annotations

import datetime as dt

import pytest

from stocktake.accounts.models import Authority
from stocktake.demo.management.commands.load_demo import BLACKPOOL, PLAN_NAME
from stocktake.governance import selectors
from stocktake.governance.models import Board, Meeting, UnblockRequest, UpdateWindow

pytestmark = pytest.mark.slow  # loads the whole demo


def test_governance_demo(demo_restored):  # load_demo loads the governance demo, dated today
    authority = Authority.objects.get(name=BLACKPOOL)
    plan = authority.plans.get(name=PLAN_NAME)

    ib = Board.objects.get(authority=authority, kind="improvement_board")
    roles = set(ib.members.values_list("role", flat=True))
    assert {"Independent chair", "DfE adviser"} <= roles
    # Seed 000, LA36: terms of reference agreed in week 20; the Getting to Good Executive
    # (IB) first meets on 21 June 2019.
    may = Meeting.objects.get(board=ib, date=dt.date(2019, 5, 23))
    assert may.status == "held" and may.outcomes.count() == 1
    assert Meeting.objects.get(board=ib, date=dt.date(2019, 6, 21)).status == "held"
    assert not Meeting.objects.filter(board=ib, date=dt.date(2019, 6, 27)).exists()
    assert (
        Meeting.objects.get(board__kind="management_team", date=dt.date(2019, 6, 19)).status
        == "held"
    )
    window = UpdateWindow.objects.get(plan=plan)
    assert (window.weekday, window.time) == (1, dt.time(17, 0))
    # Every update is one seed 000 writes, imported: none waits for review, none was returned,
    # and nobody asked for anything to be unblocked that the seeds do not record.
    assert list(selectors.review_queue(plan)) == []
    items = {i.action.reference: i for i in selectors.exceptions(plan, dt.date(2019, 6, 24))}
    assert all("Update returned" not in " ".join(i.reasons) for i in items.values())
    assert not UnblockRequest.objects.filter(action__plan=plan).exists()
