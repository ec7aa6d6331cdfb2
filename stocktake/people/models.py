from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from stocktake.accounts.models import Authority
from stocktake.core.tenancy import authority_lookup


class PersonQuerySet(models.QuerySet["Person"]):
    def in_authority(self, authority: Authority) -> PersonQuerySet:
        return self.filter(**authority_lookup(self.model, authority))


class Person(models.Model):
    """Someone accountable for actions: a council officer, a partner agency lead, a chair.

    Owners in a plan are people from this register, never free text. A person may be linked
    to the user account they sign in with, which is how "my actions" finds their work.
    """

    authority_path = "authority"

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "authority", Lower("name"), Lower("job_title"), name="person_unique_in_authority"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "Name – Job title", the way plans write an accountable person."""
        return f"{self.name} – {self.job_title}" if self.job_title else self.name
