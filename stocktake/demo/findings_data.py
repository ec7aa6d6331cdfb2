"""The demo authority's findings register, from the seed documents.

- 2012: Ofsted judged Blackpool's arrangements to protect children inadequate (report of
  13 July 2012) and the DfE issued an Improvement Notice; its measures 3.1–8.2 sit under
  their clauses 3–8 (seed 001).
- October 2018: HMI Probation judged the youth offending service inadequate, with nine
  recommendations to the YOT Manager, the DCS and the Youth Justice Board (seed 004).
- January 2019: Ofsted's ILACS inspection, three judgements inadequate and one requires
  improvement, with 12 areas for improvement (seed 004).
- December 2019: the second monitoring visit (seed 002), several of whose findings repeat
  the January 2019 areas for improvement.

The lists are read with the quick-capture splitter, as a person pasting them would. The
12-week plan (seed 000) is imported after the sources exist, so its Appendix 1 is recognised
as the same 12 areas for improvement and brings their planned response and progress. Then
each area for improvement is linked to the plan's actions whose text matches the response
Appendix 1 gives for it (the explicit lists below, with the words that match), and to the
impact measures the plan writes in its "Anticipated impact" column. No action is marked
complete here: the progress each action shows is what seed 000's summary updates record
(`stocktake.demo.recorded_times`).

Once the demo indicators exist (`stocktake.indicators.demo` calls `link_indicators`), the
findings they evidence are linked to them, so the matrix reads their (illustrative) figures:
some targets met, some missed, some findings with no measure at all.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from stocktake.accounts.models import Authority
from stocktake.findings.capture import split_list
from stocktake.findings.choices import Area, FindingKind, FrameworkVersion, Grade, SourceKind
from stocktake.findings.models import Finding, Source
from stocktake.findings.services import (
    FindingFields,
    SourceFields,
    finding_create,
    finding_link_actions,
    finding_link_indicators,
    finding_link_measures,
    finding_set_repeats,
    findings_capture,
    judgement_create,
    source_create,
)
from stocktake.indicators.models import Indicator
from stocktake.plans.models import Action, Measure, Plan

DATA = Path(__file__).resolve().parent / "data"
NOTICE_MEASURES = DATA / "blackpool_improvement_notice_2012_measures.txt"

# Seed 004, section 4.2–4.4, as printed.
HMIP_RECOMMENDATIONS = """\
4.2 The Youth Offending Team (YOT) Manager should:

1. Commission training to develop the staffs skills and knowledge in key areas practice.
2. Re-establish the staff's sense of pride in work of the YOT.
3. Introduce a process to ensure the timeliness and quality of AssetPlus assessments.
4. Develop a range of suitable interventions for work with children and young people

4.3 The Director of Children's Services (DCS) should:

5. Fully analyse the needs and profile of the children and young people subject to YOT \
supervision and use this to commission appropriate services.
6. Ensure Board members are able to challenge each other and the YOT manager and advocate \
for the YOT in their own organisations
7. Together with the Office of the Police and Crime Commissioner, review the out of court \
disposals processes and commissioned services to ensure informed decision making and good \
information sharing for out of court disposals.

4.4 The Youth Justice Board should:

8. Provide further guidance and advice on completing the integrated planning and pathways \
document in AssetPlus.
9. Review the national policy for caretaking arrangements for children placed out of their \
own local authority area.
"""

# Seed 004, section 4.10: "It identified 12 key areas for improvement."
AREAS_FOR_IMPROVEMENT = """\
 - The identification of and response to risk, particularly in relation to long-standing \
concerns of chronic neglect
 - The response and recording of decisions in relation to contacts, thresholds and issues of \
consent at the front door to be clear and proportionate
 - The quality of social work assessments and plans and the extent to which they reflect the \
child's history
 - The response to children at risk of exploitation, and those young people who are homeless, \
and the extent to which their vulnerabilities are fully recognised and lead to responsive \
intervention to keep them safe
 - The effectiveness of strategic partnerships to work together to improve outcomes and \
protect children
 - Oversight of pre-proceedings work and placement-with-parent practice to address drift and \
delay
 - The quality of decision-making, management oversight and recording of threshold decisions \
when children come into care
 - Training needs of social workers to ensure that they are prepared for court proceedings
 - The quality and impact of personal education plans for children in care, and the extent to \
which these children are effectively supported at all key stages
 - A clearer and more consistent approach to agency decision-maker processes for approval and \
matching of foster carers and adopters

- The strategic and coordinated approach to providing support for care leavers to improve \
their outcomes, including education, employment and training
- The quality and impact of audit and performance management
"""

# Seed 002's main findings, in the letter's words (whole sentences as written; "…" where
# sentences between are left out): (kind, text, AFIs of January 2019 the
# letter says are still not resolved, so the finding is linked as a repeat of them).
MONITORING_VISIT_FINDINGS: list[tuple[str, str, list[str]]] = [
    (
        FindingKind.CONCERN,
        "Since the inspection one year ago, there has not been enough progress made to improve "
        "the quality of social work practice across the assessment and support (AST) teams "
        "and the strengthening and supporting families (SSF) teams.",
        [],
    ),
    (
        FindingKind.STRENGTH,
        "Thresholds at the front door continue to be applied well in most cases. The progress "
        "made by the MASH, which was noted during the first monitoring visit in August 2019, "
        "has been maintained.",
        [],
    ),
    (
        FindingKind.CONCERN,
        "Consent is still not always sought by all partners, particularly the police, prior to "
        "contacting the MASH, and the arrangements to secure consent at a later stage in the "
        "referral process lead to some duplication of effort. The local authority has been "
        "aware of this issue since the inspection, but has had limited success in addressing "
        "it fully with all partners.",
        ["2"],
    ),
    (
        FindingKind.CONCERN,
        "It is concerning that the response and recognition of neglect for some cases continue "
        "to be too slow, as was the case at the time of the inspection.",
        ["1"],
    ),
    (
        FindingKind.CONCERN,
        "The decision to initiate a child protection investigation took too long in some "
        "cases, and information from partner agencies was not always well recorded within the "
        "section 47 decision-making, and this impacts on the quality of planning to safeguard "
        "children.",
        [],
    ),
    (
        FindingKind.CONCERN,
        "However, the mid-review checkpoint within the CAFA is not always completed within the "
        "10-day timescale set at the start of the assessment process. This means that social "
        "workers are not always benefiting from management oversight at key points in their "
        "work with families, in accordance with the local authority's own practice standards.",
        [],
    ),
    (
        FindingKind.CONCERN,
        "The quality of CAFAs is variable. As noted at the last monitoring visit, most provide "
        "detailed information about historical concerns, and this has been maintained, but "
        "they continue to lack robust analysis. … They are not always updated regularly in "
        "line with changing circumstances, and, at times, there is an over-reliance on "
        "self-reporting by parents. … These were all issues identified in the inspection as "
        "needing to improve.",
        ["3"],
    ),
    (
        FindingKind.CONCERN,
        "Plans for children lack specificity regarding clear timescales for actions to be "
        "completed, or contingencies if progress is not sustained. … This means that the "
        "quality of social work intervention is not always purposeful and there is still "
        "evidence of drift and delay for children, as there was at the time of the inspection "
        "a year ago.",
        ["3"],
    ),
    (
        FindingKind.CONCERN,
        "Some families are still subject to drift and delay in PLO, due to meetings being "
        "cancelled and a lack of challenge by frontline managers.",
        ["6"],
    ),
    (
        FindingKind.STRENGTH,
        "The recently introduced weekly permanence and care planning panels, chaired by the "
        "assistant director, provide detailed consideration of plans for children in "
        "preproceedings, requests for children to become looked after and the progress of "
        "children in care. This has improved management oversight at a senior level, and is "
        "beginning to hold frontline managers to account and drive forward the necessary "
        "cultural change to ensure that there is a tighter grip on practice in this area.",
        [],
    ),
    (
        FindingKind.CONCERN,
        "Caseloads are still too high in some teams, including for some ASYE social workers.",
        [],
    ),
    (
        FindingKind.CONCERN,
        "Although frontline management capacity has increased in the AST and SSF teams since "
        "the inspection, management oversight is inconsistent, and weak in some areas.",
        [],
    ),
    (
        FindingKind.CONCERN,
        "Audits moderated by the principal social worker provide additional context and "
        "challenge, but there is much more to do to embed a strong audit framework to evidence "
        "that audit actions are progressed in a timely way and lead to improvements in "
        "practice.",
        [],
    ),
]

# Appendix 1 of seed 000: each area for improvement → the plan's actions whose text matches
# the planned response it gives. Areas 7, 9 and 10 name responses no action in this phase
# carries (the Becoming Looked After Panel, PEPs, agency decision-maker guidance).
AFI_ACTIONS: dict[str, list[str]] = {
    # "The Quality Assurance Framework will be reviewed… Monthly Quality Assurance Reports"
    "1": ["LA30"],
    # "Enhanced and focussed Independent Quality Audit… of the application of thresholds"
    "2": ["LA30"],
    # "focussed supervision, management oversight and support… The audit framework will…"
    "3": ["LA2", "LA30"],
    # "The needs of vulnerable young people will inform the Commissioning Strategy";
    # "The review of the support for young people who are at risk of, or who are homeless"
    "4": ["LA34", "FD16"],
    # "A new Head of Service for Partnerships…"; "work… with both the Blackpool Safeguarding
    # Children's Board and Children's Improvement Board to secure strategic partnership…"
    "5": ["LA28", "LA36"],
    # "A review of the IRO service… to strengthen… IRO quality assurance… oversight of all
    # children's plans" (rehabilitation home plans, quality assured by IROs)
    "6": ["CCL10"],
    "7": [],
    # "Develop and launch a Mandatory Core Training Offer… Court Proceedings Training"
    "8": ["LA25/S3"],
    "9": [],
    "10": [],
    # "children in care are linked to a Personal Adviser early in their transition journey…
    # smooth transitions to adulthood"
    "11": ["CCL1", "LA33"],
    # "A reviewed Quality Audit and Performance Management Framework… Regular reporting…
    # Improvement Board Performance Dashboard"
    "12": ["LA1", "LA30", "LA31"],
}

# Impact measures the plan writes in its "Anticipated impact" column: (the action whose
# row states it, the text as written, the areas for improvement it evidences).
PLAN_MEASURES: list[tuple[str, str, list[str]]] = [
    ("LA2", "Increase in % of audits evidencing ‘good’ quality management oversight.", ["3"]),
    (
        "LA2",
        "Supervision Audits evidence increased % of social work staff report receiving "
        "support / challenge balanced good quality supervision.",
        ["3"],
    ),
    ("LA28", "Increase in % of audits evidence effective partnership practice.", ["5"]),
    (
        "FD16",
        "Quality Audits evidence that assessments re: homeless young people presentations "
        "comply with the Homeless Joint Children’s Social Care & Housing Protocol and social "
        "work practice complies with the Southwark Judgement.",
        ["4"],
    ),
    (
        "LA33",
        "Increase in % of quality audits evidence that young people’s Plans support their "
        "transition to adulthood re: health / education / employment / housing needs.",
        ["11"],
    ),
    (
        "CCL10",
        "Increase in number and quality of rehabilitation home plans informed by going home tool.",
        ["6"],
    ),
]


def _source(authority: Authority, **fields: Any) -> Source:
    return source_create(authority=authority, actor=None, fields=SourceFields(**fields))


def _capture(source: Source, text: str, kind: str) -> list[Finding]:
    return findings_capture(source=source, actor=None, items=split_list(text).items, kind=kind)


def load_sources(authority: Authority) -> None:
    """The sources, judgements and findings, before the plan is imported."""
    inspection_2012 = _source(
        authority,
        kind=SourceKind.EARLIER_OFSTED,
        title="Inspection of local authority arrangements for the protection of children, 2012",
        body="Ofsted",
        framework=FrameworkVersion.OVERALL_ONLY,
        published_on=dt.date(2012, 7, 13),
        summary="Judged the overall effectiveness of the Council's arrangements to protect "
        "children inadequate. The DfE's Improvement Notice followed.",
    )
    judgement_create(source=inspection_2012, actor=None, area=Area.OVERALL, grade=Grade.INADEQUATE)
    notice = _source(
        authority,
        kind=SourceKind.IMPROVEMENT_NOTICE,
        title="Improvement Notice to Blackpool Borough Council, 2012",
        body="Department for Education",
        summary="Issued on the evidence of Ofsted's report of 13 July 2012. The copy held is "
        "not dated. Measures 3 to 8; 9 warns of intervention if the Council does not comply.",
    )
    _capture(notice, NOTICE_MEASURES.read_text(encoding="utf-8"), FindingKind.NOTICE_MEASURE)
    hmip = _source(
        authority,
        kind=SourceKind.HMIP_YOUTH_JUSTICE,
        title="Inspection of youth offending services in Blackpool, 2018",
        body="HM Inspectorate of Probation",
        framework=FrameworkVersion.OVERALL_ONLY,
        published_on=dt.date(2018, 12, 18),
        summary="Fieldwork in October 2018. Strategic response sent to HMIP on 14 January "
        "2019; action plan due 15 February 2019.",
    )
    judgement_create(source=hmip, actor=None, area=Area.OVERALL, grade=Grade.INADEQUATE)
    _capture(hmip, HMIP_RECOMMENDATIONS, FindingKind.RECOMMENDATION)
    ilacs = _source(
        authority,
        kind=SourceKind.ILACS_STANDARD,
        title="Inspection of Blackpool children's social care services, January 2019",
        body="Ofsted",
        framework=FrameworkVersion.ILACS_2018,
        published_on=dt.date(2019, 1, 17),
        summary="Fieldwork in November and December 2018. Second inadequate judgement after "
        "2012, so the authority is deemed persistently failing.",
    )
    for area, grade in (
        (Area.OVERALL, Grade.INADEQUATE),
        (Area.LEADERS, Grade.INADEQUATE),
        (Area.HELP_AND_PROTECTION, Grade.INADEQUATE),
        (Area.IN_CARE_AND_CARE_LEAVERS, Grade.REQUIRES_IMPROVEMENT),
    ):
        judgement_create(source=ilacs, actor=None, area=area, grade=grade)
    _capture(ilacs, AREAS_FOR_IMPROVEMENT, FindingKind.AREA_FOR_IMPROVEMENT)
    visit = _source(
        authority,
        kind=SourceKind.MONITORING_VISIT,
        title="Monitoring visit of Blackpool children's services, December 2019",
        body="Ofsted",
        fieldwork_start=dt.date(2019, 12, 16),
        fieldwork_end=dt.date(2019, 12, 17),
        published_on=dt.date(2020, 1, 21),
        summary="The second monitoring visit since the inadequate judgement of January 2019. "
        "“The local authority is moving in the right direction, but progress has been too "
        "slow.”",
    )
    afis = {f.reference: f for f in ilacs.findings.all()}
    for number, (kind, text, repeats) in enumerate(MONITORING_VISIT_FINDINGS, start=1):
        finding = finding_create(
            source=visit,
            actor=None,
            fields=FindingFields(reference=str(number), text=text, kind=kind),
        )
        if repeats:
            finding_set_repeats(finding=finding, actor=None, earlier=[afis[r] for r in repeats])


def _key(reference: str) -> str:
    return reference.replace(" ", "").upper().split("/")[0]


def link_plan(authority: Authority, plan: Plan) -> None:
    """Link the January 2019 areas for improvement to the plan's actions and measures."""
    ilacs = Source.objects.in_authority(authority).get(kind=SourceKind.ILACS_STANDARD)
    afis = {f.reference: f for f in ilacs.findings.all()}
    actions = {_key(a.reference): a for a in plan.actions.select_related("theme")}
    for reference, refs in AFI_ACTIONS.items():
        finding_link_actions(
            finding=afis[reference],
            actor=None,
            plan=plan,
            actions=[actions[_key(r)] for r in refs],
        )
    evidenced: dict[str, list[Measure]] = {}
    start = plan.measures.count() + 1
    for position, (action_ref, text, afi_refs) in enumerate(PLAN_MEASURES, start=start):
        # Written as the importer writes a plan's measures of success (plans has no service).
        action: Action = actions[_key(action_ref)]
        measure = Measure.objects.create(
            plan=plan, theme=action.theme, text=text, position=position
        )
        for reference in afi_refs:
            evidenced.setdefault(reference, []).append(measure)
    for reference, measures in evidenced.items():
        finding_link_measures(finding=afis[reference], actor=None, plan=plan, measures=measures)


# The findings the demo indicators evidence: (source kind, finding reference, indicator
# codes). Through a measure: (source kind, reference, measure text) below.
FINDING_INDICATORS: list[tuple[str, str, list[str]]] = [
    # January 2019: neglect and risk; assessments; exploitation and going missing; personal
    # education plans; audit.
    (SourceKind.ILACS_STANDARD, "1", ["CPP_REPEAT"]),
    (SourceKind.ILACS_STANDARD, "3", ["ASSESS45"]),
    (SourceKind.ILACS_STANDARD, "4", ["RHI"]),
    (SourceKind.ILACS_STANDARD, "9", ["PEP"]),
    (SourceKind.ILACS_STANDARD, "12", ["AUDIT_GOOD"]),
    # December 2019: neglect still too slow; caseloads still too high; the audit framework.
    (SourceKind.MONITORING_VISIT, "4", ["CPP_REPEAT"]),
    (SourceKind.MONITORING_VISIT, "11", ["CASELOAD"]),
    (SourceKind.MONITORING_VISIT, "13", ["AUDIT_GOOD"]),
    # January 2019, area 2: "We have seen an increase in referrals in to Children's Social
    # Care" (seed 000, Appendix 1).
    (SourceKind.ILACS_STANDARD, "2", ["REF_RATE"]),
    # The 2012 notice, 3.2: "Improvements will be measured by the reduction in re-referral
    # rates"; assessments in timescale; child protection conferences; statutory
    # visits; the wider workforce.
    (SourceKind.IMPROVEMENT_NOTICE, "3.2", ["REREF12"]),
    (SourceKind.IMPROVEMENT_NOTICE, "4.2", ["ASSESS45"]),
    (SourceKind.IMPROVEMENT_NOTICE, "5.2", ["ICPC15"]),
    (SourceKind.IMPROVEMENT_NOTICE, "5.4", ["CP_VISITS", "CLA_VISITS"]),
    (SourceKind.IMPROVEMENT_NOTICE, "6.7", ["AGENCY", "TURNOVER"]),
]


def link_indicators(authority: Authority) -> None:
    """Link findings to the demo indicators (nothing to do for an authority without the
    demo's sources)."""
    findings = {
        (f.source.kind, f.reference): f
        for f in Finding.objects.in_authority(authority).select_related("source__authority")
    }
    indicators = {i.code: i for i in Indicator.objects.in_authority(authority)}
    for kind, reference, codes in FINDING_INDICATORS:
        finding = findings.get((kind, reference))
        chosen = [indicators[c] for c in codes if c in indicators]
        if finding is not None and chosen:
            finding_link_indicators(finding=finding, actor=None, indicators=chosen)
