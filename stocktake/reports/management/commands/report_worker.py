"""`stocktake report-worker`: build queued reports (STOCKTAKE_REPORT_RUNNER=worker).

Run one or more, for example under systemd. Each claims the oldest queued report (on
PostgreSQL with SKIP LOCKED, so two workers never take the same one), builds and issues it,
and queues again any report a worker that died left "being prepared" for longer than
STOCKTAKE_REPORT_STALE_SECONDS.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from stocktake.reports.jobs import work


class Command(BaseCommand):
    help = "Build queued board reports, waiting for more (or --once: until the queue is empty)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Stop when the queue is empty")
        parser.add_argument(
            "--poll", type=float, default=2.0, help="Seconds between looks at an empty queue"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = work(once=options["once"], poll=options["poll"])
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")
            return
        self.stdout.write(f"Built {done} report{'s' if done != 1 else ''}.")
