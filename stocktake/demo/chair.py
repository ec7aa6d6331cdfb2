"""The demo's chair's report: the July 2019 progress report on the 2012 Improvement Notice,
finished and signed, so the demo shows what a final paper looks like.

Everything written here is illustrative and says so: the seeds hold no chair's report. The
text quotes the seeds and does not add facts to them: the addressee is the one the notice
names (seed 001, 8.1); each measure's commentary quotes the updates on the plan's actions
answering it that a lead accepted by 31 July 2019 (seed 000), or says that no action answers
it; the chair's assessment quotes the Council's own account of Phase 2 (seed 000); the
Leader's section quotes the Council's scrutiny report of February 2019 (seed 004). Nothing
later than the report's date (31 July 2019) is quoted: the December 2019 monitoring visit
(seed 002) came after it, and nothing here contradicts it. Seed 000 names Linda Clegg and
Steve Ashley as the independent chairs (LA36) and Steve Ashley as chair of the Safeguarding
Children's Board, so the report is signed, illustratively, in Linda Clegg's name.

Each section is recorded at its 2019 time (a draft of the assessment first), so the paper
issued as at 31 July 2019 includes them and one as at an earlier day does not.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from stocktake.accounts.models import Authority
from stocktake.chair.selectors import notice_measures
from stocktake.chair.services import chair_report_start, chair_sign, chair_text_record
from stocktake.findings.choices import SourceKind
from stocktake.findings.models import Finding, Source
from stocktake.plans.models import Action, Plan, Update
from stocktake.reports.builders.common import day, latest_reportable_updates, shorten

PERIOD = (dt.date(2019, 7, 1), dt.date(2019, 7, 31))
SIGNED_ON = dt.date(2019, 7, 31)
ILLUSTRATIVE = "Illustrative commentary for the demo"

ADDRESSEE = (
    "The Parliamentary Under Secretary of State for Children and Families (the Improvement "
    "Notice, 8.1)"
)
ASSESSMENT_DRAFT = (
    f"{ILLUSTRATIVE}. Draft: to be completed once the commentary on each measure is written."
)


def _assessment(unanswered: int, total: int, plan: Plan) -> str:
    return "\n\n".join(
        [
            "Illustrative assessment for the demo, written from the Council's own account at "
            f"the end of Phase 2 of its 12-week plan (the {plan.name}); it quotes that account "
            "and is not the words of any chair.",
            "The Council reports that \u201cManagement Capacity has been increased to support "
            "team managers in bringing staff through change and improving standards of "
            "practice\u201d and that making a clear \u201cask\u201d of partners \u201chas been "
            "met positively at a strategic level, and we need to see this matched in the "
            "coming weeks at an operational level.\u201d",
            "Practice has not yet changed enough. The Council's own summary of progress "
            "against the inspection's areas for improvement says: \u201cPractice standards "
            "remain too variable, and the need to lower caseloads in order to free up the "
            "time to do the work and develop practice is a key priority for the coming plan "
            "period.\u201d On the workforce it says: \u201cWe need to continue with an "
            "aggressive, rolling recruitment campaign for social workers so that we can "
            "reduce our need for agency workers\u201d.",
            f"{unanswered} of the notice's {total} measures have no action in the {plan.name} "
            "answering them; the commentary on each says so.",
            "This report, its commentary and its signature are illustrative, written for the "
            "Stocktake demo from the seed documents. Linda Clegg did not write or sign it.",
        ]
    )


LEADER = "\n\n".join(
    [
        "Illustrative for the demo: the seeds hold no report from the Leader of the Council. "
        "This section quotes the Council's report to its scrutiny committee of February 2019.",
        "\u201cThe plan is owned by the Leader, DCS, Chief Executive and Lead Member for "
        "Children's Services who will assign the actions within it and monitor the delivery "
        "and impact.\u201d",
        "\u201cA resource review has been undertaken across services that have supported the "
        "development of the 12 week plan. This has led to the approval by Corporate "
        "Leadership Team of circa \u00a31million of additional investment, to support the "
        "increased pace of change required to deliver the planned improvements.\u201d",
    ]
)


def _at(day: int, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2019, 7, day, hour))


def _commentary(actions: list[Action], updates: dict[int, Update], plan: Plan) -> str:
    if not actions:
        return (
            f"{ILLUSTRATIVE}. No action in the {plan.name} answers this measure, so there is "
            "no progress against it to report for this period."
        )
    lines = [f"{ILLUSTRATIVE}, quoting the latest accepted update on each action answering it:"]
    lines += [_quote(action, updates.get(action.pk)) for action in actions]
    return "\n\n".join(lines)


def _quote(action: Action, update: Update | None) -> str:
    if update is None or update.date is None:
        return f"{action.reference}: no dated update on it had been accepted by {day(PERIOD[1])}."
    return (
        f"{action.reference}, update of {day(update.date)}: \u201c{shorten(update.text, 600)}\u201d"
    )


def load_chair_demo(authority: Authority, plan: Plan) -> None:
    """Write and sign the demo's July 2019 chair's report (call after the plan's updates are
    recorded and reviewed, and the notice's measures linked)."""
    notice = Source.objects.get(authority=authority, kind=SourceKind.IMPROVEMENT_NOTICE)
    report = chair_report_start(
        plan=plan, notice=notice, period_start=PERIOD[0], period_end=PERIOD[1], actor=None
    )
    updates = latest_reportable_updates(plan, on_or_before=PERIOD[1])
    measures = notice_measures(notice)

    def write(
        part: str, text: str, final: bool, at: dt.datetime, finding: Finding | None = None
    ) -> None:
        chair_text_record(
            report=report, part=part, finding=finding, text=text, final=final, actor=None, at=at
        )

    write("addressee", ADDRESSEE, True, _at(29, 10))
    write("assessment", ASSESSMENT_DRAFT, False, _at(29, 11))
    unanswered = 0
    for measure in measures:
        actions = list(measure.actions.filter(plan=plan).order_by("number", "id"))
        unanswered += not actions
        write("measure", _commentary(actions, updates, plan), True, _at(29, 14), measure)
    write("assessment", _assessment(unanswered, len(measures), plan), True, _at(30, 10))
    write("leader", LEADER, True, _at(30, 15))
    chair_sign(
        report=report,
        name="Linda Clegg",
        role="Independent Chair (illustrative signature for the demo)",
        signed_on=SIGNED_ON,
        actor=None,
        at=_at(31, 16),
    )
