"""`stocktake export SUBJECT --authority NAME --format FMT --output FILE` for scripts and
scheduled reporting. Subjects come from the apps' `exports` modules (findings gives
`traceability`)."""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from stocktake.accounts.models import Authority


def exporters() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.exports")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.exports":
                raise
            continue
        found.update(getattr(module, "EXPORTERS", {}))
    return found


class Command(BaseCommand):
    help = "Export a report for one authority: " + ", ".join(
        f"{name} ({exporter.help})" for name, exporter in exporters().items()
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subject", choices=sorted(exporters()), help="What to export")
        parser.add_argument(
            "--authority", required=True, help="The authority's name or its short name (slug)"
        )
        parser.add_argument(
            "--source", type=int, help="traceability: only this source's findings (its id)"
        )
        parser.add_argument(
            "--format",
            dest="fmt",
            required=True,
            help="json, xlsx or docx (what the subject offers)",
        )
        parser.add_argument(
            "--output", required=True, help="The file to write; - for standard output"
        )
        parser.add_argument(
            "--suppress", help="indicators: small numbers shown as c, like 1-5 (default) or none"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        exporter = exporters()[options["subject"]]
        fmt = options["fmt"].lower()
        if fmt not in exporter.formats:
            raise CommandError(
                f"{options['subject']} can be exported as {', '.join(exporter.formats)}, "
                f"not {options['fmt']}"
            )
        name = options["authority"].strip()
        authority = Authority.objects.filter(Q(name__iexact=name) | Q(slug__iexact=name)).first()
        if authority is None:
            raise CommandError(f"There is no authority called {name!r}")
        data = exporter.render(authority, fmt, options)
        if options["output"] == "-":
            if fmt != "json":
                raise CommandError("Only json can be written to standard output; give a file")
            sys.stdout.write(data.decode() + "\n")
            return
        path = Path(options["output"])
        if not path.parent.exists():
            raise CommandError(f"The folder {path.parent} does not exist")
        path.write_bytes(data)
        self.stdout.write(f"Wrote {options['subject']} for {authority.name} to {path}")
