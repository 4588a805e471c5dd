"""The e-mails to send once: reminders before and after meetings, and the notes programs
send (`meetings.reminders` plans, claims and sends them). Importable from `meetings.models`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ReminderKind(models.TextChoices):
    BEFORE = "before", "Before a meeting"
    RECORD = "record", "Record the meeting"
    NO_MEETING = "no_meeting", "No meeting for a while"
    PROGRAM_NUDGE = "nudge", "A note from a program"  # key: "nudge:<id>" (programs.Nudge)
    # Automatic nudges and digests of programs (programs/auto.py): key "checkin:…", "digest:…"
    PROGRAM_CHECK_IN = "checkin", "A program's automatic check-in note"
    PROGRAM_DIGEST = "digest", "A program's weekly digest"
    # A former trainee's yearly check-in (grants/checkins.py): key "alumni:<record>:<cycle>"
    ALUMNI_CHECK_IN = "alumni", "An alumni check-in"


class Reminder(models.Model):
    """One e-mail to send once. Rows are claimed with a conditional update before sending."""

    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    # For nudges not tied to a meeting: which period the nudge is about, so it is sent once per period.
    key = models.CharField(max_length=100, blank=True)
    due_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "user", "meeting"],
                condition=Q(meeting__isnull=False),
                name="one_reminder_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["kind", "user", "key"],
                condition=Q(meeting__isnull=True),
                name="one_nudge_per_period",
            ),
        ]
        indexes = [models.Index(fields=["sent_at", "due_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.user_id}"
