"""Reads for the findings pages. Each returns what its page needs in a fixed number of
queries; the traceability matrix lives in `traceability`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from stocktake.accounts.models import Authority
from stocktake.core.tenancy import get_scoped
from stocktake.findings.choices import Area, framework_areas
from stocktake.findings.models import Finding, ImpactLink, Judgement, Source
from stocktake.findings.traceability import (
    FLAG_LABELS,
    Matrix,
    MatrixRow,
    action_queryset,
    flag_rows,
    impact_links,
    load_indicators,
    matrix_row,
    traceability_matrix,
)
from stocktake.indicators.models import Indicator
from stocktake.plans.models import Action, Measure, Plan

__all__ = ["FLAG_LABELS", "Matrix", "traceability_matrix"]


def source_for(authority: Authority, source_id: int) -> Source:
    return get_scoped(Source, authority, source_id, "No such source")


def judgement_for(source: Source, judgement_id: int) -> Judgement:
    try:
        return source.judgements.get(pk=judgement_id)
    except Judgement.DoesNotExist:
        raise Http404("No such judgement") from None


def finding_for(authority: Authority, finding_id: int) -> Finding:
    findings = Finding.objects.select_related("source__authority", "parent")
    return get_scoped(findings, authority, finding_id, "No such finding")


def impact_link_for(finding: Finding, link_id: int) -> ImpactLink:
    try:
        return finding.impact_links.select_related(
            "measure__plan", "measure__indicator", "indicator"
        ).get(pk=link_id)
    except ImpactLink.DoesNotExist:
        raise Http404("No such measure link") from None


@dataclass
class JudgementRow:
    area: str
    label: str
    judgement: Judgement | None


@dataclass
class TimelineEntry:
    source: Source
    overall: Judgement | None
    judgements: list[Judgement]
    finding_count: int


def timeline(authority: Authority) -> list[TimelineEntry]:
    """The authority's sources, oldest first, with their grades (two queries)."""
    sources = (
        Source.objects.in_authority(authority)
        .in_date_order()
        .with_finding_count()
        .prefetch_related(Prefetch("judgements", queryset=Judgement.objects.order_by("id")))
    )
    entries = []
    for source in sources:
        judgements = _in_framework_order(source, list(source.judgements.all()))
        overall = next((j for j in judgements if j.area == Area.OVERALL), None)
        entries.append(TimelineEntry(source, overall, judgements, source.finding_count))
    return entries


def _in_framework_order(source: Source, judgements: list[Judgement]) -> list[Judgement]:
    areas = framework_areas(source.framework)
    order: dict[str, int] = {area.value: index for index, area in enumerate(areas)}
    return sorted(judgements, key=lambda j: (order.get(j.area, 99), j.pk))


def judgement_rows(source: Source) -> list[JudgementRow]:
    """Every area of the source's framework, with its judgement where there is one."""
    have = {j.area: j for j in source.judgements.all()}
    rows = [
        JudgementRow(a.value, a.label, have.pop(a.value, None))
        for a in framework_areas(source.framework)
    ]
    rows += [JudgementRow(j.area, j.get_area_display(), j) for j in have.values()]
    return rows


def source_findings(source: Source) -> list[MatrixRow]:
    """The source's findings in hierarchy order, as matrix rows with their flags."""
    return traceability_matrix(source.authority, source).rows


@dataclass
class FindingPage:
    row: MatrixRow
    children: list[Finding]
    listed_in: list[Plan]


def finding_page(finding: Finding) -> FindingPage:
    """The finding as the matrix shows it (links, flags), its sub-findings and plans."""
    subtree = [finding, *_descendants(finding)]
    findings = list(
        Finding.objects.filter(pk__in=[f.pk for f in subtree])
        .select_related("source", "parent")
        .prefetch_related(
            Prefetch("actions", queryset=action_queryset()),
            Prefetch("impact_links", queryset=impact_links()),
            Prefetch("repeated_by", queryset=Finding.objects.select_related("source")),
            Prefetch("repeats", queryset=Finding.objects.select_related("source")),
        )
    )
    loaded = load_indicators(findings)
    rows = {f.pk: matrix_row(f, 0, loaded) for f in findings}
    children: dict[int, list[int]] = {}
    for f in subtree:
        if f.parent_id and f.parent_id in rows:
            children.setdefault(f.parent_id, []).append(f.pk)
    flag_rows(list(rows.values()), children)
    return FindingPage(
        row=rows[finding.pk],
        children=list(finding.children.order_by("position", "id")),
        listed_in=list(finding.listed_in.order_by("name")),
    )


def _descendants(finding: Finding) -> list[Finding]:
    within = list(finding.source.findings.only("pk", "parent_id"))
    kids: dict[int, list[Finding]] = {}
    for f in within:
        if f.parent_id:
            kids.setdefault(f.parent_id, []).append(f)
    out: list[Finding] = []
    stack, seen = [finding.pk], {finding.pk}
    while stack:
        for child in kids.get(stack.pop(), []):
            if child.pk not in seen:
                seen.add(child.pk)
                out.append(child)
                stack.append(child.pk)
    return out


def parent_choices(source: Source, finding: Finding | None) -> QuerySet[Finding]:
    """Findings of the same source the finding could sit under (not itself or below it)."""
    choices = source.findings.order_by("position", "id")
    if finding is not None:
        choices = choices.exclude(pk__in=[finding.pk, *(f.pk for f in _descendants(finding))])
    return choices


def plans_of(authority: Authority) -> QuerySet[Plan]:
    return Plan.objects.in_authority(authority).order_by("-start_date", "name")


@dataclass
class LinkChoices:
    plan: Plan
    actions: QuerySet[Action]
    measures: QuerySet[Measure]
    linked_actions: list[int]
    linked_measures: list[int]


def link_choices(finding: Finding, plan: Plan) -> LinkChoices:
    return LinkChoices(
        plan=plan,
        actions=plan.actions.select_related("theme").order_by("theme__position", "number", "id"),
        measures=plan.measures.select_related("theme"),
        linked_actions=list(finding.actions.filter(plan=plan).values_list("pk", flat=True)),
        linked_measures=list(
            finding.impact_links.filter(measure__plan=plan).values_list("measure_id", flat=True)
        ),
    )


def indicator_choices(authority: Authority) -> QuerySet[Indicator]:
    return Indicator.objects.in_authority(authority).order_by("area", "name", "id")


def linked_indicators(finding: Finding) -> list[int]:
    """The indicators the finding's impact links read through (their own or their
    measure's)."""
    links = finding.impact_links.select_related("measure__indicator", "indicator")
    return [link.evidence.pk for link in links if link.evidence is not None]


@dataclass
class SourceRemoval:
    judgements: int
    findings: int
    links: int  # findings' links to actions and impact measures


def source_removal(source: Source) -> SourceRemoval:
    """What goes with a source when it is deleted."""
    findings = source.findings.all()
    return SourceRemoval(
        judgements=source.judgements.count(),
        findings=findings.count(),
        links=Finding.actions.through.objects.filter(finding__source=source).count()
        + ImpactLink.objects.filter(finding__source=source).count(),
    )


@dataclass
class FindingRemoval:
    children: list[Finding]
    actions: int
    impacts: int


def finding_removal(finding: Finding) -> FindingRemoval:
    """What happens when a finding is deleted: its sub-findings stay, its links go."""
    return FindingRemoval(
        children=list(finding.children.order_by("position", "id")),
        actions=finding.actions.count(),
        impacts=finding.impact_links.count(),
    )


def repeat_choices(finding: Finding) -> QuerySet[Finding]:
    """Findings of this authority's sources dated before the finding's source."""
    day = finding.source.date
    if day is None:
        return Finding.objects.none()
    earlier = [
        s.pk
        for s in Source.objects.in_authority(finding.source.authority).exclude(pk=finding.source_id)
        if s.date is not None and s.date < day
    ]
    return (
        Finding.objects.filter(source__in=earlier)
        .select_related("source")
        .order_by("source__fieldwork_start", "source__published_on", "source_id", "position")
    )
