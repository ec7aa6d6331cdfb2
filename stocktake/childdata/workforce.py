"""The monthly workforce return (csc-data.md §7, Workforce): one row per team, entered on a
form or uploaded as CSV, and the four workforce indicators computed from it with a team
breakdown:

- caseload per FTE = cases held ÷ case-holding FTE;
- agency rate = agency FTE ÷ (agency FTE + employed FTE);
- vacancy rate = vacant FTE ÷ (vacant FTE + employed FTE);
- turnover = leavers FTE in the 12 months to the month ÷ employed FTE in the month (the
  observation's note says so when fewer than 12 months have been returned).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from stocktake.accounts.models import Authority, User
from stocktake.audit.services import audit_record
from stocktake.childdata.lists import header_key
from stocktake.childdata.models import WorkforceReturn
from stocktake.indicators.choices import Source
from stocktake.indicators.models import CatalogueEntry, Indicator
from stocktake.indicators.services import indicator_adopt
from stocktake.indicators.services.observations import Applied, Figure, observations_apply

CODES = ("CASELOAD", "AGENCY", "VACANCY", "TURNOVER")
FTE_FIELDS = ("case_holding_fte", "agency_fte", "employed_fte", "vacant_fte", "leavers_fte")
COUNT_FIELDS = ("cases", "newly_qualified", "newly_qualified_cases")
COLUMNS = {  # CSV header (as compared) → field
    "month": "month", "team": "team", "case holding fte": "case_holding_fte",
    "cases": "cases", "agency fte": "agency_fte", "employed fte": "employed_fte",
    "vacant fte": "vacant_fte", "leavers fte": "leavers_fte",
    "newly qualified": "newly_qualified", "newly qualified cases": "newly_qualified_cases",
}  # fmt: skip
REQUIRED = ("month", "team", "case_holding_fte", "cases", "employed_fte")


@dataclass
class TeamFigures:
    team: str
    case_holding_fte: Decimal
    cases: int
    agency_fte: Decimal
    employed_fte: Decimal
    vacant_fte: Decimal
    leavers_fte: Decimal
    newly_qualified: int = 0
    newly_qualified_cases: int = 0


@transaction.atomic
def workforce_record(
    *, authority: Authority, actor: User | None, month: dt.date, figures: TeamFigures
) -> WorkforceReturn:
    """Record (or replace) one team's return for a month."""
    month = month.replace(day=1)
    if not figures.team.strip():
        raise ValidationError({"team": "Enter the team"})
    row, created = WorkforceReturn.objects.update_or_create(
        authority=authority,
        month=month,
        team=figures.team.strip(),
        defaults={
            **{f: getattr(figures, f) for f in (*FTE_FIELDS, *COUNT_FIELDS)},
            "entered_by": actor,
        },
    )
    audit_record(
        authority=authority, actor=actor, verb="recorded" if created else "updated", obj=row,
        changes={"month": month.isoformat(), "team": row.team},
    )  # fmt: skip
    return row


def _number(text: str, whole: bool) -> Decimal | int:
    value = Decimal(text.strip().replace(",", "") or "0")
    if value < 0 or not value.is_finite():
        raise InvalidOperation
    if whole:
        if value != value.to_integral_value():
            raise InvalidOperation
        return int(value)
    return value.quantize(Decimal("0.01"))


def _month(text: str) -> dt.date:
    for form in ("%Y-%m", "%Y-%m-%d", "%d/%m/%Y", "%m/%Y", "%B %Y", "%b %Y"):
        try:
            return dt.datetime.strptime(text.strip(), form).date().replace(day=1)
        except ValueError:
            continue
    raise ValueError(text)


def workforce_parse(data: bytes) -> tuple[list[tuple[dt.date, TeamFigures]], list[str]]:
    """Rows of a CSV return and the problems found, each with its row and column."""
    text = data.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    fields = [COLUMNS.get(header_key(h)) for h in header]
    missing = [c for c in REQUIRED if c not in fields]
    if missing:
        return [], [f"The file has no {m.replace('_', ' ')} column" for m in missing]
    rows: list[tuple[dt.date, TeamFigures]] = []
    problems: list[str] = []
    for number, cells in enumerate(reader, start=2):
        values = {f: c for f, c in zip(fields, cells, strict=False) if f}
        if not any(v.strip() for v in values.values()):
            continue
        parsed: dict[str, Any] = {}
        before = len(problems)
        for field, cell in values.items():
            try:
                if field == "month":
                    parsed[field] = _month(cell)
                elif field == "team":
                    parsed[field] = cell.strip()
                else:
                    parsed[field] = _number(cell, whole=field in COUNT_FIELDS)
            except (ValueError, InvalidOperation):
                kind = "a month" if field == "month" else "a number, 0 or more"
                problems.append(f"Row {number}, {field.replace('_', ' ')}: enter {kind}")
        if not parsed.get("team") and "team" in parsed:
            problems.append(f"Row {number}, team: enter the team")
        if len(problems) > before or "month" not in parsed:
            continue
        month = parsed.pop("month")
        defaults = {f: Decimal(0) for f in FTE_FIELDS} | dict.fromkeys(COUNT_FIELDS, 0)
        rows.append((month, TeamFigures(**(defaults | parsed))))
    return rows, problems


@transaction.atomic
def workforce_upload(*, authority: Authority, actor: User | None, data: bytes) -> int:
    """Record every row of a CSV return, or none if any row has a problem."""
    rows, problems = workforce_parse(data)
    if problems:
        raise ValidationError(problems)
    if not rows:
        raise ValidationError(["The file has no rows"])
    for month, figures in rows:
        workforce_record(authority=authority, actor=actor, month=month, figures=figures)
    return len(rows)


def _ratio(numerator: Decimal, denominator: Decimal, scale: int) -> float | None:
    return float(scale * numerator / denominator) if denominator else None


def workforce_figures(authority: Authority, month: dt.date) -> dict[str, Any]:
    """The four indicators for the month, for the whole authority and per team."""
    month = month.replace(day=1)
    rows = list(WorkforceReturn.objects.filter(authority=authority, month=month))
    year_ago = (month.replace(year=month.year - 1) + dt.timedelta(days=32)).replace(day=1)
    history = WorkforceReturn.objects.filter(
        authority=authority, month__gte=year_ago, month__lte=month
    )
    months = history.values("month").distinct().count()
    leavers_by_team = dict(
        history.values_list("team").annotate(total=Sum("leavers_fte")).values_list("team", "total")
    )

    def measure(group: list[WorkforceReturn], leavers: Decimal) -> dict[str, Any]:
        total = {f: sum((getattr(r, f) for r in group), Decimal(0)) for f in FTE_FIELDS}
        cases = Decimal(sum(r.cases for r in group))
        employed = total["employed_fte"]
        parts = {
            "CASELOAD": (cases, total["case_holding_fte"], 1),
            "AGENCY": (total["agency_fte"], total["agency_fte"] + employed, 100),
            "VACANCY": (total["vacant_fte"], total["vacant_fte"] + employed, 100),
            "TURNOVER": (leavers, employed, 100),
        }
        return {
            code: {"numerator": float(n), "denominator": float(d), "value": _ratio(n, d, s)}
            for code, (n, d, s) in parts.items()
        }

    all_leavers = sum(leavers_by_team.values(), Decimal(0))
    return {
        "month": month.isoformat(),
        "months_returned": months,
        "authority": measure(rows, all_leavers) if rows else {},
        "teams": {r.team: measure([r], leavers_by_team.get(r.team, Decimal(0))) for r in rows},
    }


@transaction.atomic
def workforce_apply(*, authority: Authority, actor: User | None, month: dt.date) -> Applied:
    """Write the month's workforce indicators as observations, with the team breakdown in
    their provenance."""
    figures = workforce_figures(authority, month)
    if not figures["authority"]:
        raise ValidationError(["There is no return for that month"])
    indicator_adopt(
        authority=authority, actor=actor, entries=CatalogueEntry.objects.filter(code__in=CODES)
    )
    indicators = {
        i.code: i for i in Indicator.objects.in_authority(authority).filter(code__in=CODES)
    }
    period = month.replace(day=1)
    out = []
    for code, figure in figures["authority"].items():
        if figure["value"] is None or code not in indicators:
            continue
        note = ""
        if code == "TURNOVER" and figures["months_returned"] < 12:
            note = f"Leavers over the {figures['months_returned']} months returned, not 12"
        out.append(
            Figure(
                indicator=indicators[code],
                period=period,
                value=figure["value"],
                numerator=figure["numerator"],
                denominator=figure["denominator"],
                note=note,
                provenance={
                    "workforce_return": period.isoformat(),
                    "computed_at": timezone.now().isoformat(),
                    "by_team": {t: v[code]["value"] for t, v in figures["teams"].items()},
                },
            )
        )
    return observations_apply(
        authority=authority, actor=actor, figures=out,
        filename=f"Workforce return {period:%B %Y}", source=Source.FILE,
    )  # fmt: skip
