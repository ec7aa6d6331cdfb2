"""A chair's report to test with: Testshire's notice (dated 15 January 2019) with clause 3
and its measures 3.1 and 3.2, and a report for July 2019 with a draft addressee."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from stocktake.accounts.roles import Role
from stocktake.chair.models import ChairReport
from stocktake.chair.services import chair_report_start, chair_text_record
from stocktake.demo import factories
from stocktake.findings.choices import FindingKind, SourceKind
from stocktake.findings.models import Finding, Source
from stocktake.findings.services import FindingFields, SourceFields, finding_create, source_create

NOTICE_DAY = dt.date(2019, 1, 15)


@dataclass
class ChairBits:
    notice: Source
    m31: Finding
    m32: Finding
    report: ChairReport


def make_notice(authority: Any, published_on: dt.date | None = NOTICE_DAY) -> Source:
    return source_create(
        authority=authority,
        actor=None,
        fields=SourceFields(
            kind=SourceKind.IMPROVEMENT_NOTICE,
            title="Improvement Notice to Testshire, 2019",
            body="Department for Education",
            published_on=published_on,
        ),
    )


def make_measure(notice: Source, reference: str, text: str, parent: Finding | None = None):
    return finding_create(
        source=notice,
        actor=None,
        fields=FindingFields(
            reference=reference, text=text, kind=FindingKind.NOTICE_MEASURE, parent=parent
        ),
    )


def build_chair(world: Any) -> ChairBits:
    notice = make_notice(world.authority)
    clause = make_measure(notice, "3", "The effectiveness of help and protection")
    m31 = make_measure(notice, "3.1", "Agree an early help strategy with partners.", clause)
    m32 = make_measure(notice, "3.2", "Agree thresholds with partners.", clause)
    report = chair_report_start(
        plan=world.plan,
        notice=notice,
        period_start=dt.date(2019, 7, 1),
        period_end=dt.date(2019, 7, 31),
        actor=None,
    )
    chair_text_record(
        report=report, part="addressee", text="The Minister", final=False, actor=None,
        at=dt.datetime(2019, 7, 1, 9, tzinfo=dt.UTC),
    )  # fmt: skip
    return ChairBits(notice, m31, m32, report)


def extra_roles(world: Any) -> None:
    """The roles the shared world lacks: a quality lead, an auditor and an analyst."""
    for role in ("qa_lead", "auditor", "analyst"):
        if role not in world.users:
            world.users[role] = factories.make_user(world.authority, Role(role), username=role)
