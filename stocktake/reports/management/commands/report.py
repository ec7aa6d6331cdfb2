"""`stocktake report KIND --authority NAME --plan NAME --period YYYY-MM --format FMT --output FILE`
builds a report as the record stood at the end of its day (`--as-of`, by default the period's
end), stores it as issued (by "the command line") and writes the file; `stocktake report
--reissue ID --format FMT --output FILE` produces an issued report again from its frozen
snapshot, whatever has changed since.

`--format json` writes the frozen report document itself (the data every file is rendered
from), so any paper can be checked by a program."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from stocktake.accounts.models import Authority
from stocktake.documents import FORMATS, RenderError
from stocktake.documents.pdf import MISSING, TURNED_OFF, converter_name, libreoffice
from stocktake.reports.builders import KINDS
from stocktake.reports.models import Report
from stocktake.reports.services import month_period, reissue, report_request

PERIOD = re.compile(r"^(\d{4})-(\d{2})$")
PERIOD_HELP = "Enter the period as YYYY-MM, for example 2019-06"
JSON = "json"


def document_json(snapshot: dict[str, Any]) -> bytes:
    """The frozen report document as UTF-8 JSON, keys in the document's own order."""
    return (json.dumps(snapshot, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode()


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    match = PERIOD.match(text.strip())
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1900:
        raise CommandError(PERIOD_HELP)
    period = month_period(int(match[1]), int(match[2]))
    return period.start, period.end


def parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError("Enter --as-of as YYYY-MM-DD, for example 2019-06-30") from None


class Command(BaseCommand):
    help = "Build a board report and write it to a file (kinds: " + ", ".join(KINDS) + ")."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", nargs="?", help="One of: " + ", ".join(KINDS))
        parser.add_argument("--authority", help="The authority's name or short name (slug)")
        parser.add_argument("--plan", help="The plan's name")
        parser.add_argument("--period", help="The month reported, as YYYY-MM")
        parser.add_argument(
            "--format",
            dest="fmt",
            required=True,
            help="docx, pdf, xlsx, or json (the frozen report document)",
        )
        parser.add_argument("--output", required=True, help="The file to write")
        parser.add_argument(
            "--as-of",
            help="The paper's date (YYYY-MM-DD; by default the period's last day): it holds "
            "only what was recorded by the end of that day",
        )
        parser.add_argument(
            "--include-unreviewed",
            action="store_true",
            help="Also quote updates still waiting for a lead's review",
        )
        parser.add_argument("--reissue", type=int, help="Produce issued report ID again")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["fmt"].lower().lstrip(".")
        if fmt not in FORMATS and fmt != JSON:
            raise CommandError(f"Choose the format docx, pdf, xlsx or json, not {options['fmt']!r}")
        path = Path(options["output"])
        if not path.parent.exists():
            raise CommandError(f"The folder {path.parent} does not exist")
        if fmt == "pdf" and converter_name() == "none":
            raise CommandError(TURNED_OFF)
        if fmt == "pdf" and converter_name() == "libreoffice" and libreoffice() is None:
            raise CommandError(MISSING)
        if options["reissue"] is not None:
            data = self.reissued(options["reissue"], fmt)
            write_atomically(path, data)
            self.stdout.write(f"Wrote issued report {options['reissue']} again to {path}")
            return
        report = self.issue(options)
        if fmt == JSON:
            assert report.snapshot is not None  # an issued report always has one
            data = document_json(report.snapshot)
            write_atomically(path, data)
            size = f"{len(data):,} bytes"
        else:
            file = report.files.get(format=fmt)
            write_atomically(path, bytes(file.content))
            size = file.size_label
        self.stdout.write(
            f"Issued report {report.pk} ({report.title}, {report.plan.name}, "
            f"{report.period_start:%B %Y}); wrote {path} ({size})"
        )

    def reissued(self, report_id: int, fmt: str) -> bytes:
        report = Report.objects.issued().filter(pk=report_id).first()
        if report is None:
            raise CommandError(f"There is no issued report with the id {report_id}")
        if fmt == JSON:
            assert report.snapshot is not None
            return document_json(report.snapshot)
        try:
            return reissue(report, fmt)
        except RenderError as error:
            raise CommandError(str(error)) from None

    def issue(self, options: dict[str, Any]) -> Report:
        kind = options["kind"]
        if not kind:
            raise CommandError("Say which report to make: " + ", ".join(KINDS))
        if kind not in KINDS:
            raise CommandError(f"There is no report called {kind!r}. Choose one of: "
                               + ", ".join(KINDS))  # fmt: skip
        for needed in ("authority", "plan", "period"):
            if not options[needed]:
                raise CommandError(f"Give --{needed}")
        name = options["authority"].strip()
        authority = Authority.objects.filter(Q(name__iexact=name) | Q(slug__iexact=name)).first()
        if authority is None:
            raise CommandError(f"There is no authority called {name!r}")
        plan = authority.plans.filter(name__iexact=options["plan"].strip()).first()
        if plan is None:
            names = ", ".join(repr(p) for p in authority.plans.values_list("name", flat=True))
            raise CommandError(
                f"{authority.name} has no plan called {options['plan']!r}"
                + (f". Its plans: {names}" if names else "")
            )
        start, end = parse_period(options["period"])
        as_of = parse_day(options["as_of"]) if options["as_of"] else None
        report = report_request(
            authority=authority,
            plan=plan,
            kind=kind,
            period_start=start,
            period_end=end,
            as_of=as_of,
            include_unreviewed=options["include_unreviewed"],
            now=True,
        )
        if report.status != Report.Status.ISSUED:
            raise CommandError(report.error or "The report could not be made")
        return report
