"""The demo's governance, drawn from seed 000's Governance section: heads of service update
weekly (due Tuesday 17:00); the Children's Services Management Team scrutinises the updates on
Wednesday morning; the Chief Executive's weekly meeting on Thursday looks at pace, impact and
what needs "unblocking"; the Improvement Board receives monthly reports (seed 004, 4.12); the
Council's CYP Scrutiny Committee also monitors the plan (seed 000, LA31).

From the seeds: Steve Ashley is Chair of the Safeguarding Children's Board (seed 000, LA37),
and with Linda Clegg one of the two "Independent Chairs" owning LA36, so Linda Clegg is the
Improvement Board's independent chair. In week 20 "revised terms of reference for the Board
have been agreed" and "the first meeting of the Getting to Good Executive (IB) is 21 June
2019" (seed 000, LA36). The day and time each board meets, and so the dates of its other
meetings, are illustrative: the seeds do not give them. Every update in the demo is one seed
000 writes (`stocktake.demo.recorded_times`); the demo invents none to fill the review queue.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from stocktake.accounts.models import Authority
from stocktake.demo.recorded_times import at
from stocktake.governance import services
from stocktake.governance.models import Board, Meeting, MeetingOutcome
from stocktake.people.models import Person
from stocktake.people.services import person_create, person_update
from stocktake.plans.models import Plan

PERIOD = (dt.date(2019, 1, 7), dt.date(2019, 7, 31))


def _person(authority: Authority, name: str, job_title: str = "", organisation: str = "") -> Person:
    found = Person.objects.filter(authority=authority, name__iexact=name).first()
    return found or person_create(
        authority=authority, actor=None, name=name, job_title=job_title, organisation=organisation
    )


def _board(authority: Authority, **fields: Any) -> Board:
    return services.board_create(
        authority=authority,
        actor=None,
        fields=services.BoardFields(**fields),
    )


def _boards(authority: Authority) -> dict[str, Board]:
    ib_chair = _person(authority, "Linda Clegg", "Independent Chair")
    bscb_chair = _person(authority, "Steve Ashley", "Chair of Safeguarding Children's Board")
    if bscb_chair.job_title != "Chair of Safeguarding Children's Board":
        # The import met him first as one of LA36's "Independent Chairs"; LA37 says which.
        person_update(
            person=bscb_chair,
            actor=None,
            expected_version=None,
            name=bscb_chair.name,
            job_title="Chair of Safeguarding Children's Board",
            organisation=bscb_chair.organisation,
            email=bscb_chair.email,
            user=bscb_chair.user,
        )
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
            purpose=(
                "Oversees delivery of the improvement plan; receives monthly reports. From "
                "June 2019 the Getting to Good Executive."
            ),
        ),
        "bscb": _board(
            authority,
            name="Blackpool Safeguarding Children's Board",
            kind=Board.Kind.PARTNERSHIP,
            cadence=Board.Cadence.AS_NEEDED,
            purpose="Tasks related to improving partners' response to addressing need.",
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
        ("ib", ib_chair, "Independent chair", True),
        ("ib", dcs, "Director of Children's Services", False),
        ("ib", adviser, "DfE adviser", False),
        ("bscb", bscb_chair, "Chair", True),
        ("mt", dcs, "Chair", True),
        ("ce", chief, "Chair", True),
        ("ce", dcs, "Director of Children's Services", False),
        ("ce", strategy, "Corporate lead", False),
    ]
    for key, person, role, chair in seats:
        services.member_add(board=boards[key], actor=None, person=person, role=role, is_chair=chair)
    return boards


# Seed 000, LA36: "the first meeting of the Getting to Good Executive (IB) is 21 June 2019".
GETTING_TO_GOOD = dt.date(2019, 6, 21)
TERMS_AGREED = dt.date(2019, 5, 23)  # the Board's meeting in week 20 (20–26 May 2019)


def _meetings(boards: dict[str, Board], today: dt.date) -> None:
    start, end = PERIOD
    ib = boards["ib"]
    services.meetings_schedule(board=ib, actor=None, start=dt.date(2019, 1, 24), until=TERMS_AGREED)
    services.meeting_create(
        board=ib,
        actor=None,
        fields=services.MeetingFields(
            date=GETTING_TO_GOOD,
            time=dt.time(10, 0),
            notes="The first meeting of the Getting to Good Executive (IB).",
        ),
    )
    services.meetings_schedule(board=ib, actor=None, start=dt.date(2019, 7, 19), until=end)
    services.meetings_schedule(board=boards["mt"], actor=None, start=start, until=end)
    services.meetings_schedule(board=boards["ce"], actor=None, start=start, until=end)
    services.meetings_schedule(
        board=boards["sc"], actor=None, start=dt.date(2019, 3, 28), until=end
    )
    Meeting.objects.filter(board__in=boards.values(), date__lt=today).update(
        status=Meeting.Status.HELD
    )
    week_20 = ib.meetings.get(date=TERMS_AGREED)
    decision = services.decision_record(
        meeting=week_20,
        actor=None,
        text=(
            "Revised terms of reference for the Board have been agreed, which will see a "
            "sharper focus on overseeing delivery of the improvement plan and improvements to "
            "children's social care and targeted intervention services. Tasks related to "
            "improving partners response to addressing need will be delegated to the BSCB "
            "Chair. A smaller membership of senior strategic leaders will make strategic "
            "decisions regarding policy, finance and resource to improve outcomes for "
            "children and young people."
        ),
    )
    # Recorded when the Board agreed it, not when the demo was loaded.
    MeetingOutcome.objects.filter(pk=decision.pk).update(created_at=at(TERMS_AGREED, 12))


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


@transaction.atomic
def load_governance_demo(authority: Authority, plan: Plan, today: dt.date | None = None) -> None:
    """Boards, meetings across the plan's period in 2019 and the update window."""
    boards = _boards(authority)
    _meetings(boards, today or dt.date.today())
    _cycle(plan, boards)
