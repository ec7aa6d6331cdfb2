"""Boards, their members and meetings; decisions and actions arising; each plan's window."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction

from stocktake.accounts.models import Authority, User
from stocktake.audit.services import audit_record, diff
from stocktake.core.errors import ConflictError
from stocktake.core.locking import version_claim
from stocktake.governance.models import (
    Board,
    BoardMember,
    Meeting,
    MeetingOutcome,
    UpdateWindow,
)
from stocktake.people.models import Person
from stocktake.plans.models import Action, Plan
from stocktake.plans.services import ActionFields, action_create


def _loggable(values: dict[str, object]) -> dict[str, object]:
    """Values the audit log can store (it knows dates, not times of day)."""
    return {k: v.strftime("%H:%M") if isinstance(v, dt.time) else v for k, v in values.items()}


@dataclass
class BoardFields:
    name: str
    kind: str
    cadence: str
    weekday: int | None = None
    time: dt.time | None = None
    place: str = ""
    purpose: str = ""


def _check_board(authority: Authority, fields: BoardFields, exclude: int | None) -> None:
    errors: dict[str, str] = {}
    if not fields.name.strip():
        errors["name"] = "Enter the board's name"
    elif (
        Board.objects.filter(authority=authority, name__iexact=fields.name.strip())
        .exclude(pk=exclude or 0)
        .exists()
    ):
        errors["name"] = f"There is already a board called {fields.name.strip()}"
    if fields.kind not in Board.Kind.values:
        errors["kind"] = "Choose the kind of board"
    if fields.cadence not in Board.Cadence.values:
        errors["cadence"] = "Choose how often the board meets"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def board_create(*, authority: Authority, actor: User | None, fields: BoardFields) -> Board:
    _check_board(authority, fields, None)
    values = {**asdict(fields), "name": fields.name.strip()}
    board = Board.objects.create(authority=authority, **values)
    audit_record(
        authority=authority,
        actor=actor,
        verb="created",
        obj=board,
        changes=diff({}, _loggable(values)),
    )
    return board


@transaction.atomic
def board_update(
    *, board: Board, actor: User | None, expected_version: int | None, fields: BoardFields
) -> Board:
    """Save an edit, or raise ConflictError if someone saved since `expected_version`."""
    _check_board(board.authority, fields, board.pk)
    version_claim(board, expected_version)
    before = {name: getattr(board, name) for name in asdict(fields)}
    after = {**asdict(fields), "name": fields.name.strip()}
    for name, value in after.items():
        setattr(board, name, value)
    board.save(update_fields=list(after))
    changes = diff(_loggable(before), _loggable(after))
    if changes:
        audit_record(
            authority=board.authority, actor=actor, verb="updated", obj=board, changes=changes
        )
    return board


@transaction.atomic
def member_add(
    *, board: Board, actor: User | None, person: Person, role: str = "", is_chair: bool = False
) -> BoardMember:
    if person.authority_id != board.authority_id:
        raise ValidationError({"person": "Choose someone from this authority's register"})
    if board.members.filter(person=person).exists():
        raise ValidationError({"person": f"{person.name} is already a member of this board"})
    member = BoardMember.objects.create(
        board=board, person=person, role=role.strip(), is_chair=is_chair
    )
    audit_record(
        authority=board.authority,
        actor=actor,
        verb="member added",
        obj=board,
        changes={"member": str(member), "chair": is_chair},
    )
    return member


@transaction.atomic
def member_remove(*, member: BoardMember, actor: User | None) -> None:
    board = member.board
    label = str(member)
    member.delete()
    audit_record(
        authority=board.authority,
        actor=actor,
        verb="member removed",
        obj=board,
        changes={"member": label},
    )


@dataclass
class MeetingFields:
    date: dt.date
    time: dt.time | None = None
    place: str = ""
    status: str = Meeting.Status.SCHEDULED
    notes: str = ""


def _check_meeting(board: Board, fields: MeetingFields, exclude: int | None) -> None:
    errors: dict[str, str] = {}
    if fields.status not in Meeting.Status.values:
        errors["status"] = "Choose whether the meeting is scheduled, held or cancelled"
    if board.meetings.filter(date=fields.date).exclude(pk=exclude or 0).exists():
        errors["date"] = f"{board.name} already has a meeting on {fields.date:%-d %B %Y}"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_create(*, board: Board, actor: User | None, fields: MeetingFields) -> Meeting:
    _check_meeting(board, fields, None)
    meeting = Meeting.objects.create(board=board, **asdict(fields))
    audit_record(
        authority=board.authority,
        actor=actor,
        verb="created",
        obj=meeting,
        changes=diff({}, _loggable(asdict(fields))),
    )
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, actor: User | None, expected_version: int | None, fields: MeetingFields
) -> Meeting:
    """Save an edit, or raise ConflictError if someone saved since `expected_version`."""
    _check_meeting(meeting.board, fields, meeting.pk)
    version_claim(meeting, expected_version)
    before = {name: getattr(meeting, name) for name in asdict(fields)}
    for name, value in asdict(fields).items():
        setattr(meeting, name, value)
    meeting.save(update_fields=list(asdict(fields)))
    changes = diff(_loggable(before), _loggable(asdict(fields)))
    if changes:
        audit_record(
            authority=meeting.board.authority,
            actor=actor,
            verb="updated",
            obj=meeting,
            changes=changes,
        )
    return meeting


STEPS: dict[str, relativedelta] = {
    Board.Cadence.WEEKLY: relativedelta(weeks=1),
    Board.Cadence.FORTNIGHTLY: relativedelta(weeks=2),
    Board.Cadence.MONTHLY: relativedelta(months=1),
    Board.Cadence.QUARTERLY: relativedelta(months=3),
}


def cadence_dates(board: Board, start: dt.date, until: dt.date) -> list[dt.date]:
    """Meeting dates from `start` to `until` by the board's cadence, on its usual weekday.

    Monthly and quarterly boards meet on the same week of the month as the first date
    (the 4th Thursday, say), or the last such weekday when a month has fewer."""
    if board.cadence not in STEPS:
        return []
    weekday = board.weekday if board.weekday is not None else start.weekday()
    first = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
    if board.cadence in (Board.Cadence.WEEKLY, Board.Cadence.FORTNIGHTLY):
        step = 7 if board.cadence == Board.Cadence.WEEKLY else 14
        return [
            first + dt.timedelta(days=step * n)
            for n in range((until - first).days // step + 1)
            if first + dt.timedelta(days=step * n) <= until
        ]
    nth = (first.day - 1) // 7
    dates: list[dt.date] = []
    month = first.replace(day=1)
    while True:
        day = month + dt.timedelta(days=(weekday - month.weekday()) % 7 + 7 * nth)
        if day.month != month.month:
            day -= dt.timedelta(days=7)
        if day > until:
            return dates
        if day >= start:
            dates.append(day)
        month += STEPS[board.cadence]


@transaction.atomic
def meetings_schedule(
    *, board: Board, actor: User | None, start: dt.date, until: dt.date
) -> list[Meeting]:
    """Create the board's meetings from `start` to `until` by its cadence, skipping dates
    that already have one. Returns the new meetings."""
    if until < start:
        raise ValidationError({"until": "The end date must be on or after the start date"})
    if (until - start).days > 731:
        raise ValidationError({"until": "Schedule at most two years of meetings at once"})
    if board.cadence not in STEPS:
        raise ValidationError(
            "This board meets as needed, so add its meetings one at a time instead"
        )
    taken = set(board.meetings.values_list("date", flat=True))
    new = [
        Meeting(board=board, date=day, time=board.time, place=board.place)
        for day in cadence_dates(board, start, until)
        if day not in taken
    ]
    Meeting.objects.bulk_create(new)
    audit_record(
        authority=board.authority,
        actor=actor,
        verb="meetings scheduled",
        obj=board,
        changes={"dates": [m.date for m in new]},
    )
    return new


@transaction.atomic
def decision_record(*, meeting: Meeting, actor: User | None, text: str) -> MeetingOutcome:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the decision"})
    outcome = MeetingOutcome.objects.create(
        meeting=meeting, kind=MeetingOutcome.Kind.DECISION, text=text, recorded_by=actor
    )
    audit_record(
        authority=meeting.board.authority,
        actor=actor,
        verb="decision recorded",
        obj=meeting,
        changes={"decision": text},
    )
    return outcome


@transaction.atomic
def action_arising_record(
    *,
    meeting: Meeting,
    actor: User | None,
    plan: Plan,
    fields: ActionFields,
) -> tuple[MeetingOutcome, Action]:
    """Record an action arising: a real action in `plan` (through the plans service), linked
    back to the meeting."""
    if plan.authority_id != meeting.board.authority_id:
        raise ValidationError({"plan": "Choose a plan from this authority"})
    if not fields.owners:
        raise ValidationError({"owner": "Choose who owns the action"})
    if fields.due_date is None:
        raise ValidationError({"due_date": "Enter the deadline"})
    action = action_create(plan=plan, actor=actor, fields=fields)
    outcome = MeetingOutcome.objects.create(
        meeting=meeting,
        kind=MeetingOutcome.Kind.ACTION,
        text=action.text,
        action=action,
        recorded_by=actor,
    )
    audit_record(
        authority=meeting.board.authority,
        actor=actor,
        verb="action arising recorded",
        obj=meeting,
        changes={"action": action.reference},
    )
    return outcome, action


@transaction.atomic
def window_set(
    *,
    plan: Plan,
    actor: User | None,
    weekday: int,
    time: dt.time,
    remind_hours_before: int,
    stale_after_days: int,
    board: Board | None = None,
    expected_version: int | None = None,
) -> UpdateWindow:
    """Set when the plan's updates are due. ConflictError if someone saved the window since
    `expected_version` (0: the plan had none yet; None: a program's write, unchecked)."""
    errors: dict[str, str] = {}
    if not 0 <= weekday <= 6:
        errors["weekday"] = "Choose the day updates are due"
    if not 1 <= remind_hours_before <= 168:
        errors["remind_hours_before"] = "Enter a number of hours from 1 to 168"
    if not 1 <= stale_after_days <= 365:
        errors["stale_after_days"] = "Enter a number of days from 1 to 365"
    if board is not None and board.authority_id != plan.authority_id:
        errors["board"] = "Choose a board from this authority"
    if errors:
        raise ValidationError(errors)
    window, created = UpdateWindow.objects.get_or_create(plan=plan)
    if not created:
        version_claim(window, expected_version)
    elif expected_version not in (None, 0):  # it was deleted meanwhile: unusual, but told
        raise ConflictError(window)
    before = (
        {}
        if created
        else {
            "weekday": window.weekday,
            "time": window.time,
            "remind_hours_before": window.remind_hours_before,
            "stale_after_days": window.stale_after_days,
            "board": window.board,
        }
    )
    after = {
        "weekday": weekday,
        "time": time,
        "remind_hours_before": remind_hours_before,
        "stale_after_days": stale_after_days,
        "board": board,
    }
    for name, value in after.items():
        setattr(window, name, value)
    window.save(update_fields=list(after))
    audit_record(
        authority=plan.authority,
        actor=actor,
        verb="update window set",
        obj=plan,
        changes=diff(_loggable(before), _loggable(after)),
    )
    return window
