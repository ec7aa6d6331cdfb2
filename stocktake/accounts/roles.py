"""Roles a member can hold in an authority, and what each may do.

One table decides every permission check in the app, so the permission matrix in the tests
and the behaviour of the pages cannot drift apart.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    LEAD = "lead", "Improvement lead"
    OWNER = "owner", "Action owner"
    PARTNER = "partner", "Partner agency contributor"
    VIEWER = "viewer", "Viewer (read only)"


class Capability(StrEnum):
    VIEW = "view"
    POST_UPDATE = "post_update"  # partners: only on actions they own
    EDIT_PLAN = "edit_plan"
    MANAGE_PEOPLE = "manage_people"
    VIEW_AUTHORITY_AUDIT = "view_authority_audit"
    REVIEW_UPDATES = "review_updates"  # accept or return posted updates; flag exceptions
    RUN_GOVERNANCE = "run_governance"  # boards, meetings, update windows
    ISSUE_REPORTS = "issue_reports"  # generate and issue board reports


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ADMIN: frozenset(Capability),
    Role.LEAD: frozenset(
        {
            Capability.VIEW,
            Capability.POST_UPDATE,
            Capability.EDIT_PLAN,
            Capability.MANAGE_PEOPLE,
            Capability.REVIEW_UPDATES,
            Capability.RUN_GOVERNANCE,
            Capability.ISSUE_REPORTS,
        }
    ),
    Role.OWNER: frozenset({Capability.VIEW, Capability.POST_UPDATE}),
    Role.PARTNER: frozenset({Capability.VIEW, Capability.POST_UPDATE}),
    Role.VIEWER: frozenset({Capability.VIEW}),
}

# Roles whose update rights are limited to the actions they are an owner of.
OWN_ACTIONS_ONLY = frozenset({Role.PARTNER})


def role_can(role: str, capability: Capability) -> bool:
    return capability in ROLE_CAPABILITIES.get(role, frozenset())
