"""What needs the signed-in member this week, by role, each figure a link to the list it
counts (its filters in the URL).

- A lead (anyone who reviews updates): updates awaiting review, owners who still owe an
  update in this window, unblock asks, exceptions, meetings this week and papers due for the
  next fortnight's meetings.
- An owner or partner: their open actions due this week, overdue, and updates returned to them.
- Everyone else (and partners too): the latest issued papers and how many actions changed
  since their last visit.

Counts are read live (today's accepted state), plan by plan for the plans still running, in
a fixed number of queries per plan whatever its size; the figure in the navigation is one
query (`nav_count`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from stocktake.accounts.models import Membership, Visit
from stocktake.accounts.roles import Capability, Role
from stocktake.governance.cycle import actions_to_update
from stocktake.governance.exception_list import exceptions
from stocktake.governance.models import Meeting, UnblockRequest, UpdateReview
from stocktake.people.models import Person
from stocktake.plans.history import plan_state_as_of
from stocktake.plans.models import Action, Plan, StatusChange, Update
from stocktake.plans.position import changed_since
from stocktake.reports.models import Report

WEEK = dt.timedelta(days=6)  # today and the six days after
PAPERS_AHEAD = dt.timedelta(days=14)
OWNING_ROLES = frozenset({Role.OWNER, Role.PARTNER})
MY_SHOWS = ("due", "overdue", "returned")


@dataclass(frozen=True)
class Tally:
    """One figure: "3 updates awaiting review", linking to the list of those three."""

    number: int
    label: str
    url: str
    alert: bool = False


@dataclass
class PlanTallies:
    plan: Plan
    tallies: list[Tally]


@dataclass
class ThisWeek:
    today: dt.date
    slug: str  # the authority's
    lead: list[PlanTallies] = field(default_factory=list)  # per running plan
    lead_meetings: list[Tally] = field(default_factory=list)  # meetings and papers
    mine: list[Tally] = field(default_factory=list)  # an owner's own actions
    owns: bool = False  # an owner or partner (their tallies show even when all zero)
    reads: bool = False  # shown the latest papers and changes since the last visit
    papers: list[Report] = field(default_factory=list)
    since: dt.date | None = None  # the day of the last visit
    changed: list[PlanTallies] = field(default_factory=list)

    @property
    def is_lead(self) -> bool:
        return bool(self.lead or self.lead_meetings)


def running_plans(membership: Membership, today: dt.date) -> QuerySet[Plan]:
    """The authority's plans that have not ended or been closed, soonest ending first."""
    return (
        Plan.objects.in_authority(membership.authority)
        .filter(end_date__gte=today, closure__isnull=True)
        .select_related("authority")
        .order_by("end_date", "name")
    )


def this_week(
    membership: Membership,
    now: dt.datetime,
    *,
    plan: Plan | None = None,
    visit: Visit | None = None,
) -> ThisWeek:
    """The member's "This week", for every running plan of the authority or for one plan."""
    today = timezone.localtime(now).date()
    found = ThisWeek(today=today, slug=membership.authority.slug)
    plans = [plan] if plan is not None else list(running_plans(membership, today))
    if membership.can(Capability.REVIEW_UPDATES):
        found.lead = _lead(plans, now, today)
        found.lead_meetings = _meetings(membership, today)
    if membership.role in OWNING_ROLES:
        found.owns = True
        found.mine = _mine(membership, today, plan)
    if not membership.can(Capability.REVIEW_UPDATES) and membership.role != Role.OWNER:
        found.reads = True
        _reader(found, membership, plans, visit)
    return found


def _per_plan(rows: Any) -> dict[int, int]:
    return dict(rows)


def awaiting_review(plans: list[Plan] | QuerySet[Plan]) -> QuerySet[Update]:
    """Posted updates nobody has reviewed yet (the review queue's rows)."""
    reviewed = UpdateReview.objects.filter(update=OuterRef("pk"))
    return Update.objects.filter(action__plan__in=plans, origin=Update.Origin.POSTED).exclude(
        Exists(reviewed)
    )


def _lead(plans: list[Plan], now: dt.datetime, today: dt.date) -> list[PlanTallies]:
    waiting = _per_plan(
        awaiting_review(plans)
        .values("action__plan_id")
        .annotate(n=Count("pk"))
        .values_list("action__plan_id", "n")
    )
    asks = _per_plan(
        UnblockRequest.objects.filter(action__plan__in=plans, resolved_at__isnull=True)
        .values("action__plan_id")
        .annotate(n=Count("action_id", distinct=True))
        .values_list("action__plan_id", "n")
    )
    found = []
    for plan in plans:
        slug = plan.authority.slug
        owing = len(actions_to_update(plan, now))
        listed = len(exceptions(plan, today))
        exceptions_url = reverse("governance:exceptions", args=[slug, plan.pk])
        found.append(
            PlanTallies(
                plan,
                [
                    Tally(
                        waiting.get(plan.pk, 0),
                        "updates awaiting review",
                        reverse("governance:review_queue", args=[slug, plan.pk]),
                        alert=bool(waiting.get(plan.pk)),
                    ),
                    Tally(
                        owing,
                        "owners not yet updated in this window",
                        reverse("governance:cycle", args=[slug, plan.pk]) + "#whole-plan",
                    ),
                    Tally(
                        asks.get(plan.pk, 0),
                        "actions with an unblock ask open",
                        f"{exceptions_url}?reason=unblock",
                        alert=bool(asks.get(plan.pk)),
                    ),
                    Tally(listed, "exceptions", exceptions_url),
                ],
            )
        )
    return found


def _meetings(membership: Membership, today: dt.date) -> list[Tally]:
    slug = membership.authority.slug
    scheduled = Meeting.objects.filter(
        board__authority=membership.authority, status=Meeting.Status.SCHEDULED
    )
    papered = Report.objects.filter(meeting=OuterRef("pk"), status=Report.Status.ISSUED)
    counts = scheduled.aggregate(
        week=Count("pk", filter=Q(date__gte=today, date__lte=today + WEEK)),
        papers=Count(
            "pk",
            filter=Q(date__gte=today, date__lte=today + PAPERS_AHEAD) & ~Q(Exists(papered)),
        ),
    )
    calendar = reverse("governance:calendar", args=[slug])
    return [
        Tally(counts["week"], "meetings this week", calendar),
        Tally(
            counts["papers"],
            "meetings in the next 2 weeks with no paper issued",
            reverse("reports:index", args=[slug]),
            alert=bool(counts["papers"]),
        ),
    ]


def returned_unanswered() -> Exists:
    """An action has an update whose newest review returned it, with no newer update since:
    its owner still owes an answer."""
    newest = UpdateReview.objects.filter(update=OuterRef("pk")).order_by("-recorded_at", "-id")
    newer = Update.objects.filter(action=OuterRef("action"), created_at__gt=OuterRef("created_at"))
    returned = (
        Update.objects.filter(action=OuterRef("pk"), origin=Update.Origin.POSTED)
        .alias(decision=newest.values("decision")[:1])
        .filter(decision=UpdateReview.Decision.RETURNED)
        .exclude(Exists(newer))
    )
    return Exists(returned)


def my_open_actions(membership: Membership) -> QuerySet[Action]:
    people = Person.objects.filter(authority=membership.authority, user=membership.user_id)
    return Action.objects.filter(plan__authority=membership.authority).owned_by(people).open()


def filter_mine(actions: QuerySet[Action], show: str, today: dt.date) -> QuerySet[Action]:
    """The member's open actions narrowed to one of "This week"'s figures."""
    if show == "due":
        return actions.filter(due_date__gte=today, due_date__lte=today + WEEK)
    if show == "overdue":
        return actions.filter(due_date__lt=today)
    if show == "returned":
        return actions.filter(returned_unanswered())
    return actions


def _mine(membership: Membership, today: dt.date, plan: Plan | None) -> list[Tally]:
    actions = my_open_actions(membership)
    if plan is not None:
        actions = actions.filter(plan=plan)
    counts = actions.aggregate(
        due=Count("pk", filter=Q(due_date__gte=today, due_date__lte=today + WEEK)),
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        returned=Count("pk", filter=Q(returned_unanswered())),
    )
    base = reverse("plans:my_actions", args=[membership.authority.slug])
    extra = {"plan": plan.pk} if plan is not None else {}
    labels = {
        "due": "of my actions due this week",
        "overdue": "of my actions overdue",
        "returned": "updates returned to me",
    }
    return [
        Tally(
            counts[show],
            labels[show],
            f"{base}?{urlencode({'show': show, **extra})}",
            alert=show != "due" and bool(counts[show]),
        )
        for show in MY_SHOWS
    ]


def _reader(
    found: ThisWeek, membership: Membership, plans: list[Plan], visit: Visit | None
) -> None:
    issued = Report.objects.in_authority(membership.authority).issued()
    found.papers = list(
        issued.select_related("plan").defer("snapshot").order_by("-issued_at", "-id")[:3]
    )
    if visit is None or visit.previous_at is None:
        return
    found.since = timezone.localtime(visit.previous_at).date()
    for plan in plans:
        states = plan_state_as_of(plan, found.today).values()
        number = sum(1 for s in states if changed_since(s, found.since))
        query = urlencode(
            {
                "changed_since_0": found.since.day,
                "changed_since_1": found.since.month,
                "changed_since_2": found.since.year,
            }
        )
        url = reverse("plans:action_list", args=[plan.authority.slug, plan.pk]) + f"?{query}"
        found.changed.append(PlanTallies(plan, [Tally(number, "actions changed", url)]))


def nav_count(membership: Membership) -> int:
    """The figure beside "This week" in the navigation, in one query (the membership comes
    with its visit): a lead's updates awaiting review; an owner's or partner's open actions
    overdue or due this week; anyone else's actions changed since their last visit."""
    today = timezone.localdate()
    plans = running_plans(membership, today)
    if membership.can(Capability.REVIEW_UPDATES):
        return awaiting_review(plans).count()
    if membership.role in OWNING_ROLES:
        mine = my_open_actions(membership)
        return mine.filter(due_date__lte=today + WEEK).count()
    visit = getattr(membership, "visit", None)
    if visit is None or visit.previous_at is None:
        return 0
    since = start_of(timezone.localtime(visit.previous_at).date())
    changes = StatusChange.objects.filter(action=OuterRef("pk"), recorded_at__gte=since)
    return (
        Action.objects.filter(plan__in=plans)
        .filter(Q(recorded_at__gte=since) | Q(Exists(changes)))
        .count()
    )


def start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def last_visit(membership: Membership) -> Visit | None:
    return Visit.objects.filter(membership=membership).first()
