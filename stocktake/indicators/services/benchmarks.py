"""Loading published benchmarks for an indicator from a DfE statistics CSV."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from stocktake.accounts.models import User
from stocktake.audit.services import audit_record
from stocktake.imports.parsed import Problem
from stocktake.indicators.benchmarks import by_year, compare, read_published
from stocktake.indicators.models import Benchmark, Indicator


class BenchmarksRefused(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.where}: {p.message}" for p in problems))
        self.problems = problems


@dataclass
class BenchmarksLoaded:
    column: str
    years: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@transaction.atomic
def benchmarks_load(
    *,
    indicator: Indicator,
    actor: User | None,
    filename: str,
    data: bytes,
    column: str = "",
    filters: dict[str, str] | None = None,
    source: str = "",
) -> BenchmarksLoaded:
    """Compare the indicator with England, its region and its statistical neighbours for
    every year in the file, replacing the comparators already held for those years."""
    published = read_published(filename, data, column, filters)
    if published.problems:
        raise BenchmarksRefused(published.problems)
    la_code = indicator.authority.la_code
    loaded = BenchmarksLoaded(column=published.column)
    if not la_code:
        loaded.notes.append(
            "This authority has no DfE code, so only England's figures could be used"
        )
    for year in by_year(published):
        c = compare(year, la_code, indicator.polarity)
        Benchmark.objects.update_or_create(
            indicator=indicator,
            period_end=c.end,
            defaults={
                "period_label": c.label,
                "england": c.england,
                "region": c.region,
                "region_name": c.region_name[:100],
                "neighbours": c.neighbours,
                "neighbour_count": c.neighbour_count,
                "la_value": c.la_value,
                "la_marker": c.la_marker[:10],
                "rank": c.rank,
                "ranked": c.ranked,
                "quartile": c.quartile,
                "source": (source or f"{filename}, column {published.column}")[:300],
            },
        )
        loaded.years.append(c.label)
    audit_record(
        authority=indicator.authority,
        actor=actor,
        verb="benchmarked",
        obj=indicator,
        changes={"file": filename, "column": published.column, "years": loaded.years},
    )
    return loaded
