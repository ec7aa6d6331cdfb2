"""Sending the weekly reminders, safely from cron at any frequency.

Each (plan, person, window close) has at most one `Reminder` row (a unique constraint). A run
sends to an owner only if their row is missing or failed, in three steps so that no database
transaction is open while a mail server takes its time (on SQLite that would hold up every
write in the app):

1. a short transaction locks the row and records it "sending" (so a second run at once skips
   it);
2. outside any transaction, the email goes to the mail server, within EMAIL_TIMEOUT seconds;
3. a short transaction records the outcome: "sent", or "failed" with the error (retried on
   the next run).

A sent row is never sent again. A run that stops between 1 and 3 leaves the row "sending":
the email may have gone, so it is not sent again, and later runs report it for a person to
check rather than risk sending it twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from stocktake.accounts.models import Authority
from stocktake.audit.services import audit_record
from stocktake.chair.duties import duty_reminder_lines
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


UNCERTAIN = (
    "not sent again: a run stopped while sending it, so it may have gone; check with the "
    "owner, then delete the reminder's row to send it"
)


@dataclass
class RunReport:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == Reminder.Status.FAILED]

    @property
    def uncertain(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == UNCERTAIN]

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
        # The improvement notice's reports, reviews and target dates due soon, for members of
        # the Improvement Board (the chair app).
        "duties": duty_reminder_lines(entry.person, closes.date()),
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


def _locked(plan: Plan, entry: OwnerList, closes_at: dt.datetime) -> Reminder:
    """This owner's reminder for the window, locked, created (as failed: not yet sent) if
    missing. Called inside a transaction."""
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
    return reminder


def still_sending(reminder: Reminder, now: dt.datetime) -> bool:
    """Whether another run may still be handing this reminder to the mail server."""
    grace = dt.timedelta(seconds=2 * settings.EMAIL_TIMEOUT + 60)
    return reminder.sending_since is not None and reminder.sending_since > now - grace


def _claim(plan: Plan, entry: OwnerList, times: WindowTimes, now: dt.datetime) -> Reminder | str:
    """Step 1: record the reminder as being sent, with what it lists; or why it is not sent."""
    with transaction.atomic():
        reminder = _locked(plan, entry, times.closes_at)
        if reminder.status == Reminder.Status.SENT:
            return "skipped: already sent"
        if reminder.status == Reminder.Status.SENDING:
            if still_sending(reminder, now):
                return "skipped: another run is sending it"
            return UNCERTAIN
        reminder.status = Reminder.Status.SENDING
        reminder.sending_since = timezone.now()
        reminder.email = entry.person.email
        reminder.actions = _listed(entry)
        reminder.attempts += 1
        reminder.save()
    return reminder


def _deliver(message: EmailMultiAlternatives) -> None:
    """Step 2: hand the email to the mail server, outside any transaction, with a time limit."""
    message.connection = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT)
    message.send(fail_silently=False)


@transaction.atomic
def _record(reminder: Reminder, error: Exception | None, now: dt.datetime) -> None:
    """Step 3: the outcome, and the audit log."""
    reminder.status = Reminder.Status.FAILED if error else Reminder.Status.SENT
    reminder.error = f"{type(error).__name__}: {error}"[:2000] if error else ""
    reminder.sent_at = None if error else now
    reminder.sending_since = None
    reminder.save()
    audit_record(
        authority=reminder.plan.authority,
        actor=None,
        verb=f"reminder {reminder.status}",
        obj=reminder,
        changes={"actions": [a["reference"] for a in reminder.actions]},
    )


def _send_one(plan: Plan, entry: OwnerList, times: WindowTimes, now: dt.datetime) -> Outcome:
    outcome = Outcome(plan, entry.person.label, entry.person.email, "", len(entry.actions))
    claimed = _claim(plan, entry, times, now)
    if isinstance(claimed, str):
        outcome.status = claimed
        return outcome
    failure: Exception | None = None
    try:
        _deliver(reminder_message(plan, entry, times))
    except Exception as error:  # any backend failure is recorded, never raised
        failure = error
    _record(claimed, failure, now)
    outcome.status, outcome.error = claimed.status, claimed.error
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
