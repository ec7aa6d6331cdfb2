"""A board's worth of data on top of the shared `world`: Testshire's "Board plan" (April to
June 2019) with two themes and four actions —

- LA1 (Leadership): overdue on 30 June 2019 and rated red by an imported update;
- LA2 (Leadership): completed in June by a posted update a lead accepted;
- CC1 (Children in care): due in July; its June update is still waiting for review;
- CC2 (Children in care): due 28 June; its only posted update was returned —

and two indicators: re-referrals (a percentage, missing its target) and children missing
from care (a count with small numbers, which reports must show as "c"). Reports run inline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from stocktake.demo import factories
from stocktake.documents.tests.reading import docx_images, docx_text, pdf_text  # noqa: F401
from stocktake.governance.services import update_review
from stocktake.indicators.models import Indicator, Observation, Target
from stocktake.indicators.services import TargetFields, observation_record, target_create
from stocktake.indicators.tests.conftest import adopt
from stocktake.plans.models import Action, Plan, Update
from stocktake.plans.services.updates import (
    EvidenceSpec,
    ImportedUpdate,
    update_submit,
    updates_import,
)
from stocktake.reports.context import ReportContext

JUNE = (dt.date(2019, 6, 1), dt.date(2019, 6, 30))
AS_OF = dt.date(2019, 6, 30)
UNREVIEWED = "Referral screening pilot started in two teams"
RETURNED = "Done, see the file"
ACCEPTED = "Leadership programme delivered to all first line managers"
IMPORTED = "Recruitment campaign paused while the budget is agreed"
# The plan and its actions were recorded in Stocktake when it opened, on 1 April 2019.
OPENED = timezone.make_aware(dt.datetime(2019, 4, 1, 9, 0))


@dataclass
class ReportsWorld:
    plan: Plan
    la1: Action
    la2: Action
    cc1: Action
    cc2: Action
    reref: Indicator
    missing: Indicator

    def ctx(self, world, **changes) -> ReportContext:
        fields = {
            "authority": world.authority,
            "plan": self.plan,
            "period_start": JUNE[0],
            "period_end": JUNE[1],
            "as_of": AS_OF,
            "include_unreviewed": False,
        }
        fields.update(changes)
        return ReportContext(**fields)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 10, 0))


def post(action: Action, text: str, day: dt.date, **fields) -> Update:
    """An update posted on `day` at 10am (what it proposes counts once it is accepted)."""
    return update_submit(
        action=action,
        membership=None,
        actor=None,
        text=text,
        date=day,
        today=day,
        recorded_at=_at(day),
        **fields,
    )


def review(update: Update, decision: str, day: dt.date, comment: str = "") -> None:
    """A lead's review on `day` at 10am (acceptance dates the status change)."""
    update_review(update=update, actor=None, decision=decision, comment=comment, at=_at(day))


@pytest.fixture
def rw(world) -> ReportsWorld:
    return build_rw(world)


def build_rw(world) -> ReportsWorld:
    authority = world.authority
    plan = factories.make_plan(authority, "Board plan", start=dt.date(2019, 4, 1), weeks=13)
    lead_theme = factories.make_theme(plan, "Leadership and Engagement")
    care_theme = factories.make_theme(plan, "Children in Care and Care Leavers")
    la1 = factories.make_action(
        plan, "LA1", owners=[world.owner_person], theme=lead_theme, due=dt.date(2019, 6, 10),
        recorded_at=OPENED,
        text="Ensure all referrals are screened by a qualified social worker within 24 hours",
    )  # fmt: skip
    la2 = factories.make_action(
        plan, "LA2", owners=[world.owner_person], theme=lead_theme, due=dt.date(2019, 6, 20),
        recorded_at=OPENED,
        text="Deliver the leadership programme to first line managers",
    )  # fmt: skip
    cc1 = factories.make_action(
        plan, "CC1", owners=[world.partner_person], theme=care_theme, due=dt.date(2019, 7, 15),
        recorded_at=OPENED,
        text="Pilot the new referral screening in two teams",
    )  # fmt: skip
    cc2 = factories.make_action(
        plan, "CC2", owners=[world.partner_person], theme=care_theme, due=dt.date(2019, 6, 28),
        recorded_at=OPENED,
        text="Review every care plan for children placed out of area",
    )  # fmt: skip
    updates_import(
        action=la1,
        actor=None,
        updates=[ImportedUpdate(f"{IMPORTED}\n\nReason: Budget not agreed", dt.date(2019, 6, 5))],
        rag="red",
        today=dt.date(2019, 6, 5),
        recorded_at=_at(dt.date(2019, 6, 5)),
    )
    accepted = post(
        la2, ACCEPTED, dt.date(2019, 6, 15), rag="blue", delivery_status="complete",
        evidence=EvidenceSpec(link="https://example.org/programme", title="Programme"),
    )  # fmt: skip
    review(accepted, "accepted", dt.date(2019, 6, 16))
    post(cc1, UNREVIEWED, dt.date(2019, 6, 20), rag="amber")
    returned = post(cc2, RETURNED, dt.date(2019, 6, 21), rag="green")
    review(returned, "returned", dt.date(2019, 6, 22), comment="Say what was done")
    for action in (la1, la2, cc1, cc2):
        action.refresh_from_db()
    reref, eet = adopt(authority, "REREF12", "CL_EET")
    # Twelve months to June 2019, with 6- and 12-month targets due December 2018 and June 2019.
    fill_year(reref, [27.0, 26.5, 26.8, 26.0, 25.5, 25.9, 25.0, 24.6, 24.0, 23.8, 26.1, 26.7])
    for label, due, value in (
        ("6 months", dt.date(2018, 12, 31), 25.0),
        ("12 months", dt.date(2019, 6, 30), 22.0),
    ):
        target_create(
            indicator=reref,
            actor=None,
            fields=TargetFields(label, due, value, tolerance=1.0),
        )
    eet.delete()
    missing = Indicator.objects.create(
        authority=authority,
        code="MISSING_CARE",
        name="Children missing from care",
        unit="count",
        polarity="lower",
        frequency="monthly",
        decimals=0,
    )
    fill_year(missing, [12.0, 9.0, 8.0, 7.0, 9.0, 6.0, 8.0, 7.0, 6.0, 9.0, 7.0, 3.0])
    # The indicators and their targets were set up when the plan opened.
    Indicator.objects.filter(pk__in=[reref.pk, missing.pk]).update(created_at=OPENED)
    Target.objects.filter(indicator__in=[reref, missing]).update(created_at=OPENED)
    return ReportsWorld(plan, la1, la2, cc1, cc2, reref, missing)


def fill_year(indicator: Indicator, values: list[float]) -> None:
    """Monthly figures from July 2018, so the last of twelve is June 2019's; each entered on
    the fifth of the month after its own (June 2019's on 5 July 2019)."""
    for k, value in enumerate(values):
        period = dt.date(2018 + (6 + k) // 12, (6 + k) % 12 + 1, 1)
        record_figure(indicator, period, value)


def record_figure(
    indicator: Indicator, period: dt.date, value: float, entered: dt.date | None = None
) -> Observation:
    """A monthly figure entered on `entered` (by default the fifth of the next month)."""
    observation = observation_record(indicator=indicator, actor=None, period=period, value=value)
    following = dt.date(period.year + period.month // 12, period.month % 12 + 1, 5)
    Observation.objects.filter(pk=observation.pk).update(entered_at=_at(entered or following))
    observation.refresh_from_db()
    return observation
