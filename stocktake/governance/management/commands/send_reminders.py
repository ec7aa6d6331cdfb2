"""`stocktake send-reminders`: email owners whose updates are due, once per window.

Safe to run from cron at any frequency: a reminder already sent for a window is never sent
again, and one that failed is tried again on the next run. No database transaction is open
while the mail server works. Exits 1 if any failed, or if a run that stopped part-way left one
that may or may not have gone (it is not sent again).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from stocktake.accounts.models import Authority
from stocktake.governance.services import send_reminders


def _moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--now must be a date and time such as 2019-05-13T17:00, not “{text}”"
        ) from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = "Send reminders to owners whose updates are due in the current update window."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--authority", help="Only this authority (its name or slug)")
        parser.add_argument("--dry-run", action="store_true", help="List, but send nothing")
        parser.add_argument(
            "--now", help="Act as if it were this time (ISO, e.g. 2019-05-13T17:00)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        authority = None
        if options["authority"]:
            name = options["authority"]
            authority = Authority.objects.filter(name__iexact=name).first() or (
                Authority.objects.filter(slug=name).first()
            )
            if authority is None:
                raise CommandError(f"There is no authority called “{name}”")
        now = _moment(options["now"]) if options["now"] else timezone.now()
        report = send_reminders(now=now, authority=authority, dry_run=options["dry_run"])
        for o in report.outcomes:
            line = f"{o.plan.name}: {o.person_label} <{o.email or 'no email'}>: {o.status}"
            line += f" ({o.actions} action{'s' if o.actions != 1 else ''})"
            if o.error:
                line += f" – {o.error}"
            self.stdout.write(line)
        self.stdout.write(
            f"{len(report.sent)} sent, {len(report.failed)} failed, "
            f"{len(report.outcomes) - len(report.sent) - len(report.failed)} skipped or not sent."
        )
        if report.uncertain:
            self.stdout.write(
                f"{len(report.uncertain)} reminder(s) may have been sent by a run that stopped "
                "part-way; they are not sent again."
            )
        if report.failed:
            raise CommandError(f"{len(report.failed)} reminder(s) failed; they will be retried")
        if report.uncertain:
            raise CommandError(f"{len(report.uncertain)} reminder(s) need checking by a person")
