"""`stocktake childdata import FILE_OR_DIR …` and `stocktake childdata kpis …`.

import: check an Annex A extract (a workbook, a CSV file, a folder or zip of CSV files) and,
unless it is a dry run, store it, compute its KPIs and apply them as indicator figures.
kpis: compute every KPI again from a stored extract, as JSON or CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from stocktake.accounts.models import Authority

# The child-data modules are imported where they are used: `kpis` then loads only DuckDB
# and the stored extract, not the workbook reader or the indicator services.


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Import an Annex A extract, or compute the KPIs of a stored one"
    # The system checks import every URL and view of the site: seconds of start-up that
    # neither action needs (`stocktake check` and every test run them).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Check, store and apply an Annex A extract")
        load.add_argument("path", help="A workbook, CSV file, folder or zip of CSV files")
        load.add_argument("--dry-run", action="store_true", help="Check only; store nothing")
        load.add_argument("--format", choices=["text", "json"], default="text")
        figures = sub.add_parser("kpis", help="Compute the KPIs of a stored extract")
        figures.add_argument("--format", choices=["json", "csv"], default="json")
        figures.add_argument("--output", help="Write to this file instead of the screen")
        for each in (load, figures):
            each.add_argument("--authority", required=True, help="The authority's name or slug")
            each.add_argument("--extract-date", required=True, type=_date, help="YYYY-MM-DD")
        remove = sub.add_parser(
            "delete", help="Delete an authority's extracts (their Parquet files and records)"
        )
        remove.add_argument("--authority", required=True, help="The authority's name or slug")
        which = remove.add_mutually_exclusive_group(required=True)
        which.add_argument("--extract-date", type=_date, help="Only the extracts of this date")
        which.add_argument("--all", action="store_true", help="Every extract of the authority")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["authority"]
        authority = Authority.objects.filter(Q(name__iexact=name) | Q(slug__iexact=name)).first()
        if authority is None:
            raise CommandError(f"No authority called {name!r}")
        if options["action"] == "import":
            self._import(authority, options)
        elif options["action"] == "delete":
            self._delete(authority, options)
        else:
            self._kpis(authority, options)

    def _delete(self, authority: Authority, options: dict[str, Any]) -> None:
        from stocktake.childdata import selectors, services

        if options["all"]:
            count = services.extracts_delete(authority=authority, actor=None)
        else:
            found = list(selectors.extracts(authority).filter(extract_date=options["extract_date"]))
            for extract in found:
                services.extract_delete(extract=extract, actor=None)
            count = len(found)
        self.stdout.write(f"Deleted {count} extract{'' if count == 1 else 's'} of {authority}")

    def _import(self, authority: Authority, options: dict[str, Any]) -> None:
        from stocktake.childdata import services
        from stocktake.childdata.ingest.sources import UnreadableFile

        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        try:
            extract, report = None, {}
            if options["dry_run"]:
                report = services.extract_validate(
                    authority=authority, path=path, extract_date=options["extract_date"]
                )
            else:
                extract = services.extract_load(
                    authority=authority, actor=None, path=path, report=report,
                    extract_date=options["extract_date"], filename=path.name,
                )  # fmt: skip
                services.extract_apply(extract=extract, actor=None)
        except UnreadableFile as error:
            raise CommandError(str(error)) from None
        out = {
            "extract_date": options["extract_date"].isoformat(),
            "dry_run": options["dry_run"],
            "stored": extract is not None,
            **report,
        }
        if options["format"] == "json":
            self.stdout.write(json.dumps(out, indent=2))
        else:
            self.stdout.write(_text(out))

    def _kpis(self, authority: Authority, options: dict[str, Any]) -> None:
        from stocktake.childdata import selectors

        extract = selectors.extract_at(authority, options["extract_date"])
        if extract is None:
            raise CommandError(f"{authority} has no extract at {options['extract_date']}")
        result = selectors.kpis_of(extract)
        text = json.dumps(result, indent=2) if options["format"] == "json" else _csv(result)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text.rstrip("\n"))


def _text(out: dict[str, Any]) -> str:
    lines = []
    verb = "Checked (dry run)" if out["dry_run"] else ("Stored" if out["stored"] else "Checked")
    lines.append(f"{verb}: {out['rows_read']} rows read, {out['rows_rejected']} rejected")
    for entry in out["lists"]:
        lines.append(
            f"List {entry['list']} ({entry['sheet']}): {entry['read']} read, "
            f"{entry['rejected']} rejected"
        )
        if entry["missing_columns"]:
            lines.append("  Columns not found: " + "; ".join(entry["missing_columns"]))
        for r in entry["rejections"]:
            lines.append(f"  {r['sheet']}, row {r['row']}, {r['column']}: {r['reason']}")
    lines.extend(f"Problem: {p}" for p in out["problems"])
    if out["ignored"]:
        lines.append("Not read (no list's name): " + ", ".join(out["ignored"]))
    if out["dry_run"] and "kpis" in out:
        lines.append(f"KPIs that would be computed for {out['extract_date']}:")
        lines.extend(f"  {_figure_line(k)}" for k in out["kpis"])
        for team, values in out["by_team"].items():
            lines.append(f"  {team}: " + ", ".join(
                f"{code} {_number(v)}" for code, v in values.items()))  # fmt: skip
    return "\n".join(lines)


def _figure_line(kpi: dict[str, Any]) -> str:
    value = _number(kpi["value"])
    if kpi["denominator"] is None:
        return f"{kpi['code']}: {value}"
    return f"{kpi['code']}: {value} ({_number(kpi['numerator'])} of {_number(kpi['denominator'])})"


def _number(value: object) -> str:
    """A figure for reading: no value says so; a fraction to one decimal place."""
    if value is None:
        return "no value"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return str(int(value)) if isinstance(value, float) else str(value)


def _csv(result: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["extract_date", "code", "team", "numerator", "denominator", "value"])
    for k in result["kpis"]:
        writer.writerow([result["extract_date"], k["code"], "", _cell(k["numerator"]),
                         _cell(k["denominator"]), _cell(k["value"])])  # fmt: skip
    for team, values in result["by_team"].items():
        for code, value in values.items():
            writer.writerow([result["extract_date"], code, team, "", "", _cell(value)])
    return buffer.getvalue()


def _cell(value: object) -> str:
    return "" if value is None else str(value)
