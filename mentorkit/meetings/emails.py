"""The e-mail of each kind of reminder (`reminders.send_due` sends it), or None when it is
moot: the meeting was cancelled or recorded, a meeting was held, the person left it. Kinds
another app plans write their own: programs' nudges and digests (`programs.auto`,
`programs.nudges`), alumni check-ins (`grants.checkins`).
"""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mentorkit.accounts.models import User

from . import agenda
from .models import MeetingStatus, Reminder, ReminderKind


def compose(reminder: Reminder) -> EmailMessage | None:
    """The e-mail for a claimed row, or None (and the row deleted or postponed) if it is moot."""
    from .reminders import RECORD_AFTER, RECORD_WITHIN, _lead, gaps, participants, release

    user = reminder.user
    now = timezone.now()
    if not user.is_active:
        reminder.delete()
        return None
    if reminder.kind == ReminderKind.PROGRAM_NUDGE:
        from mentorkit.programs.nudges import message_for

        written = message_for(reminder, settings.BASE_URL)
        if written is None:  # the nudge was deleted
            reminder.delete()
            return None
        subject, body = written
        return EmailMessage(" ".join(subject.split()), body, None, [user.email])
    if reminder.kind in (ReminderKind.PROGRAM_CHECK_IN, ReminderKind.PROGRAM_DIGEST):
        from mentorkit.programs.auto import email

        return email(reminder, settings.BASE_URL)
    if reminder.kind == ReminderKind.ALUMNI_CHECK_IN:
        from mentorkit.grants.checkins import email as check_in_email

        return check_in_email(reminder, settings.BASE_URL)
    if reminder.kind == ReminderKind.NO_MEETING:
        gap = gaps([user.pk]).get(user.pk)
        if gap is None or gap.key != reminder.key:
            reminder.delete()  # a meeting was held, or the mentorship or agreement ended
            return None
        context = {
            "gap": gap,
            "days": (now - gap.since).days,
            "url": _url(reverse("meetings:list")),
        }
        return _message("no_meeting", user, context)

    meeting = reminder.meeting
    assert meeting is not None
    people = participants(meeting)
    if reminder.kind == ReminderKind.RECORD:
        if (
            meeting.is_recorded
            or not now - RECORD_WITHIN <= meeting.ends_at <= now - RECORD_AFTER
            or user.pk not in people
        ):
            reminder.delete()
            return None
        return _message(
            "record", user, {"meeting": meeting, "url": _url(meeting.get_absolute_url())}
        )

    if (
        meeting.status != MeetingStatus.SCHEDULED
        or meeting.starts_at <= now
        or user.pk not in people
        or not user.reminder_lead_hours
    ):
        reminder.delete()
        return None
    due_at = meeting.starts_at - _lead(user.reminder_lead_hours)
    if due_at > now:  # moved later since it was planned: wait for the new time
        release(reminder.pk, reminder.claimed_by, due_at=due_at)
        return None
    others = User.objects.filter(pk__in=[p for p in people if p != user.pk])
    context = {
        "meeting": meeting,
        "series": meeting.series,
        "with": _joined(sorted(u.display_name for u in others)),
        "topics": [item.title for item in meeting.agenda_items.all()],
        "proposed": agenda.shortlisted(meeting, user),
        "url": _url(meeting.get_absolute_url()),
        "profile_url": _url(reverse("accounts:profile")),
    }
    return _message("before", user, context)


def _joined(names: list[str]) -> str:
    """["A", "B", "C"] -> "A, B and C"."""
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _url(path: str) -> str:
    return settings.BASE_URL + path


def _message(template: str, user, context: dict) -> EmailMessage:
    context = {"user": user, **context}
    # Dates and times in the recipient's own time zone.
    with timezone.override(zoneinfo.ZoneInfo(user.time_zone)):
        subject = render_to_string(f"meetings/email/{template}_subject.txt", context)
        body = render_to_string(f"meetings/email/{template}_body.txt", context)
    return EmailMessage(
        " ".join(subject.split()),
        body,
        to=[user.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
