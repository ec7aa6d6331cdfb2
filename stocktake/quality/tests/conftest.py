"""Case-audit fixtures on top of the shared `world`: Testshire gets a QA lead, two auditors
(each a person in the register, signed in as their own user), a team manager, a framework
of two domains and a round of four cases, two for each auditor; Otherborough gets a round
Testshire must never reach."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from stocktake.accounts.models import User
from stocktake.accounts.roles import Role
from stocktake.demo import factories
from stocktake.people.models import Person
from stocktake.quality.models import AuditRound, CaseAudit, Framework
from stocktake.quality.services import (
    AuditFields,
    DomainSpec,
    RoundFields,
    audit_save,
    framework_create,
    round_create,
)
from stocktake.reports.tests.conftest import rw  # noqa: F401 - the reports fixture, shared

DOMAINS = [
    DomainSpec("Voice of the child", "Is the child seen and heard?\nIs their view recorded?"),
    DomainSpec("Management oversight", "Is there clear, recorded management direction?"),
]


@dataclass
class QaWorld:
    framework: Framework
    round: AuditRound
    audits: list[CaseAudit]  # 1001, 1003 (auditor A), 1002, 1004 (auditor B)
    qa_lead: User
    auditor: User  # "auditor": A
    auditor_person: Person
    other_auditor: User
    other_person: Person
    manager: Person
    other_round: AuditRound
    other_audit: CaseAudit

    @property
    def domains(self) -> list[Any]:
        return list(self.round.version.domains.all())


def make_framework(authority: Any, name: str = "Practice audit") -> Framework:
    return framework_create(authority=authority, actor=None, name=name, domains=DOMAINS)


def make_round(
    authority: Any,
    framework: Framework,
    references: list[str],
    auditors: list[Person],
    title: str = "Monthly audit – June 2019",
    due: dt.date = dt.date(2019, 6, 28),
    share: int = 10,
) -> AuditRound:
    return round_create(
        authority=authority,
        actor=None,
        fields=RoundFields(
            title=title, version=framework.current, due_date=due, moderation_share=share
        ),
        references=references,
        auditors=auditors,
    )


def complete(
    audit: CaseAudit,
    overall: str,
    domains: list[str],
    on: dt.date,
    actor: User | None = None,
) -> CaseAudit:
    """Complete `audit` through the service with these grades (one per domain, in order)."""
    version = audit.round.version
    grades = {d.pk: g for d, g in zip(version.domains.all(), domains, strict=True)}
    return audit_save(
        audit=audit,
        actor=actor,
        fields=AuditFields(
            grades=grades,
            overall_grade=overall,
            strengths="Visits are regular and purposeful.",
            development="Plans need clear timescales.",
            child_voice="The child said she feels listened to.",
            completed_on=on,
        ),
        complete=True,
        today=max(on, dt.date(2019, 12, 31)),
    )


@pytest.fixture
def qa(world) -> QaWorld:
    return build_qa(world)


def build_qa(world: Any) -> QaWorld:
    authority = world.authority
    qa_lead = factories.make_user(authority, Role.QA_LEAD, username="qa_lead")
    auditor = factories.make_user(authority, Role.AUDITOR, username="auditor")
    other_auditor = factories.make_user(authority, Role.AUDITOR, username="auditor2")
    world.users.update({"qa_lead": qa_lead, "auditor": auditor, "auditor2": other_auditor})
    auditor_person = factories.make_person(authority, "Ada Auditor", "Senior auditor", user=auditor)
    other_person = factories.make_person(authority, "Bea Auditor", "Auditor", user=other_auditor)
    factories.make_person(authority, "Quinn Lead", "Head of QA", user=qa_lead)
    manager = factories.make_person(authority, "Tom Manager", "Team manager")
    manager.email = "tom.manager@example.org"
    manager.save()
    framework = make_framework(authority)
    audit_round = make_round(
        authority, framework, ["1001", "1002", "1003", "1004"], [auditor_person, other_person]
    )
    audits = list(audit_round.audits.order_by("case_reference"))
    other_framework = make_framework(world.other)
    other_person_there = factories.make_person(world.other, "Olu Other", "Auditor")
    other_round = make_round(world.other, other_framework, ["9001"], [other_person_there])
    return QaWorld(
        framework,
        audit_round,
        audits,
        qa_lead,
        auditor,
        auditor_person,
        other_auditor,
        other_person,
        manager,
        other_round,
        other_round.audits.get(),
    )
