"""The QA indicators: made for the authority when it audits, and computed from its audits
each time an audit is completed or moderated or an audit action changes (and by the
`compute-audit-indicators` command). Figures go through the one write path for figures,
`observations_apply`, as "Computed from case audits", with their provenance."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from stocktake.accounts.models import Authority, User
from stocktake.audit.services import audit_record
from stocktake.indicators.choices import Polarity, Source
from stocktake.indicators.models import Indicator, Observation
from stocktake.indicators.services import IndicatorFields, indicator_create, observations_apply
from stocktake.indicators.services.observations import Applied, Figure
from stocktake.quality.measures import (
    AGREEMENT,
    DOMAIN_PREFIX,
    GOOD,
    INADEQUATE,
    ON_TIME,
    ActionRow,
    AuditRow,
    Count,
    qa_counts,
)
from stocktake.quality.models import AuditAction, CaseAudit, Domain, DomainGrade, ModeratedGrade

DEFINITION_VERSION = "qa-1"
AREA = "Quality assurance (case audits)"
BASIS = "The authority's quality assurance framework (computed by Stocktake from case audits)"


@dataclass(frozen=True)
class Definition:
    name: str
    definition: str
    numerator: str
    denominator: str
    polarity: str = Polarity.HIGHER


DEFINITIONS = {
    GOOD: Definition(
        "Case audits graded good or better",
        "Of the case audits completed in the month, the share whose overall grade is good "
        "or outstanding (the moderator's grade where moderation changed it).",
        "Audits completed in the month graded good or outstanding overall",
        "Audits completed in the month",
    ),
    INADEQUATE: Definition(
        "Case audits graded inadequate",
        "Of the case audits completed in the month, the share graded inadequate overall "
        "(the moderator's grade where moderation changed it).",
        "Audits completed in the month graded inadequate overall",
        "Audits completed in the month",
        Polarity.LOWER,
    ),
    ON_TIME: Definition(
        "Audit actions completed on time",
        "Of the audit actions due in the month (whose due date has come), the share "
        "completed on or before their due date.",
        "Audit actions due in the month completed by their due date",
        "Audit actions due in the month",
    ),
    AGREEMENT: Definition(
        "Moderated audits whose overall grade the moderator agreed",
        "Of the audits completed in the month that were moderated, the share where the "
        "moderator agreed the auditor's overall grade.",
        "Moderated audits whose overall grade the moderator agreed",
        "Audits completed in the month that were moderated",
    ),
}


def domain_definition(name: str) -> Definition:
    return Definition(
        f"Case audits: {name} good or better",
        f"Of the case audits completed in the month that graded “{name}”, the share graded "
        "good or outstanding for it (the moderator's grade where moderation changed it).",
        f"Audits completed in the month graded good or outstanding for {name}",
        f"Audits completed in the month that graded {name}",
    )


def domain_names(authority: Authority) -> dict[str, str]:
    """Each domain code the authority's frameworks use, with its latest name."""
    names: dict[str, str] = {}
    for code, name in (
        Domain.objects.filter(version__framework__authority=authority)
        .order_by("version__number", "id")
        .values_list("code", "name")
    ):
        names[code] = name
    return names


AUDIT_COLUMNS = (
    "id",
    "completed_on",
    "overall_grade",
    "round__title",
    "round__illustrative",
    "moderation__overall_grade",
    "moderation__overall_agreed",
)


def audit_rows(authority: Authority, today: dt.date) -> list[AuditRow]:
    """Every completed audit (to `today`) with the grades that count: three queries."""
    audits = list(
        CaseAudit.objects.in_authority(authority)
        .completed()
        .filter(completed_on__lte=today)
        .values_list(*AUDIT_COLUMNS)
    )
    ids = [row[0] for row in audits]
    grades: dict[int, dict[str, str]] = defaultdict(dict)
    for audit_id, code, grade in DomainGrade.objects.filter(audit_id__in=ids).values_list(
        "audit_id", "domain__code", "grade"
    ):
        grades[audit_id][code] = grade
    for audit_id, code, grade in ModeratedGrade.objects.filter(
        moderation__audit_id__in=ids
    ).values_list("moderation__audit_id", "domain__code", "grade"):
        grades[audit_id][code] = grade  # the moderator's grade counts
    return [
        AuditRow(
            completed_on=completed_on,
            overall=moderated or overall,
            domains=grades[audit_id],
            moderated=moderated is not None,
            agreed=bool(agreed),
            round_title=title,
            illustrative=illustrative,
        )
        for audit_id, completed_on, overall, title, illustrative, moderated, agreed in audits
    ]


def action_rows(authority: Authority) -> list[ActionRow]:
    return [
        ActionRow(due, done)
        for due, done in AuditAction.objects.in_authority(authority).values_list(
            "due_date", "completed_on"
        )
    ]


def qa_indicators_ensure(
    authority: Authority, actor: User | None, codes: dict[str, Definition], illustrative: bool
) -> dict[str, Indicator]:
    """The authority's QA indicators, adding any it does not have yet."""
    have = {i.code: i for i in Indicator.objects.in_authority(authority).filter(code__in=codes)}
    for code, d in codes.items():
        if code not in have:
            have[code] = indicator_create(
                authority=authority,
                actor=actor,
                fields=IndicatorFields(
                    code=code,
                    name=d.name,
                    area=AREA,
                    definition=d.definition,
                    numerator=d.numerator,
                    denominator=d.denominator,
                    polarity=d.polarity,
                    statutory_basis=BASIS,
                    decimals=0,
                    illustrative=illustrative,
                ),
            )
    return have


def _figure(indicator: Indicator, period: dt.date, count: Count, now: dt.datetime) -> Figure:
    what = "audit actions due" if indicator.code == ON_TIME else "case audits"
    note = f"Computed from {count.denominator} {what} in {period:%B %Y}"
    if count.illustrative:
        note = "Illustrative: " + note + " (the demo's made-up audits)"
    return Figure(
        indicator=indicator,
        period=period,
        value=count.value,
        numerator=float(count.numerator),
        denominator=float(count.denominator),
        note=note,
        provenance={
            "computed_from": "case audits",
            "definition_version": DEFINITION_VERSION,
            "definition": indicator.definition,
            "computed_at": now.isoformat(timespec="seconds"),
            "month": f"{period:%Y-%m}",
            "numerator": count.numerator,
            "denominator": count.denominator,
            "rounds": sorted(count.rounds),
            "illustrative": count.illustrative,
        },
    )


def _remove_stale(
    authority: Authority, actor: User | None, indicators: dict[str, Indicator], keep: set
) -> int:
    """Figures computed earlier whose month now has no audits (a zero denominator: no
    figure, never 0%)."""
    stale = [
        o
        for o in Observation.objects.filter(
            indicator__in=indicators.values(), source=Source.AUDITS
        ).select_related("indicator")
        if (o.indicator.code, o.period) not in keep
    ]
    for observation in stale:
        audit_record(
            authority=authority,
            actor=actor,
            verb="removed",
            obj=observation.indicator,
            changes={
                "period": f"{observation.period:%Y-%m}",
                "value": observation.value,
                "why": "no audits counted in the month any more",
            },
        )
    Observation.objects.filter(pk__in=[o.pk for o in stale]).delete()
    return len(stale)


@transaction.atomic
def qa_indicators_compute(
    *,
    authority: Authority,
    actor: User | None,
    today: dt.date | None = None,
    illustrative: bool = False,
) -> Applied:
    """Work out every QA figure from the audits and store what changed."""
    today = today or timezone.localdate()
    if not authority.audit_frameworks.exists():
        return Applied()
    names = domain_names(authority)
    wanted = {**DEFINITIONS}
    wanted.update({DOMAIN_PREFIX + code: domain_definition(n) for code, n in names.items()})
    indicators = qa_indicators_ensure(authority, actor, wanted, illustrative)
    counts = qa_counts(audit_rows(authority, today), action_rows(authority), today)
    now = timezone.now()
    figures = [
        _figure(indicators[code], period, count, now)
        for (code, period), count in sorted(counts.items())
        if code in indicators
    ]
    _remove_stale(authority, actor, indicators, set(counts))
    return observations_apply(
        authority=authority,
        actor=actor,
        figures=figures,
        filename="case audits",
        source=Source.AUDITS,
    )
