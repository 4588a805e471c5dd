"""`mentorkit remind`: send the reminders and nudges that are due, each exactly once, and
keep the downloaded documents ready."""

from __future__ import annotations

import signal
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from mentorkit.meetings.reminders import STALE_CLAIM, PassResult, new_run_id, run_pass
from mentorkit.reports import prerender


class Command(BaseCommand):
    help = (
        "Send meeting reminders and nudges that are due, each exactly once, and render again "
        "the PDFs downloaded before a change: one pass, or --loop to keep going. Several "
        "copies may run at once, on several machines."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="Keep going until SIGTERM or Ctrl-C."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=60,
            help="With --loop: seconds to wait between passes (default 60).",
        )
        parser.add_argument(
            "--batch",
            type=int,
            default=100,
            help="Send at most this many e-mails per pass (default 100).",
        )

    def handle(self, *, loop: bool, interval: float, batch: int, **options) -> None:
        if batch < 1 or interval < 0:
            raise CommandError("--batch must be at least 1 and --interval not negative.")
        self.stopping = False
        run_id = new_run_id()
        if not loop:
            result = run_pass(batch=batch, run_id=run_id)
            self.report(result)
            if result.failed:
                raise CommandError(
                    f"{result.failed} reminder(s) could not be sent; each is tried again in "
                    f"{STALE_CLAIM.seconds // 60} minutes: " + "; ".join(result.errors)
                )
            return

        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self.on_signal)
            signal.signal(signal.SIGINT, self.on_signal)
        self.stdout.write(f"remind is running as {run_id}, a pass every {interval:g}s")
        self.stdout.flush()
        while not self.stopping:
            close_old_connections()
            try:
                result = run_pass(batch=batch, run_id=run_id, should_stop=lambda: self.stopping)
            except Exception as exc:  # the database went away, say: try again next time
                self.stderr.write(f"{timezone.now():%Y-%m-%d %H:%M:%S} pass failed: {exc}")
                close_old_connections()
                self.sleep(interval)
                continue
            self.report(result, stamp=True)
            full = result.due >= batch or result.rendered >= prerender.PER_PASS
            if not full or result.failed:
                self.sleep(interval)  # otherwise a full batch: more may be waiting
        self.stdout.write("remind stopped")

    def report(self, result: PassResult, stamp: bool = False) -> None:
        line = result.summary
        if stamp:
            line = f"{timezone.now():%Y-%m-%d %H:%M:%S} {line}"
        style = self.style.WARNING if result.failed else self.style.SUCCESS
        self.stdout.write(style(line) if result.sent or result.failed else line)
        self.stdout.flush()  # one line per pass, as it happens, also into a pipe or a journal

    def on_signal(self, signum, frame) -> None:
        # Finish the e-mail being sent, then stop: no claim is left behind.
        self.stopping = True

    def sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stopping and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, 0.5))
