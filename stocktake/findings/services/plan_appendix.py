"""Findings a plan lists (an appendix of areas for improvement with the planned response and
progress), and findings an action row names, become findings in the register.

A plan's appendix usually restates findings already in the register, sometimes with a word or
two changed ("these children" for "they"). Those are recognised, not duplicated: the same
text, or the same reference with nearly the same text. Findings not yet in the register are
added to a source named after the plan, to be moved or completed later.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.db import transaction

from stocktake.accounts.models import User
from stocktake.audit.services import audit_record
from stocktake.findings.choices import FindingKind, SourceKind
from stocktake.findings.models import Finding, Source
from stocktake.findings.services.findings import normalise_reference
from stocktake.findings.services.sources import SourceFields, source_create
from stocktake.plans.models import Action, Plan

SAME_REFERENCE_SIMILARITY = 0.8
ANY_REFERENCE_SIMILARITY = 0.92


@dataclass
class AppendixRow:
    reference: str
    text: str
    planned_response: str = ""
    progress: str = ""


@dataclass
class AnsweredBy:
    """An action row that names the finding it answers (AFI-led plans)."""

    action: Action
    text: str
    reference: str = ""


def comparable(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split()).casefold().rstrip(" .;:")


def _similar(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.ratio() if matcher.quick_ratio() >= SAME_REFERENCE_SIMILARITY else 0.0


class _Register:
    """The authority's findings, to recognise a restated finding."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.findings = list(Finding.objects.in_authority(plan.authority).select_related("source"))
        self.listed = set(plan.findings.values_list("pk", flat=True))
        self.holding: Source | None = None

    def match(self, reference: str, text: str) -> Finding | None:
        key, ref = comparable(text), normalise_reference(reference).casefold()
        listed = [f for f in self.findings if f.pk in self.listed]
        for pool in (listed, self.findings):
            if ref:
                for finding in pool:
                    if finding.reference.casefold() == ref and (
                        pool is listed
                        or _similar(comparable(finding.text), key) >= SAME_REFERENCE_SIMILARITY
                    ):
                        return finding
            for finding in pool:
                if comparable(finding.text) == key:
                    return finding
        best = max(self.findings, key=lambda f: _similar(comparable(f.text), key), default=None)
        if best is not None and _similar(comparable(best.text), key) >= ANY_REFERENCE_SIMILARITY:
            return best
        return None

    def holding_source(self, actor: User | None) -> Source:
        if self.holding is None:
            title = f"Findings listed in {self.plan.name}"[:300]
            self.holding = Source.objects.in_authority(self.plan.authority).filter(
                kind=SourceKind.OTHER, title=title
            ).first() or source_create(
                authority=self.plan.authority,
                actor=actor,
                fields=SourceFields(kind=SourceKind.OTHER, title=title, body=self.plan.name),
            )
        return self.holding

    def add(
        self, actor: User | None, reference: str, text: str, row: AppendixRow | None = None
    ) -> Finding:
        source = self.holding_source(actor)
        reference = normalise_reference(reference)[:40]
        if reference and source.findings.filter(reference__iexact=reference).exists():
            reference = ""
        position = source.findings.count() + 1
        finding = Finding.objects.create(
            source=source,
            reference=reference,
            text=text.strip(),
            kind=FindingKind.AREA_FOR_IMPROVEMENT,
            planned_response=row.planned_response.strip() if row else "",
            progress=row.progress.strip() if row else "",
            position=position,
        )
        audit_record(
            authority=self.plan.authority,
            actor=actor,
            verb="created",
            obj=finding,
            changes={"text": [None, finding.text], "listed in": [None, self.plan.name]},
        )
        self.findings.append(finding)
        return finding


@transaction.atomic
def findings_from_plan(
    *,
    plan: Plan,
    actor: User | None,
    rows: list[AppendixRow],
    answered_by: list[AnsweredBy] | None = None,
) -> tuple[int, int]:
    """List the appendix's findings with the plan, and link action rows to the findings they
    name. Returns (findings newly listed with the plan, findings whose response or progress
    changed)."""
    register = _Register(plan)
    added = updated = 0
    for row in rows:
        finding = register.match(row.reference, row.text)
        if finding is None:
            finding = register.add(actor, row.reference, row.text, row)
        elif _take_narrative(finding, row, plan, actor):
            updated += 1
        if finding.pk not in register.listed:
            finding.listed_in.add(plan)
            register.listed.add(finding.pk)
            added += 1
    for item in answered_by or []:
        text = re.sub(r"^\s*\d{1,2}(\.\d{1,2})*\s*[–—.)\-:]\s*", "", item.text)
        finding = register.match(item.reference, text) or register.add(actor, item.reference, text)
        if finding.pk not in register.listed:
            finding.listed_in.add(plan)
            register.listed.add(finding.pk)
            added += 1
        finding.actions.add(item.action)
    return added, updated


def _take_narrative(finding: Finding, row: AppendixRow, plan: Plan, actor: User | None) -> bool:
    """Take the plan's planned response and progress, if it gives them and they differ."""
    new = {
        "planned_response": row.planned_response.strip() or finding.planned_response,
        "progress": row.progress.strip() or finding.progress,
    }
    old = {"planned_response": finding.planned_response, "progress": finding.progress}
    if new == old:
        return False
    finding.planned_response, finding.progress = new["planned_response"], new["progress"]
    finding.save(update_fields=["planned_response", "progress"])
    audit_record(
        authority=plan.authority,
        actor=actor,
        verb="updated",
        obj=finding,
        changes={k: [old[k], new[k]] for k in new if old[k] != new[k]} | {"from": plan.name},
    )
    return True
