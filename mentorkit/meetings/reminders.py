"""Reminders and nudges, each e-mailed exactly once (`mentorkit remind`).

A pass has four steps:

1. materialize: series whose meeting rows stop short of the horizon get their
   next occurrences as rows;
2. plan: a `Reminder` row for everything that should be sent (before a meeting,
   to each participant; after an unrecorded meeting, to the mentee; after a long
   gap with no meeting held, to the mentee). The unique constraints on `Reminder`
   make planning idempotent, so any number of copies may plan at once;
3. send: each due row is claimed with a conditional UPDATE, the one copy that
   claimed it sends it, and only then is `sent_at` set;
4. documents: the PDFs readers downloaded whose workspace changed since are rendered
   again, so the next download is ready (`reports.prerender`, claimed the same way).

Rows are claimed one at a time, just before sending, so a copy that dies holds
at most one claim. Exactly once, within the limits of SMTP: a copy killed after
claiming a row and before the server accepted the message leaves a claim that
goes stale after `STALE_CLAIM`; a later pass then sends it. A send that fails
keeps its claim the same way, so it is retried ten minutes later and does not
hold up the rows behind it. A copy killed in the milliseconds between the
server accepting a message and `sent_at` being written would send that one
message again after `STALE_CLAIM`: the only way to send twice.

When things change before a reminder went out:

- the meeting is cancelled (skipped), or the user is no longer in it (their
  mentorship ended, their account was deactivated, the series has no active
  mentor left): the unsent row is deleted, nothing is sent. A restored meeting
  is planned again by the next pass.
- the meeting moved, or the user changed their lead time: the unsent row's
  `due_at` follows. A meeting that has already started gets no "before"
  reminder any more. A reminder already sent is not sent again.
- a lead time of 0 hours means no reminders before meetings.
- the meeting was recorded, or moved into the future: the "record" nudge is deleted.
- a meeting was held: the "no meeting" nudge about the earlier gap is deleted.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.mail import get_connection
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from mentorkit.accounts.models import User
from mentorkit.teams.models import Agreement, Mentorship, MentorshipStatus

from . import emails
from .models import (
    HORIZON,
    Meeting,
    MeetingStatus,
    Reminder,
    ReminderKind,
    Series,
    attending_mentors_by_series,
)

logger = logging.getLogger(__name__)

# A claim older than this belongs to a copy that died; the row may be claimed again.
STALE_CLAIM = timedelta(minutes=10)
# A series is extended once its last meeting row is this far inside the horizon (or its rhythm).
HORIZON_SLACK = timedelta(days=7)
# The "record" nudge goes out this long after the meeting ended, for meetings this recent.
RECORD_AFTER = timedelta(hours=1)
RECORD_WITHIN = timedelta(days=14)
# After this many failed sends in a row the pass stops: the mail server is likely down.
MAX_FAILURES_IN_A_ROW = 3


def new_run_id() -> str:
    """Names the copy that claims a row, e.g. "web-2:4711:9f1c2a3b"."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class PassResult:
    materialized: int = 0
    planned: int = 0
    due: int = 0  # due rows this pass took up (at most the batch size)
    sent: int = 0
    skipped: int = 0  # claimed, then found moot (cancelled, recorded, moved later…)
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    rendered: int = 0  # downloaded documents rendered again after a change

    @property
    def summary(self) -> str:
        text = f"planned {self.planned}, sent {self.sent}"
        if self.skipped:
            text += f", skipped {self.skipped}"
        if self.failed:
            text += f", failed {self.failed}"
        if self.materialized:
            text += f" ({self.materialized} meetings added)"
        if self.rendered:
            text += f"; {self.rendered} document{'s' if self.rendered != 1 else ''} kept ready"
        return text


def run_pass(
    *,
    batch: int = 100,
    run_id: str | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> PassResult:
    """One pass: materialize, plan, then claim and send up to `batch` due reminders; then
    render again the downloaded documents that changed (`reports.prerender`)."""
    from mentorkit.reports.prerender import take_due

    result = PassResult()
    run_id = run_id or new_run_id()
    result.materialized = materialize(timezone.now())
    result.planned = plan(timezone.now())
    send_due(result, batch=batch, run_id=run_id, should_stop=should_stop)
    result.rendered = take_due(timezone.now(), should_stop, run_id=run_id)
    return result


# --- 1. materialize -----------------------------------------------------------------------


def materialize(now: datetime) -> int:
    """Add the meeting rows of occurrences between each series' last row and the horizon.

    A series is looked at only once its last row is further from the horizon than
    its own rhythm (at least HORIZON_SLACK): a weekly series about once a week, a
    monthly one once a month, one that has ended never. Only the new occurrences
    are expanded into rows, so the cost does not grow with a series' history.
    """
    until = now + HORIZON
    every_series = Series.objects.annotate(
        last=Max("meetings__original_start"), n=Count("meetings")
    ).only("id", "mentee_id", "first_start", "time_zone", "rule", "duration_minutes")
    added = 0
    for series in every_series:
        try:
            rhythm = series.rhythm
            every = timedelta(days=1.2 * rhythm.interval_days)
            if series.last is not None and (
                series.last >= until - max(HORIZON_SLACK, every)
                or rhythm.has_ended(series.n, series.last)
            ):
                continue
            after = series.last + timedelta(microseconds=1) if series.last else None
            added += series.materialize(until, after=after)
        except Exception:  # one broken rule must not stop the reminders of everyone else
            logger.exception("could not materialize series %s", series.pk)
    return added


# --- 2. plan ------------------------------------------------------------------------------


def plan(now: datetime) -> int:
    """Insert the reminder rows that are missing; return how many this copy found missing."""
    follow_changes(now)
    from mentorkit.grants.checkins import plan_rows as check_in_rows
    from mentorkit.programs.auto import plan_rows as program_rows

    rows = _before_rows(now) + _record_rows(now) + _no_meeting_rows(now) + program_rows(now)
    rows += check_in_rows(now)
    # Another copy may plan the same rows at the same moment: the unique constraints decide.
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    from mentorkit.matching.followup import take_due

    take_due(now)  # how published matches stand after 3 and 6 months
    return len(rows)


def participants(meeting: Meeting) -> list[int]:
    """User ids of those who attend (`Meeting.participants`); none if no mentor takes part,
    since a series with no mentor left is nobody's meeting."""
    mentors = attending_mentors_by_series([meeting.series_id]).get(meeting.series_id, [])
    return [meeting.mentee_id, *mentors] if mentors else []


def _lead(hours: int) -> timedelta:
    return timedelta(hours=hours)


def _before_rows(now: datetime) -> list[Reminder]:
    max_lead = User.objects.filter(is_active=True).aggregate(m=Max("reminder_lead_hours"))["m"] or 0
    meetings = list(
        Meeting.objects.filter(
            status=MeetingStatus.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=now + _lead(max_lead),
            mentee__is_active=True,
        ).values_list("id", "series_id", "mentee_id", "starts_at")
    )
    if not meetings:
        return []
    mentors = attending_mentors_by_series({m[1] for m in meetings})
    people = {
        (meeting_id, starts_at): [mentee_id, *mentors[series_id]]
        for meeting_id, series_id, mentee_id, starts_at in meetings
        if mentors.get(series_id)  # a series with no active mentor left is nobody's meeting
    }
    lead = dict(
        User.objects.filter(
            pk__in={u for ids in people.values() for u in ids}, reminder_lead_hours__gt=0
        ).values_list("pk", "reminder_lead_hours")
    )
    wanted = {
        (user_id, meeting_id): starts_at - _lead(lead[user_id])
        for (meeting_id, starts_at), user_ids in people.items()
        for user_id in user_ids
        if user_id in lead
    }
    existing = set(
        Reminder.objects.filter(
            kind=ReminderKind.BEFORE, meeting_id__in=[m[0] for m in meetings]
        ).values_list("user_id", "meeting_id")
    )
    return [
        Reminder(kind=ReminderKind.BEFORE, user_id=user_id, meeting_id=meeting_id, due_at=due_at)
        for (user_id, meeting_id), due_at in wanted.items()
        if (user_id, meeting_id) not in existing
    ]


def _record_rows(now: datetime) -> list[Reminder]:
    meetings = [
        m
        for m in Meeting.objects.not_recorded(now)
        .filter(starts_at__gte=now - RECORD_WITHIN - timedelta(days=1), mentee__is_active=True)
        .only("id", "series_id", "mentee_id", "starts_at", "duration_minutes")
        if now - RECORD_WITHIN <= m.ends_at <= now - RECORD_AFTER
    ]
    if not meetings:
        return []
    mentors = attending_mentors_by_series({m.series_id for m in meetings})
    existing = set(
        Reminder.objects.filter(
            kind=ReminderKind.RECORD, meeting_id__in=[m.pk for m in meetings]
        ).values_list("meeting_id", flat=True)
    )
    return [
        Reminder(
            kind=ReminderKind.RECORD,
            user_id=m.mentee_id,
            meeting_id=m.pk,
            due_at=m.ends_at + RECORD_AFTER,
        )
        for m in meetings
        if m.pk not in existing and mentors.get(m.series_id)
    ]


@dataclass(frozen=True)
class Gap:
    """How long a mentee has gone without a meeting held, against what they agreed."""

    key: str
    since: datetime  # the last meeting held, or when the first agreement was made
    cadence_days: int

    @property
    def due_at(self) -> datetime:
        return self.since + timedelta(days=2 * self.cadence_days)


def gaps(mentee_ids=None) -> dict[int, Gap]:
    """{mentee id: Gap} for active mentees with an active mentor and an agreement that binds them."""
    agreements = Agreement.objects.filter(
        Q(mentorship=None) | Q(mentorship__status=MentorshipStatus.ACTIVE),
        mentee__is_active=True,
        mentee_id__in=Mentorship.objects.active().values("mentee_id"),
    )
    if mentee_ids is not None:
        agreements = agreements.filter(mentee_id__in=mentee_ids)
    terms = {
        row["mentee_id"]: row
        for row in agreements.order_by()
        .values("mentee_id")
        .annotate(cadence=Min("cadence"), agreed_at=Min("created_at"))
    }
    held = dict(
        Meeting.objects.filter(
            mentee_id__in=list(terms), status=MeetingStatus.HELD, starts_at__lte=timezone.now()
        )
        .order_by()
        .values("mentee_id")
        .annotate(last=Max("starts_at"))
        .values_list("mentee_id", "last")
    )
    result = {}
    for mentee_id, row in terms.items():
        last = held.get(mentee_id)
        key = f"no-meeting:{last.date().isoformat() if last else 'never'}"
        result[mentee_id] = Gap(key, last or row["agreed_at"], row["cadence"])
    return result


def _no_meeting_rows(now: datetime) -> list[Reminder]:
    overdue = {mentee_id: gap for mentee_id, gap in gaps().items() if gap.due_at <= now}
    existing = set(
        Reminder.objects.filter(
            kind=ReminderKind.NO_MEETING, meeting=None, user_id__in=list(overdue)
        ).values_list("user_id", "key")
    )
    return [
        Reminder(kind=ReminderKind.NO_MEETING, user_id=mentee_id, key=gap.key, due_at=gap.due_at)
        for mentee_id, gap in overdue.items()
        if (mentee_id, gap.key) not in existing
    ]


def follow_changes(now: datetime) -> None:
    """Unsent "before" rows follow moved meetings and changed lead times; cancelled ones go."""
    fresh_claim = Q(claimed_at__gte=now - STALE_CLAIM)
    unsent = (
        Reminder.objects.filter(kind=ReminderKind.BEFORE, sent_at=None)
        .exclude(fresh_claim)
        .values_list(
            "pk", "due_at", "meeting__status", "meeting__starts_at", "user__reminder_lead_hours"
        )
    )
    gone, moved = [], []
    for pk, due_at, status, starts_at, lead_hours in unsent:
        if status != MeetingStatus.SCHEDULED or starts_at <= now or not lead_hours:
            gone.append(pk)
        elif due_at != starts_at - _lead(lead_hours):
            moved.append(Reminder(pk=pk, due_at=starts_at - _lead(lead_hours)))
    if gone:
        Reminder.objects.filter(pk__in=gone, sent_at=None).exclude(fresh_claim).delete()
    for reminder in moved:
        Reminder.objects.filter(pk=reminder.pk, sent_at=None).exclude(fresh_claim).update(
            due_at=reminder.due_at
        )


# --- 3. claim and send --------------------------------------------------------------------


def claimable(now: datetime):
    return Reminder.objects.filter(sent_at=None).filter(
        Q(claimed_at=None) | Q(claimed_at__lt=now - STALE_CLAIM)
    )


def claim(pk: int, run_id: str) -> bool:
    """Take the row for this copy: exactly one of several racing copies gets 1 row updated."""
    now = timezone.now()
    return claimable(now).filter(pk=pk).update(claimed_at=now, claimed_by=run_id) == 1


def release(pk: int, run_id: str, **changes) -> None:
    Reminder.objects.filter(pk=pk, claimed_by=run_id, sent_at=None).update(
        claimed_at=None, claimed_by="", **changes
    )


def send_due(result: PassResult, *, batch: int, run_id: str, should_stop) -> None:
    """Claim and send the due rows, one at a time, so a copy that dies holds at most one claim.

    A row that fails (the mail server refused it, or it could not be written)
    keeps its claim: it is tried again once the claim is stale, and meanwhile the
    rows behind it go out. After a few failures in a row the pass gives up early.
    """
    now = timezone.now()
    due = list(claimable(now).filter(due_at__lte=now).values_list("pk", flat=True)[:batch])
    result.due = len(due)
    connection = None
    failures_in_a_row = 0
    try:
        for pk in due:
            if should_stop() or failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
                break
            if not claim(pk, run_id):
                continue  # another copy got there first
            try:
                reminder = Reminder.objects.select_related("user", "meeting__series").get(pk=pk)
                message = emails.compose(reminder)
                if message is None:
                    result.skipped += 1
                    continue
                if connection is None:
                    connection = get_connection()
                    connection.open()
                message.connection = connection
                message.send()
            except Exception as exc:
                failures_in_a_row += 1
                result.failed += 1
                result.errors.append(f"reminder {pk}: {exc}")
                logger.warning("could not send reminder %s", pk, exc_info=True)
                _close(connection)
                connection = None
                continue
            failures_in_a_row = 0
            Reminder.objects.filter(pk=pk, sent_at=None).update(sent_at=timezone.now())
            result.sent += 1
    finally:
        _close(connection)


def _close(connection) -> None:
    if connection is not None:
        try:
            connection.close()
        except Exception:
            logger.debug("closing the mail connection failed", exc_info=True)
