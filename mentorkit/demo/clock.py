"""The demo's clock: the one place where the demo says when something happened.

The demo is built with the product's own actions, and actions take their dates
from `timezone.now()`: an invitation accepted, a review recorded, a meeting's
notes saved. To tell two years of a mentoring relationship in a few seconds, the
demo travels back to the moment of each action and performs it there:

    with clock.at(clock.ago(120)):
        actions.celebrate(outcome, "Dinner with the whole team")

Everything the action writes — model defaults such as `created_at`, the
`acknowledged_at` an action sets, the `localdate()` a form checks against —
reads that moment, and nothing is written around the action to fake a date.
Time stands still during the trip (`tick=False`), so one action's rows share one
moment. Dates a user types into a form (a contribution's day, a milestone's due
date) are simply typed in; the clock is only for what the product dates itself.

The trip moves the whole process's clock, so it is for the demo's own load (the
`mentorkit demo` command, a test), never inside a serving process.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta

import time_machine
from django.utils import timezone

# The demo's people work in Boston's time zone; their actions happen in working hours.
ZONE = zoneinfo.ZoneInfo("America/New_York")


class DemoClock:
    """Today as the demo was loaded, and trips back to the moments before it."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)

    def day(self, days_ago: int) -> date:
        """The date `days_ago` days before today (negative: ahead)."""
        return self.today - timedelta(days=days_ago)

    def ago(self, days: int, hour: int = 10) -> datetime:
        """A moment `days` days ago at `hour` o'clock in Boston, never later than now."""
        return self.on(self.day(days), hour)

    def on(self, day: date, hour: int = 10) -> datetime:
        """A moment on `day` at `hour` o'clock in Boston, never later than now."""
        return min(datetime.combine(day, time(hour), ZONE), self.now)

    @contextmanager
    def at(self, moment: datetime) -> Iterator[datetime]:
        """Perform what the block does at `moment`, as if it were then."""
        if moment > self.now:
            raise ValueError(f"The demo does not act in the future ({moment:%Y-%m-%d %H:%M}).")
        # In UTC: time-machine would also change the process's local zone for a ZoneInfo.
        with time_machine.travel(moment.astimezone(UTC), tick=False):
            yield moment
