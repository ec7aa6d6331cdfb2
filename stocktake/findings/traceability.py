"""The traceability matrix: finding → planned response → actions (delivery status, due date)
→ impact measures (latest value against target) → latest progress, with the gaps flagged.
Impact measures are read from indicators' figures where they can be (`impact`).

Built in a fixed number of queries whatever the register's size; the page, the Word and
Excel downloads and `stocktake export traceability` all read the same `Matrix`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from stocktake.accounts.models import Authority
from stocktake.findings.choices import FindingKind, ImpactReading
from stocktake.findings.impact import LINK_RELATED, Impact, load_for, read_links
from stocktake.findings.models import Finding, ImpactLink, Source
from stocktake.indicators.selectors import Loaded
from stocktake.plans.choices import DeliveryStatus
from stocktake.plans.models import Action, Update


class Flag:
    NO_ACTION = "no_action"
    NO_MEASURE = "no_measure"
    DELIVERED_NOT_DIFFERENT = "delivered_not_different"
    REPEATED = "repeated"
    ACTION_WITHOUT_FINDING = "action_without_finding"


FLAG_LABELS: dict[str, str] = {
    Flag.NO_ACTION: "No action answers this finding",
    Flag.NO_MEASURE: "No impact measure",
    Flag.DELIVERED_NOT_DIFFERENT: "Delivered, not yet different",
    Flag.REPEATED: "Raised again by a later source",
    Flag.ACTION_WITHOUT_FINDING: "Actions answering no finding",
}
ROW_FLAGS = [Flag.NO_ACTION, Flag.NO_MEASURE, Flag.DELIVERED_NOT_DIFFERENT, Flag.REPEATED]
# Strengths are not there to be answered, so they are never flagged for a missing answer.
_NEED_ANSWER = set(FindingKind.values) - {FindingKind.STRENGTH}


@dataclass
class MatrixAction:
    id: int
    plan_id: int
    plan_name: str
    reference: str
    text: str
    status: str
    status_label: str
    due_date: dt.date | None
    deadline_text: str
    last_update_on: dt.date | None
    last_update_text: str

    @property
    def is_complete(self) -> bool:
        return self.status == DeliveryStatus.COMPLETE


@dataclass
class FindingRef:
    id: int
    reference: str
    text: str
    source_title: str
    source_date: dt.date | None


@dataclass
class MatrixRow:
    id: int
    reference: str
    text: str
    kind: str
    kind_label: str
    addressee: str
    source_id: int
    source_title: str
    parent_reference: str
    depth: int
    planned_response: str
    progress: str
    actions: list[MatrixAction] = field(default_factory=list)
    impacts: list[Impact] = field(default_factory=list)
    repeated_by: list[FindingRef] = field(default_factory=list)
    repeats: list[FindingRef] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def latest_update(self) -> MatrixAction | None:
        dated = [a for a in self.actions if a.last_update_on]
        return max(dated, key=lambda a: (a.last_update_on, a.id), default=None)

    @property
    def flag_labels(self) -> list[str]:
        return [FLAG_LABELS[f] for f in self.flags]

    @property
    def complete_count(self) -> int:
        return sum(1 for a in self.actions if a.is_complete)

    @property
    def readings(self) -> list[tuple[str, str, int]]:
        """(reading, its label, how many impact measures read so), in the readings' order,
        for the compact matrix."""
        counts = Counter(i.reading for i in self.impacts)
        return [(r.value, r.label, counts[r.value]) for r in ImpactReading if counts[r.value]]


@dataclass
class Matrix:
    authority: Authority
    source: Source | None
    rows: list[MatrixRow]
    summary: dict[str, int]
    actions_without_finding: list[MatrixAction] | None  # None for one source's matrix
    total: int
    flag: str = ""

    @property
    def summary_items(self) -> list[tuple[str, str, int]]:
        return [(key, FLAG_LABELS[key], count) for key, count in self.summary.items()]


def action_queryset() -> QuerySet[Action]:
    newest = Update.objects.filter(action=OuterRef("pk")).order_by("-date", "-id")
    return (
        Action.objects.select_related("plan")
        .annotate(
            last_update_on=Subquery(newest.values("date")[:1]),
            last_update_text=Subquery(newest.values("text")[:1]),
        )
        .order_by("plan__name", "number", "id")
    )


def _matrix_action(action: Action) -> MatrixAction:
    return MatrixAction(
        id=action.pk,
        plan_id=action.plan_id,
        plan_name=action.plan.name,
        reference=action.reference,
        text=action.text,
        status=action.delivery_status,
        status_label=action.get_delivery_status_display(),
        due_date=action.due_date,
        deadline_text=action.deadline_text,
        last_update_on=getattr(action, "last_update_on", None),
        last_update_text=getattr(action, "last_update_text", None) or "",
    )


def _ref(finding: Finding) -> FindingRef:
    return FindingRef(
        finding.pk, finding.reference, finding.text, finding.source.title, finding.source.date
    )


def _findings(authority: Authority, source: Source | None) -> list[Finding]:
    related = Finding.objects.select_related("source")
    findings = Finding.objects.in_authority(authority)
    if source is not None:
        findings = findings.filter(source=source)
    return list(
        findings.select_related("source", "parent")
        .annotate(
            source_day=Coalesce(
                "source__fieldwork_start", "source__published_on", "source__fieldwork_end"
            )
        )
        .order_by(F("source_day").asc(nulls_last=True), "source_id", "position", "id")
        .prefetch_related(
            Prefetch("actions", queryset=action_queryset()),
            Prefetch("impact_links", queryset=impact_links()),
            Prefetch("repeated_by", queryset=related.order_by("source__published_on", "id")),
            Prefetch("repeats", queryset=related.order_by("source__published_on", "id")),
        )
    )


def impact_links() -> QuerySet[ImpactLink]:
    """Impact links with what reading them needs: their measure and indicator."""
    return ImpactLink.objects.select_related(*LINK_RELATED)


def load_indicators(findings: list[Finding]) -> dict[int, Loaded]:
    """The figures of every indicator the findings' impact links read through (prefetched
    links; three queries, or none without indicators)."""
    return load_for(link for finding in findings for link in finding.impact_links.all())


def matrix_row(finding: Finding, depth: int, loaded: dict[int, Loaded]) -> MatrixRow:
    return MatrixRow(
        id=finding.pk,
        reference=finding.reference,
        text=finding.text,
        kind=finding.kind,
        kind_label=finding.get_kind_display(),
        addressee=finding.addressee,
        source_id=finding.source_id,
        source_title=finding.source.title,
        parent_reference=finding.parent.reference if finding.parent else "",
        depth=depth,
        planned_response=finding.planned_response,
        progress=finding.progress,
        actions=[_matrix_action(a) for a in finding.actions.all()],
        impacts=read_links(finding.impact_links.all(), loaded),
        repeated_by=[_ref(f) for f in finding.repeated_by.all()],
        repeats=[_ref(f) for f in finding.repeats.all()],
    )


def tree_order(findings: list[Finding]) -> list[tuple[Finding, int]]:
    """Each finding with its depth, children straight after their parent."""
    children: dict[int | None, list[Finding]] = defaultdict(list)
    present = {f.pk for f in findings}
    for finding in findings:
        parent = finding.parent_id if finding.parent_id in present else None
        children[parent].append(finding)
    ordered: list[tuple[Finding, int]] = []
    seen: set[int] = set()

    def walk(finding: Finding, depth: int) -> None:
        if finding.pk in seen:
            return
        seen.add(finding.pk)
        ordered.append((finding, depth))
        for child in children.get(finding.pk, []):
            walk(child, depth + 1)

    for finding in children[None]:
        walk(finding, 0)
    for finding in findings:  # anything a broken chain left out
        walk(finding, 0)
    return ordered


def flag_rows(rows: list[MatrixRow], children: dict[int, list[int]]) -> None:
    """Set each row's flags. A finding whose sub-findings are answered or measured (notice
    clause 5 by 5.1 … 5.10) counts as answered or measured through them."""
    by_id = {row.id: row for row in rows}

    def subtree(row_id: int) -> list[MatrixRow]:
        out, stack, seen = [], [row_id], set()
        while stack:
            current = stack.pop()
            if current in seen or current not in by_id:
                continue
            seen.add(current)
            out.append(by_id[current])
            stack.extend(children.get(current, []))
        return out

    for row in rows:
        tree = subtree(row.id)
        if row.kind in _NEED_ANSWER:
            if not any(r.actions for r in tree):
                row.flags.append(Flag.NO_ACTION)
            if not any(r.impacts for r in tree):
                row.flags.append(Flag.NO_MEASURE)
            all_met = bool(row.impacts) and all(i.reading == ImpactReading.MET for i in row.impacts)
            if row.actions and all(a.is_complete for a in row.actions) and not all_met:
                row.flags.append(Flag.DELIVERED_NOT_DIFFERENT)
        if row.repeated_by:
            row.flags.append(Flag.REPEATED)


def traceability_matrix(
    authority: Authority, source: Source | None = None, flag: str = ""
) -> Matrix:
    """The matrix for one source, or for the whole authority (which also lists the actions
    answering no finding). `flag` keeps only the rows carrying that flag; the summary always
    counts every row."""
    findings = _findings(authority, source)
    ordered = tree_order(findings)
    loaded = load_indicators(findings)
    rows = [matrix_row(finding, depth, loaded) for finding, depth in ordered]
    children: dict[int, list[int]] = defaultdict(list)
    for finding in findings:
        if finding.parent_id:
            children[finding.parent_id].append(finding.pk)
    flag_rows(rows, children)
    summary = {key: sum(key in row.flags for row in rows) for key in ROW_FLAGS}
    unanswered = None
    if source is None:
        unanswered = [
            _matrix_action(a)
            for a in action_queryset()
            .filter(plan__authority=authority, findings__isnull=True)
            .order_by("plan__name", "number", "id")
        ]
        summary[Flag.ACTION_WITHOUT_FINDING] = len(unanswered)
    shown = [row for row in rows if flag in row.flags] if flag in ROW_FLAGS else rows
    return Matrix(
        authority=authority,
        source=source,
        rows=shown,
        summary=summary,
        actions_without_finding=unanswered,
        total=len(rows),
        flag=flag if flag in FLAG_LABELS else "",
    )
