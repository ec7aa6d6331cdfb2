"""The QA indicators, worked out from audit rows (no database here).

By month of the audit's completion:
- QA_GOOD_OR_BETTER: audits whose overall grade is good or outstanding ÷ audits completed;
- QA_INADEQUATE: audits graded inadequate overall ÷ audits completed;
- QA_DOMAIN_GOOD_<CODE>: audits whose grade for that domain is good or outstanding ÷ audits
  completed that graded the domain;
- QA_MODERATION_AGREEMENT: moderated audits whose overall grade the moderator agreed ÷
  audits moderated.
The grade that counts is the moderator's where they changed it (both are kept on the audit).
By month of the action's due date:
- QA_ACTIONS_ON_TIME: audit actions completed on or before their due date ÷ audit actions due
  in the month whose due date has come (an action due later this month is not yet counted).
A month with a zero denominator has no figure (never 0%).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from stocktake.quality.choices import GOOD_OR_BETTER, Grade

GOOD, INADEQUATE = "QA_GOOD_OR_BETTER", "QA_INADEQUATE"
ON_TIME, AGREEMENT = "QA_ACTIONS_ON_TIME", "QA_MODERATION_AGREEMENT"
DOMAIN_PREFIX = "QA_DOMAIN_GOOD_"


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


@dataclass(frozen=True)
class AuditRow:
    completed_on: dt.date
    overall: str  # the grade that counts
    domains: dict[str, str] = field(default_factory=dict)  # domain code → grade that counts
    moderated: bool = False
    agreed: bool = False  # the moderator agreed the overall grade
    round_title: str = ""
    illustrative: bool = False


@dataclass(frozen=True)
class ActionRow:
    due_date: dt.date
    completed_on: dt.date | None


@dataclass
class Count:
    numerator: int = 0
    denominator: int = 0
    rounds: set[str] = field(default_factory=set)
    illustrative: bool = False

    def add(self, hit: bool, round_title: str = "", illustrative: bool = False) -> None:
        self.denominator += 1
        self.numerator += int(hit)
        if round_title:
            self.rounds.add(round_title)
        self.illustrative |= illustrative

    @property
    def value(self) -> float:
        return 100 * self.numerator / self.denominator


Counts = dict[tuple[str, dt.date], Count]


def count_audits(audits: list[AuditRow]) -> Counts:
    counts: Counts = defaultdict(Count)
    for a in audits:
        month, extra = month_of(a.completed_on), (a.round_title, a.illustrative)
        counts[(GOOD, month)].add(a.overall in GOOD_OR_BETTER, *extra)
        counts[(INADEQUATE, month)].add(a.overall == Grade.INADEQUATE, *extra)
        for code, grade in a.domains.items():
            counts[(DOMAIN_PREFIX + code, month)].add(grade in GOOD_OR_BETTER, *extra)
        if a.moderated:
            counts[(AGREEMENT, month)].add(a.agreed, *extra)
    return counts


def count_actions(actions: list[ActionRow], today: dt.date) -> Counts:
    counts: Counts = defaultdict(Count)
    for action in actions:
        if action.due_date > today:
            continue
        on_time = action.completed_on is not None and action.completed_on <= action.due_date
        counts[(ON_TIME, month_of(action.due_date))].add(on_time)
    return counts


def qa_counts(audits: list[AuditRow], actions: list[ActionRow], today: dt.date) -> Counts:
    """Every (indicator code, month) with a non-zero denominator, and its counts."""
    counts = {**count_audits(audits), **count_actions(actions, today)}
    return {key: c for key, c in counts.items() if c.denominator}
