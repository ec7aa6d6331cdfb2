"""Every write to sources, judgements, findings and their links goes through these."""

from stocktake.findings.services.findings import (
    FindingFields,
    capture_check,
    finding_create,
    finding_set_repeats,
    finding_update,
    findings_capture,
)
from stocktake.findings.services.links import (
    finding_link_actions,
    finding_link_indicators,
    finding_link_measures,
    finding_links_set,
    impact_link_update,
)
from stocktake.findings.services.plan_appendix import (
    AnsweredBy,
    AppendixRow,
    findings_from_plan,
)
from stocktake.findings.services.removal import finding_delete, source_delete
from stocktake.findings.services.sources import (
    SourceFields,
    judgement_create,
    judgement_update,
    source_create,
    source_update,
)

__all__ = [
    "AnsweredBy",
    "AppendixRow",
    "FindingFields",
    "SourceFields",
    "capture_check",
    "finding_create",
    "finding_delete",
    "finding_link_actions",
    "finding_link_indicators",
    "finding_link_measures",
    "finding_links_set",
    "finding_set_repeats",
    "finding_update",
    "findings_capture",
    "findings_from_plan",
    "impact_link_update",
    "judgement_create",
    "judgement_update",
    "source_create",
    "source_delete",
    "source_update",
]
