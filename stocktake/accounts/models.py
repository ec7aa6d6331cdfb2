from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from stocktake.accounts.roles import Capability, Role, role_can


class User(AbstractUser):
    """A person who signs in. `is_demo` accounts are refused in production."""

    is_demo = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Authority(models.Model):
    """A local authority: the top-level scope every other record belongs to."""

    authority_path = "pk"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    la_code = models.CharField("DfE local authority code", max_length=3, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def for_user(self, user: User) -> MembershipQuerySet:
        # With the member's last visit, which the navigation's "This week" figure reads.
        return self.filter(user=user).select_related("authority", "visit")


class Membership(models.Model):
    authority_path = "authority"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "authority"], name="one_membership_per_user"),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.authority}"

    def can(self, capability: Capability) -> bool:
        return role_can(self.role, capability)


class SignInThrottle(models.Model):
    """How many sign-in attempts a username (lower-cased) has had in its current window.

    One row per username, counted by a single conditional UPDATE before the password is
    checked (`accounts.throttle`), so parallel attempts cannot all slip past the limit. Kept
    in the database so every web process counts the same attempts.
    """

    username = models.CharField(max_length=150, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    window_started = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.username}: {self.attempts} since {self.window_started:%Y-%m-%d %H:%M}"


class Visit(models.Model):
    """When a member last looked at their authority's "This week", and the visit before, so
    a reader can be told what changed since they were last here. One row per membership;
    a look within `NEW_VISIT_AFTER` of the last one is the same visit."""

    authority_path = "membership__authority"

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="visit")
    last_at = models.DateTimeField()
    previous_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.membership} last visited {self.last_at:%d %b %Y %H:%M}"
