"""Meetings (practice 1): recurring series, meetings, agendas, action items, disagreements, reminders."""

from __future__ import annotations

import uuid
import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mentorkit.accounts.validators import validate_time_zone
from mentorkit.core.versions import bump
from mentorkit.teams.models import Mentorship, MentorshipStatus
from mentorkit.visibility import active_mentorships, party_q, signed_in, team_q

from .outbox import Reminder, ReminderKind  # noqa: F401 (read from here by the other apps)
from .recurrence import Rhythm

# How far ahead meetings exist as rows (for agendas, reminders and the API).
HORIZON = timedelta(days=120)


class SeriesQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The mentee, and the mentors of the series whose mentorship is active."""
        if not signed_in(user):
            return self.none()
        return self.filter(
            Q(mentee=user)
            | Q(
                pk__in=Series.mentorships.through.objects.filter(
                    mentorship__in=active_mentorships(user)
                ).values("series_id")
            )
        )


class Series(models.Model):
    """A recurring meeting of a mentee with one or several mentors."""

    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_series"
    )
    mentorships = models.ManyToManyField(Mentorship, related_name="meeting_series")
    title = models.CharField(max_length=200)
    first_start = models.DateTimeField(help_text="The first occurrence (DTSTART).")
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    rule = models.CharField(
        max_length=300, help_text="RFC 5545 RRULE value, e.g. FREQ=WEEKLY;BYDAY=TU,WE"
    )
    location = models.CharField(max_length=200, blank=True)
    video_url = models.URLField("video link", blank=True)
    uid = models.CharField(max_length=100, unique=True, editable=False)
    sequence = models.PositiveIntegerField(
        default=0, help_text="iCalendar SEQUENCE, bumped on each change."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = SeriesQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.uid:
            self.uid = f"series-{uuid.uuid4()}@mentorkit"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetings:series", args=[self.pk])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_first_start(self) -> datetime:
        return self.first_start.astimezone(self.zone)

    @property
    def rhythm(self) -> Rhythm:
        return Rhythm.parse(self.rule)

    @property
    def description(self) -> str:
        return self.rhythm.describe()

    @property
    def interval_days(self) -> float:
        return self.rhythm.interval_days

    def occurrences(self, after: datetime, before: datetime) -> list[datetime]:
        return self.rhythm.occurrences(self.local_first_start, after, before)

    def materialize(self, until: datetime | None = None, after: datetime | None = None) -> int:
        """Create the meeting rows of occurrences in [after, until) that do not exist yet.

        The only code that creates meeting rows: the series form, the API and the
        reminder loop all call it. `after` defaults to the first start; a changed
        rhythm passes "now", so the new rule does not invent meetings in the past,
        and the reminder loop passes its last row, so only what follows is expanded.
        Returns how many occurrences it looked at (rows that existed are left alone).
        """
        until = until or timezone.now() + HORIZON
        starts = self.occurrences(after or self.first_start, until)
        new = [
            Meeting(
                series=self,
                mentee_id=self.mentee_id,
                original_start=start,
                starts_at=start,
                duration_minutes=self.duration_minutes,
            )
            for start in starts
        ]
        # Another copy of the reminder loop may be adding the same rows: the constraint decides.
        Meeting.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
        if new:
            bump([self.mentee_id])
        return len(new)

    def mark_occurrences(self) -> int:
        """Mark which of the series' meeting rows its current rule makes (`Meeting.in_rule`).

        The others were made under an earlier rhythm and kept (held, written up, moved): a
        calendar lists them as RDATEs, and the feed reads only those and the exceptions
        instead of every row of the series' history. After each change of the rhythm, and
        for a series brought in by an import. Returns how many rows changed their mark.
        """
        rows = list(self.meetings.order_by().values_list("pk", "original_start", "in_rule"))
        if not rows:
            return 0
        starts = [start for _, start, _ in rows]
        made = set(self.occurrences(min(starts), max(starts) + timedelta(seconds=1)))
        now_in = [pk for pk, start, marked in rows if not marked and start in made]
        now_out = [pk for pk, start, marked in rows if marked and start not in made]
        if now_in:
            Meeting.objects.filter(pk__in=now_in).update(in_rule=True)
        if now_out:
            Meeting.objects.filter(pk__in=now_out).update(in_rule=False)
        return len(now_in) + len(now_out)

    def cadence_mismatch(self, agreement) -> str:
        """Why this series does not follow the agreed cadence, or ''."""
        if agreement is None:
            return ""
        return self.rhythm.cadence_mismatch(agreement.cadence, agreement.get_cadence_display())


def attending_mentors():
    """The series' mentors who take part in its meetings: their mentorship is active and so is
    their account. The one rule for who attends: the pages, the API and the reminders use it."""
    links = Series.mentorships.through.objects
    # Conditions on the join, not `mentorship__in=<every active mentorship>`: SQLite would
    # build that list of thousands for each series asked about.
    return links.filter(
        mentorship__status=MentorshipStatus.ACTIVE, mentorship__mentor__is_active=True
    )


def takes_part(mentorship) -> bool:
    """`attending_mentors` for one mentorship already loaded (with its mentor)."""
    return (
        mentorship.status == MentorshipStatus.ACTIVE
        and mentorship.mentor is not None
        and mentorship.mentor.is_active
    )


def attending_mentors_by_series(series_ids) -> dict[int, list[int]]:
    """{series id: [user ids of the mentors who take part]}, for many series in one query."""
    result: dict[int, list[int]] = {}
    for series_id, mentor_id in (
        attending_mentors()
        .filter(series_id__in=series_ids)
        .values_list("series_id", "mentorship__mentor_id")
    ):
        mentors = result.setdefault(series_id, [])
        if mentor_id not in mentors:
            mentors.append(mentor_id)
    return result


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


# What skipping and restoring do to each status: the one rule for the pages and the API.
# A held meeting is not skipped: its record says it happened (change the record first).
CALENDAR_CHANGES: dict[str, dict[str, str]] = {
    "skip": {
        MeetingStatus.SCHEDULED: MeetingStatus.CANCELLED,
        MeetingStatus.CANCELLED: MeetingStatus.CANCELLED,
    },
    "restore": {
        MeetingStatus.CANCELLED: MeetingStatus.SCHEDULED,
        MeetingStatus.SCHEDULED: MeetingStatus.SCHEDULED,
        MeetingStatus.HELD: MeetingStatus.HELD,
    },
}


class MeetingQuerySet(models.QuerySet):
    def held_or_recorded(self):
        """Meetings that took place: marked held, or written up (notes or a summary)."""
        return self.filter(Q(status=MeetingStatus.HELD) | ~Q(notes="") | ~Q(summary="")).exclude(
            status=MeetingStatus.CANCELLED
        )

    def visible_to(self, user):
        if not signed_in(user):
            return self.none()
        return self.filter(series__in=Series.objects.visible_to(user))

    def upcoming(self, now=None):
        return self.filter(
            starts_at__gte=now or timezone.now(), status=MeetingStatus.SCHEDULED
        ).order_by("starts_at")

    def not_recorded(self, now=None):
        """Past meetings still marked scheduled, with no notes and no summary."""
        return self.filter(
            starts_at__lt=now or timezone.now(),
            status=MeetingStatus.SCHEDULED,
            notes="",
            summary="",
        )


class Meeting(models.Model):
    """One occurrence of a series; skipped (cancelled) or moved without touching the others."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="meetings")
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetings"
    )
    original_start = models.DateTimeField(help_text="The occurrence in the rule (RECURRENCE-ID).")
    in_rule = models.BooleanField(
        default=True,
        help_text="Whether the series' current rule makes this occurrence; false for one kept "
        "from an earlier rhythm (`Series.mark_occurrences`).",
    )
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    summary = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True, help_text="Markdown.")
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="meetings_attended"
    )
    version = models.PositiveIntegerField(default=1, help_text="Bumped on each save of the notes.")
    agenda_version = models.PositiveIntegerField(
        default=1, help_text="Bumped on each change of the agenda."
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "original_start"], name="one_meeting_per_occurrence"
            )
        ]
        indexes = [
            models.Index(fields=["mentee", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
            # "meetings held in the last eight weeks" for many mentees at once (health).
            models.Index(fields=["mentee", "status", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.series.title}, {timezone.localtime(self.starts_at):%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", args=[self.pk])

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_moved(self) -> bool:
        return self.starts_at != self.original_start

    @property
    def is_recorded(self) -> bool:
        return self.status != MeetingStatus.SCHEDULED or bool(self.notes or self.summary)

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def needs_recording(self) -> bool:
        return self.starts_at < timezone.now() and not self.is_recorded

    @property
    def can_skip(self) -> bool:
        return self.status in CALENDAR_CHANGES["skip"]

    def participants(self):
        """Who attends: the mentee and the series' mentors who take part (`attending_mentors`)."""
        from mentorkit.accounts.models import User

        mentor_ids = attending_mentors().filter(series_id=self.series_id)
        return User.objects.filter(
            Q(pk=self.mentee_id) | Q(pk__in=mentor_ids.values("mentorship__mentor_id"))
        ).order_by("name", "id")

    def attendee_choices(self):
        """Who may be recorded as attending: the participants, and whoever already was (a mentor
        whose mentorship ended since stays on the record of the meetings they attended)."""
        from mentorkit.accounts.models import User

        return User.objects.filter(
            Q(pk__in=self.participants().values("pk")) | Q(pk__in=self.attendees.values("pk"))
        ).order_by("name", "id")

    def next_meeting(self):
        return (
            Meeting.objects.filter(
                series_id=self.series_id,
                starts_at__gt=self.starts_at,
                status=MeetingStatus.SCHEDULED,
            )
            .order_by("starts_at")
            .first()
        )


class AgendaItem(models.Model):
    """A topic a participant put on a meeting's agenda."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)
    discussed = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    moved_from = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class ActionItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Action items live in the team: the mentee and their active mentors."""
        if not signed_in(user):
            return self.none()
        return self.filter(team_q(user))

    def open(self):
        return self.filter(status=ActionStatus.OPEN)


class ActionItem(models.Model):
    """Something someone will do, carried on every later agenda until it is closed."""

    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_items"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_items"
    )
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="owned_actions"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == ActionStatus.OPEN
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )

    def set_status(self, status: str) -> None:
        self.status = status
        self.closed_on = None if status == ActionStatus.OPEN else timezone.localdate()
        self.save(update_fields=["status", "closed_on"])


class Ending(models.TextChoices):
    AGREED = "agreed", "Agreed"
    AGREED_TO_DISAGREE = "agreed_to_disagree", "Agreed to disagree"
    MENTEE_CHANGED = "mentee_changed", "The mentee changed their mind"
    MENTOR_CHANGED = "mentor_changed", "The mentor changed their mind"
    SETTLED_BY_DATA = "settled_by_data", "Settled by an experiment or data"
    OPEN = "open", "Still open"


class DisagreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The mentee and the mentor it was with, while that mentorship is active."""
        if not signed_in(user):
            return self.none()
        return self.filter(party_q(user))


class Disagreement(models.Model):
    """A respectful disagreement and how it ended: counted, never judged."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="disagreements")
    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="disagreements", verbose_name="with"
    )
    topic = models.CharField(max_length=300)
    mentee_view = models.TextField("the mentee's view")
    mentor_view = models.TextField("the mentor's view")
    ending = models.CharField(
        "how it ended", max_length=20, choices=Ending.choices, default=Ending.OPEN
    )
    follow_up = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = DisagreementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.topic
