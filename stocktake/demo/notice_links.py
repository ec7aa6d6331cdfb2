"""Which of the demo plan's actions answer the improvement notice's measures.

Seed 000 links its actions to the January 2019 areas for improvement (Appendix 1) but not to
the notice's measures, so these links were drawn by reading each measure beside the actions'
text, as a lead would when setting up the chair's report. Measures no action answers are
left unlinked on purpose: the chair's report and the traceability matrix show those gaps.
"""

from __future__ import annotations

from stocktake.accounts.models import Authority
from stocktake.findings.choices import SourceKind
from stocktake.findings.models import Source
from stocktake.findings.services import finding_link_actions
from stocktake.plans.models import Plan

NOTICE_ACTIONS: dict[str, list[str]] = {
    "3.1": ["FD19", "FD21"],  # early help strategy with partners
    "3.2": ["LA37"],  # thresholds agreed and applied
    "4.3": ["LA30"],  # audit findings captured and acted on
    "4.5": ["LA1", "LA2"],  # management oversight of practice
    "5.6": ["LA30"],  # the quality assurance framework
    "5.9": ["LA30", "LA31"],
    "5.10": ["LA2"],
    "6.1": ["LA36"],
    "6.2": ["LA36", "LA37"],
    "6.3": ["LA34"],
    "6.5": ["LA32"],
    "6.6": ["LA29"],
    "6.7": ["LA12", "LA25/S3"],
    "6.9": ["LA31"],
    "6.10": ["LA27"],
    "7.1": ["LA2", "LA27"],
    "7.3": ["LA31"],
}


def _key(reference: str) -> str:
    return "".join(reference.split()).upper()


def link_notice(authority: Authority, plan: Plan) -> None:
    notice = Source.objects.in_authority(authority).get(kind=SourceKind.IMPROVEMENT_NOTICE)
    measures = {f.reference: f for f in notice.findings.all()}
    actions = {_key(a.reference): a for a in plan.actions.all()}
    for reference, refs in NOTICE_ACTIONS.items():
        finding_link_actions(
            finding=measures[reference],
            actor=None,
            plan=plan,
            actions=[actions[_key(r)] for r in refs],
        )
