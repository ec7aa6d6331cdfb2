"""Writing child-level data: checking and storing an extract, applying its KPIs as indicator
observations, deleting it, and logging every look at record level."""

from __future__ import annotations

import datetime as dt
import secrets
import tempfile
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from stocktake.accounts.models import Authority, User
from stocktake.audit.services import audit_record
from stocktake.childdata import kpis, storage
from stocktake.childdata.ingest.run import Validation, validated
from stocktake.childdata.lists import CALENDAR
from stocktake.childdata.models import Extract, PseudonymKey, RejectedRow
from stocktake.core.tenancy import scoped
from stocktake.indicators.choices import Source
from stocktake.indicators.models import CatalogueEntry, Indicator
from stocktake.indicators.services import indicator_adopt
from stocktake.indicators.services.observations import Applied, Figure, observations_apply

KEY_BYTES = 32


def pseudonym_secret(authority: Authority) -> bytes:
    """The authority's key for the keyed hash of child IDs, made on first use."""
    key, _ = PseudonymKey.objects.get_or_create(
        authority=authority, defaults={"secret": secrets.token_bytes(KEY_BYTES)}
    )
    return bytes(key.secret)


def extract_validate(
    *, authority: Authority, path: Path, extract_date: dt.date | None = None
) -> dict[str, Any]:
    """Check a file (a dry run): what would be read and rejected and, given the extract
    date, the KPIs that would be computed (under "kpis" and "by_team"). Nothing is stored:
    the Parquet files are written to a temporary folder, removed before this returns, and
    the key is not made if the authority has none yet."""
    secret = _existing_secret(authority) or secrets.token_bytes(KEY_BYTES)
    with validated(path, secret) as result:
        report = result.report()
        if extract_date is not None:
            with tempfile.TemporaryDirectory(prefix="stocktake-preview-") as out:
                figures = kpis.compute(_parquet(result, Path(out), extract_date), extract_date)
            report.update(kpis=figures["kpis"], by_team=figures["by_team"])
        return report


def _existing_secret(authority: Authority) -> bytes | None:
    key = PseudonymKey.objects.filter(authority=authority).first()
    return bytes(key.secret) if key else None


def _parquet(result: Validation, folder: Path, extract_date: dt.date) -> dict[int, Path]:
    """The lists that passed and their working-day calendar, as Parquet files in `folder`."""
    written = result.write_parquet(folder)
    written[CALENDAR] = kpis.write_calendar(
        written, extract_date, folder / storage.filename(CALENDAR)
    )
    return written


def extract_load(
    *,
    authority: Authority,
    actor: User | None,
    path: Path,
    extract_date: dt.date,
    filename: str,
    synthetic: bool = False,
    report: dict[str, Any] | None = None,
) -> Extract:
    """Check, pseudonymise and store an extract (its Parquet files, what was rejected) and
    compute its KPIs, waiting to be applied. The uploaded file itself is not kept. If given,
    `report` receives what was read and rejected (without pseudonymised IDs)."""
    folder = storage.new_folder(authority.pk)
    with validated(path, pseudonym_secret(authority)) as result:
        full = result.report(with_subjects=True)
        if report is not None:
            report.update(result.report())

        with tempfile.TemporaryDirectory(prefix="stocktake-parquet-") as out:
            written = _parquet(result, Path(out), extract_date)
            results = kpis.compute(written, extract_date)
            try:
                storage.save(folder, written)
            except BaseException:
                storage.remove(folder)
                raise
    try:
        with transaction.atomic():
            extract = _record(authority, actor, extract_date, filename, synthetic, folder, full)
            extract.results = results
            extract.computed_at = timezone.now()
            extract.definition_version = kpis.DEFINITION_VERSION
            extract.save(update_fields=["results", "computed_at", "definition_version"])
    except BaseException:
        storage.remove(folder)
        raise
    return extract


def _record(
    authority: Authority,
    actor: User | None,
    extract_date: dt.date,
    filename: str,
    synthetic: bool,
    folder: str,
    report: dict[str, Any],
) -> Extract:
    lists = [{k: v for k, v in entry.items() if k != "rejections"} for entry in report["lists"]]
    extract = Extract.objects.create(
        authority=authority,
        extract_date=extract_date,
        synthetic=synthetic,
        filename=Path(filename).name[:200],
        folder=folder,
        lists=lists,
        problems=report["problems"],
        created_by=actor,
    )
    RejectedRow.objects.bulk_create(
        [
            RejectedRow(
                extract=extract,
                list_number=entry["list"],
                sheet=r["sheet"][:100],
                row=r["row"],
                column=r["column"][:300],
                reason=r["reason"][:500],
                subject=r.get("subject", ""),
            )
            for entry in report["lists"]
            for r in entry["rejections"]
        ],
        batch_size=1000,
    )
    audit_record(
        authority=authority,
        actor=actor,
        verb="loaded",
        obj=extract,
        changes={
            "extract_date": extract_date.isoformat(),
            "rows_read": report["rows_read"],
            "rows_rejected": report["rows_rejected"],
        },
    )
    return extract


def kpi_indicators(authority: Authority, actor: User | None) -> dict[str, Indicator]:
    """The authority's indicator for each Annex A KPI, adopted from the catalogue if new."""
    entries = CatalogueEntry.objects.filter(code__in=list(kpis.BY_CODE))
    indicator_adopt(authority=authority, actor=actor, entries=entries)
    found = Indicator.objects.in_authority(authority).filter(code__in=list(kpis.BY_CODE))
    return {i.code: i for i in found}


@transaction.atomic
def extract_apply(*, extract: Extract, actor: User | None) -> Applied:
    """Write the extract's KPIs as indicator observations for the month of its extract date,
    with numerator, denominator and provenance. A KPI with no value (a zero denominator)
    writes nothing."""
    extract = Extract.objects.select_for_update().get(pk=extract.pk)
    indicators = kpi_indicators(extract.authority, actor)
    provenance = {
        "extract": extract.pk,
        "extract_date": extract.extract_date.isoformat(),
        "computed_at": extract.computed_at.isoformat() if extract.computed_at else None,
        "definition_version": extract.definition_version,
        "synthetic": extract.synthetic,
    }
    period = extract.extract_date.replace(day=1)
    figures = []
    for kpi in extract.results.get("kpis", []):
        if kpi["value"] is None or kpi["code"] not in indicators:
            continue
        by_team = {
            team: values.get(kpi["code"])
            for team, values in extract.results.get("by_team", {}).items()
            if kpi["code"] in values
        }
        figures.append(
            Figure(
                indicator=indicators[kpi["code"]],
                period=period,
                value=float(kpi["value"]),
                numerator=kpi["numerator"],
                denominator=kpi["denominator"],
                provenance={**provenance, **({"by_team": by_team} if by_team else {})},
            )
        )
    if extract.synthetic:
        Indicator.objects.filter(pk__in=[f.indicator.pk for f in figures]).update(illustrative=True)
    applied = observations_apply(
        authority=extract.authority,
        actor=actor,
        figures=figures,
        filename=str(extract),
        source=Source.COMPUTED,
    )
    extract.status, extract.applied_at = Extract.Status.APPLIED, timezone.now()
    extract.save(update_fields=["status", "applied_at"])
    audit_record(
        authority=extract.authority, actor=actor, verb="applied", obj=extract,
        changes={"observations": applied.created + applied.updated},
    )  # fmt: skip
    return applied


def extract_delete(*, extract: Extract, actor: User | None) -> None:
    """Delete an extract: its Parquet files, its rejected rows and its record. Figures
    already applied stay as indicator observations (aggregate counts, no child's data);
    their provenance names the deleted extract. The files go once the deletion is committed
    (the receiver's `on_commit`), so a caller whose transaction rolls back keeps both."""
    authority = extract.authority
    with transaction.atomic():
        audit_record(
            authority=authority, actor=actor, verb="deleted", obj=extract,
            changes={"extract_date": extract.extract_date.isoformat()},
        )  # fmt: skip
        extract.delete()


def extracts_delete(*, authority: Authority, actor: User | None) -> int:
    """Delete every extract of the authority (its retention schedule, or leaving the
    service), each as `extract_delete` does; return how many."""
    found = list(scoped(Extract, authority))
    for extract in found:
        extract_delete(extract=extract, actor=actor)
    return len(found)


def records_viewed(
    *, extract: Extract, actor: User | None, what: str, count: int, export: bool = False
) -> None:
    """Log a look at (or an export of) record-level data: who, what, when."""
    audit_record(
        authority=extract.authority,
        actor=actor,
        verb="viewed",  # a read (audit.services.READ_VERBS); `exported` says how
        obj=extract,
        changes={"records": what, "rows": count, "exported": export},
    )
