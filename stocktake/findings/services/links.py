"""Writes to the links from a finding to the actions that answer it and the measures that
evidence its impact."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from stocktake.accounts.models import User
from stocktake.audit.services import audit_record
from stocktake.findings.choices import ImpactReading
from stocktake.findings.models import Finding, ImpactLink
from stocktake.plans.models import Action, Measure, Plan


def _check_plan(finding: Finding, plan: Plan) -> None:
    if plan.authority_id != finding.source.authority_id:
        raise ValidationError({"plan": "Choose a plan of this authority"})


@transaction.atomic
def finding_link_actions(
    *, finding: Finding, actor: User | None, plan: Plan, actions: list[Action]
) -> None:
    """Make `actions` the actions of `plan` that answer the finding (other plans' links stay)."""
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


@transaction.atomic
def finding_link_measures(
    *, finding: Finding, actor: User | None, plan: Plan, measures: list[Measure]
) -> None:
    """Make `measures` the measures of `plan` that evidence the finding's impact."""
    _check_plan(finding, plan)
    if any(m.plan_id != plan.pk for m in measures):
        raise ValidationError({"measures": f"Choose measures from {plan.name}"})
    links = finding.impact_links.filter(measure__plan=plan)
    current = set(links.values_list("measure_id", flat=True))
    wanted = {m.pk for m in measures}
    if current == wanted:
        return
    links.filter(measure_id__in=current - wanted).delete()
    ImpactLink.objects.bulk_create(
        [ImpactLink(finding=finding, measure=m) for m in measures if m.pk not in current]
    )
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
def impact_link_update(
    *, link: ImpactLink, actor: User | None, reading: str, latest: str = ""
) -> ImpactLink:
    """Record what a measure shows for a finding: met, not met or not yet evidenced."""
    errors: dict[str, str] = {}
    if reading not in ImpactReading.values:
        errors["reading"] = "Select whether the measure is met, not met or not yet evidenced"
    if len(latest) > 300:
        errors["latest"] = "The latest value must be 300 characters or fewer"
    if errors:
        raise ValidationError(errors)
    before = [link.reading, link.latest]
    link.reading, link.latest = reading, " ".join(latest.split())
    link.save()
    if before != [link.reading, link.latest]:
        audit_record(
            authority=link.finding.source.authority,
            actor=actor,
            verb="updated",
            obj=link,
            changes={"reading": [before[0], link.reading], "latest": [before[1], link.latest]},
        )
    return link
