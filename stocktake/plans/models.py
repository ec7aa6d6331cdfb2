from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from stocktake.accounts.models import Authority
from stocktake.core.constraints import choice_check
from stocktake.people.models import Person
from stocktake.plans.choices import DeliveryStatus, ImpactStatus, Part, PlanKind, Rag
from stocktake.plans.querysets import ActionQuerySet, PlanQuerySet
from stocktake.plans.weeks import PlanWeek, week_number, week_start, weeks_between


class Plan(models.Model):
    authority_path = "authority"

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="plans")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=PlanKind.choices, default=PlanKind.IMPROVEMENT)
    start_date = models.DateField()
    end_date = models.DateField()
    week1_date = models.DateField(
        "Week 1 starts on", help_text="The date of week 1, so that “Week N” maps to a date."
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="plan_name_unique"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="plan_ends_after_start",
            ),
            choice_check("kind", PlanKind.values, name="plan_kind_valid"),
            # The pair a composite foreign key refers to (ADR 0017).
            models.UniqueConstraint(fields=["id", "authority"], name="plan_id_authority"),
        ]

    def __str__(self) -> str:
        return self.name

    def week_of(self, day: dt.date) -> int:
        return week_number(self.week1_date, day)

    def week_start(self, number: int) -> dt.date:
        return week_start(self.week1_date, number)

    @property
    def weeks(self) -> list[PlanWeek]:
        return weeks_between(self.week1_date, self.start_date, self.end_date)

    def week_containing(self, day: dt.date) -> PlanWeek:
        """The plan week a date falls in (weeks start on the week-1 date's weekday)."""
        number = self.week_of(day)
        return PlanWeek(number, self.week_start(number))

    @property
    def first_week(self) -> int:
        return self.week_of(self.start_date)

    @property
    def last_week(self) -> int:
        return self.week_of(self.end_date)


class Theme(models.Model):
    authority_path = "plan__authority"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="theme_name_unique_in_plan"),
            models.UniqueConstraint(fields=["id", "plan"], name="theme_id_plan"),
        ]

    def __str__(self) -> str:
        return self.name


class Action(models.Model):
    authority_path = "plan__authority"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    number = models.PositiveIntegerField(default=0, help_text="Row number in the plan")
    reference = models.CharField(max_length=40)
    text = models.TextField()
    impact = models.TextField("Anticipated impact on the quality of practice", blank=True)
    outcome = models.TextField("Outcome for children and families", blank=True)
    deadline_text = models.CharField("Deadline as written", max_length=200, blank=True)
    due_start = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True, db_index=True)
    joint_delivery = models.BooleanField(default=False)
    # Current position. Each change also writes an insert-only StatusChange row.
    delivery_status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.NOT_STARTED
    )
    impact_status = models.CharField(
        max_length=20, choices=ImpactStatus.choices, default=ImpactStatus.NOT_YET_EVIDENCED
    )
    rag = models.CharField("RAG", max_length=10, choices=Rag.choices, blank=True)
    related = models.ManyToManyField("self", blank=True, symmetrical=True)
    cross_references = models.CharField(
        max_length=200, blank=True, help_text="References to other actions, as written"
    )
    extra = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    # When Stocktake learned of the action: now for anything typed in the app; an imported
    # plan may be recorded as at the document's own date. The state as of an earlier moment
    # does not include it.
    recorded_at = models.DateTimeField(default=timezone.now)
    # The action this one continues from an earlier phase (its reference and history).
    carried_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "reference"], name="action_ref_unique_in_plan"),
            choice_check("delivery_status", DeliveryStatus.values, name="action_delivery_valid"),
            choice_check("impact_status", ImpactStatus.values, name="action_impact_valid"),
            choice_check("rag", [*Rag.values, ""], name="action_rag_valid"),
        ]
        indexes = [models.Index(fields=["plan", "delivery_status"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.text[:80]}"

    @property
    def is_complete(self) -> bool:
        return self.delivery_status == DeliveryStatus.COMPLETE


class ActionOwner(models.Model):
    authority_path = "action__plan__authority"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="owners")
    # RESTRICT: a person who owns actions cannot be deleted on their own, but deleting a
    # whole authority (which deletes its plans too) is allowed.
    person = models.ForeignKey(Person, on_delete=models.RESTRICT, related_name="ownerships")
    part = models.CharField(max_length=10, choices=Part.choices, blank=True)

    class Meta:
        ordering = ["part", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "person", "part"], name="owner_once_per_part"
            ),
            choice_check("part", Part.values, name="owner_part_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_part_display()})" if self.part else str(self.person)


class Update(models.Model):
    """A dated progress update. Insert-only: corrections are new updates.

    `origin` says how it arrived: posted by an owner in the weekly cycle (and so reviewed by
    a lead before it reaches an issued report) or imported from a plan as already written.
    A posted update *proposes* a RAG and delivery and impact statuses; they become the
    action's accepted state only when a lead accepts the update (`StatusChange` rows dated by
    the acceptance). An imported update counts as accepted at its recorded time.
    """

    authority_path = "action__plan__authority"

    class Origin(models.TextChoices):
        POSTED = "posted", "Posted in Stocktake"
        IMPORTED = "imported", "Imported from the plan"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    # The day the update speaks of. None: its source gave no date (an imported update under
    # no week or dated heading); it is shown as undated, imported on `recorded_at`'s day, and
    # never as if written on the day it was imported.
    date = models.DateField(null=True, blank=True)
    week = models.IntegerField(null=True, blank=True)
    part = models.CharField(max_length=10, choices=Part.choices, blank=True)
    text = models.TextField()
    rag = models.CharField("RAG", max_length=10, choices=Rag.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.POSTED)
    # Proposed with the update; blank means "no change proposed". `rag` above is proposed too.
    delivery_status = models.CharField(max_length=20, choices=DeliveryStatus.choices, blank=True)
    impact_status = models.CharField(max_length=20, choices=ImpactStatus.choices, blank=True)
    reason = models.TextField(blank=True, help_text="Why it is red, off track or blocked")
    # The one-time token of the form it was posted from, so that the same form sent twice
    # (Back and resubmit, a double click) posts one update.
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # When Stocktake learned of it: when it was posted, or the import's recorded time.
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = [models.F("date").desc(nulls_last=True), "-id"]
        indexes = [models.Index(fields=["action", "date"])]
        constraints = [
            choice_check("part", Part.values, name="update_part_valid"),
            choice_check("rag", [*Rag.values, ""], name="update_rag_valid"),
            choice_check("origin", ["posted", "imported"], name="update_origin_valid"),
            choice_check(
                "delivery_status", [*DeliveryStatus.values, ""], name="update_delivery_valid"
            ),
            choice_check("impact_status", [*ImpactStatus.values, ""], name="update_impact_valid"),
            models.UniqueConstraint(fields=["id", "action"], name="update_id_action"),
        ]

    def __str__(self) -> str:
        when = f"{self.date:%d %b %Y}" if self.date else "undated"
        return f"{self.action.reference} update {when}"


class StatusChange(models.Model):
    """An insert-only record of a change to an action's accepted delivery status, impact
    status or RAG, with its reason. `recorded_at` is when the change was accepted (the
    review's time; an imported update's recorded time); `update` is the update it came from.
    """

    authority_path = "action__plan__authority"

    class Field(models.TextChoices):
        DELIVERY = "delivery", "Delivery status"
        IMPACT = "impact", "Impact status"
        RAG = "rag", "RAG rating"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="status_changes")
    update = models.ForeignKey(
        Update, null=True, blank=True, on_delete=models.SET_NULL, related_name="status_changes"
    )
    field = models.CharField(max_length=10, choices=Field.choices)
    old_value = models.CharField(max_length=20, blank=True)
    new_value = models.CharField(max_length=20)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the change took effect. Services set both to the acceptance's time; `changed_at`
    # is kept for the readers that already use it.
    changed_at = models.DateTimeField(default=timezone.now)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["action", "recorded_at"])]
        constraints = [
            choice_check("field", ["delivery", "impact", "rag"], name="status_change_field_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.action.reference} {self.field}: {self.old_value} → {self.new_value}"


class ActionRevision(models.Model):
    """What an action said from `recorded_at` on: its wording, theme, owners and deadline.

    Insert-only: one row when the action is created and one for each edit, so the state as
    of any date shows the owners and deadline in force then. `owners` is a list of
    [person id, part] pairs.
    """

    authority_path = "action__plan__authority"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="revisions")
    recorded_at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reference = models.CharField(max_length=40)
    text = models.TextField()
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deadline_text = models.CharField(max_length=200, blank=True)
    due_start = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    owners = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["action", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.reference} as recorded {self.recorded_at:%d %b %Y %H:%M}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.action.plan.authority_id}/{instance.action_id}/{filename}"


class Evidence(models.Model):
    """A file or a link showing that something was done. Served only through a scoped view."""

    authority_path = "action__plan__authority"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    update = models.ForeignKey(
        Update, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=evidence_path, blank=True, max_length=300)
    original_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    link = models.URLField(max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(link=""), name="evidence_file_or_link"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Measure(models.Model):
    """A "measure of success" written in a plan, kept with its theme.

    Plans list these after each workstream; they become indicators once the indicators
    capability exists. Until then they are kept, shown and exported as written.
    """

    authority_path = "plan__authority"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="measures"
    )
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class PhaseClosure(models.Model):
    """The close of a phase (a 12-week plan): its final position, frozen. Insert-only.

    `position` is the state of every action as of `recorded_at` (see `plans.history`),
    written once; unfinished actions were carried into `next_plan`.
    """

    authority_path = "plan__authority"

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="closure")
    next_plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="opened_by"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.plan} closed {self.recorded_at:%d %b %Y}"


class PhaseNarrative(models.Model):
    """A phase's account of itself, in seed 000's template. Insert-only: each save is a new
    version, so a paper as of a date prints the version written by then."""

    authority_path = "plan__authority"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="narratives")
    gone_well = models.TextField("What has gone well?")
    learned = models.TextField("What have we learned?")
    needs_attention = models.TextField("What needs further attention?")
    priority_1 = models.TextField("First priority for the next phase")
    priority_2 = models.TextField("Second priority for the next phase")
    priority_3 = models.TextField("Third priority for the next phase")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.plan} narrative of {self.recorded_at:%d %b %Y %H:%M}"

    @property
    def priorities(self) -> list[str]:
        return [self.priority_1, self.priority_2, self.priority_3]
