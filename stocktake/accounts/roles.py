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
    QA_LEAD = "qa_lead", "Quality assurance lead"
    AUDITOR = "auditor", "Case auditor"
    ANALYST = "analyst", "Performance analyst"


class Capability(StrEnum):
    VIEW = "view"
    POST_UPDATE = "post_update"  # partners: only on actions they own
    EDIT_PLAN = "edit_plan"
    MANAGE_PEOPLE = "manage_people"
    VIEW_AUTHORITY_AUDIT = "view_authority_audit"
    REVIEW_UPDATES = "review_updates"  # accept or return posted updates; flag exceptions
    RUN_GOVERNANCE = "run_governance"  # boards, meetings, update windows
    ISSUE_REPORTS = "issue_reports"  # generate and issue board reports
    # Case-file audits (quality assurance).
    VIEW_AUDITS = "view_audits"  # every audit of the authority and their results
    RUN_AUDITS = "run_audits"  # frameworks, the programme, assignments, moderation, learning
    RECORD_AUDITS = "record_audits"  # auditors: only the audits assigned to them
    # Child-level data (Annex A extracts, the workforce return).
    MANAGE_CHILD_DATA = "manage_child_data"  # upload, apply and delete extracts and returns
    VIEW_CHILD_RECORDS = "view_child_records"  # pseudonymised record level; always audited


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
            Capability.VIEW_AUDITS,
        }
    ),
    Role.OWNER: frozenset({Capability.VIEW, Capability.POST_UPDATE}),
    Role.PARTNER: frozenset({Capability.VIEW, Capability.POST_UPDATE}),
    Role.VIEWER: frozenset({Capability.VIEW}),
    Role.QA_LEAD: frozenset(
        {Capability.VIEW, Capability.VIEW_AUDITS, Capability.RUN_AUDITS, Capability.RECORD_AUDITS}
    ),
    Role.AUDITOR: frozenset({Capability.VIEW, Capability.RECORD_AUDITS}),
    Role.ANALYST: frozenset(
        {Capability.VIEW, Capability.MANAGE_CHILD_DATA, Capability.VIEW_CHILD_RECORDS}
    ),
}

# Roles whose update rights are limited to the actions they are an owner of.
OWN_ACTIONS_ONLY = frozenset({Role.PARTNER})
# Roles that see and record only the audits assigned to them.
OWN_AUDITS_ONLY = frozenset({Role.AUDITOR})


def role_can(role: str, capability: Capability) -> bool:
    return capability in ROLE_CAPABILITIES.get(role, frozenset())
