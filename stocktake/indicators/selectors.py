"""Reads for indicator pages. Each returns everything its page needs in a fixed number of
queries, however many indicators and observations there are."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.apps import apps
from django.db.models import Q, QuerySet
from django.http import Http404

from stocktake.accounts.models import Authority
from stocktake.core.tenancy import get_scoped
from stocktake.indicators.analysis.series import Analysis, Series, analyse
from stocktake.indicators.analysis.summary import Facts
from stocktake.indicators.analysis.targets import Targets, resolve_tolerance
from stocktake.indicators.choices import ToleranceKind
from stocktake.indicators.models import (
    Benchmark,
    CatalogueEntry,
    Commentary,
    Indicator,
    Observation,
    ObservationUpload,
    Target,
)
from stocktake.indicators.periods import label, month_index, period_end
from stocktake.plans.history import as_of_moment
from stocktake.plans.models import Action, Measure, Theme


def indicator_for(authority: Authority, indicator_id: int) -> Indicator:
    indicators = Indicator.objects.select_related("catalogue", "measure")
    return get_scoped(indicators, authority, indicator_id, "No such indicator")


def target_for(indicator: Indicator, target_id: int) -> Target:
    try:
        return indicator.targets.get(pk=target_id)
    except Target.DoesNotExist:
        raise Http404("No such target") from None


def upload_for(authority: Authority, upload_id: int) -> ObservationUpload:
    uploads = ObservationUpload.objects.select_related("created_by")
    return get_scoped(uploads, authority, upload_id, "No such upload")


def measure_for(authority: Authority, measure_id: int) -> Measure:
    measures = Measure.objects.select_related("plan__authority", "theme")
    return get_scoped(measures, authority, measure_id, "No such measure")


@dataclass
class Loaded:
    """One indicator with its rows and their analysis."""

    indicator: Indicator
    periods: list[dt.date]
    values: list[float]
    numerators: list[float | None]
    denominators: list[float | None]
    sources: list[str]  # per figure: source, who entered it, note
    targets: list[Target]
    benchmarks: list[Benchmark]
    series: Series
    tg: Targets
    analysis: Analysis
    until: dt.date | None = None  # read as known on this day (a report's last day)
    # Per figure: for a computed figure, what it was computed from, when, by which definition.
    provenance: list[dict[str, Any]] = field(default_factory=list)

    @property
    def england(self) -> tuple[float | None, str]:
        """The England figure and its year, unless it was published after `until`: a report
        about 2019 does not quote a 2025 figure. (The year is the one the catalogue gives,
        such as "2025" or "2023-24"; its first four digits are compared.)"""
        ind = self.indicator
        year = ind.england_year[:4]
        if self.until is not None and year.isdigit() and int(year) > self.until.year:
            return None, ""
        return ind.england_value, ind.england_year

    @property
    def latest_period(self) -> dt.date | None:
        return self.periods[-1] if self.periods else None

    @property
    def latest_value(self) -> float | None:
        return self.values[-1] if self.values else None

    @property
    def compared_target(self) -> Target | None:
        i = self.analysis.compared_with
        return self.targets[i] if i is not None else None

    @property
    def next_target(self) -> Target | None:
        i = self.analysis.next_target
        return self.targets[i] if i is not None else None

    @property
    def latest_benchmark(self) -> Benchmark | None:
        return self.benchmarks[-1] if self.benchmarks else None

    def facts(self) -> Facts:
        ind, a = self.indicator, self.analysis
        since = self.periods[-a.missing_for] if a.missing_for else None
        return Facts(
            name=ind.name,
            unit=ind.unit,
            decimals=ind.decimals,
            polarity=ind.polarity,
            frequency=ind.frequency,
            latest_label=label(self.periods[-1], ind.frequency) if self.periods else "",
            latest_value=self.latest_value,
            period_labels=tuple(label(p, ind.frequency) for p in self.periods),
            target_labels=tuple(t.label for t in self.targets),
            target_values=tuple(t.value for t in self.targets),
            target_dues=tuple(t.due_date for t in self.targets),
            target_tolerances=tuple(float(x) for x in self.tg.tolerance),
            missing_since_label=label(since, ind.frequency) if since else "",
            england=self.england[0],
            england_year=self.england[1],
        )


def build_targets(targets: list[Target]) -> Targets:
    if not targets:
        return Targets.empty()
    values = np.array([t.value for t in targets], np.float64)

    def column(name: str) -> np.ndarray:
        return np.array(
            [np.nan if getattr(t, name) is None else getattr(t, name) for t in targets],
            np.float64,
        )

    return Targets(
        due=np.array([t.due_date.toordinal() for t in targets], np.int64),
        due_month=np.array([month_index(t.due_date) for t in targets], np.int64),
        values=values,
        tolerance=resolve_tolerance(
            values,
            [t.tolerance for t in targets],
            [t.tolerance_kind == ToleranceKind.RELATIVE for t in targets],
        ),
        labels=tuple(t.label for t in targets),
        outstanding=column("band_outstanding"),
        good=column("band_good"),
        requires_improvement=column("band_requires_improvement"),
    )


def build_series(indicator: Indicator, periods: list[dt.date], values: list[float]) -> Series:
    return Series(
        months=np.array([month_index(p) for p in periods], np.int64),
        ends=np.array([period_end(p, indicator.frequency).toordinal() for p in periods], np.int64),
        values=np.array(values, np.float64),
        polarity=indicator.polarity,
        unit=indicator.unit,
    )


def load(
    indicators: list[Indicator], until: dt.date | None = None, known_on: dt.date | None = None
) -> list[Loaded]:
    """Observations, targets and benchmarks of `indicators`, analysed: three queries.

    With `until` (a report's last day), only figures for periods starting by then and
    benchmarks for years ending by then are read, so a report about June 2019 says what was
    known in June 2019 even when later figures exist.

    With `known_on` (a paper's date), only what Stocktake held at the end of that day: figures
    for periods that had ended by then and were entered by then, and targets and benchmarks
    recorded by then (a figure corrected later is left out, not shown at its later value).
    """
    ids = [i.pk for i in indicators]
    observations = Observation.objects.filter(indicator_id__in=ids)
    published = Benchmark.objects.filter(indicator_id__in=ids)
    set_targets = Target.objects.filter(indicator_id__in=ids)
    if until is not None:
        observations = observations.filter(period__lte=until)
        published = published.filter(period_end__lte=until)
    if known_on is not None:
        moment = _end_of(known_on)
        observations = observations.filter(period__lte=known_on, entered_at__lte=moment)
        published = published.filter(period_end__lte=known_on, loaded_at__lte=moment)
        set_targets = set_targets.filter(created_at__lte=moment)
    rows: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in observations.order_by("indicator_id", "period").values_list(
        "indicator_id",
        "period",
        "value",
        "numerator",
        "denominator",
        "source",
        "note",
        "entered_by__username",
        "entered_by__first_name",
        "entered_by__last_name",
        "provenance",
    ):
        rows[row[0]].append(row)
    if known_on is not None:  # only periods that had ended by then
        frequency = {i.pk: i.frequency for i in indicators}
        for key, found in rows.items():
            rows[key] = [r for r in found if period_end(r[1], frequency[key]) <= known_on]
    targets: dict[int, list[Target]] = defaultdict(list)
    for target in set_targets.order_by("due_date", "id"):
        targets[target.indicator_id].append(target)
    benchmarks: dict[int, list[Benchmark]] = defaultdict(list)
    for benchmark in published.order_by("period_end"):
        benchmarks[benchmark.indicator_id].append(benchmark)
    loaded = []
    for indicator in indicators:
        own = rows.get(indicator.pk, [])
        periods, values = [r[1] for r in own], [r[2] for r in own]
        series = build_series(indicator, periods, values)
        tg = build_targets(targets.get(indicator.pk, []))
        loaded.append(
            Loaded(
                indicator=indicator,
                periods=periods,
                values=values,
                numerators=[r[3] for r in own],
                denominators=[r[4] for r in own],
                sources=[_provenance(r) for r in own],
                provenance=[r[10] or {} for r in own],
                targets=targets.get(indicator.pk, []),
                benchmarks=benchmarks.get(indicator.pk, []),
                series=series,
                tg=tg,
                analysis=analyse(series, tg),
                until=until,
            )
        )
    return loaded


def _end_of(day: dt.date) -> dt.datetime:
    return as_of_moment(day)


def known_indicators(authority: Authority, known_on: dt.date) -> QuerySet[Indicator]:
    """The authority's indicators recorded by the end of `known_on`."""
    return Indicator.objects.in_authority(authority).filter(created_at__lte=_end_of(known_on))


def findings_installed() -> bool:
    return apps.is_installed("stocktake.findings")


def finding_choices(authority: Authority) -> list[Any]:
    """The authority's findings, for filtering by finding (none without the findings app)."""
    if not findings_installed():
        return []
    finding = apps.get_model("findings", "Finding")
    return list(
        finding.objects.in_authority(authority)
        .select_related("source")
        .order_by("source__id", "position", "id")
    )


def indicator_findings(indicator: Indicator) -> list[Any]:
    """The findings an indicator evidences: linked to it, through its actions, or through its
    measure of success."""
    if not findings_installed():
        return []
    finding = apps.get_model("findings", "Finding")
    linked = Q(actions__indicators=indicator) | Q(impact_links__indicator=indicator)
    if indicator.measure_id:
        linked |= Q(impact_links__measure=indicator.measure_id)
    return list(
        finding.objects.filter(linked, source__authority=indicator.authority_id)
        .select_related("source")
        .distinct()
        .order_by("source__id", "position", "id")
    )


SOURCE_WORDS = {
    "manual": "Entered by hand",
    "file": "From a file",
    "computed": "Computed",
    "audits": "Computed from case audits",
}


def _provenance(row: tuple[Any, ...]) -> str:
    """ "From a file, by Lead (demo): note" for one observation row."""
    who = " ".join(p for p in (row[8], row[9]) if p) or row[7] or ""
    words = SOURCE_WORDS.get(row[5], row[5]) + (f", by {who}" if who else "")
    return f"{words}: {row[6]}" if row[6] else words


@dataclass
class Dashboard:
    tiles: list[Loaded]
    themes: list[Theme]
    areas: list[str]
    findings: list[Any] = field(default_factory=list)
    theme: int | None = None
    area: str = ""
    finding: int | None = None
    counts: dict[str, int] = field(default_factory=dict)


def dashboard(
    authority: Authority,
    theme: int | None = None,
    area: str = "",
    finding: int | None = None,
    until: dt.date | None = None,
    known_on: dt.date | None = None,
) -> Dashboard:
    """Every indicator's tile, filtered by plan theme, service area and finding: six queries
    (seven with the findings app). `until`, `known_on`: as known then (see `load`); with
    `known_on`, only indicators recorded by then."""
    chosen = Indicator.objects.in_authority(authority).for_theme(theme).for_area(area)
    if known_on is not None:
        chosen = chosen.filter(created_at__lte=_end_of(known_on))
    if findings_installed():
        chosen = chosen.for_finding(finding)
    tiles = load(list(chosen.order_by("area", "name", "id")), until=until, known_on=known_on)
    counts: dict[str, int] = defaultdict(int)
    for tile in tiles:
        counts[tile.analysis.status] += 1
    return Dashboard(
        tiles=tiles,
        themes=list(
            Theme.objects.filter(plan__authority=authority)
            .select_related("plan")
            .order_by("plan__name", "position", "id")
        ),
        areas=sorted(
            set(Indicator.objects.in_authority(authority).values_list("area", flat=True)) - {""}
        ),
        findings=finding_choices(authority),
        theme=theme,
        area=area,
        finding=finding if findings_installed() else None,
        counts=dict(counts),
    )


@dataclass
class IndicatorPage:
    loaded: Loaded
    actions: list[Action]
    themes: list[Theme]
    commentary: Commentary | None
    findings: list[Any] = field(default_factory=list)


def indicator_page(indicator: Indicator) -> IndicatorPage:
    return IndicatorPage(
        loaded=load([indicator])[0],
        actions=list(indicator.actions.select_related("plan").order_by("plan__name", "number")),
        themes=list(indicator.themes.select_related("plan")),
        commentary=indicator.commentary.first(),
        findings=indicator_findings(indicator),
    )


@dataclass
class Failing:
    loaded: Loaded
    generated: str
    commentary: Commentary | None

    @property
    def current(self) -> bool:
        """Whether the saved paragraph was written about the latest figures."""
        return bool(self.commentary and self.commentary.as_of == self.loaded.latest_period)


def failing_targets(
    authority: Authority, until: dt.date | None = None, known_on: dt.date | None = None
) -> list[Failing]:
    """Every indicator missing its target (worst first by how long), with its paragraph.
    `until`: as known on that day (figures, and commentary written about periods by then);
    `known_on`: only what was recorded by the end of that day (see `load`), commentary too."""
    from stocktake.indicators.analysis.summary import describe

    chosen = Indicator.objects.in_authority(authority)
    if known_on is not None:
        chosen = chosen.filter(created_at__lte=_end_of(known_on))
    indicators = list(chosen.order_by("area", "name"))
    tiles = [
        t
        for t in load(indicators, until=until, known_on=known_on)
        if t.analysis.status in ("missed", "within_tolerance")
    ]
    commentary_rows = Commentary.objects.filter(indicator_id__in=[t.indicator.pk for t in tiles])
    if until is not None:
        commentary_rows = commentary_rows.filter(as_of__lte=until)
    if known_on is not None:
        commentary_rows = commentary_rows.filter(created_at__lte=_end_of(known_on))
    latest: dict[int, Commentary] = {}
    for commentary in commentary_rows.order_by("-created_at", "-id"):
        latest.setdefault(commentary.indicator_id, commentary)
    tiles.sort(key=lambda t: (t.analysis.status != "missed", -t.analysis.missing_for))
    return [Failing(t, describe(t.facts(), t.analysis), latest.get(t.indicator.pk)) for t in tiles]


def catalogue(authority: Authority) -> tuple[list[CatalogueEntry], set[str]]:
    """The catalogue, and the codes the authority has adopted."""
    adopted = set(
        Indicator.objects.in_authority(authority)
        .exclude(catalogue=None)
        .values_list("catalogue__code", flat=True)
    )
    return list(CatalogueEntry.objects.all()), adopted


def measures(authority: Authority) -> QuerySet[Measure]:
    """The authority's plans' measures of success, with the indicator made from each."""
    return (
        Measure.objects.filter(plan__authority=authority)
        .select_related("plan", "theme", "indicator")
        .order_by("plan__name", "position", "id")
    )


def action_choices(authority: Authority) -> QuerySet[Action]:
    return Action.objects.filter(plan__authority=authority).select_related("plan")


def theme_choices(authority: Authority) -> QuerySet[Theme]:
    return Theme.objects.filter(plan__authority=authority).select_related("plan")


def action_indicators(action: Action) -> list[Indicator]:
    return list(action.indicators.order_by("name"))
