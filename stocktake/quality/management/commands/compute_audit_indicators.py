"""`stocktake compute-audit-indicators --authority NAME`: work out the QA indicators from
the authority's case audits again (they are also worked out whenever an audit changes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from stocktake.accounts.models import Authority
from stocktake.quality.services import qa_indicators_compute


class Command(BaseCommand):
    help = "Compute the QA indicators from case audits, for one authority or all."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--authority", help="The authority's name or slug (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        authorities = Authority.objects.all()
        if options["authority"]:
            name = options["authority"].strip()
            authorities = authorities.filter(Q(name__iexact=name) | Q(slug__iexact=name))
            if not authorities:
                raise CommandError(f"There is no authority called {name!r}")
        for authority in authorities:
            applied = qa_indicators_compute(authority=authority, actor=None)
            self.stdout.write(
                f"{authority.name}: {applied.created} figure(s) added, "
                f"{applied.updated} changed, {applied.unchanged} unchanged"
            )
