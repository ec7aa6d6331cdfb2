"""Sending the weekly reminders, safely from cron at any frequency.

Each (plan, person, window close) has at most one `Reminder` row (a unique constraint). A run
sends to an owner only if their row is missing or failed, locking the row while it sends, so
two runs at once cannot both send; a failure is recorded on the row and tried again on the next
run; a sent row is never sent again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from stocktake.accounts.models import Authority
from stocktake.audit.services import audit_record
from stocktake.governance.cycle import OwnerList, WindowTimes, actions_to_update, window_times
from stocktake.governance.models import Reminder, UpdateWindow
from stocktake.plans.models import Plan
from stocktake.quality.reminders import audit_reminder_lines


@dataclass
class Outcome:
    plan: Plan
    person_label: str
    email: str
    status: str  # "sent", "failed", "skipped: ...", "would send"
    actions: int = 0
    error: str = ""


@dataclass
class RunReport:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == Reminder.Status.FAILED]

    @property
    def sent(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == Reminder.Status.SENT]


def clock(moment: dt.datetime) -> str:
    """5pm, 9:30am: the GOV.UK way to write a time."""
    text = f"{moment:%-I:%M%p}".lower()
    return text.replace(":00", "")


def absolute_url(path: str) -> str:
    return f"{settings.STOCKTAKE_BASE_URL}{path}"


def reminder_message(plan: Plan, entry: OwnerList, times: WindowTimes) -> EmailMultiAlternatives:
    """The email: plain English, a text body and an HTML alternative with the same content."""
    slug = plan.authority.slug
    items = [
        {
            "reference": item.action.reference,
            "text": item.action.text,
            "why": item.why_label,
            "due_date": item.action.due_date,
            "last_update_on": item.last_update_on,
            "url": absolute_url(
                reverse("plans:update_create", args=[slug, plan.pk, item.action.pk])
            ),
        }
        for item in entry.actions
    ]
    closes = timezone.localtime(times.closes_at)
    context = {
        "person": entry.person,
        "plan": plan,
        "items": items,
        "closes_at": closes,
        "cycle_url": absolute_url(reverse("governance:cycle", args=[slug, plan.pk])),
        # Case audits due or overdue from this person, from the quality app.
        "audits": audit_reminder_lines(entry.person, closes.date()),
    }
    count = len(items)
    subject = (
        f"{plan.name}: {count} action{'s' if count != 1 else ''} to update by "
        f"{clock(closes)} on {closes:%A %-d %B}"
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("governance/email/reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[entry.person.email],
    )
    message.attach_alternative(
        render_to_string("governance/email/reminder.html", context), "text/html"
    )
    return message


def _listed(entry: OwnerList) -> list[dict[str, object]]:
    return [
        {"id": item.action.pk, "reference": item.action.reference, "why": item.why}
        for item in entry.actions
    ]


def _claim(plan: Plan, entry: OwnerList, closes_at: dt.datetime) -> Reminder | None:
    """Lock this owner's reminder for the window, creating it if needed; None if sent."""
    try:
        with transaction.atomic():
            reminder, _ = Reminder.objects.select_for_update().get_or_create(
                plan=plan,
                person=entry.person,
                window_closes_at=closes_at,
                defaults={"email": entry.person.email, "status": Reminder.Status.FAILED},
            )
    except IntegrityError:  # another run created it at the same moment
        reminder = Reminder.objects.select_for_update().get(
            plan=plan, person=entry.person, window_closes_at=closes_at
        )
    return None if reminder.status == Reminder.Status.SENT else reminder


def _send_one(plan: Plan, entry: OwnerList, times: WindowTimes, now: dt.datetime) -> Outcome:
    outcome = Outcome(plan, entry.person.label, entry.person.email, "", len(entry.actions))
    with transaction.atomic():
        reminder = _claim(plan, entry, times.closes_at)
        if reminder is None:
            outcome.status = "skipped: already sent"
            return outcome
        reminder.email = entry.person.email
        reminder.actions = _listed(entry)
        reminder.attempts += 1
        try:
            reminder_message(plan, entry, times).send(fail_silently=False)
        except Exception as error:  # any backend failure is recorded, never raised
            reminder.status = Reminder.Status.FAILED
            reminder.error = f"{type(error).__name__}: {error}"[:2000]
        else:
            reminder.status = Reminder.Status.SENT
            reminder.error = ""
            reminder.sent_at = now
        reminder.save()
        audit_record(
            authority=plan.authority,
            actor=None,
            verb=f"reminder {reminder.status}",
            obj=reminder,
            changes={"actions": [a["reference"] for a in reminder.actions]},
        )
    outcome.status, outcome.error = reminder.status, reminder.error
    return outcome


def plans_with_windows(authority: Authority | None = None) -> list[Plan]:
    windows = UpdateWindow.objects.select_related("plan__authority").order_by("plan_id")
    if authority is not None:
        windows = windows.filter(plan__authority=authority)
    return [w.plan for w in windows]


def send_reminders(
    *, now: dt.datetime | None = None, authority: Authority | None = None, dry_run: bool = False
) -> RunReport:
    """Send every reminder that is due at `now` and not yet sent. Never raises for a failed
    email: each failure is recorded and reported, and retried on the next run."""
    now = now or timezone.now()
    report = RunReport()
    for plan in plans_with_windows(authority):
        times = window_times(plan.update_window, now)
        if not times.reminding(now):
            continue
        for entry in actions_to_update(plan, now).values():
            if not entry.person.email:
                report.outcomes.append(
                    Outcome(
                        plan,
                        entry.person.label,
                        "",
                        "skipped: no email address",
                        len(entry.actions),
                    )
                )
            elif dry_run:
                sent = Reminder.objects.filter(
                    plan=plan,
                    person=entry.person,
                    window_closes_at=times.closes_at,
                    status=Reminder.Status.SENT,
                ).exists()
                status = "skipped: already sent" if sent else "would send"
                report.outcomes.append(
                    Outcome(
                        plan, entry.person.label, entry.person.email, status, len(entry.actions)
                    )
                )
            else:
                report.outcomes.append(_send_one(plan, entry, times, now))
    return report
