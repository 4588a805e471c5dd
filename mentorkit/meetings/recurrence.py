"""The rhythm of a meeting series: one value object for its RFC 5545 RRULE.

A series keeps its rule as the RRULE value text, e.g. ``FREQ=WEEKLY;BYDAY=TU,WE``.
`Rhythm` is the only code that reads and writes that text: from the choices of
the series form (and the API, which sends the same choices) to a rule and back,
in words for people, expanded into occurrences, and compared with the cadence
an agreement names.

The first occurrence (DTSTART) is the series' start date and time in its own
time zone. Expansion happens in local wall-clock time and each occurrence is
then made aware, so a 14:00 meeting stays at 14:00 across daylight-saving changes.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from dateutil.rrule import rrulestr

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
UNTIL_FORMAT = "%Y%m%dT%H%M%SZ"  # UNTIL is in UTC when DTSTART has a time zone (RFC 5545 3.3.10)

# A series within a third either way of the agreed cadence follows it.
CADENCE_TOLERANCE = 1.34


class RhythmError(ValueError):
    """A rule mentorkit cannot read."""


@dataclass(frozen=True)
class Rhythm:
    """Weekly on some weekdays, or monthly on the n-th weekday; every `interval`; maybe ending."""

    frequency: str  # "weekly" or "monthly"
    interval: int = 1
    weekdays: tuple[str, ...] = ()
    month_ordinal: int | None = None
    month_weekday: str | None = None
    until: datetime | None = None  # aware, in UTC
    count: int | None = None

    # --- from and to the RRULE text ---------------------------------------------------

    @classmethod
    def parse(cls, rule: str) -> Rhythm:
        try:
            parts = dict(part.split("=", 1) for part in rule.split(";") if part)
            frequency = parts["FREQ"].lower()
            days = parts.get("BYDAY", "")
            until = parts.get("UNTIL")
            fields: dict = {
                "frequency": frequency,
                "interval": int(parts.get("INTERVAL", "1")),
                "count": int(parts["COUNT"]) if "COUNT" in parts else None,
                "until": datetime.strptime(until, UNTIL_FORMAT).replace(tzinfo=UTC)
                if until
                else None,
            }
            if frequency == "weekly":
                fields["weekdays"] = tuple(d for d in days.split(",") if d in WEEKDAYS)
            elif frequency == "monthly":
                fields.update(month_ordinal=int(days[:-2]), month_weekday=days[-2:])
            else:
                raise RhythmError(f"unsupported frequency in {rule!r}")
        except (KeyError, ValueError) as error:
            raise RhythmError(f"cannot read the rule {rule!r}: {error}") from error
        return cls(**fields)

    @classmethod
    def from_choices(
        cls,
        *,
        frequency: str,
        weekdays: list[str] | tuple[str, ...] | None = None,
        interval: int = 1,
        month_ordinal: int | None = None,
        month_weekday: str | None = None,
        until: date | None = None,
        count: int | None = None,
        tz: str = "UTC",
        start_time: time | None = None,
    ) -> Rhythm:
        """The rhythm the series form describes; `until` is the last local date of meetings."""
        if frequency not in ("weekly", "monthly"):
            raise RhythmError(f"unknown frequency {frequency!r}")
        last = None
        if until is not None:
            local_end = datetime.combine(
                until, start_time or time(23, 59, 59), zoneinfo.ZoneInfo(tz)
            )
            last = local_end.astimezone(UTC)
        return cls(
            frequency=frequency,
            interval=interval,
            weekdays=tuple(sorted(weekdays or [], key=WEEKDAYS.index))
            if frequency == "weekly"
            else (),
            month_ordinal=month_ordinal if frequency == "monthly" else None,
            month_weekday=month_weekday if frequency == "monthly" else None,
            until=last,
            count=None if last is not None else count,
        )

    @property
    def rule(self) -> str:
        until = self.until.strftime(UNTIL_FORMAT) if self.until is not None else None
        return self._text(until)

    def _text(self, until: str | None) -> str:
        parts = [f"FREQ={self.frequency.upper()}"]
        if self.interval > 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.frequency == "monthly":
            parts.append(f"BYDAY={self.month_ordinal}{self.month_weekday}")
        elif self.weekdays:  # without BYDAY, a weekly rule keeps DTSTART's weekday
            parts.append("BYDAY=" + ",".join(self.weekdays))
        if until is not None:
            parts.append(f"UNTIL={until}")
        elif self.count is not None:
            parts.append(f"COUNT={self.count}")
        return ";".join(parts)

    def choices(self, tz: zoneinfo.ZoneInfo) -> dict:
        """The series form's fields for this rhythm (the inverse of `from_choices`)."""
        values: dict = {"frequency": self.frequency, "interval": self.interval, "ends": "never"}
        if self.frequency == "weekly":
            values["weekdays"] = list(self.weekdays)
        else:
            values.update(month_ordinal=self.month_ordinal, month_weekday=self.month_weekday)
        if self.count is not None:
            values.update(ends="count", count=self.count)
        elif self.until is not None:
            values.update(ends="until", until=self.until.astimezone(tz).date())
        return values

    def every_week_or_month(self) -> Rhythm:
        """The same days with no interval and no end: to find the first meeting on or after a date."""
        return replace(self, interval=1, until=None, count=None)

    # --- for people ---------------------------------------------------------------------

    def describe(self) -> str:
        """A sentence for people: "Weekly on Tuesday and Wednesday"."""
        if self.frequency == "weekly":
            names = [WEEKDAY_NAMES[WEEKDAYS.index(d)] for d in self.weekdays if d in WEEKDAYS]
            joined = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
            every = "Weekly" if self.interval == 1 else f"Every {self.interval} weeks"
            text = f"{every} on {joined}" if joined else every
        else:
            every = "Monthly" if self.interval == 1 else f"Every {self.interval} months"
            ordinal = ORDINALS.get(self.month_ordinal or 0, self.month_ordinal)
            day = WEEKDAY_NAMES[WEEKDAYS.index(self.month_weekday or "MO")]
            text = f"{every} on the {ordinal} {day}"
        if self.count is not None:
            text += f", {self.count} times"
        return text

    # --- in time ------------------------------------------------------------------------

    @property
    def interval_days(self) -> float:
        """The average number of days between meetings."""
        if self.frequency == "weekly":
            return 7 * self.interval / max(1, len(self.weekdays))
        return 30.44 * self.interval

    def occurrences(self, first: datetime, after: datetime, before: datetime) -> list[datetime]:
        """Aware start datetimes of the occurrences in [after, before), from DTSTART `first`."""
        tz = first.tzinfo
        # dateutil wants UNTIL naive when DTSTART is naive: in local wall-clock time.
        until = None
        if self.until is not None:
            until = self.until.astimezone(tz).strftime(UNTIL_FORMAT.removesuffix("Z"))
        expanded = rrulestr(self._text(until), dtstart=first.replace(tzinfo=None))
        # Compare in local wall-clock time, with a day of slack for offsets.
        lo = after.astimezone(tz).replace(tzinfo=None) - timedelta(days=1)
        hi = before.astimezone(tz).replace(tzinfo=None) + timedelta(days=1)
        result = []
        for local in expanded.between(lo, hi, inc=True):
            aware = local.replace(tzinfo=tz)
            if after <= aware < before:
                result.append(aware)
        return result

    def has_ended(self, rows: int, last: datetime | None) -> bool:
        """Whether every occurrence already is a row: COUNT reached, or UNTIL before the last row."""
        if self.count is not None:
            return rows >= self.count
        return self.until is not None and last is not None and self.until <= last

    def cadence_mismatch(self, cadence_days: int, cadence_label: str) -> str:
        """Why this rhythm does not follow the agreed cadence, or ''."""
        days = self.interval_days
        if days > cadence_days * CADENCE_TOLERANCE:
            return f"Meets less often than agreed ({cadence_label.lower()})."
        if days < cadence_days / CADENCE_TOLERANCE and cadence_days > 3:
            return f"Meets more often than agreed ({cadence_label.lower()})."
        return ""


def occurrences(rule: str, first: datetime, after: datetime, before: datetime) -> list[datetime]:
    """Aware start datetimes of the rule's occurrences in [after, before)."""
    return Rhythm.parse(rule).occurrences(first, after, before)
