"""The governance cycle: boards and their meetings, each plan's update window, reminders sent,
the review of posted updates, and the corporate "unblock" asks that make an exception.

Reviews and unblock requests are insert-only records of decisions; an update's review state
is its newest review (or "submitted" if it has none).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from stocktake.accounts.models import Authority
from stocktake.core.constraints import choice_check
from stocktake.people.models import Person
from stocktake.plans.models import Action, Plan, Update


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class Board(models.Model):
    """A board or meeting that oversees the improvement work, with its members and cadence."""

    authority_path = "authority"

    class Kind(models.TextChoices):
        IMPROVEMENT_BOARD = "improvement_board", "Improvement Board"
        MANAGEMENT_TEAM = "management_team", "Management team"
        CHIEF_EXECUTIVE = "chief_executive", "Chief executive's meeting"
        SCRUTINY = "scrutiny", "Scrutiny committee"
        PARTNERSHIP = "partnership", "Partnership board"

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        FORTNIGHTLY = "fortnightly", "Fortnightly"
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        AS_NEEDED = "as_needed", "As needed"

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="boards")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    cadence = models.CharField(max_length=20, choices=Cadence.choices, default=Cadence.MONTHLY)
    weekday = models.PositiveSmallIntegerField(
        "Usual day", choices=Weekday.choices, null=True, blank=True
    )
    time = models.TimeField("Usual time", null=True, blank=True)
    place = models.CharField("Usual place", max_length=200, blank=True)
    purpose = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="board_name_unique"),
            models.CheckConstraint(
                condition=models.Q(weekday__isnull=True) | models.Q(weekday__lte=6),
                name="board_weekday_valid",
            ),
            choice_check(
                "kind",
                [
                    "improvement_board",
                    "management_team",
                    "chief_executive",
                    "scrutiny",
                    "partnership",
                ],
                name="board_kind_valid",
            ),
            choice_check(
                "cadence",
                ["weekly", "fortnightly", "monthly", "quarterly", "as_needed"],
                name="board_cadence_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BoardMember(models.Model):
    """A person from the register who sits on a board, with their role on it."""

    authority_path = "board__authority"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="board_seats")
    role = models.CharField(max_length=200, blank=True, help_text="For example, Independent chair")
    is_chair = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_chair", "person__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["board", "person"], name="board_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.role})" if self.role else str(self.person)


class Meeting(models.Model):
    """One sitting of a board. Its papers are issued reports (`reports.Report.meeting`)."""

    authority_path = "board__authority"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    time = models.TimeField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "time", "id"]
        constraints = [
            models.UniqueConstraint(fields=["board", "date"], name="meeting_once_a_day"),
            choice_check("status", ["scheduled", "held", "cancelled"], name="meeting_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.board.name}, {self.date:%-d %B %Y}"


class MeetingOutcome(models.Model):
    """A decision recorded at a meeting, or an action arising (which is a real plan action)."""

    authority_path = "meeting__board__authority"

    class Kind(models.TextChoices):
        DECISION = "decision", "Decision"
        ACTION = "action", "Action arising"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField()
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="arising_from"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            choice_check("kind", ["decision", "action"], name="meeting_outcome_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class UpdateWindow(models.Model):
    """When a plan's weekly updates are due (e.g. Tuesday 17:00 for Wednesday's meeting)."""

    authority_path = "plan__authority"

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="update_window")
    weekday = models.PositiveSmallIntegerField(
        "Updates due on", choices=Weekday.choices, default=Weekday.TUESDAY
    )
    time = models.TimeField("Updates due by", default=dt.time(17, 0))
    remind_hours_before = models.PositiveIntegerField(default=24)
    stale_after_days = models.PositiveIntegerField(default=14)
    board = models.ForeignKey(
        Board,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="update_windows",
        help_text="The meeting the updates are for",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="window_weekday_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.get_weekday_display()} {self.time:%H:%M}"


class Reminder(models.Model):
    """One reminder to one owner for one window. Unique, so a window's reminder goes once;
    a failed one keeps its row and is retried on the next run. "Sending" is recorded before
    the email is handed to the mail server (outside any transaction) and replaced by the
    outcome; a run that stops in between leaves it "sending", and it is not sent again."""

    authority_path = "plan__authority"

    class Status(models.TextChoices):
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reminders")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reminders")
    window_closes_at = models.DateTimeField()
    email = models.EmailField()
    actions = models.JSONField(default=list, help_text="[{id, reference, why}] as listed")
    status = models.CharField(max_length=10, choices=Status.choices)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    sending_since = models.DateTimeField(
        null=True, blank=True, help_text="When the current attempt handed it to the mail server"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-window_closes_at", "person__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "person", "window_closes_at"], name="reminder_once_per_window"
            ),
            choice_check("status", ["sending", "sent", "failed"], name="reminder_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.person} for {self.window_closes_at:%d %b %Y %H:%M}: {self.status}"


class UpdateReview(models.Model):
    """A lead's decision on a posted update: accepted, or returned to the owner with a comment."""

    authority_path = "update__action__plan__authority"

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        RETURNED = "returned", "Returned to the owner"

    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    comment = models.TextField(blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When the decision took effect: an accepted update's proposals become the action's
    # accepted state at this time.
    recorded_at = models.DateTimeField(default=timezone.now)
    # Accepted without a review because a lead posted it and the setting
    # STOCKTAKE_LEADS_UPDATES_ACCEPTED is on; shown as such, never as a review.
    automatic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision__in=["accepted", "returned"]),
                name="update_review_decision_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision="returned") | ~models.Q(comment=""),
                name="update_review_return_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.update} {self.decision}"


class UnblockRequest(models.Model):
    """A lead's flag that an action needs corporate unblocking, with the ask written out."""

    authority_path = "action__plan__authority"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="unblock_requests")
    ask = models.TextField(help_text="What the chief executive's meeting is asked to do")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action.reference}: {self.ask[:60]}"
