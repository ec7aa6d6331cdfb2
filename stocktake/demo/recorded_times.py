"""When the demo's Phase 2 history was recorded and accepted, and the progress it records.

Seed 000 is the Phase 2 plan as it stood in its last week, week 24 (17–23 June 2019): its
newest entries are marked "Week 24 –", and it still writes of "the first meeting of the
Getting to Good Executive (IB)" on 21 June 2019 as to come. Its Governance section gives the
weekly cycle: heads of service update weekly, and the Children's Services Management Team
scrutinises the updates on Wednesday morning. So the demo records:

- the plan, its actions and their wording on the phase's first day, 1 April 2019;
- each entry under a "Week N –" marker as the update for week N (the importer dates it by the
  week's Monday), recorded and accepted when the management team has scrutinised it, at
  10:00 on the Wednesday of that week;
- an entry dated in its own words ("11. 06.19 update –") on that day, accepted the next
  morning (a Wednesday);
- an entry the seed gives no date in the period the seed puts it in: the week-24 version of
  the plan, unless the seed's own order places it earlier (`UNDATED_WEEK`);
- the delivery status each action's seed text records (`SEED_STATUS`), accepted with the
  update that records it. The seed gives no RAG, so the demo records none. An action whose
  seed text records no progress (no text, or "Awaiting date to meet to progress") keeps
  Stocktake's starting status, Not started.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from stocktake.plans.choices import DeliveryStatus
from stocktake.plans.models import Action, ActionRevision, Plan, StatusChange, Update
from stocktake.plans.services.acceptance import update_apply

# Seed 000 gives the demo no week after this one.
LAST_WEEK = 24
# Undated entries that the seed's order places before its dated ones. LA29's cell reads
# "AD post to be advertised – …" and then "Week 20 – Strategic Senior Head of Service post
# recruited to. Week 24 – AD commences in post 1 st September": the advert came first, so the
# entry is recorded as the summary the Phase 2 plan opened with, in week 13.
UNDATED_WEEK: dict[str, int] = {"LA29": 13}
# "Week 24 11. 06.19 update – …": the day it was written.
_DATED_TEXT = re.compile(r"^(?P<d>\d{1,2})\.\s?(?P<m>\d{2})\.(?P<y>\d{2})\s+update\b")

ON_TRACK, COMPLETE = DeliveryStatus.ON_TRACK, DeliveryStatus.COMPLETE
# reference → (the week of the update that records it, the delivery status it records), in
# the order they happened. Each quotes the words of seed 000 that support it.
SEED_STATUS: dict[str, list[tuple[int, str]]] = {
    # Week 19 – "(pt2) a schedule has been developed to monitor progress in the service plans"
    "LA1": [(19, ON_TRACK)],
    # "71 posts have been filled since 1st Jan 2019"
    "LA12": [(24, ON_TRACK)],
    # "first programme dates have taken place (from Friday 3rd May)"
    "LA26": [(24, ON_TRACK)],
    # Week 20: "RIP session planned 28th June"; "Some Heads of Service attending System
    # Leadership training"
    "LA27": [(20, ON_TRACK)],
    # "current additional HoS support to be retained"; Week 20 – "Strategic Senior Head of
    # Service post recruited to"; Week 24 – "AD commences in post 1 st September"
    "LA29": [(13, ON_TRACK)],
    # Week 24 – "Audit programme being reviewed…"
    "LA30": [(24, ON_TRACK)],
    # Week 24 – "Focused data analysis and intelligence is provided on a weekly basis…
    # monitored by the Improvement Board and Council's CYP Scrutiny Committee"
    "LA31": [(24, COMPLETE)],
    # 11.06.19 – "3 Co-production meetings undertaken to date"
    "LA32": [(23, ON_TRACK)],
    # "Post-election – draft has been circulated and comments received"
    "LA34": [(24, ON_TRACK)],
    # "Work has been completed with finance colleagues… Further work will be undertaken"
    "LA35": [(24, ON_TRACK)],
    # Week 20 – "revised terms of reference for the Board have been agreed" (due week 20)
    "LA36": [(20, COMPLETE)],
    # Week 20 – "This work within safeguarding will be undertaken through the IPA system…
    # Two new AYSE & Learning Co-ordinators and PSW to review…"
    "LA25/S3": [(20, ON_TRACK)],
    # "Draft 16/17 refreshed homelessness protocol completed… support visit taking place"
    "FD16": [(24, ON_TRACK)],
    # "further exploration required before potential impact can be understood"
    "FD21": [(24, ON_TRACK)],
    # Week 22 – "Strategy developed with young people, signed off at Improvement Monitoring
    # meeting, to be approved at Corporate Parent Panel on 25 June"
    "CCL1": [(22, ON_TRACK)],
    # "This is being implemented within the permanence teams"
    "CCL10": [(24, ON_TRACK)],
}


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware local time on `day`."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def scrutinised(day: dt.date) -> dt.datetime:
    """10:00 on the Wednesday of `day`'s week, after the management team's scrutiny (or the
    next Wednesday's, for a day after Wednesday)."""
    wednesday = day + dt.timedelta(days=(2 - day.weekday()) % 7)
    return at(wednesday, 10)


def _key(reference: str) -> str:
    return "".join(reference.split()).upper()


def _placed(plan: Plan, update: Update, loaded: dt.date) -> tuple[dt.date, int | None]:
    """The day and plan week an imported update belongs to (see the module's note)."""
    dated = _DATED_TEXT.match(update.text)
    if dated:
        day = dt.date(2000 + int(dated["y"]), int(dated["m"]), int(dated["d"]))
        return day, None
    if update.date is not None and (update.week is not None or update.date < loaded):
        return update.date, update.week
    week = UNDATED_WEEK.get(_key(update.action.reference), LAST_WEEK)
    return plan.week_start(week), week


def record_plan_in_its_time(plan: Plan, loaded_at: dt.datetime) -> None:
    """Re-date what the import of seed 000 recorded at `loaded_at` to when the demo says it
    happened, then accept the progress the seed records (see the module's note)."""
    opened = at(plan.start_date, 9)
    later = {"recorded_at__gte": loaded_at}
    Action.objects.filter(plan=plan, **later).update(recorded_at=opened)
    ActionRevision.objects.filter(action__plan=plan, **later).update(recorded_at=opened)
    StatusChange.objects.filter(action__plan=plan, update__isnull=True, **later).update(
        recorded_at=opened, changed_at=opened
    )
    imported = Update.objects.filter(
        action__plan=plan, origin=Update.Origin.IMPORTED, **later
    ).select_related("action")
    loaded = timezone.localdate(loaded_at)
    for update in imported:
        day, week = _placed(plan, update, loaded)
        recorded = at(day + dt.timedelta(days=1), 10) if week is None else scrutinised(day)
        Update.objects.filter(pk=update.pk).update(date=day, week=week, recorded_at=recorded)
    _accept_seed_progress(plan)


def _accept_seed_progress(plan: Plan) -> None:
    actions = {_key(a.reference): a for a in plan.actions.all()}
    for reference, steps in SEED_STATUS.items():
        action = actions[_key(reference)]
        for week, status in steps:
            start = plan.week_start(week)
            update = (
                action.updates.filter(
                    origin=Update.Origin.IMPORTED,
                    date__gte=start,
                    date__lt=start + dt.timedelta(weeks=1),
                )
                .order_by("-recorded_at", "-id")
                .first()
            )
            if update is None:
                raise LookupError(f"Seed 000 has no week {week} update for {reference}")
            Update.objects.filter(pk=update.pk).update(delivery_status=status)
            update.refresh_from_db()
            update_apply(update=update, actor=None, at=update.recorded_at)
