"""The standard children's social care indicators (reference: csc-data.md §7 and §9).

England figures are DfE's, reused under the Open Government Licence v3.0. Where the
reference gives only an approximate or unverified national figure, the value is left empty
and the note says what is known, so nothing unverified is shown as a benchmark.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

WT = "Working Together to Safeguard Children (2018, 2023)"
CIN_2025 = "DfE Children in need 2025"
CSWW_2025 = "DfE Children's social work workforce 2025, 1. Indicators"


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    area: str
    definition: str
    numerator: str
    denominator: str
    unit: str
    polarity: str
    statutory_basis: str
    frequency: str = "monthly"
    england_value: float | None = None
    england_year: str = ""
    england_source: str = ""
    england_note: str = ""
    data_fields: str = ""


FRONT, ASSESS, CP, CLA, MISSING, LEAVERS, WORKFORCE, QUALITY = (
    "Front door and referrals",
    "Assessment",
    "Child protection",
    "Children in care",
    "Missing children",
    "Care leavers",
    "Workforce and allocation",
    "Quality and adoption",
)

# fmt: off
ENTRIES: tuple[Entry, ...] = (
    Entry(
        "CONTACT_CONV", "Contacts that became referrals", FRONT,
        "Of the contacts received in the period, the share that led to a referral.",
        "Contacts in the period that became a referral", "Contacts in the period",
        "percent", "neutral", "Local measure only: DfE does not collect contacts.",
        england_note="No national figure.",
        data_fields="Annex A List 1 Date of Contact; List 3 Date of referral",
    ),
    Entry(
        "REF_RATE", "Referrals per 10,000 children", FRONT,
        "How many referrals children's social care received for every 10,000 children "
        "aged 0 to 17 living in the area.",
        "Referrals in the period", "Children aged 0 to 17 (ONS mid-year estimate)",
        "rate_10k", "neutral", "DfE Children in need census (s83 Children Act 1989).",
        england_note="2025: about 633,000 referrals in England (rate not recorded here).",
        data_fields="CIN CINreferralDate; ONS population",
    ),
    Entry(
        "REF_NFA", "Referrals resulting in no further action", FRONT,
        "Of the referrals in the period, the share that ended with no further action.",
        "Referrals in the period with ReferralNFA true", "Referrals in the period",
        "percent", "neutral", "DfE Children in need census.",
        england_value=7.1, england_year="2023", england_source="DfE Children in need 2023",
        data_fields="CIN ReferralNFA; Annex A List 3 Referral NFA?",
    ),
    Entry(
        "REREF12", "Re-referrals within 12 months", FRONT,
        "Of the referrals in the period, the share about a child who had another referral "
        "in the 12 months before.",
        "Referrals in the period where the child had a referral in the previous 12 months",
        "Referrals in the period", "percent", "lower",
        "DfE Children in need statistics (a former national indicator).",
        england_value=22.6, england_year="2025",
        england_source="DfE Children in need 2025 (22.4% in 2024: 139,080 of 621,880)",
        data_fields="CIN CINreferralDate history; Annex A List 3",
    ),
    Entry(
        "ASSESS45", "Assessments completed within 45 working days", ASSESS,
        "Of the assessments completed in the period, the share completed within 45 working "
        "days.",
        "Assessments authorised in the period within 45 working days",
        "Assessments authorised in the period", "percent", "higher",
        f"{WT}: at most 45 working days from the point of referral.",
        england_value=85.7, england_year="2025",
        england_source=f"{CIN_2025}, table C2 (computed: 555,820 of 648,830)",
        data_fields="CIN AssessmentActualStartDate, AssessmentAuthorisationDate",
    ),
    Entry(
        "ASSESS_SEEN", "Children seen during their assessment", ASSESS,
        "Of the assessments in the period, the share in which the child was seen.",
        "Assessments with the child seen", "Assessments in the period", "percent", "higher",
        "Ofsted inspection focus.", england_note="No national figure.",
        data_fields="Annex A List 4 Child Seen During Continuous Assessment",
    ),
    Entry(
        "ICPC15", "Initial child protection conferences within 15 working days", CP,
        "Of the initial child protection conferences held in the period, the share held "
        "within 15 working days of the strategy discussion that started the section 47 "
        "enquiry.",
        "ICPCs in the period held within 15 working days", "ICPCs in the period",
        "percent", "higher", f"{WT}: ICPC within 15 working days of the strategy discussion.",
        england_value=81.4, england_year="2025",
        england_source=f"{CIN_2025}, table C4 (computed: 58,670 of 72,090)",
        data_fields="CIN S47ActualStartDate, DateOfInitialCPC; Annex A List 5",
    ),
    Entry(
        "CPP_REPEAT", "Child protection plans starting for a second or subsequent time", CP,
        "Of the children who started a child protection plan in the period, the share who "
        "had been on a plan before.",
        "Children starting a plan who had a previous plan", "Children starting a plan",
        "percent", "lower", "Former national indicator (LG Inform metric 100).",
        england_note="Roughly 23–24% in recent years (not re-verified; see DfE table D3).",
        data_fields="CIN NumberOfPreviousCPP; Annex A List 7",
    ),
    Entry(
        "CPP_2YRS", "Child protection plans lasting 2 years or more", CP,
        "Of the child protection plans that ended in the period, the share that had lasted "
        "2 years or more.",
        "Plans ending in the period that lasted 2 years or more", "Plans ending in the period",
        "percent", "lower", "DfE Children in need statistics, table D7.",
        england_value=4.4, england_year="2025",
        england_source=f"{CIN_2025}, table D7 (2,710 of 62,300)",
        data_fields="CIN CPPstartDate, CPPendDate; Annex A List 7",
    ),
    Entry(
        "CP_REVIEWS", "Child protection reviews in timescale", CP,
        "Of the children on a plan for 3 months or more, the share whose review conferences "
        "were all on time.",
        "Children on a plan 3 months or more with every review on time",
        "Children on a plan 3 months or more", "percent", "higher",
        f"{WT}: first review within 3 months, then at most every 6 months.",
        england_note="Historically about 90–94% (94% in 2014–15); no recent national figure.",
        data_fields="CIN CPPreviewDate",
    ),
    Entry(
        "CP_VISITS", "Child protection visits within timescale", CP,
        "Of the children on a child protection plan, the share whose last statutory visit was "
        "within the local standard.",
        "Children on a plan visited within the local standard", "Children on a plan",
        "percent", "higher", "Required by each child's protection plan; no national frequency.",
        england_note="No national figure.",
        data_fields="Annex A List 7 Date of the Last Statutory Visit",
    ),
    Entry(
        "CLA_VISITS", "Children in care visited within timescale", CLA,
        "Of the children in care, the share whose last social work visit was within the "
        "required interval.",
        "Children in care visited within the required interval", "Children in care",
        "percent", "higher",
        "Care Planning, Placement and Case Review (England) Regulations 2010, regulation 28.",
        england_note="No national figure.",
        data_fields="Annex A List 8 Date of Last Social Work Visit",
    ),
    Entry(
        "CLA_REVIEWS", "Children in care reviews in timescale", CLA,
        "Of the reviews due for children in care, the share held on time.",
        "Reviews held on time", "Reviews due", "percent", "higher",
        "Care Planning, Placement and Case Review (England) Regulations 2010, regulation 33.",
        england_note="No national timeliness figure.",
        data_fields="SSDA903 Reviews; Annex A List 8",
    ),
    Entry(
        "PLACE_3PLUS", "Children in care with 3 or more placements in the year", CLA,
        "Of the children in care, the share who had 3 or more placements in the last 12 "
        "months.",
        "Children in care with 3 or more placements in the year", "Children in care",
        "percent", "lower", "DfE (former national indicator 62).",
        england_note="About 10% historically (not re-verified). 23% of children in care for "
        "2+ years had 3+ placements in the previous 2 years (2024, 2025).",
        data_fields="SSDA903 Episodes; Annex A List 8",
    ),
    Entry(
        "PLACE_LONG", "Long-term placement stability", CLA,
        "Of the children under 16 in care for 2 and a half years or more, the share who have "
        "lived with the same carer for 2 years or more.",
        "Children under 16, in care 2.5 years or more, with the same carer 2 years or more",
        "Children under 16 in care 2.5 years or more", "percent", "higher",
        "DfE (former national indicator 63).", frequency="quarterly",
        england_value=69.0, england_year="2025",
        england_source="DfE Children looked after 2025, placement stability (19,680 of 28,710)",
        data_fields="SSDA903",
    ),
    Entry(
        "CLA_HEALTH", "Children in care with an up-to-date health assessment", CLA,
        "Of the children in care for 12 months or more, the share whose health assessment "
        "is up to date.",
        "Children in care 12 months or more with a health assessment",
        "Children in care 12 months or more", "percent", "higher",
        "Promoting the health and wellbeing of looked-after children (2015).",
        england_note="About 90% in recent years (not re-verified).",
        data_fields="SSDA903 OC2 HEALTH_ASSESSMENT",
    ),
    Entry(
        "PEP", "Personal education plans completed", CLA,
        "Of the school-age children in care, the share with a personal education plan "
        "completed or reviewed this term.",
        "School-age children in care with a current PEP", "School-age children in care",
        "percent", "higher",
        "Promoting the education of looked-after and previously looked-after children (2018).",
        england_note="No national figure.", data_fields="The virtual school's ePEP system",
    ),
    Entry(
        "RHI", "Return home interviews within 72 hours", MISSING,
        "Of the children's missing episodes that ended in the period, the share followed by a "
        "return home interview within 72 hours.",
        "Missing episodes with a return interview within 72 hours",
        "Missing episodes ended in the period", "percent", "higher",
        "Children who run away or go missing from home or care (DfE, 2014).",
        england_note="No national figure.",
        data_fields="Annex A List 8; SSDA903 Missing",
    ),
    Entry(
        "CL_TOUCH", "Care leavers in touch", LEAVERS,
        "Of the care leavers whose birthday fell in the period, the share the council was in "
        "touch with.",
        "Care leavers in touch", "Care leavers with a birthday in the period",
        "percent", "higher", "DfE SSDA903 OC3.", england_note="No recent figure recorded.",
        data_fields="SSDA903 OC3 IN_TOUCH; Annex A List 9",
    ),
    Entry(
        "CL_EET", "Care leavers in education, employment or training", LEAVERS,
        "Of the care leavers whose birthday fell in the period, the share in education, "
        "employment or training. DfE counts every care leaver in the denominator, including "
        "those not in touch.",
        "Care leavers in education, employment or training",
        "Care leavers with a birthday in the period", "percent", "higher",
        "DfE SSDA903 OC3 (former national indicator 148).",
        england_note="Roughly 55–60% of 19–21 year olds (not re-verified).",
        data_fields="SSDA903 OC3 ACTIV; Annex A List 9",
    ),
    Entry(
        "CL_ACCOM", "Care leavers in suitable accommodation", LEAVERS,
        "Of the care leavers whose birthday fell in the period, the share in suitable "
        "accommodation.",
        "Care leavers in suitable accommodation", "Care leavers with a birthday in the period",
        "percent", "higher", "DfE SSDA903 OC3 (former national indicator 147).",
        england_note="84–85% in 2018–19 (older figure).",
        data_fields="SSDA903 OC3 ACCOM; Annex A List 9",
    ),
    Entry(
        "CASELOAD", "Average social worker caseload", WORKFORCE,
        "The number of cases held for each full-time case-holding social worker.",
        "Cases held by case-holding social workers", "Case-holding social workers (FTE)",
        "ratio", "lower", "DfE Children's social work workforce census.",
        england_value=15.2, england_year="2025",
        england_source=f"{CSWW_2025} (321,661 cases, 21,105 FTE)",
        data_fields="CSWW Cases30, FTE30, OrgRole 5",
    ),
    Entry(
        "AGENCY", "Agency social worker rate", WORKFORCE,
        "Of all social workers (agency and employed, full-time equivalent), the share from "
        "agencies.",
        "Agency social workers (FTE)", "Agency and employed social workers (FTE)",
        "percent", "lower", "DfE Children's social work workforce census.",
        england_value=13.0, england_year="2025", england_source=CSWW_2025,
        data_fields="CSWW AgencyWorker, FTE",
    ),
    Entry(
        "VACANCY", "Social worker vacancy rate", WORKFORCE,
        "Of all social worker posts (vacant and filled by employees, full-time equivalent), "
        "the share vacant.",
        "Vacant posts (FTE)", "Vacant posts and employed social workers (FTE)",
        "percent", "lower", "DfE Children's social work workforce census.",
        england_value=14.2, england_year="2025", england_source=CSWW_2025,
        data_fields="CSWW LALevelVacancies",
    ),
    Entry(
        "TURNOVER", "Social worker turnover rate", WORKFORCE,
        "Social workers who left in the last 12 months, as a share of those employed.",
        "Leavers in the last 12 months (FTE)", "Employed social workers (FTE)",
        "percent", "lower", "DfE Children's social work workforce census.",
        england_value=11.8, england_year="2025", england_source=CSWW_2025,
        data_fields="CSWW RoleEndDate, FTE",
    ),
    Entry(
        "SICKNESS", "Social worker sickness absence rate", WORKFORCE,
        "Working days lost to sickness as a share of the working days available.",
        "Working days lost", "FTE multiplied by working days", "percent", "lower",
        "DfE Children's social work workforce census.",
        england_value=3.5, england_year="2025", england_source=CSWW_2025,
        data_fields="CSWW WorkingDaysLost",
    ),
    Entry(
        "UNALLOCATED", "Open cases without an allocated social worker", WORKFORCE,
        "Of the open cases, the share without an allocated qualified social worker.",
        "Open cases without an allocated social worker", "Open cases",
        "percent", "lower", "Ofsted inspection focus.", england_note="No national figure.",
        data_fields="Annex A Allocated Worker",
    ),
    Entry(
        "STEP_DOWN", "Cases stepped down to early help", QUALITY,
        "Of the children in need cases closed in the period, the share where early help "
        "started within 28 days.",
        "Closures followed by early help within 28 days", "Closures in the period",
        "percent", "higher", "Local measure.", england_note="No national figure.",
        data_fields="CIN ReasonForClosure; Annex A List 2",
    ),
    Entry(
        "AUDIT_GOOD", "Case audits graded good or better", QUALITY,
        "Of the case files audited in the period, the share graded good or outstanding.",
        "Audits graded good or outstanding", "Audits completed in the period",
        "percent", "higher", "Local quality assurance framework.",
        england_note="No national figure.",
    ),
    Entry(
        "AUDIT_INADEQUATE", "Case audits graded inadequate", QUALITY,
        "Of the case files audited in the period, the share graded inadequate.",
        "Audits graded inadequate", "Audits completed in the period",
        "percent", "lower", "Local quality assurance framework.",
        england_note="No national figure.",
    ),
    Entry(
        "ADOPT_DAYS", "Average days from entering care to moving in with an adoptive family",
        QUALITY,
        "For children adopted in the period, the average number of days from entering care "
        "to being placed with their adoptive family.",
        "Total days for the children adopted", "Children adopted", "days", "lower",
        "Historic adoption scorecard A1 (threshold 426 days).", frequency="quarterly",
        england_note="No recent national figure recorded.",
        data_fields="SSDA903 AD1, PlacedAdoption; Annex A List 10",
    ),
)
# fmt: on


def catalogue_sync(model: Any) -> int:
    """Create or update every entry in the catalogue table `model` (which may be a migration's
    historical model). Returns how many entries there are."""
    known = {field.name for field in model._meta.get_fields()}
    for position, entry in enumerate(ENTRIES, start=1):
        fields = {k: v for k, v in asdict(entry).items() if k in known}
        code = fields.pop("code")
        model.objects.update_or_create(code=code, defaults={**fields, "position": position})
    return len(ENTRIES)
