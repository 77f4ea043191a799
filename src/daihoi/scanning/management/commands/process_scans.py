"""``python -m django process_scans``: read the queued uploads of scanned ballots.

The web app reads uploads in a thread of its own process; this command is for a server that
prefers a process of its own (``--watch``), or to finish what a stopped process left: jobs
left running by a process that stopped are queued again first (after
``daihoi.scanning.jobs.STALE_AFTER`` without progress). Safe to run beside the web app: each
job is claimed by one worker only.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from daihoi.scanning import jobs
from daihoi.scanning.models import JobStatus, ScanJob


class Command(BaseCommand):
    help = "Read the queued uploads of scanned ballots (one job at a time), then stop."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--watch", action="store_true",
                            help="Keep running, looking for new uploads every few seconds.")
        parser.add_argument("--interval", type=float, default=2.0,
                            help="Seconds between looks with --watch (default 2).")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            done = jobs.run_pending()
            self._report(done)
            if not options["watch"]:
                if not done:
                    self.stdout.write("no queued upload to read")
                return
            time.sleep(max(0.1, float(options["interval"])))

    def _report(self, done: list[int]) -> None:
        for job in ScanJob.objects.filter(pk__in=done).order_by("pk"):
            line = (f"job {job.pk}: {job.get_status_display()}, "
                    f"{job.pages_done}/{job.pages_total} pages")
            if job.status == JobStatus.FAILED:
                self.stderr.write(f"{line}: {job.error}")
            else:
                self.stdout.write(line)
