"""A program's nudges by itself, planned by the background loop (`mentorkit remind`).

- **Check-in notes.** In a program with `auto_nudges` on, a relationship flagged for
  `escalate_after_days` gets a note to the mentee and to each active mentor; flagged twice as
  long, a note to the program's directors. Once per stretch of being flagged: the key names
  the day the stretch began (the earliest "since" of its rules), so a relationship that
  recovers and is flagged again later is nudged again, and one that stays flagged is not.
- **The weekly digest.** In a program with `weekly_digest` on, each director gets once per
  ISO week (on its Monday) the list of mentees who need a check-in, with reasons and since when; a week
  with nobody flagged sends nothing.

Both are `meetings.Reminder` rows (kinds "checkin" and "digest"), so the loop's claim makes
each exactly once; a note whose relationship recovered before it went out is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import checkins
from .models import EnrollmentStatus, Program


@dataclass(frozen=True)
class Stretch:
    """A flagged relationship: its enrollment, its flags, and the day the stretch began."""

    enrollment: Any  # an Enrollment read through `checkins.with_checkins`
    flags: list
    began: date

    @property
    def days(self) -> int:
        return (timezone.localdate() - self.began).days


def stretches(program, mentee_ids=None) -> list[Stretch]:
    """The program's active mentees who need a check-in, with since when, longest first."""
    enrollments = program.enrollments.filter(status=EnrollmentStatus.ACTIVE)
    if mentee_ids is not None:
        enrollments = enrollments.filter(mentee_id__in=mentee_ids)
    flagged = list(
        checkins.with_checkins(enrollments.select_related("mentee"), program).filter(
            attention__gt=0
        )
    )
    flags = checkins.flags_of(flagged, program)
    today = timezone.localdate()
    found = [
        Stretch(e, flags[e.pk], min((f.since or today for f in flags[e.pk]), default=today))
        for e in flagged
    ]
    return sorted(found, key=lambda s: (s.began, s.enrollment.mentee.display_name))


def _key(kind: str, program, mentee_id: int, began: date) -> str:
    return f"{kind}:{program.pk}:{mentee_id}:{began.isoformat()}"


def _week(today: date) -> str:
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def plan_rows(now: datetime) -> list:
    """The reminder rows of programs' automatic nudges that should exist now."""
    from mentorkit.meetings.models import Reminder, ReminderKind
    from mentorkit.teams.models import Mentorship

    rows: list[Reminder] = []
    today = timezone.localdate(now)
    monday = today.weekday() == 0
    wanted = Q(auto_nudges=True) | Q(weekly_digest=True) if monday else Q(auto_nudges=True)
    for program in Program.objects.filter(wanted).prefetch_related("directors"):
        directors = [d for d in program.directors.all() if d.is_active]
        digest_key = f"digest:{program.pk}:{_week(today)}"
        wants_digest = (
            monday
            and program.weekly_digest
            and not Reminder.objects.filter(
                kind=ReminderKind.PROGRAM_DIGEST, key=digest_key
            ).exists()
        )
        if not program.auto_nudges and not wants_digest:
            continue
        found = stretches(program)
        if wants_digest and found:
            rows += [
                Reminder(kind=ReminderKind.PROGRAM_DIGEST, user=d, key=digest_key, due_at=now)
                for d in directors
            ]
        if not program.auto_nudges:
            continue
        wait = timedelta(days=program.escalate_after_days)
        due = [s for s in found if s.began <= today - wait]
        mentors: dict[int, list[int]] = {}
        for mentee_id, mentor_id in (
            Mentorship.objects.active()
            .filter(mentee_id__in=[s.enrollment.mentee_id for s in due], mentor__is_active=True)
            .values_list("mentee_id", "mentor_id")
        ):
            mentors.setdefault(mentee_id, []).append(mentor_id)
        for stretch in due:
            mentee_id = stretch.enrollment.mentee_id
            key = _key("checkin", program, mentee_id, stretch.began)
            rows += [
                Reminder(kind=ReminderKind.PROGRAM_CHECK_IN, user_id=user_id, key=key, due_at=now)
                for user_id in [mentee_id, *mentors.get(mentee_id, [])]
            ]
            if stretch.began <= today - 2 * wait:
                key = _key("escalated", program, mentee_id, stretch.began)
                rows += [
                    Reminder(kind=ReminderKind.PROGRAM_CHECK_IN, user=d, key=key, due_at=now)
                    for d in directors
                ]
    return rows


def message_for(reminder, base_url: str) -> tuple[str, str] | None:
    """(subject, body) of an automatic nudge or digest to its recipient; None if it is moot
    (the relationship recovered, a new stretch began, the program changed its mind)."""
    from mentorkit.meetings.models import ReminderKind

    kind, _, rest = reminder.key.partition(":")
    parts = rest.split(":")
    program = Program.objects.filter(pk=int(parts[0]) if parts[0].isdigit() else 0).first()
    if program is None:
        return None
    user = reminder.user
    if reminder.kind == ReminderKind.PROGRAM_DIGEST:
        if not program.weekly_digest or not program.directors.filter(pk=user.pk).exists():
            return None
        found = stretches(program)
        if not found:
            return None
        context = {
            "program": program,
            "user": user,
            "stretches": found,
            "url": base_url + reverse("programs:detail", args=[program.pk]) + "?check_in=on",
        }
        return _render("digest", context)
    if not program.auto_nudges or len(parts) != 3 or not parts[1].isdigit():
        return None
    found = stretches(program, [int(parts[1])])
    if not found or found[0].began.isoformat() != parts[2]:
        return None
    stretch = found[0]
    mentee = stretch.enrollment.mentee
    if kind == "escalated":
        if not program.directors.filter(pk=user.pk).exists():
            return None
        page = reverse("programs:mentee", args=[program.pk, mentee.pk])
        audience = "director"
    elif user.pk == mentee.pk:
        page, audience = reverse("home"), "mentee"
    else:
        if not mentee.mentorships_as_mentee.active().filter(mentor=user).exists():
            return None
        page, audience = reverse("teams:mentees"), "mentor"
    context = {
        "program": program,
        "user": user,
        "mentee": mentee,
        "stretch": stretch,
        "audience": audience,
        "url": base_url + page,
    }
    return _render("checkin", context)


def _render(name: str, context: dict) -> tuple[str, str]:
    subject = render_to_string(f"programs/email/{name}_subject.txt", context)
    body = render_to_string(f"programs/email/{name}_body.txt", context)
    return " ".join(subject.split()), body


def email(reminder, base_url: str):
    """The e-mail of an automatic nudge or digest, in the recipient's time zone; None (and the
    row deleted) when it is moot."""
    import zoneinfo

    from django.core.mail import EmailMessage

    user = reminder.user
    with timezone.override(zoneinfo.ZoneInfo(user.time_zone)):
        written = message_for(reminder, base_url)
    if written is None:  # the relationship recovered, or the program changed its rules
        reminder.delete()
        return None
    subject, body = written
    return EmailMessage(
        subject, body, to=[user.email], headers={"Auto-Submitted": "auto-generated"}
    )
