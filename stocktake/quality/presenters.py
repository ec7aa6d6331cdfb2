"""Display values for audits: grade tags, both grades side by side, action states."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from stocktake.quality.choices import Grade
from stocktake.quality.models import AuditAction, CaseAudit, Domain

GRADE_LABELS = dict(Grade.choices)
GRADE_COLOURS: dict[str, str] = {
    Grade.OUTSTANDING: "govuk-tag--green",
    Grade.GOOD: "govuk-tag--turquoise",
    Grade.REQUIRES_IMPROVEMENT: "govuk-tag--yellow",
    Grade.INADEQUATE: "govuk-tag--red",
}


def grade_label(grade: str) -> str:
    return GRADE_LABELS.get(grade, "Not graded")


def grade_colour(grade: str) -> str:
    return GRADE_COLOURS.get(grade, "govuk-tag--grey")


@dataclass
class DomainRow:
    domain: Domain
    grade: str
    moderated: str | None
    reason: str

    @property
    def changed(self) -> bool:
        return self.moderated is not None and self.moderated != self.grade


@dataclass
class ActionRow:
    action: AuditAction
    state: str
    colour: str


def action_state(action: AuditAction, today: dt.date) -> tuple[str, str]:
    if action.completed_on:
        late = (action.completed_on - action.due_date).days
        if late > 0:
            return f"Done {action.completed_on:%-d %B %Y}, {late} day{'s' * (late != 1)} late", (
                "govuk-tag--orange"
            )
        return f"Done {action.completed_on:%-d %B %Y}", "govuk-tag--green"
    if action.due_date < today:
        days = (today - action.due_date).days
        return f"{days} day{'s' * (days != 1)} overdue", "govuk-tag--red"
    return "Open", "govuk-tag--blue"


@dataclass
class AuditView:
    domains: list[DomainRow]
    moderation: Any
    actions: list[ActionRow]
    concerns: list[Any]
    tags: list[Any]


def audit_view(audit: CaseAudit, today: dt.date) -> AuditView:
    grades = {g.domain_id: g.grade for g in audit.grades.all()}
    moderation = getattr(audit, "moderation", None)
    moderated = (
        {g.domain_id: (g.grade, g.reason) for g in moderation.grades.all()} if moderation else {}
    )
    rows = [
        DomainRow(
            d,
            grades.get(d.pk, ""),
            moderated[d.pk][0] if d.pk in moderated else None,
            moderated[d.pk][1] if d.pk in moderated else "",
        )
        for d in audit.round.version.domains.all()
    ]
    actions = [
        ActionRow(a, *action_state(a, today))
        for a in audit.actions.select_related("owner").order_by("due_date", "id")
    ]
    return AuditView(
        domains=rows,
        moderation=moderation,
        actions=actions,
        concerns=list(audit.concerns.order_by("-raised_at")),
        tags=list(audit.tags.select_related("theme", "domain")),
    )
