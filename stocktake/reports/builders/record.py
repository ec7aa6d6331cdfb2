"""The record a paper may quote: each action as it stood at the end of the paper's day, and
the updates, reviews, status changes, figures, findings and sources Stocktake held by then.

A paper for period P issued as of day D (ADR 18) reads nothing recorded after D and nothing
dated after D except deadlines and targets. Builders read actions through `report_actions`
(from `stocktake.plans.history`, never the live `Action` row) and everything else through the
filters here, so issuing the same period and day again gives the same document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from stocktake.findings.models import Finding, Source
from stocktake.governance.selectors import reportable_updates
from stocktake.people.models import Person
from stocktake.plans.choices import DeliveryStatus
from stocktake.plans.history import ActionState, as_of_moment, local_date, plan_state_as_of
from stocktake.plans.models import StatusChange, Theme, Update
from stocktake.reports.builders.common import day, shorten
from stocktake.reports.context import ReportContext

# The classification printed in every page's header and footer of a paper that quotes
# updates a lead has not yet reviewed (--include-unreviewed).
UNREVIEWED_MARK = "OFFICIAL – includes updates not yet reviewed"


def classification(ctx: ReportContext) -> str:
    return UNREVIEWED_MARK if ctx.include_unreviewed else "OFFICIAL"


@dataclass(frozen=True)
class Owner:
    name: str
    job_title: str


@dataclass(frozen=True)
class ReportAction:
    """One action as a paper shows it: its wording, theme, owners, deadline and accepted
    state as they stood at the end of the paper's day."""

    pk: int
    number: int
    reference: str
    text: str
    theme_id: int | None
    theme_name: str
    theme_position: int
    owners: tuple[Owner, ...]
    due_date: dt.date | None
    deadline_text: str
    delivery_status: str
    impact_status: str
    rag: str
    delivery_since: dt.date | None
    rag_since: dt.date | None
    latest: Update | None  # the newest update the paper may quote

    @property
    def is_complete(self) -> bool:
        return self.delivery_status == DeliveryStatus.COMPLETE

    @property
    def label(self) -> str:
        """ "LA3: Ensure all referrals…"."""
        text = shorten(self.text, 90)
        return f"{self.reference}: {text}" if self.reference else text

    def short_label(self, limit: int) -> str:
        text = shorten(self.text, limit)
        return f"{self.reference}: {text}" if self.reference else text

    @property
    def owner_names(self) -> str:
        """Owners by name ("Olive Owner; Pat Partner"); job titles are listed once, in an
        appendix."""
        return "; ".join(dict.fromkeys(o.name for o in self.owners)) or "No owner named"

    @property
    def owner_labels(self) -> str:
        """Owners with their job titles ("Olive Owner – Head of Service"), for a paper with
        no owners' appendix."""
        labels = [f"{o.name} – {o.job_title}" if o.job_title else o.name for o in self.owners]
        return "; ".join(dict.fromkeys(labels)) or "No owner named"

    @property
    def due(self) -> str:
        if self.due_date:
            return day(self.due_date)
        return self.deadline_text or "No date"

    def overdue_on(self, when: dt.date) -> bool:
        return bool(not self.is_complete and self.due_date and self.due_date < when)


def report_actions(ctx: ReportContext) -> list[ReportAction]:
    """The plan's actions recorded by the end of the paper's day, as they stood then, in the
    plan's order (theme, then number): the history's few queries and three more."""
    states = plan_state_as_of(ctx.plan, ctx.as_of, include_unreviewed=ctx.include_unreviewed)
    if not states:
        return []
    themes = {t.pk: t for t in Theme.objects.filter(plan=ctx.plan)}
    people = Person.objects.in_bulk({p for s in states.values() for p in s.owner_ids})
    updates: dict[int, Update] = {}
    for update in quotable_updates(ctx).order_by("action_id", "-date", "-recorded_at", "-id"):
        updates.setdefault(update.action_id, update)
    actions = [_action(s, themes, people, updates) for s in states.values()]
    actions.sort(key=lambda a: (a.theme_id is None, a.theme_position, a.theme_id or 0, a.number,
                                a.pk))  # fmt: skip
    return actions


def _action(
    state: ActionState,
    themes: dict[int, Theme],
    people: dict[int, Person],
    updates: dict[int, Update],
) -> ReportAction:
    theme = themes.get(state.theme_id) if state.theme_id else None
    return ReportAction(
        pk=state.action_id,
        number=state.number,
        reference=state.reference,
        text=state.text,
        theme_id=state.theme_id,
        theme_name=theme.name if theme else "No theme",
        theme_position=theme.position if theme else 0,
        owners=tuple(
            Owner(people[p].name, people[p].job_title) for p in state.owner_ids if p in people
        ),
        due_date=state.due_date,
        deadline_text=state.deadline_text,
        delivery_status=state.delivery_status,
        impact_status=state.impact_status,
        rag=state.rag,
        delivery_since=state.delivery_since,
        rag_since=state.rag_since,
        latest=updates.get(state.action_id),
    )


def quotable_updates(ctx: ReportContext) -> QuerySet[Update]:
    """Updates a paper may quote: recorded by the end of its day, imported or accepted by
    then (with --include-unreviewed, also awaiting review then), dated by its day."""
    return reportable_updates(
        ctx.plan, include_unreviewed=ctx.include_unreviewed, as_of=ctx.as_of
    ).filter(date__lte=ctx.as_of)


def updates_between(ctx: ReportContext, start: dt.date, end: dt.date) -> list[Update]:
    """Quotable updates dated in [start, end], oldest first."""
    return list(
        quotable_updates(ctx)
        .filter(date__gte=start, date__lte=end)
        .select_related("action")
        .order_by("date", "action__number", "id")
    )


def changes_between(ctx: ReportContext, start: dt.date, end: dt.date) -> list[StatusChange]:
    """Accepted delivery status changes recorded in [start, end] and by the paper's day: made
    by hand, on an import, or on accepting an update the paper may quote."""
    quotable = reportable_updates(
        ctx.plan, include_unreviewed=ctx.include_unreviewed, as_of=ctx.as_of
    )
    last = min(end, ctx.as_of)
    changes = (
        StatusChange.objects.filter(
            action__plan=ctx.plan,
            field=StatusChange.Field.DELIVERY,
            recorded_at__gte=as_of_moment(start - dt.timedelta(days=1)),
            recorded_at__lte=as_of_moment(last),
        )
        .filter(Q(update__isnull=True) | Q(update__in=quotable.values("pk")))
        .order_by("recorded_at", "id")
    )
    return [c for c in changes if start <= local_date(c.recorded_at) <= last]


def known_sources(ctx: ReportContext) -> QuerySet[Source]:
    """The authority's sources recorded by the paper's day and dated by it (a source with no
    date at all counts as dated when it was recorded)."""
    moment = as_of_moment(ctx.as_of)
    dated = (
        Q(fieldwork_start__lte=ctx.as_of)
        | Q(fieldwork_start__isnull=True, published_on__lte=ctx.as_of)
        | Q(fieldwork_start__isnull=True, published_on__isnull=True, fieldwork_end__lte=ctx.as_of)
        | Q(fieldwork_start__isnull=True, published_on__isnull=True, fieldwork_end__isnull=True)
    )
    return Source.objects.in_authority(ctx.authority).filter(dated, created_at__lte=moment)


def known_findings(ctx: ReportContext) -> QuerySet[Finding]:
    """Findings recorded by the paper's day, from the sources it may quote."""
    return Finding.objects.filter(
        source__in=known_sources(ctx), created_at__lte=as_of_moment(ctx.as_of)
    )
