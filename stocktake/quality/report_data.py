"""What the monthly audit report and the board pack's QA section know about a month, as of a
day: only audits completed on or before that day and recorded by the end of it, moderation
dated and recorded by then, actions raised and completed by then. Nothing later."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from stocktake.accounts.models import Authority
from stocktake.quality.choices import GOOD_OR_BETTER, Grade
from stocktake.quality.measures import month_of
from stocktake.quality.models import (
    AuditAction,
    AuditRound,
    CaseAudit,
    ModeratedGrade,
    Moderation,
    SafeguardingConcern,
    ThemeTag,
)
from stocktake.quality.querysets import end_of

MONTHS_SHOWN = 6


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass
class Audited:
    audit: CaseAudit
    grade: str  # the grade that counts as of the day
    domains: dict[str, tuple[str, str]]  # code → (domain name, grade that counts)
    moderation: Moderation | None

    @property
    def day(self) -> dt.date:
        """The day the audit was completed (every audit here is completed)."""
        assert self.audit.completed_on is not None
        return self.audit.completed_on


@dataclass
class Changed:
    case: str
    what: str
    auditor: str
    moderator: str
    reason: str


@dataclass
class QaPeriod:
    start: dt.date
    end: dt.date
    as_of: dt.date
    audited: list[Audited] = field(default_factory=list)  # every audit known, any month
    due: int = 0  # audits due in the period
    due_done: int = 0  # of those, completed (as known) by the day
    moderated: list[Moderation] = field(default_factory=list)  # in the period
    changed: list[Changed] = field(default_factory=list)
    overdue: list[AuditAction] = field(default_factory=list)  # on the day
    actions_raised: int = 0
    actions_done: int = 0
    concerns_raised: int = 0
    concerns_open: list[SafeguardingConcern] = field(default_factory=list)
    themes: Counter[str] = field(default_factory=Counter)
    illustrative: bool = False

    @property
    def in_period(self) -> list[Audited]:
        return [a for a in self.audited if self.start <= a.day <= self.end]

    def months(self) -> list[tuple[dt.date, list[Audited]]]:
        """The period's month and the five before it, with the audits completed in each."""
        by_month: dict[dt.date, list[Audited]] = defaultdict(list)
        for a in self.audited:
            by_month[month_of(a.day)].append(a)
        first = add_months(month_of(self.end), 1 - MONTHS_SHOWN)
        return [(m, by_month.get(m, [])) for m in (add_months(first, k) for k in range(6))]

    def grade_counts(self, audited: list[Audited] | None = None) -> Counter[str]:
        return Counter(a.grade for a in (self.in_period if audited is None else audited))

    def domain_rows(self) -> list[tuple[str, int, int, int]]:
        """(domain, audits grading it, good or better, inadequate) for the period."""
        counts: dict[str, list[int]] = {}
        for a in self.in_period:
            for name, grade in a.domains.values():
                row = counts.setdefault(name, [0, 0, 0])
                row[0] += 1
                row[1] += grade in GOOD_OR_BETTER
                row[2] += grade == Grade.INADEQUATE
        return [(name, row[0], row[1], row[2]) for name, row in counts.items()]


def _known_moderations(audit_ids: list[int], as_of: dt.date) -> dict[int, Moderation]:
    known = Moderation.objects.filter(
        audit_id__in=audit_ids, moderated_on__lte=as_of, recorded_at__lte=end_of(as_of)
    ).select_related("audit")
    return {m.audit_id: m for m in known}


def _audited(authority: Authority, as_of: dt.date) -> tuple[list[Audited], dict[int, Any]]:
    audits = list(
        CaseAudit.objects.in_authority(authority)
        .known_by(as_of)
        .select_related("round")
        .prefetch_related("grades__domain")
    )
    moderations = _known_moderations([a.pk for a in audits], as_of)
    moderated: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
    for g in ModeratedGrade.objects.filter(moderation__in=moderations.values()).select_related(
        "domain", "moderation"
    ):
        moderated[g.moderation.audit_id][g.domain.code] = (g.grade, g.reason)
    result = []
    for audit in audits:
        moderation = moderations.get(audit.pk)
        domains = {}
        for g in audit.grades.all():
            later = moderated[audit.pk].get(g.domain.code)
            domains[g.domain.code] = (g.domain.name, later[0] if later else g.grade)
        grade = moderation.overall_grade if moderation else audit.overall_grade
        result.append(Audited(audit, grade, domains, moderation))
    return result, moderated


def _changes(audited: list[Audited], moderated: dict[int, Any], start: dt.date,
             end: dt.date) -> tuple[list[Moderation], list[Changed]]:  # fmt: skip
    from stocktake.quality.presenters import grade_label

    moderations, changed = [], []
    for a in audited:
        m = a.moderation
        if m is None or not start <= m.moderated_on <= end:
            continue
        moderations.append(m)
        case = a.audit.case_reference
        if not m.overall_agreed:
            changed.append(Changed(case, "Overall", grade_label(a.audit.overall_grade),
                                   grade_label(m.overall_grade), m.reason))  # fmt: skip
        for g in a.audit.grades.all():
            later = moderated[a.audit.pk].get(g.domain.code)
            if later and later[0] != g.grade:
                changed.append(Changed(case, g.domain.name, grade_label(g.grade),
                                       grade_label(later[0]), later[1]))  # fmt: skip
    return moderations, changed


def qa_period(authority: Authority, start: dt.date, end: dt.date, as_of: dt.date) -> QaPeriod:
    """Everything the QA papers say about [start, end], as known at the end of `as_of`."""
    period = QaPeriod(start, end, as_of)
    period.audited, moderated = _audited(authority, as_of)
    period.moderated, period.changed = _changes(period.audited, moderated, start, end)
    known = end_of(as_of)
    scheduled = CaseAudit.objects.in_authority(authority).filter(
        due_date__gte=start, due_date__lte=end, created_at__lte=known
    )
    period.due = scheduled.count()
    period.due_done = scheduled.known_by(as_of).count()
    actions = AuditAction.objects.in_authority(authority)
    period.overdue = list(
        actions.overdue(as_of).select_related("audit__round", "owner").order_by("due_date", "id")
    )
    in_period = Q(created_at__gte=end_of(start - dt.timedelta(days=1)), created_at__lte=known)
    period.actions_raised = actions.filter(in_period, created_at__lte=end_of(end)).count()
    period.actions_done = actions.filter(
        completed_on__gte=start, completed_on__lte=end, completed_recorded_at__lte=known
    ).count()
    concerns = SafeguardingConcern.objects.in_authority(authority).filter(raised_at__lte=known)
    period.concerns_raised = concerns.filter(raised_at__gt=end_of(start - dt.timedelta(days=1)),
                                             raised_at__lte=end_of(end)).count()  # fmt: skip
    period.concerns_open = list(
        concerns.filter(Q(closed_at__isnull=True) | Q(closed_at__gt=known)).select_related("audit")
    )
    ids = [a.audit.pk for a in period.in_period]
    period.themes = Counter(
        ThemeTag.objects.filter(audit_id__in=ids, created_at__lte=known).values_list(
            "theme__name", flat=True
        )
    )
    period.illustrative = (
        AuditRound.objects.in_authority(authority).filter(illustrative=True).exists()
    )
    return period
