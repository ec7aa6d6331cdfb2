"""Phase 1 of the demo's programme: a minimal closed phase carried into Phase 2.

Seed 000 is Phase 2 of Blackpool's 12-week plans (weeks 13–24). It shows a Phase 1 before it
without listing it: its "Progress to date" section looks back over weeks 1–12 (“33 permanent
new starters from January”) and ends with “What are our priorities for the coming 12 weeks?”,
which is seed 000's template for a phase's narrative; FD 16's summary update was written
before “11/03/19”, so FD 16 was already in the programme in Phase 1; and Phase 2 keeps low
references (LA1, LA2, LA12, LA25/S3, FD16, FD19–FD21, CCL1, CCL10) beside new ones
(LA26–LA37), as an action carried over keeps its reference.

So the demo records Phase 1 as:
- its narrative, quoted as seed 000 writes it, recorded at the close of Phase 1;
- the actions with low references only, worded as Phase 2 words them (Phase 1's own wording
  is not in the seeds), each due by week 12, with no updates: the seeds give none;
- closed with the phases service on 1 April 2019 (week 13, the first week of Phase 2), which
  carries them, unfinished, into Phase 2 with their references.

Everything about Phase 1 that the seeds do not give is illustrative, and the plan's name says
so wherever it appears.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from stocktake.accounts.models import Authority
from stocktake.demo.recorded_times import at
from stocktake.findings.models import Finding
from stocktake.findings.services import finding_link_actions
from stocktake.imports.people_matching import PeopleMatcher
from stocktake.imports.services import understand
from stocktake.plans.choices import PlanKind
from stocktake.plans.models import Action, PhaseClosure, Plan, Theme
from stocktake.plans.services import (
    ActionFields,
    OwnerSpec,
    action_create,
    plan_create,
    theme_create,
)
from stocktake.plans.services.phases import NextPhase, phase_close, phase_narrative_record

PHASE_1_NAME = "12 Week Plan – Phase 1 (illustrative)"
PHASE_1 = (dt.date(2019, 1, 7), dt.date(2019, 3, 31))  # weeks 1–12
PHASE_2 = (dt.date(2019, 4, 1), dt.date(2019, 6, 23))  # weeks 13–24, as seed 000 gives them
CLOSED_AT = (dt.date(2019, 4, 1), 8, 30)  # the morning Phase 2 opens
# The narrative was written looking back at January to March, as Phase 2 opened.
NARRATIVE_AT = (dt.date(2019, 3, 29), 16, 0)
CARRIED = ["LA1", "LA2", "LA12", "LA25/S3", "FD16", "FD19", "FD20", "FD21", "CCL1", "CCL10"]
_PAGE_HEADER = re.compile(r"^12 Week Plan – Post OFSTED Inspection – Phase 2$")


def _section(lines: list[str], start: str, end: str) -> str:
    """The paragraphs of seed 000 between two headings, as written (page headers dropped)."""
    first = lines.index(start) + 1
    last = lines.index(end, first)
    kept = [line for line in lines[first:last] if not _PAGE_HEADER.match(line.strip())]
    paragraphs = [p.strip() for p in "\n".join(kept).split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def seed_narrative(text: str) -> dict[str, str]:
    """Seed 000's "Progress to date" in the sections of a phase's narrative."""
    lines = text.splitlines()
    attention = "What needs further attention?"
    priorities = "What are our priorities for the coming 12 weeks?"
    bullets = [
        line.strip()[2:].strip()
        for line in _section(
            lines, priorities, "Deadlines for the plan are described as week 13-24"
        )
        .replace("\n\n", "\n")
        .splitlines()
        if line.strip().startswith("- ")
    ]
    first, second, third = (b.replace("**", "") for b in bullets)
    return {
        "gone_well": _section(lines, "What has gone well?", "What have we learned?"),
        "learned": _section(lines, "What have we learned?", attention),
        "needs_attention": _section(lines, attention, priorities),
        "priority_1": first,
        "priority_2": second,
        "priority_3": third,
    }


def _key(reference: str) -> str:
    return "".join(reference.split()).upper()


def load_phase_one(authority: Authority, seed: Path, phase_2_name: str, week1: dt.date) -> Plan:
    """Record Phase 1, write its narrative, close it and carry its actions into Phase 2.
    Returns Phase 2 (empty but for the carried actions: the seed is imported into it next)."""
    text = seed.read_text(encoding="utf-8")
    parsed, _week1 = understand(
        authority=authority, filename=seed.name, data=text.encode(), plan_name="", week1=week1
    )
    start, end = PHASE_1
    phase_1 = plan_create(
        authority=authority,
        actor=None,
        name=PHASE_1_NAME,
        kind=PlanKind.TWELVE_WEEK,
        start_date=start,
        end_date=end,
        week1_date=week1,
    )
    Plan.objects.filter(pk=phase_1.pk).update(created_at=at(start, 9))
    people = PeopleMatcher(authority, None)
    themes: dict[str, Theme] = {}
    wanted = {_key(r) for r in CARRIED}
    for item in parsed.actions:
        if _key(item.reference) not in wanted:
            continue
        if item.theme not in themes:
            themes[item.theme] = theme_create(plan=phase_1, actor=None, name=item.theme)
        action_create(
            plan=phase_1,
            actor=None,
            recorded_at=at(start, 9),
            fields=ActionFields(
                reference=item.reference,
                text=item.text,
                theme=themes[item.theme],
                number=item.number,
                impact=item.impact,
                outcome=item.outcome,
                deadline_text="Week 12",
                joint_delivery=item.joint_delivery,
                cross_references=" ".join(item.cross_references),
                owners=[OwnerSpec(people.person_for(o), o.part) for o in item.owners],
            ),
        )
    phase_narrative_record(
        plan=phase_1, actor=None, sections=seed_narrative(text), at=at(*NARRATIVE_AT)
    )
    closure: PhaseClosure = phase_close(
        plan=phase_1,
        actor=None,
        next_phase=NextPhase(name=phase_2_name, start_date=PHASE_2[0], end_date=PHASE_2[1]),
        at=at(*CLOSED_AT),
    )
    if closure.next_plan is None:  # phase_close always opens the next phase
        raise RuntimeError("Closing Phase 1 opened no Phase 2")
    return closure.next_plan


def link_phase_one(phase_2: Plan) -> None:
    """Phase 1's actions answer the findings their Phase 2 continuations answer: both phases
    respond to the January 2019 areas for improvement (seed 004: "A 12-week plan is being
    developed… how these 12 areas for improvement will be immediately addressed")."""
    answering: dict[Finding, list[Action]] = {}
    carried = phase_2.actions.filter(carried_from__isnull=False).select_related("carried_from")
    for action in carried.prefetch_related("findings"):
        for finding in action.findings.all():
            if action.carried_from is not None:
                answering.setdefault(finding, []).append(action.carried_from)
    for finding, earlier in answering.items():
        finding_link_actions(finding=finding, actor=None, plan=earlier[0].plan, actions=earlier)
