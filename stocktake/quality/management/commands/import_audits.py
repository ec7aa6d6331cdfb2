"""`stocktake import-audits FILE --authority NAME [--dry-run]`: completed audits from a CSV
file or an Excel workbook, applied whole or not at all. Every problem is printed with its
file, sheet, row and column, and then nothing is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from stocktake.accounts.models import Authority
from stocktake.quality.services.uploads import UploadRefused, audits_import


class Command(BaseCommand):
    help = "Import completed case audits from a CSV or Excel file (whole or not at all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A .csv or .xlsx file, a row per audit")
        parser.add_argument("--authority", required=True, help="The authority's name or slug")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and rehearse the import, then write nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file at {path}")
        name = options["authority"].strip()
        authority = Authority.objects.filter(Q(name__iexact=name) | Q(slug__iexact=name)).first()
        if authority is None:
            raise CommandError(f"There is no authority called {name!r}")
        try:
            _, imported = audits_import(
                authority=authority,
                actor=None,
                filename=path.name,
                data=path.read_bytes(),
                dry_run=options["dry_run"],
            )
        except UploadRefused as refused:
            for problem in refused.problems:
                self.stderr.write(f"{problem.where}: {problem.message}")
            raise CommandError(
                f"{len(refused.problems)} problem(s) found: nothing was imported"
            ) from None
        verb = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            f"{verb} {imported.audits} audit(s), {imported.moderated} moderated, into "
            f"{', '.join(imported.rounds)} for {authority.name}"
            + (" (dry run: nothing was written)" if options["dry_run"] else "")
        )
