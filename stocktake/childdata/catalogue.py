"""Catalogue entries for the Annex A KPIs (annex-a-kpis.md), with their polarity and, where
DfE publishes a comparable figure (csc-data.md §9), the England value."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from stocktake.childdata.kpis import BY_CODE
from stocktake.indicators.catalogue import Entry

AREA = "Annex A extract"
SOURCE = "annex-a-kpis.md; computed by Stocktake from the authority's Annex A extract"
CIN_2025 = "DfE Children in need 2025"
POSITION = 1000  # after the standard catalogue

# code → (polarity, definition, numerator, denominator, england value, year, source, note)
# fmt: off
DETAILS: dict[str, tuple[str, str, str, str, float | None, str, str, str]] = {
    "AA_REFERRALS": ("neutral", "Referrals in the six months to the extract date (List 3).",
        "Referrals in the window", "", None, "", "", ""),
    "AA_REFERRAL_NFA": ("neutral", "Of the referrals in the window, the share with Referral "
        "NFA? yes.", "Referrals with Referral NFA? yes", "Referrals in the window",
        7.1, "2023", "DfE Children in need 2023", ""),
    "AA_REREFERRAL_12M": ("lower", "Of the children referred in the window, the share whose "
        "Number of Referrals in Last 12 Months is above 0.", "Children with an earlier "
        "referral in the 12 months", "Distinct children referred in the window", 22.6, "2025",
        CIN_2025, "DfE counts referrals, not children; the figures are close but not the same."),
    "AA_ASSESS_45WD": ("higher", "Of the assessments authorised in the window, the share "
        "authorised within 45 working days of their start.", "Authorised within 45 working "
        "days", "Assessments authorised in the window", 85.7, "2025", CIN_2025, ""),
    "AA_ASSESS_SEEN": ("higher", "Of the assessments authorised in the window, the share in "
        "which the child was seen.", "Child seen", "Assessments authorised in the window",
        None, "", "", "No national figure."),
    "AA_ASSESS_OPEN_OVER_45WD": ("lower", "Assessments started by the extract date, not "
        "authorised by it, open for more than 45 working days.", "Open assessments over 45 "
        "working days", "", None, "", "", ""),
    "AA_ICPC_15WD": ("higher", "Of the initial conferences held in the window, the share "
        "within 15 working days of the strategy discussion.", "Within 15 working days",
        "Initial conferences in the window", 81.4, "2025", CIN_2025, ""),
    "AA_CPP_REPEAT": ("lower", "Of the plans starting in the window, the share for a child "
        "with a previous plan.", "Plans with a previous plan", "Plans starting in the window",
        None, "", "", ""),
    "AA_CPP_ENDED_2Y": ("lower", "Of the plans ending in the window, the share that lasted "
        "two years or more.", "Plans lasting two years or more", "Plans ending in the window",
        4.4, "2025", CIN_2025, ""),
    "AA_CPP_OPEN_18M": ("lower", "Plans open at the extract date that started 18 months or "
        "more before it.", "Open plans 18 months or older", "", None, "", "", ""),
    "AA_CP_VISIT_10WD": ("higher", "Of the plans open at the extract date, the share with a "
        "statutory visit in the last 10 working days.", "Visited in 10 working days",
        "Plans open at the extract date", None, "", "", ""),
    "AA_CP_SEEN_ALONE": ("higher", "Of the plans open at the extract date, the share whose "
        "child was seen alone at the last visit.", "Seen alone", "Plans open at the extract "
        "date", None, "", "", ""),
    "AA_CLA_3_PLACEMENTS": ("lower", "Of the children in care at the extract date, the share "
        "with three or more placements in 12 months.", "Three or more placements",
        "Children in care at the extract date", None, "", "", ""),
    "AA_CLA_VISIT_6WK": ("higher", "Of the children in care at the extract date, the share "
        "visited by a social worker in the last 42 days.", "Visited in six weeks",
        "Children in care at the extract date", None, "", "", ""),
    "AA_CLA_REVIEW_6M": ("higher", "Of the children in care at the extract date, the share "
        "with a statutory review in the last 183 days.", "Reviewed in six months",
        "Children in care at the extract date", None, "", "", ""),
    "AA_RHI_OFFERED": ("higher", "Of the children in care who went missing, the share "
        "offered a return interview.", "Offered a return interview", "Children in care with "
        "a missing episode", None, "", "", ""),
    "AA_CL_IN_TOUCH": ("higher", "Of the care leavers (not counting those who died), the "
        "share the authority is in touch with.", "In touch", "Care leavers who did not die",
        None, "", "", ""),
    "AA_CL_SUITABLE": ("higher", "Of the care leavers (not counting those who died), the "
        "share in suitable accommodation.", "In suitable accommodation", "Care leavers who "
        "did not die", None, "", "", ""),
    "AA_CL_EET": ("higher", "Of the care leavers (not counting those who died), the share "
        "in education, employment or training.", "Activity F1–F5 or P1–P5", "Care leavers "
        "who did not die", None, "", "", ""),
    "AA_UNALLOCATED": ("lower", "Of the children in List 6 open at the extract date, the "
        "share with no allocated worker.", "No allocated worker", "Children open at the "
        "extract date", None, "", "", "No national figure."),
    "AA_CASELOAD": ("lower", "Children open at the extract date with an allocated worker, "
        "per distinct allocated worker.", "Allocated children", "Distinct allocated workers",
        15.2, "2025", "DfE Children's social work workforce 2025, 1. Indicators",
        "DfE's figure is cases per case-holding FTE, not per named worker."),
}
# fmt: on


def entries() -> list[Entry]:
    out = []
    for code, (polarity, text, num, den, england, year, source, note) in DETAILS.items():
        kpi = BY_CODE[code]
        out.append(
            Entry(
                code,
                kpi.name,
                AREA,
                text,
                num,
                den,
                kpi.unit,
                polarity,
                SOURCE,
                england_value=england,
                england_year=year,
                england_source=source,
                england_note=note,
                data_fields=f"Annex A List {kpi.list_number}",
            )
        )
    return out


def catalogue_add(model: Any) -> int:
    """Create or update the Annex A entries in the catalogue table `model` (which may be a
    migration's historical model)."""
    known = {field.name for field in model._meta.get_fields()}
    for position, entry in enumerate(entries(), start=POSITION):
        fields = {k: v for k, v in asdict(entry).items() if k in known}
        code = fields.pop("code")
        model.objects.update_or_create(code=code, defaults={**fields, "position": position})
    return len(DETAILS)
