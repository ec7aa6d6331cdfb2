"""What `stocktake export` can export from this app.

`stocktake export SUBJECT` looks in every installed app for an `exports` module with an
`EXPORTERS` dict, so another app (indicators, say) adds `export indicators` with a module of
its own and nothing here changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.management.base import CommandError

from stocktake.accounts.models import Authority
from stocktake.findings import documents
from stocktake.findings.models import Source
from stocktake.findings.traceability import traceability_matrix


@dataclass(frozen=True)
class Exporter:
    help: str
    formats: tuple[str, ...]

    def render(self, authority: Authority, fmt: str, options: dict[str, Any]) -> bytes:
        raise NotImplementedError


class TraceabilityExporter(Exporter):
    def render(self, authority: Authority, fmt: str, options: dict[str, Any]) -> bytes:
        source = None
        if options.get("source") is not None:
            source = Source.objects.in_authority(authority).filter(pk=options["source"]).first()
            if source is None:
                raise CommandError(
                    f"{authority.name} has no source with id {options['source']}. "
                    "The ids are in each source page's address"
                )
        matrix = traceability_matrix(authority, source)
        return documents.render(matrix, fmt, dt.date.today())


EXPORTERS: dict[str, Exporter] = {
    "traceability": TraceabilityExporter(
        help="the traceability matrix: finding → response → actions → measures → progress",
        formats=("json", "xlsx", "docx"),
    ),
}
