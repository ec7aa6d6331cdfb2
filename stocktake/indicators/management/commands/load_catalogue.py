"""`stocktake load-catalogue`: bring the standard indicator catalogue up to date."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from stocktake.indicators.catalogue import catalogue_sync
from stocktake.indicators.models import CatalogueEntry


class Command(BaseCommand):
    help = "Create or update the standard children's social care indicators in the catalogue."

    def handle(self, *args: Any, **options: Any) -> None:
        count = catalogue_sync(CatalogueEntry)
        self.stdout.write(f"The catalogue holds {count} standard indicators.")
