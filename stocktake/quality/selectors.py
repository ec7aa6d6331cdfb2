"""Reads for the case-audit pages: what a member may see, the programme's completion, the
results by month, the overdue actions and the learning."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from stocktake.accounts.models import Authority, Membership, User
from stocktake.accounts.roles import OWN_AUDITS_ONLY, Capability
from stocktake.people.models import Person
from stocktake.quality.choices import GOOD_OR_BETTER, AuditStatus, Grade
from stocktake.quality.measures import month_of
from stocktake.quality.models import (
    AuditAction,
    AuditRound,
    AuditUpload,
    CaseAudit,
    Framework,
    LearningTheme,
    SafeguardingConcern,
    ThemeTag,
)
from stocktake.quality.querysets import CaseAuditQuerySet


def sees_every_audit(membership: Membership) -> bool:
    return membership.can(Capability.VIEW_AUDITS) or (
        membership.can(Capability.RECORD_AUDITS) and membership.role not in OWN_AUDITS_ONLY
    )


def visible_audits(authority: Authority, membership: Membership, user: User) -> CaseAuditQuerySet:
    """The audits this member may see: all of them for the QA lead, an administrator or an
    improvement lead; only those assigned to them (to audit or moderate) for an auditor."""
    audits = CaseAudit.objects.in_authority(authority)
    if sees_every_audit(membership):
        return audits
    if membership.can(Capability.RECORD_AUDITS):
        return audits.assigned_to(user)
    raise PermissionDenied("Your role does not allow you to see case audits")


def audit_for(authority: Authority, membership: Membership, user: User, audit_id: int) -> Any:
    audit = (
        visible_audits(authority, membership, user)
        .select_related("round__version__framework", "auditor", "moderator", "team_manager")
        .filter(pk=audit_id)
        .first()
    )
    if audit is None:
        raise Http404("No such audit")
    return audit


def action_for(authority: Authority, membership: Membership, user: User, action_id: int) -> Any:
    audits = visible_audits(authority, membership, user)
    action = AuditAction.objects.filter(pk=action_id, audit__in=audits).first()
    if action is None:
        raise Http404("No such audit action")
    return action


def _one(queryset: QuerySet[Any], pk: int, what: str) -> Any:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404(f"No such {what}")
    return found


def framework_for(authority: Authority, framework_id: int) -> Framework:
    return _one(Framework.objects.in_authority(authority), framework_id, "framework")


def round_for(authority: Authority, round_id: int) -> AuditRound:
    return _one(AuditRound.objects.in_authority(authority), round_id, "round")


def concern_for(authority: Authority, concern_id: int) -> SafeguardingConcern:
    return _one(SafeguardingConcern.objects.in_authority(authority), concern_id, "concern")


def theme_for(authority: Authority, theme_id: int) -> LearningTheme:
    return _one(LearningTheme.objects.filter(authority=authority), theme_id, "theme")


def upload_for(authority: Authority, upload_id: int) -> AuditUpload:
    return _one(AuditUpload.objects.filter(authority=authority), upload_id, "upload")


def people(authority: Authority) -> QuerySet[Person]:
    return Person.objects.in_authority(authority).order_by("name")


def auditors(authority: Authority) -> QuerySet[Person]:
    """People in the register who sign in as an auditor, a QA lead or an administrator."""
    roles = ["auditor", "qa_lead", "admin"]
    members = Membership.objects.filter(authority=authority, role__in=roles).values("user_id")
    return people(authority).filter(user_id__in=members)


@dataclass
class RoundProgress:
    round: AuditRound
    total: int
    completed: int
    in_progress: int
    overdue: int
    to_moderate: int
    moderated: int

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0


def programme(authority: Authority, today: dt.date) -> list[RoundProgress]:
    """Each round with how far it has got: one query."""
    done = Q(audits__status=AuditStatus.COMPLETED)
    rounds = (
        AuditRound.objects.in_authority(authority)
        .select_related("version__framework")
        .annotate(
            n_total=Count("audits"),
            n_completed=Count("audits", filter=done),
            n_progress=Count("audits", filter=Q(audits__status=AuditStatus.IN_PROGRESS)),
            n_overdue=Count("audits", filter=~done & Q(audits__due_date__lt=today)),
            n_moderate=Count("audits", filter=Q(audits__moderation_required=True)),
            n_moderated=Count("audits", filter=Q(audits__moderation__isnull=False)),
        )
    )
    return [
        RoundProgress(
            r, r.n_total, r.n_completed, r.n_progress, r.n_overdue, r.n_moderate, r.n_moderated
        )
        for r in rounds
    ]


@dataclass
class MonthResult:
    month: dt.date
    completed: int = 0
    grades: Counter[str] = field(default_factory=Counter)

    @property
    def good_or_better(self) -> int:
        return sum(self.grades[g] for g in GOOD_OR_BETTER)

    @property
    def inadequate(self) -> int:
        return self.grades[Grade.INADEQUATE]

    def share(self, count: int) -> str:
        return f"{round(100 * count / self.completed)}%" if self.completed else "–"

    @property
    def good_share(self) -> str:
        return self.share(self.good_or_better)

    @property
    def inadequate_share(self) -> str:
        return self.share(self.inadequate)


def results_by_month(audits: CaseAuditQuerySet) -> list[MonthResult]:
    """Completed audits per month of completion, by the grade that counts (the moderator's
    where moderation changed it), oldest first."""
    months: dict[dt.date, MonthResult] = {}
    for day, overall, moderated in audits.completed().values_list(
        "completed_on", "overall_grade", "moderation__overall_grade"
    ):
        result = months.setdefault(month_of(day), MonthResult(month_of(day)))
        result.completed += 1
        result.grades[moderated or overall] += 1
    return [months[m] for m in sorted(months)]


def overdue_actions(authority: Authority, today: dt.date) -> QuerySet[Any]:
    return (
        AuditAction.objects.in_authority(authority)
        .overdue(today)
        .select_related("audit__round", "owner")
        .order_by("due_date", "id")
    )


def open_concerns(authority: Authority) -> QuerySet[Any]:
    return SafeguardingConcern.objects.in_authority(authority).open().select_related("audit")


def moderation_queue(audits: CaseAuditQuerySet) -> QuerySet[Any]:
    return (
        audits.completed()
        .filter(moderation_required=True, moderation__isnull=True)
        .select_related("round", "auditor", "moderator")
    )


@dataclass
class MyAudits:
    to_do: list[CaseAudit]
    to_moderate: list[CaseAudit]
    done: list[CaseAudit]


def my_audits(authority: Authority, user: User) -> MyAudits:
    mine = CaseAudit.objects.in_authority(authority).select_related("round")
    to_do = list(mine.filter(auditor__user=user).open().order_by("due_date", "id"))
    moderate = list(moderation_queue(mine.filter(moderator__user=user)))
    done = list(mine.filter(auditor__user=user).completed().order_by("-completed_on")[:20])
    return MyAudits(to_do, moderate, done)


@dataclass
class ThemeSummary:
    theme: LearningTheme
    total: int
    by_month: dict[dt.date, int]
    by_domain: dict[str, int]


def learning_summary(authority: Authority) -> tuple[list[ThemeSummary], list[dt.date]]:
    """Each theme's tags counted by the month its audit was completed and by domain."""
    months: dict[int, Counter[dt.date]] = defaultdict(Counter)
    domains: dict[int, Counter[str]] = defaultdict(Counter)
    for theme_id, completed_on, domain in ThemeTag.objects.filter(
        theme__authority=authority
    ).values_list("theme_id", "audit__completed_on", "domain__name"):
        if completed_on:
            months[theme_id][month_of(completed_on)] += 1
        domains[theme_id][domain or "The audit as a whole"] += 1
    themes = LearningTheme.objects.filter(authority=authority).prefetch_related(
        "findings__source", "actions__plan"
    )
    all_months = sorted({m for c in months.values() for m in c})
    return [
        ThemeSummary(t, sum(domains[t.pk].values()), dict(months[t.pk]), dict(domains[t.pk]))
        for t in themes
    ], all_months


GRADE_LABELS = dict(Grade.choices)


def any_illustrative(authority: Authority) -> bool:
    return bool(AuditRound.objects.in_authority(authority).filter(illustrative=True).exists())


def frameworks(authority: Authority) -> QuerySet[Any]:
    return Framework.objects.in_authority(authority)


def themes(authority: Authority) -> QuerySet[Any]:
    return LearningTheme.objects.filter(authority=authority)


def finding_choices(authority: Authority) -> QuerySet[Any]:
    from stocktake.findings.models import Finding

    return (
        Finding.objects.filter(source__authority=authority)
        .select_related("source")
        .order_by("source_id", "position", "id")
    )


def action_choices(authority: Authority) -> QuerySet[Any]:
    from stocktake.plans.models import Action

    return (
        Action.objects.filter(plan__authority=authority)
        .select_related("plan")
        .order_by("plan_id", "number", "id")
    )


def plan_choices(authority: Authority) -> QuerySet[Any]:
    from stocktake.plans.models import Plan

    return Plan.objects.filter(authority=authority).order_by("-start_date", "name")


def theme_tags(theme: LearningTheme) -> QuerySet[Any]:
    return theme.tags.select_related("audit__round", "domain").order_by(
        "-audit__completed_on", "id"
    )
