"""The governance cycle: boards and their meetings, each plan's update window, reminders sent,
the review of posted updates, and the corporate "unblock" asks that make an exception.

Reviews and unblock requests are insert-only records of decisions; an update's review state
is its newest review (or "submitted" if it has none).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from stocktake.plans.models import Action, Update


class UpdateReview(models.Model):
    """A lead's decision on a posted update: accepted, or returned to the owner with a comment."""

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

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="unblock_requests")
    ask = models.TextField(help_text="What the chief executive's meeting is asked to do")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action.reference}: {self.ask[:60]}"
