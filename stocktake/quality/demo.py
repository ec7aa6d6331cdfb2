"""An illustrative six-month audit programme for Blackpool (demo), January to June 2019.

Everything here is made up for the demonstration and labelled illustrative wherever it
appears (the framework, every round, the QA indicators, the pages and the papers). It is
shaped by the seeds, not copied from them: audit and performance management is an area for
improvement (seed 004, area 12; seed 000's Appendix 1); the notice asks that audit findings
are captured and acted on (seed 001, 4.3, 4.6, 5.6–5.9); managers complete and moderate
audits in a weekly clinic and the principal social worker moderates (seeds 000 and 002);
and the plan's own measures are "% of audits evidencing good quality management oversight"
(LA1, LA2) and supervision audits (LA2). Blackpool's framework is built on its "Ten Domains
of Effective Practice", which the seeds do not list, so the demo uses common domains.

Grades improve slowly over the six months and management oversight lags, as the seeds
describe practice that is "too variable". Every record goes through the services; each is
then dated as recorded on the day it happened, so the 2019 papers (which read only what was
recorded by their day) show the programme as it stood then.
"""

from __future__ import annotations

import datetime as dt
import random

from stocktake.accounts.models import Authority, User
from stocktake.findings.models import Finding
from stocktake.findings.services.links import finding_link_indicators
from stocktake.indicators import demo as indicators_demo
from stocktake.indicators.models import Indicator
from stocktake.indicators.periods import add_months
from stocktake.indicators.services import indicator_link, targets_from_notice
from stocktake.people.models import Person
from stocktake.people.services import person_create
from stocktake.plans.models import Plan
from stocktake.quality.models import (
    AuditAction,
    AuditRound,
    CaseAudit,
    FrameworkVersion,
    LearningTheme,
    Moderation,
    ThemeTag,
)
from stocktake.quality.services import (
    AuditFields,
    DomainDecision,
    DomainSpec,
    RoundFields,
    audit_action_complete,
    audit_action_create,
    audit_assign,
    audit_save,
    concern_close,
    concern_raise,
    framework_create,
    learning_theme_create,
    learning_theme_link,
    moderation_record,
    qa_indicators_compute,
    round_create,
    theme_tag,
)
from stocktake.quality.services.indicators import DOMAIN_PREFIX

SEED = 2019
NOTE = "Illustrative: made up for the demo"
DOMAINS = [
    DomainSpec(
        "Voice and experience of the child",
        "Is the child seen, and seen alone?\n"
        "Are their wishes, feelings and daily lived experience recorded and used?",
        "VOICE",
    ),
    DomainSpec(
        "Assessment",
        "Does the assessment analyse accumulated risk and the child's history?\nIs it timely?",
        "ASSESSMENT",
    ),
    DomainSpec(
        "Planning", "Is the plan specific, measurable and timely?\nIs there drift?", "PLANNING"
    ),
    DomainSpec(
        "Management oversight",
        "Is management direction recorded on the file, with its reasons?",
        "OVERSIGHT",
    ),
    DomainSpec("Supervision", "Is supervision regular, reflective and challenging?", "SUPERVISION"),
    DomainSpec(
        "Recording",
        "Is the record up to date, clear and in the child's words where it can be?",
        "RECORDING",
    ),
]
MONTHS = [dt.date(2019, m, 1) for m in range(1, 7)]
# Chance of each overall grade by month (outstanding, good, RI, inadequate): slow improvement.
SHARES = [
    (0.00, 0.18, 0.50, 0.32),
    (0.00, 0.20, 0.52, 0.28),
    (0.02, 0.22, 0.52, 0.24),
    (0.02, 0.26, 0.52, 0.20),
    (0.03, 0.30, 0.50, 0.17),
    (0.04, 0.34, 0.48, 0.14),
]
GRADES = ["outstanding", "good", "requires_improvement", "inadequate"]
THEMES = [
    (
        "Drift and delay in plans",
        "Plans without timescales; actions carried from review to review.",
        ["1", "6"],
        ["LA30"],
        "PLANNING",
    ),
    (
        "Management oversight not recorded on the file",
        "Decisions made in supervision or panels without the reasons on the child's file.",
        ["3", "12"],
        ["LA1", "LA2"],
        "OVERSIGHT",
    ),
    (
        "The child's lived experience not analysed",
        "Visits recorded, but not what life is like for the child.",
        ["1", "3"],
        ["LA32 FD5/S10"],
        "VOICE",
    ),
    (
        "History not used in assessment",
        "Previous referrals and chronologies not drawn on.",
        ["3"],
        ["LA31"],
        "ASSESSMENT",
    ),
]


def _people(authority: Authority) -> dict[str, Person]:
    users = {u.username: u for u in User.objects.filter(username__in=["qa_lead", "auditor"])}
    made = {}
    for key, name, title, username in (
        ("qa", "QA lead (demo)", "Quality Assurance Lead", "qa_lead"),
        ("auditor", "Auditor (demo)", "Senior Quality Auditor", "auditor"),
        ("auditor2", "Second auditor (demo)", "Quality Auditor", ""),
        ("manager", "Team manager (demo)", "Team Manager, Assessment and Support", ""),
        ("manager2", "Second team manager (demo)", "Team Manager, Children in Care", ""),
    ):
        made[key] = person_create(
            authority=authority,
            actor=None,
            name=name,
            job_title=title,
            organisation="Illustrative",
            user=users.get(username),
            email=f"{key}@example.org",
        )
    return made


def _grades(rng: random.Random, shares: tuple[float, ...]) -> tuple[str, list[str]]:
    overall = rng.choices(GRADES, weights=shares)[0]
    index = GRADES.index(overall)
    domains = []
    for spec in DOMAINS:
        step = rng.choice([-1, 0, 0, 0, 1]) + (1 if spec.code == "OVERSIGHT" else 0)
        domains.append(GRADES[min(3, max(0, index + step))])
    return overall, domains


def _backdate(audit: CaseAudit, scheduled: dt.date, done: dt.date | None) -> None:
    """Date the records as entered on the day they happened (the demo stands in 2019)."""
    at = dt.datetime.combine(scheduled, dt.time(9), tzinfo=dt.UTC)
    CaseAudit.objects.filter(pk=audit.pk).update(created_at=at)
    if done:
        day = dt.datetime.combine(done, dt.time(16), tzinfo=dt.UTC)
        CaseAudit.objects.filter(pk=audit.pk).update(recorded_at=day)
        for moderation in Moderation.objects.filter(audit=audit):
            moderation.recorded_at = dt.datetime.combine(
                moderation.moderated_on, dt.time(17), tzinfo=dt.UTC
            )
            moderation.save(update_fields=["recorded_at"])
        ThemeTag.objects.filter(audit=audit).update(created_at=day)


def _round(
    authority: Authority,
    version: FrameworkVersion,
    month: dt.date,
    n: int,
    people: dict,
    title: str,
    kind: str = "monthly",
    theme: str = "",
) -> AuditRound:
    due = month.replace(day=28)
    references = [f"DEMO-{month:%y%m}-{k:02d}" for k in range(1, n + 1)]
    return round_create(
        authority=authority,
        actor=None,
        fields=RoundFields(
            title=title,
            version=version,
            due_date=due,
            kind=kind,
            theme=theme,
            moderation_share=20,
            illustrative=True,
        ),
        references=references,
        auditors=[people["auditor"], people["auditor2"], people["qa"]],
    )


def _record(
    audit: CaseAudit,
    rng: random.Random,
    shares: tuple[float, ...],
    day: dt.date,
    people: dict,
    themes: list[tuple[LearningTheme, str]],
) -> None:
    audit_assign(
        audit=audit,
        actor=None,
        auditor=audit.auditor,
        moderator=people["qa"] if audit.auditor != people["qa"] else people["auditor"],
        practitioner="Social worker (illustrative)",
        team_manager=people["manager" if rng.random() < 0.6 else "manager2"],
        due_date=audit.due_date,
    )
    overall, domain_grades = _grades(rng, shares)
    domains = list(audit.round.version.domains.all())
    audit_save(
        audit=audit,
        actor=None,
        fields=AuditFields(
            grades={d.pk: g for d, g in zip(domains, domain_grades, strict=True)},
            overall_grade=overall,
            strengths=f"{NOTE}. Visits are regular and the child is seen alone.",
            development=f"{NOTE}. The plan needs timescales; management direction is not "
            "recorded with its reasons.",
            child_voice=f"{NOTE}. The child's wishes are recorded in their words.",
            completed_on=day,
        ),
        complete=True,
        today=day,
        compute=False,
    )
    audit.refresh_from_db()
    if overall in ("requires_improvement", "inadequate"):
        for theme, code in rng.sample(themes, k=rng.choice([1, 1, 2])):
            domain = next((d for d in domains if d.code == code), None)
            theme_tag(audit=audit, actor=None, themes=[theme], domain=domain)
    if overall != "good" and rng.random() < 0.5:
        due = min(day + dt.timedelta(days=14), dt.date(2019, 6, 28))
        action = audit_action_create(
            audit=audit,
            actor=None,
            owner=audit.team_manager,
            text=f"{NOTE}: update the child's plan with timescales "
            "and record the management decision",
            due_date=due,
            today=day,
        )
        AuditAction.objects.filter(pk=action.pk).update(
            created_at=dt.datetime.combine(day, dt.time(16), tzinfo=dt.UTC)
        )
        late = rng.choice([-3, -1, 0, 2, 6, None]) if due < dt.date(2019, 6, 20) else None
        if late is not None:
            done = due + dt.timedelta(days=late)
            audit_action_complete(
                action=action, actor=None, completed_on=done, note=NOTE, today=done
            )
            AuditAction.objects.filter(pk=action.pk).update(
                completed_recorded_at=dt.datetime.combine(done, dt.time(17), tzinfo=dt.UTC)
            )


def _moderate(audit: CaseAudit, rng: random.Random, moderator: User | None) -> None:
    audit.refresh_from_db()
    assert audit.completed_on is not None
    later = audit.completed_on + dt.timedelta(days=rng.randint(2, 8))
    day: dt.date = min(later, dt.date(2019, 6, 30))
    change = rng.random() < 0.3
    order = GRADES.index(audit.overall_grade)
    overall = (
        GRADES[max(0, order - 1) if order == 3 else min(3, order + 1)]
        if change
        else (audit.overall_grade)
    )
    decisions = []
    for grade in audit.grades.select_related("domain"):
        moved = change and grade.domain.code == "OVERSIGHT" and grade.grade != overall
        decisions.append(
            DomainDecision(
                grade.domain_id,
                overall if moved else grade.grade,
                f"{NOTE}: oversight is on file" if moved else "",
            )
        )
    moderation_record(
        audit=audit,
        actor=moderator,
        moderated_on=day,
        overall_grade=overall,
        reason=f"{NOTE}: the evidence on file supports a different grade" if change else "",
        decisions=decisions,
        today=day,
        compute=False,
    )


def _themes(authority: Authority, plan: Plan) -> list[tuple[LearningTheme, str]]:
    findings = {
        f.reference: f
        for f in Finding.objects.filter(source__authority=authority, source__kind="ilacs_standard")
    }
    actions = {a.reference: a for a in plan.actions.all()}
    made = []
    for name, description, afis, refs, code in THEMES:
        theme = learning_theme_create(
            authority=authority, actor=None, name=name, description=f"{NOTE}. {description}"
        )
        learning_theme_link(
            theme=theme,
            actor=None,
            findings=[findings[r] for r in afis if r in findings],
            actions=[actions[r] for r in refs if r in actions],
        )
        made.append((theme, code))
    return made


def _link_indicators(authority: Authority, plan: Plan) -> None:
    """The QA indicators evidence area for improvement 12 (audit and performance
    management), the notice's audit measures and the monitoring visit's audit finding; the
    oversight and supervision ones are the plan's own measures for LA1 and LA2."""
    qa = {i.code: i for i in Indicator.objects.filter(authority=authority, code__startswith="QA_")}
    Indicator.objects.filter(pk__in=[i.pk for i in qa.values()]).update(illustrative=True)
    actions = {a.reference: a for a in plan.actions.all()}
    for code, refs in (
        ("QA_GOOD_OR_BETTER", ["LA30"]),
        (DOMAIN_PREFIX + "OVERSIGHT", ["LA1", "LA2"]),
        (DOMAIN_PREFIX + "SUPERVISION", ["LA2"]),
    ):
        indicator_link(
            indicator=qa[code],
            actor=None,
            actions=[actions[r] for r in refs if r in actions],
            themes=[],
        )
    for kind, reference, codes in (
        ("ilacs_standard", "12", ["QA_GOOD_OR_BETTER", DOMAIN_PREFIX + "OVERSIGHT"]),
        ("improvement_notice", "4.3", ["QA_ACTIONS_ON_TIME"]),
        ("improvement_notice", "4.6", ["QA_GOOD_OR_BETTER"]),
        ("improvement_notice", "5.9", ["QA_GOOD_OR_BETTER", "QA_MODERATION_AGREEMENT"]),
        ("monitoring_visit", "13", ["QA_ACTIONS_ON_TIME", "QA_MODERATION_AGREEMENT"]),
    ):
        finding = Finding.objects.filter(
            source__authority=authority, source__kind=kind, reference=reference
        ).first()
        if finding is not None:
            links = finding.impact_links.select_related("measure__indicator", "indicator")
            current = [link.evidence for link in links if link.evidence is not None]
            finding_link_indicators(
                finding=finding,
                actor=None,
                indicators=[*current, *(qa[c] for c in codes if c in qa)],
            )


# Seed 000, area 12: "Establish audit quality improvement targets". Illustrative 6- and
# 12-month targets from the same notice date as the demo's other indicators.
TARGETS = {
    "QA_GOOD_OR_BETTER": (40.0, 55.0),
    DOMAIN_PREFIX + "OVERSIGHT": (30.0, 45.0),
    "QA_ACTIONS_ON_TIME": (80.0, 90.0),
    "QA_MODERATION_AGREEMENT": (75.0, 85.0),
}


def _targets(authority: Authority) -> None:
    shown = indicators_demo.MONTHS
    notice = add_months(indicators_demo.LAST_MONTH, indicators_demo.NOTICE_MONTH - shown + 1)
    for code, (six, twelve) in TARGETS.items():
        indicator = Indicator.objects.get(authority=authority, code=code)
        targets_from_notice(
            indicator=indicator,
            actor=None,
            notice_date=notice,
            six_months=six,
            twelve_months=twelve,
            tolerance=5.0,
        )


def load_quality_demo(authority: Authority, plan: Plan) -> None:
    rng = random.Random(SEED)
    people = _people(authority)
    framework = framework_create(
        authority=authority,
        actor=None,
        name="Practice audit (illustrative)",
        domains=DOMAINS,
        illustrative=True,
        description=f"{NOTE}. Blackpool's framework is built on its Ten Domains of Effective "
        "Practice (seed 000), which the seeds do not list; these are common domains.",
    )
    themes = _themes(authority, plan)
    moderator = User.objects.filter(username="qa_lead").first()
    second = User.objects.filter(username="auditor").first()
    moderator_id = moderator.pk if moderator else None
    rounds = [(m, f"Monthly audit – {m:%B %Y}", 10, "monthly", "") for m in MONTHS]
    rounds.insert(3, (MONTHS[2], "Themed audit: neglect, March 2019", 6, "themed", "Neglect"))
    rounds.append(
        (MONTHS[4], "Themed audit: pre-proceedings, May 2019", 5, "themed", "Pre-proceedings")
    )
    for month, title, n, kind, theme in rounds:
        audit_round = _round(authority, framework.current, month, n, people, title, kind, theme)
        shares = SHARES[MONTHS.index(month)]
        last_round = month == MONTHS[-1] and kind == "monthly"
        for k, audit in enumerate(audit_round.audits.order_by("case_reference")):
            if last_round and k >= 8:  # two of June's audits are not yet done
                _backdate(audit, month, None)
                continue
            day = month + dt.timedelta(days=3 + 2 * k)
            _record(audit, rng, shares, day, people, themes)
            audit.refresh_from_db()
            if audit.moderation_required:
                own = audit.auditor is not None and audit.auditor.user_id == moderator_id
                _moderate(audit, rng, second if own else moderator)
            _backdate(audit, month, day)
    concern_audit = CaseAudit.objects.filter(
        round__authority=authority, case_reference="DEMO-1904-03"
    ).first()
    if concern_audit is not None:
        concern = concern_raise(
            audit=concern_audit,
            actor=None,
            description=f"{NOTE}: a younger sibling has not been seen for five weeks.",
        )
        concern_close(
            concern=concern,
            actor=moderator,
            action_taken=f"{NOTE}: the sibling "
            "was seen the same day and a strategy discussion was held.",
        )
        day = dt.datetime(2019, 4, 9, 11, tzinfo=dt.UTC)
        type(concern).objects.filter(pk=concern.pk).update(
            raised_at=day, closed_at=day + dt.timedelta(hours=5)
        )
    qa_indicators_compute(
        authority=authority, actor=None, today=dt.date(2019, 6, 30), illustrative=True
    )
    _targets(authority)
    _link_indicators(authority, plan)
