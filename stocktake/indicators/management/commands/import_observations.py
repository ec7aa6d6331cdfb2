"""`stocktake import-observations FILE --authority NAME [--dry-run]`: figures from a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from stocktake.accounts.models import Authority
from stocktake.indicators.services import UploadRefused, observations_import


class Command(BaseCommand):
    help = "Import indicator figures from a CSV or Excel file in long or wide form, all or nothing."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--authority", required=True, help="The authority's name")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"{path} does not exist or is not a file")
        authority = Authority.objects.filter(name=opts["authority"]).first()
        if authority is None:
            raise CommandError(f"There is no authority called “{opts['authority']}”")
        try:
            parsed, applied = observations_import(
                authority=authority,
                actor=None,
                filename=path.name,
                data=path.read_bytes(),
                dry_run=opts["dry_run"],
            )
        except UploadRefused as refused:
            lines = [f"{p.where}: {p.message}" for p in refused.problems]
            raise CommandError("Nothing was imported.\n" + "\n".join(lines)) from None
        verb = "Would add" if opts["dry_run"] else "Added"
        self.stdout.write(
            f"{verb} {applied.created} figures, replace {applied.updated}, and leave "
            f"{applied.unchanged} unchanged ({parsed.form} form, "
            f"{len(applied.by_indicator)} indicators)."
        )
        for warning in parsed.warnings:
            self.stdout.write(f"Warning – {warning.where}: {warning.message}")
        if opts["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
