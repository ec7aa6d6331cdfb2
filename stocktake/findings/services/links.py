"""Writes to the links from a finding to the actions that answer it and the indicators or
measures that evidence its impact."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from stocktake.accounts.models import User
from stocktake.audit.services import audit_record
from stocktake.core.locking import version_claim
from stocktake.findings.choices import ImpactReading
from stocktake.findings.models import Finding, ImpactLink
from stocktake.indicators.models import Indicator
from stocktake.plans.models import Action, Measure, Plan


def _check_plan(finding: Finding, plan: Plan) -> None:
    if plan.authority_id != finding.source.authority_id:
        raise ValidationError({"plan": "Choose a plan of this authority"})


@transaction.atomic
def finding_link_actions(
    *,
    finding: Finding,
    actor: User | None,
    plan: Plan,
    actions: list[Action],
    expected_version: int | None = None,
) -> None:
    """Make `actions` the actions of `plan` that answer the finding (other plans' links stay).
    ConflictError if the finding was saved since `expected_version` (None: a program's
    write, which checks nothing)."""
    version_claim(finding, expected_version)
    _link_actions(finding, actor, plan, actions)


@transaction.atomic
def finding_link_measures(
    *,
    finding: Finding,
    actor: User | None,
    plan: Plan,
    measures: list[Measure],
    expected_version: int | None = None,
) -> None:
    """Make `measures` the measures of `plan` that evidence the finding's impact.
    ConflictError as for `finding_link_actions`."""
    version_claim(finding, expected_version)
    _link_measures(finding, actor, plan, measures)


def _link_actions(finding: Finding, actor: User | None, plan: Plan, actions: list[Action]) -> None:
    _check_plan(finding, plan)
    if any(a.plan_id != plan.pk for a in actions):
        raise ValidationError({"actions": f"Choose actions from {plan.name}"})
    current = set(finding.actions.filter(plan=plan).values_list("pk", flat=True))
    wanted = {a.pk for a in actions}
    if current == wanted:
        return
    finding.actions.remove(*(current - wanted))
    finding.actions.add(*(wanted - current))
    refs = dict(Action.objects.filter(pk__in=current | wanted).values_list("pk", "reference"))
    audit_record(
        authority=plan.authority,
        actor=actor,
        verb="linked",
        obj=finding,
        changes={
            f"actions in {plan.name}": [
                sorted(refs[pk] for pk in current),
                sorted(refs[pk] for pk in wanted),
            ]
        },
    )


def _link_measures(
    finding: Finding, actor: User | None, plan: Plan, measures: list[Measure]
) -> None:
    _check_plan(finding, plan)
    if any(m.plan_id != plan.pk for m in measures):
        raise ValidationError({"measures": f"Choose measures from {plan.name}"})
    links = finding.impact_links.filter(measure__plan=plan)
    current = set(links.values_list("measure_id", flat=True))
    wanted = {m.pk for m in measures}
    if current == wanted:
        return
    links.filter(measure_id__in=current - wanted).delete()
    # A measure made into an indicator is linked to the indicator too, to be read from it;
    # if the finding already has that indicator, its link takes the measure instead.
    made_into = dict(
        Indicator.objects.filter(measure__in=wanted - current).values_list("measure_id", "pk")
    )
    have = {
        link.indicator_id: link
        for link in finding.impact_links.filter(indicator_id__in=made_into.values())
    }
    new = []
    for m in measures:
        if m.pk in current:
            continue
        existing = have.get(made_into.get(m.pk))
        if existing is not None and existing.measure_id is None:
            existing.measure = m
            existing.save(update_fields=["measure", "updated_at"])
        else:
            indicator_id = made_into.get(m.pk) if existing is None else None
            new.append(ImpactLink(finding=finding, measure=m, indicator_id=indicator_id))
    ImpactLink.objects.bulk_create(new)
    texts = dict(Measure.objects.filter(pk__in=current | wanted).values_list("pk", "text"))
    audit_record(
        authority=plan.authority,
        actor=actor,
        verb="linked",
        obj=finding,
        changes={
            f"measures in {plan.name}": [
                sorted(texts[pk][:80] for pk in current),
                sorted(texts[pk][:80] for pk in wanted),
            ]
        },
    )


@transaction.atomic
def finding_links_set(
    *,
    finding: Finding,
    actor: User | None,
    expected_version: int | None,
    plan: Plan,
    actions: list[Action],
    measures: list[Measure],
) -> None:
    """The links form's answer for one plan: the actions that answer the finding and the
    measures that evidence it, saved together, or neither (ConflictError) if the finding
    was saved since `expected_version`."""
    version_claim(finding, expected_version)
    _link_actions(finding, actor, plan, actions)
    _link_measures(finding, actor, plan, measures)


@transaction.atomic
def finding_link_indicators(
    *,
    finding: Finding,
    actor: User | None,
    indicators: list[Indicator],
    expected_version: int | None = None,
) -> None:
    """Make `indicators` the indicators that evidence the finding's impact. A link through a
    measure made into one of them counts as a link to it; unticking an indicator removes
    that link too. ConflictError if the finding was saved since `expected_version` (None:
    a program's write, which checks nothing)."""
    authority = finding.source.authority
    if any(i.authority_id != authority.pk for i in indicators):
        raise ValidationError({"indicators": "Choose indicators of this authority"})
    version_claim(finding, expected_version)
    links = list(finding.impact_links.select_related("measure__indicator", "indicator"))
    evidenced = [(link, indicator) for link in links if (indicator := link.evidence) is not None]
    current = {indicator.pk: link for link, indicator in evidenced}
    wanted = {i.pk: i for i in indicators}
    if set(current) == set(wanted):
        return
    ImpactLink.objects.filter(
        pk__in=[link.pk for pk, link in current.items() if pk not in wanted]
    ).delete()
    measured = {link.measure_id for link in links if link.measure_id}
    ImpactLink.objects.bulk_create(
        [
            ImpactLink(
                finding=finding,
                indicator=i,
                measure_id=i.measure_id if i.measure_id not in measured else None,
            )
            for pk, i in wanted.items()
            if pk not in current
        ]
    )
    names = {indicator.pk: indicator.name for _, indicator in evidenced}
    names |= {pk: i.name for pk, i in wanted.items()}
    audit_record(
        authority=authority,
        actor=actor,
        verb="linked",
        obj=finding,
        changes={
            "indicators": [
                sorted(names[pk][:80] for pk in current),
                sorted(names[pk][:80] for pk in wanted),
            ]
        },
    )


@transaction.atomic
def impact_link_update(
    *,
    link: ImpactLink,
    actor: User | None,
    expected_version: int | None,
    reading: str,
    latest: str = "",
) -> ImpactLink:
    """Record what a measure shows for a finding: met, not met or not yet evidenced. A link
    read from an indicator's figures is never typed. ConflictError if someone saved the
    reading since `expected_version`."""
    indicator = link.evidence
    if indicator is not None:
        raise ValidationError(
            {
                "reading": f"This measure is read from the indicator “{indicator.name}”: "
                "record its figures and targets on the indicator's page"
            }
        )
    errors: dict[str, str] = {}
    if reading not in ImpactReading.values:
        errors["reading"] = "Select whether the measure is met, not met or not yet evidenced"
    if len(latest) > 300:
        errors["latest"] = "The latest value must be 300 characters or fewer"
    if errors:
        raise ValidationError(errors)
    version_claim(link, expected_version)
    before = [link.reading, link.latest]
    link.reading, link.latest = reading, " ".join(latest.split())
    link.save(update_fields=["reading", "latest", "updated_at"])
    if before != [link.reading, link.latest]:
        audit_record(
            authority=link.finding.source.authority,
            actor=actor,
            verb="updated",
            obj=link,
            changes={"reading": [before[0], link.reading], "latest": [before[1], link.latest]},
        )
    return link
