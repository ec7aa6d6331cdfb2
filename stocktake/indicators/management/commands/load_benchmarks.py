"""`stocktake load-benchmarks FILE --authority NAME --indicator CODE [--column C]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from stocktake.accounts.models import Authority
from stocktake.indicators.models import Indicator
from stocktake.indicators.services import BenchmarksRefused, benchmarks_load


class Command(BaseCommand):
    help = "Load England, region and statistical-neighbour figures from a DfE statistics CSV."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--authority", required=True)
        parser.add_argument("--indicator", required=True, help="The indicator's code")
        parser.add_argument("--column", default="", help="The column holding the figures")
        parser.add_argument(
            "--filter", action="append", default=[], help="Only rows where COLUMN=VALUE"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"{path} does not exist or is not a file")
        authority = Authority.objects.filter(name=opts["authority"]).first()
        if authority is None:
            raise CommandError(f"There is no authority called “{opts['authority']}”")
        indicator = (
            Indicator.objects.in_authority(authority).filter(code__iexact=opts["indicator"]).first()
        )
        if indicator is None:
            raise CommandError(f"{authority} has no indicator with the code {opts['indicator']}")
        filters = {}
        for item in opts["filter"]:
            name, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"--filter must be COLUMN=VALUE, not {item!r}")
            filters[name] = value
        try:
            loaded = benchmarks_load(
                indicator=indicator,
                actor=None,
                filename=path.name,
                data=path.read_bytes(),
                column=opts["column"],
                filters=filters,
            )
        except BenchmarksRefused as refused:
            lines = [f"{p.where}: {p.message}" for p in refused.problems]
            raise CommandError("Nothing was loaded.\n" + "\n".join(lines)) from None
        self.stdout.write(f"Loaded {', '.join(loaded.years)} from column {loaded.column}.")
        for note in loaded.notes:
            self.stdout.write(note)
