"""Forms for boards, meetings, the update window, reviews and unblock requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from stocktake.core.forms import DateField, IntegerField, ModelChoiceField, limited, version_field
from stocktake.core.formtools import offer
from stocktake.core.parsing import parse_id, parse_int
from stocktake.governance.models import Board, Meeting, UpdateReview, UpdateWindow, Weekday
from stocktake.governance.services import BoardFields, MeetingFields
from stocktake.governance.services.reviews import MAX_COMMENT
from stocktake.people.models import Person
from stocktake.plans.models import Plan, Theme, Update
from stocktake.plans.services import ActionFields, OwnerSpec

TIME_ERROR = "Enter a time such as 17:00 or 9:30"


class TimeField(forms.TimeField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%H:%M", "%H.%M", "%H%M"])
        kwargs.setdefault("error_messages", {"invalid": TIME_ERROR})
        kwargs.setdefault("widget", forms.TimeInput(format="%H:%M"))
        super().__init__(**kwargs)


class BoardForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the board's name"})
    kind = forms.ChoiceField(
        choices=Board.Kind.choices, error_messages={"required": "Choose the kind of board"}
    )
    cadence = forms.ChoiceField(
        label="How often it meets",
        choices=Board.Cadence.choices,
        error_messages={"required": "Choose how often the board meets"},
    )
    weekday = forms.TypedChoiceField(
        label="Usual day",
        choices=[("", "No usual day"), *Weekday.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    time = TimeField(label="Usual time", required=False, help_text="For example, 10:00")
    place = forms.CharField(label="Usual place", max_length=200, required=False)
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    version = version_field()

    @staticmethod
    def initial_for(board: Board) -> dict[str, Any]:
        return {f: getattr(board, f) for f in BoardForm.base_fields}

    def to_fields(self) -> BoardFields:
        return BoardFields(**{k: v for k, v in self.cleaned_data.items() if k != "version"})


class MemberForm(forms.Form):
    person = ModelChoiceField(
        queryset=Person.objects.none(),
        error_messages={
            "required": "Choose a person from the register",
            "invalid_choice": "Choose a person from the register",
        },
    )
    role = forms.CharField(
        label="Role on the board",
        max_length=200,
        required=False,
        help_text="For example, Independent chair or DfE adviser",
    )
    is_chair = forms.BooleanField(label="Chairs the board", required=False)

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "person", Person.objects.filter(authority_id=board.authority_id))


class MeetingForm(forms.Form):
    date = DateField(label_noun="date of the meeting", help_text="For example, 27 6 2019")
    time = TimeField(required=False, help_text="For example, 10:00")
    place = forms.CharField(max_length=200, required=False)
    status = forms.ChoiceField(
        choices=Meeting.Status.choices,
        initial=Meeting.Status.SCHEDULED,
        error_messages={"required": "Choose the status of the meeting"},
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)

    version = version_field()

    @staticmethod
    def initial_for(meeting: Meeting) -> dict[str, Any]:
        return {f: getattr(meeting, f) for f in MeetingForm.base_fields}

    def to_fields(self) -> MeetingFields:
        return MeetingFields(**{k: v for k, v in self.cleaned_data.items() if k != "version"})


class ScheduleForm(forms.Form):
    start = DateField(label="From", label_noun="first date")
    until = DateField(label="Until", label_noun="last date")


class DecisionForm(forms.Form):
    text = forms.CharField(
        label="Decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the decision"},
    )


class ActionArisingForm(forms.Form):
    plan = ModelChoiceField(
        queryset=Plan.objects.none(),
        error_messages={
            "required": "Choose the plan the action belongs to",
            "invalid_choice": "Choose a plan from this authority",
        },
    )
    theme = ModelChoiceField(queryset=Theme.objects.none(), required=False)
    reference = forms.CharField(
        max_length=40,
        help_text="For example, IB1",
        error_messages={"required": "Enter a reference, for example IB1"},
    )
    text = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what the action is"},
    )
    owner = ModelChoiceField(
        queryset=Person.objects.none(),
        error_messages={
            "required": "Choose who owns the action",
            "invalid_choice": "Choose a person from the register",
        },
    )
    due_date = DateField(label="Deadline", label_noun="deadline")

    def __init__(self, *args: Any, authority_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "plan", Plan.objects.filter(authority_id=authority_id))
        offer(
            self,
            "theme",
            Theme.objects.filter(plan__authority_id=authority_id).select_related("plan"),
            lambda t: f"{t.plan.name}: {t.name}",
        )
        offer(self, "owner", Person.objects.filter(authority_id=authority_id))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        plan, theme = data.get("plan"), data.get("theme")
        if plan and theme and theme.plan_id != plan.pk:
            self.add_error("theme", "Choose a theme from the plan you chose")
        return data

    def to_fields(self) -> ActionFields:
        data = self.cleaned_data
        return ActionFields(
            reference=data["reference"],
            text=data["text"],
            theme=data.get("theme"),
            due_date=data["due_date"],
            deadline_text=f"{data['due_date']:%d/%m/%Y}",
            owners=[OwnerSpec(data["owner"])],
        )


class WindowForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label="Updates due on",
        choices=Weekday.choices,
        coerce=int,
        error_messages={"required": "Choose the day updates are due"},
    )
    time = TimeField(
        label="Updates due by",
        error_messages={
            "required": "Enter the time updates are due",
            "invalid": TIME_ERROR,
        },
    )
    remind_hours_before = IntegerField(
        label="Send reminders this many hours before",
        min_value=1,
        max_value=168,
        error_messages={
            "required": "Enter how many hours before to send reminders",
            "invalid": "Enter a whole number of hours",
            "min_value": "Enter a number of hours from 1 to 168",
            "max_value": "Enter a number of hours from 1 to 168",
        },
    )
    stale_after_days = IntegerField(
        label="An action is stale after this many days without an update",
        min_value=1,
        max_value=365,
        error_messages={
            "required": "Enter after how many days an action is stale",
            "invalid": "Enter a whole number of days",
            "min_value": "Enter a number of days from 1 to 365",
            "max_value": "Enter a number of days from 1 to 365",
        },
    )
    board = ModelChoiceField(
        label="For the meeting of", queryset=Board.objects.none(), required=False
    )
    version = version_field()  # 0 while the plan has no window saved

    @staticmethod
    def initial_for(window: UpdateWindow) -> dict[str, Any]:
        names = ["weekday", "time", "remind_hours_before", "stale_after_days"]
        initial: dict[str, Any] = {name: getattr(window, name) for name in names}
        return initial | {"board": window.board_id, "version": window.version if window.pk else 0}

    def __init__(self, *args: Any, authority_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "board", Board.objects.filter(authority_id=authority_id))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=UpdateReview.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to accept or return the update"},
    )
    comment = limited(
        forms.CharField(
            label="Comment for the owner",
            widget=forms.Textarea(attrs={"rows": 4}),
            required=False,
            help_text="Needed if you return the update",
        ),
        MAX_COMMENT,
    )
    expected = IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("decision") == UpdateReview.Decision.RETURNED
            and not (data.get("comment") or "").strip()
        ):
            self.add_error("comment", "Enter what the owner needs to change")
        return data


def accept_tokens(updates: list[Update]) -> list[str]:
    """What the confirmation of a bulk accept posts for each update: its id and the version of
    its action as shown ("12.3"), so a stale confirmation accepts nothing."""
    return [f"{update.pk}.{update.action.version}" for update in updates]


def parse_accept_tokens(values: list[str]) -> dict[int, int]:
    """The update ids and action versions a confirmation posted; anything unreadable is left
    out (and so makes the confirmation stale)."""
    tokens: dict[int, int] = {}
    for value in values:
        pk, _, version = str(value).partition(".")
        update_id, action_version = parse_id(pk), parse_int(version, minimum=0)
        if update_id is not None and action_version is not None:
            tokens[update_id] = action_version
    return tokens


class UnblockForm(forms.Form):
    ask = limited(
        forms.CharField(
            label="What is the chief executive's meeting asked to do?",
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={"required": "Enter what the chief executive's meeting is asked to do"},
        ),
        MAX_COMMENT,
    )


class ResolveForm(forms.Form):
    resolution = limited(
        forms.CharField(
            label="How was it resolved?",
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"required": "Enter how the block was resolved"},
        ),
        MAX_COMMENT,
    )


def default_schedule(today: dt.date) -> dict[str, dt.date]:
    return {"start": today, "until": today + dt.timedelta(days=182)}
