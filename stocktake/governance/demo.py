"""The demo's governance, drawn from seed 000's Governance section: heads of service update
weekly (due Tuesday 17:00); the Children's Services Management Team scrutinises the updates on
Wednesday morning; the Chief Executive's weekly meeting on Thursday looks at pace, impact and
what needs "unblocking"; the Improvement Board meets monthly (27 June 2019 among them); the
Council's CYP Scrutiny Committee also monitors the plan (seed 000, LA31)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from stocktake.accounts.models import Authority
from stocktake.demo.recorded_times import at
from stocktake.governance import services
from stocktake.governance.models import Board, Meeting
from stocktake.people.models import Person
from stocktake.people.services import person_create
from stocktake.plans.models import Action, Plan, Update
from stocktake.plans.services import update_submit

PERIOD = (dt.date(2019, 1, 7), dt.date(2019, 7, 31))


def _person(authority: Authority, name: str, job_title: str = "", organisation: str = "") -> Person:
    found = Person.objects.filter(authority=authority, name__iexact=name).first()
    return found or person_create(
        authority=authority, actor=None, name=name, job_title=job_title, organisation=organisation
    )


def _action(plan: Plan, reference: str) -> Action | None:
    compact = reference.replace(" ", "")
    return plan.actions.filter(reference__in=[reference, compact]).first()


def _board(authority: Authority, **fields: Any) -> Board:
    return services.board_create(
        authority=authority,
        actor=None,
        fields=services.BoardFields(**fields),
    )


def _boards(authority: Authority) -> dict[str, Board]:
    chair1 = _person(authority, "Steve Ashley", "Independent Chair")
    chair2 = _person(authority, "Linda Clegg", "Independent Chair")
    dcs = _person(authority, "Diane Booth", "Director of Children's Services")
    adviser = _person(authority, "DfE improvement adviser", organisation="Department for Education")
    chief = _person(authority, "Chief Executive", organisation="Blackpool Council")
    strategy = _person(
        authority, "Antony Lockley", "Director of Strategy and Assistant Chief Executive"
    )
    boards = {
        "ib": _board(
            authority,
            name="Children's Improvement Board",
            kind=Board.Kind.IMPROVEMENT_BOARD,
            cadence=Board.Cadence.MONTHLY,
            weekday=3,
            time=dt.time(10, 0),
            place="Town Hall",
            purpose="Oversees delivery of the improvement plan; receives monthly reports.",
        ),
        "mt": _board(
            authority,
            name="Children's Services Management Team",
            kind=Board.Kind.MANAGEMENT_TEAM,
            cadence=Board.Cadence.WEEKLY,
            weekday=2,
            time=dt.time(9, 30),
            purpose="Scrutiny and peer review of the heads of service's weekly updates.",
        ),
        "ce": _board(
            authority,
            name="Chief Executive's weekly update meeting",
            kind=Board.Kind.CHIEF_EXECUTIVE,
            cadence=Board.Cadence.WEEKLY,
            weekday=3,
            time=dt.time(14, 0),
            purpose=(
                "Looks at the pace and impact of change and any areas which require corporate "
                "attention to “unblock”."
            ),
        ),
        "sc": _board(
            authority,
            name="CYP Scrutiny Committee",
            kind=Board.Kind.SCRUTINY,
            cadence=Board.Cadence.QUARTERLY,
            weekday=3,
            time=dt.time(18, 0),
            place="Town Hall",
        ),
    }
    seats = [
        ("ib", chair1, "Independent chair", True),
        ("ib", chair2, "Independent chair", True),
        ("ib", dcs, "Director of Children's Services", False),
        ("ib", adviser, "DfE adviser", False),
        ("mt", dcs, "Chair", True),
        ("ce", chief, "Chair", True),
        ("ce", dcs, "Director of Children's Services", False),
        ("ce", strategy, "Corporate lead", False),
    ]
    for key, person, role, chair in seats:
        services.member_add(board=boards[key], actor=None, person=person, role=role, is_chair=chair)
    return boards


def _meetings(boards: dict[str, Board], today: dt.date) -> None:
    start, end = PERIOD
    services.meetings_schedule(
        board=boards["ib"], actor=None, start=dt.date(2019, 1, 24), until=end
    )
    services.meetings_schedule(board=boards["mt"], actor=None, start=start, until=end)
    services.meetings_schedule(board=boards["ce"], actor=None, start=start, until=end)
    services.meetings_schedule(
        board=boards["sc"], actor=None, start=dt.date(2019, 3, 28), until=end
    )
    Meeting.objects.filter(board__in=boards.values(), date__lt=today).update(
        status=Meeting.Status.HELD
    )
    june = boards["ib"].meetings.get(date=dt.date(2019, 6, 27))
    services.decision_record(
        meeting=june,
        actor=None,
        text=(
            "Revised terms of reference for the Board agreed: a sharper focus on overseeing "
            "delivery of the improvement plan; tasks on partners' response to need delegated to "
            "the BSCB Chair; a smaller membership of senior strategic leaders."
        ),
    )


def _posted(action: Action, text: str, day: dt.date) -> Update:
    """An update posted on `day` (recorded that afternoon, as the demo simulates)."""
    return update_submit(
        action=action,
        membership=None,
        actor=None,
        text=text,
        date=day,
        today=day,
        recorded_at=at(day, 16),
    )


def _next_morning(day: dt.date) -> dt.datetime:
    return at(day + dt.timedelta(days=1), 10)


def _cycle(plan: Plan, boards: dict[str, Board]) -> None:
    services.window_set(
        plan=plan,
        actor=None,
        weekday=1,
        time=dt.time(17, 0),
        remind_hours_before=24,
        stale_after_days=14,
        board=boards["mt"],
    )
    waiting = [
        (
            "LA31",
            "Weekly data analysis now identifies pressure points by team; first forecast "
            "of demand shared with heads of service.",
            dt.date(2019, 6, 18),
        ),
        (
            "FD 16",
            "Support visit with MHCLG and DfE held on 20/06/19 with strategic leads and "
            "operational managers across Children's Services and Housing.",
            dt.date(2019, 6, 21),
        ),
        (
            "LA 36",
            "The first meeting of the Getting to Good Executive (IB) is 21 June 2019.",
            dt.date(2019, 6, 19),
        ),
    ]
    for reference, text, day in waiting:
        action = _action(plan, reference)
        if action is not None:
            _posted(action, text, day)
    twice = _action(plan, "LA1")
    if twice is not None:
        first = _posted(twice, "Work is progressing.", dt.date(2019, 6, 4))
        services.update_review(
            update=first,
            actor=None,
            at=_next_morning(dt.date(2019, 6, 4)),
            decision="returned",
            comment="Say what has been done since the last update and what evidence shows it.",
        )
        second = _posted(twice, "Work is progressing well and is on track.", dt.date(2019, 6, 11))
        services.update_review(
            update=second,
            actor=None,
            at=_next_morning(dt.date(2019, 6, 11)),
            decision="returned",
            comment="Still no detail: give the numbers and attach the evidence.",
        )
    housing = _action(plan, "FD 16")
    if housing is not None:
        services.unblock_raise(
            action=housing,
            actor=None,
            at=_next_morning(dt.date(2019, 6, 21)),
            ask=(
                "Ask the Director of Strategy to secure Housing Options' sign-off of the "
                "refreshed homelessness protocol, so that it can be launched with Children's "
                "Service teams."
            ),
        )


@transaction.atomic
def load_governance_demo(authority: Authority, plan: Plan, today: dt.date | None = None) -> None:
    """Boards, meetings across the plan's period in 2019, the update window, posted updates
    waiting for review, an action returned twice and an unblock request."""
    boards = _boards(authority)
    _meetings(boards, today or dt.date.today())
    _cycle(plan, boards)
