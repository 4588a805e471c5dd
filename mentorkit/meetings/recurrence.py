"""Recurrence rules (RFC 5545 RRULE) for meeting series, expanded with python-dateutil.

A series keeps its rule as the RRULE value text, e.g. ``FREQ=WEEKLY;BYDAY=TU,WE``;
the first occurrence (DTSTART) is the series' start date and time in its own
time zone. Expansion happens in local wall-clock time and each occurrence is
then made aware, so a 14:00 meeting stays at 14:00 across daylight-saving changes.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta

from dateutil.rrule import rrulestr

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def build_rule(
    *,
    frequency: str,
    weekdays: list[str] | None = None,
    interval: int = 1,
    month_ordinal: int | None = None,
    month_weekday: str | None = None,
    until: date | None = None,
    count: int | None = None,
    tz: str = "UTC",
    start_time: time | None = None,
) -> str:
    """The RRULE value for a weekly (on weekdays, every `interval` weeks) or monthly (n-th weekday) rhythm."""
    if frequency == "weekly":
        parts = ["FREQ=WEEKLY"]
        if interval > 1:
            parts.append(f"INTERVAL={interval}")
        parts.append("BYDAY=" + ",".join(sorted(weekdays or [], key=WEEKDAYS.index)))
    elif frequency == "monthly":
        parts = ["FREQ=MONTHLY"]
        if interval > 1:
            parts.append(f"INTERVAL={interval}")
        parts.append(f"BYDAY={month_ordinal}{month_weekday}")
    else:
        raise ValueError(f"unknown frequency {frequency!r}")
    if until is not None:
        # UNTIL must be in UTC when DTSTART has a time zone (RFC 5545 3.3.10).
        local_end = datetime.combine(until, start_time or time(23, 59, 59), zoneinfo.ZoneInfo(tz))
        utc = local_end.astimezone(zoneinfo.ZoneInfo("UTC"))
        parts.append("UNTIL=" + utc.strftime("%Y%m%dT%H%M%SZ"))
    elif count is not None:
        parts.append(f"COUNT={count}")
    return ";".join(parts)


def occurrences(rule: str, first: datetime, after: datetime, before: datetime) -> list[datetime]:
    """Aware start datetimes of the rule's occurrences in [after, before)."""
    tz = first.tzinfo
    naive_first = first.replace(tzinfo=None)
    naive_rule = _naive_until(rule, tz)
    expanded = rrulestr(naive_rule, dtstart=naive_first)
    # Compare in local wall-clock time, with a day of slack for offsets.
    lo = after.astimezone(tz).replace(tzinfo=None) - timedelta(days=1)
    hi = before.astimezone(tz).replace(tzinfo=None) + timedelta(days=1)
    result = []
    for naive in expanded.between(lo, hi, inc=True):
        aware = naive.replace(tzinfo=tz)
        if after <= aware < before:
            result.append(aware)
    return result


def _naive_until(rule: str, tz) -> str:
    """dateutil wants UNTIL naive when DTSTART is naive: turn the stored UTC UNTIL into local time."""
    parts = []
    for part in rule.split(";"):
        if part.startswith("UNTIL=") and part.endswith("Z"):
            utc = datetime.strptime(part[6:], "%Y%m%dT%H%M%SZ").replace(
                tzinfo=zoneinfo.ZoneInfo("UTC")
            )
            part = "UNTIL=" + utc.astimezone(tz).strftime("%Y%m%dT%H%M%S")
        parts.append(part)
    return ";".join(parts)


def describe(rule: str) -> str:
    """A sentence for people: "Weekly on Tuesday and Wednesday"."""
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    interval = int(parts.get("INTERVAL", "1"))
    days = parts.get("BYDAY", "")
    if parts.get("FREQ") == "WEEKLY":
        names = [WEEKDAY_NAMES[WEEKDAYS.index(d)] for d in days.split(",") if d in WEEKDAYS]
        joined = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
        every = "Weekly" if interval == 1 else f"Every {interval} weeks"
        text = f"{every} on {joined}"
    elif parts.get("FREQ") == "MONTHLY":
        ordinal, day = int(days[:-2]), days[-2:]
        every = "Monthly" if interval == 1 else f"Every {interval} months"
        text = (
            f"{every} on the {ORDINALS.get(ordinal, ordinal)} {WEEKDAY_NAMES[WEEKDAYS.index(day)]}"
        )
    else:
        text = rule
    if "COUNT" in parts:
        text += f", {parts['COUNT']} times"
    return text


def interval_days(rule: str) -> float:
    """The average number of days between meetings, to compare with the agreement's cadence."""
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    interval = int(parts.get("INTERVAL", "1"))
    if parts.get("FREQ") == "WEEKLY":
        per_week = max(1, len(parts.get("BYDAY", "").split(",")))
        return 7 * interval / per_week
    if parts.get("FREQ") == "MONTHLY":
        return 30.44 * interval
    return 0
