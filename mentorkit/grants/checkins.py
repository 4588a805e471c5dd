"""Alumni check-ins: once on leaving and once a year after, a former trainee is asked by
e-mail, through the background loop (`mentorkit remind`), to confirm their current position
and say what is new; the program sees who has not answered.

The one home of the rule: a record's cycle (`cycle_of`), the loop's rows (`plan_rows`,
hooked into `meetings.reminders.plan`), the e-mail (`email`, from `reminders.compose`) and
the reports page's list (`standings`) all read it. Each is a `meetings.Reminder` keyed
"alumni:<record>:<cycle>", so the loop's claim sends each exactly once.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .choices import PositionSource, TrainingStatus
from .models import AlumniCheckIn, TraineeRecord

ANSWER_WITHIN_DAYS = 30  # unanswered this long after it was due: overdue


def cycle_of(record: TraineeRecord, today: date) -> tuple[int, date] | None:
    """The check-in cycle a record is in on `today` and the day it began: 0 on leaving,
    n on the n-th anniversary; None while in training."""
    if record.status == TrainingStatus.IN_TRAINING or record.ended_on is None:
        return None
    if record.ended_on > today:
        return None
    years = relativedelta(today, record.ended_on).years
    return years, record.ended_on + relativedelta(years=years)


def key_of(record_id: int, cycle: int) -> str:
    return f"alumni:{record_id}:{cycle}"


def alumni():
    return TraineeRecord.objects.exclude(status=TrainingStatus.IN_TRAINING).filter(
        ended_on__isnull=False, trainee__is_active=True
    )


def plan_rows(now: datetime) -> list:
    """The check-in e-mails not yet planned for the cycle each alumnus is in."""
    from mentorkit.meetings.models import Reminder, ReminderKind

    today = timezone.localdate(now)
    records = list(alumni().filter(ended_on__lte=today).only("pk", "trainee_id", "status",
                                                             "ended_on"))  # fmt: skip
    wanted = {}
    for record in records:
        cycle, _began = cycle_of(record, today) or (None, None)
        if cycle is not None:
            wanted[key_of(record.pk, cycle)] = record
    answered = {
        key_of(r, c)
        for r, c in AlumniCheckIn.objects.filter(record__in=records).values_list("record", "cycle")
    }
    planned = set(
        Reminder.objects.filter(kind=ReminderKind.ALUMNI_CHECK_IN, key__in=wanted).values_list(
            "key", flat=True
        )
    )
    return [
        Reminder(kind=ReminderKind.ALUMNI_CHECK_IN, user_id=r.trainee_id, key=key, due_at=now)
        for key, r in wanted.items()
        if key not in answered and key not in planned
    ]


def email(reminder, base_url: str) -> EmailMessage | None:
    """The check-in e-mail, or None (the row deleted) if it is moot: answered already, a
    new cycle begun, the record gone or back in training."""
    _kind, record_id, cycle = (reminder.key.split(":") + ["", ""])[:3]
    record = (
        TraineeRecord.objects.filter(pk=int(record_id) if record_id.isdigit() else 0)
        .select_related("program", "trainee")
        .first()
    )
    user = reminder.user
    now = cycle_of(record, timezone.localdate()) if record else None
    if (
        record is None
        or record.trainee_id != user.pk
        or now is None
        or str(now[0]) != cycle
        or AlumniCheckIn.objects.filter(record=record, cycle=now[0]).exists()
    ):
        reminder.delete()
        return None
    context = {
        "user": user,
        "record": record,
        "leaving": now[0] == 0,
        "url": base_url + reverse("grants:check_in", args=[record.pk]),
    }
    with timezone.override(zoneinfo.ZoneInfo(user.time_zone)):
        subject = render_to_string("grants/email/check_in_subject.txt", context)
        body = render_to_string("grants/email/check_in_body.txt", context)
    return EmailMessage(
        " ".join(subject.split()),
        body,
        to=[user.email],
        headers={"Auto-Submitted": "auto-generated"},
    )


def answer(record: TraineeRecord, form, today: date | None = None) -> AlumniCheckIn:
    """Save a check-in's answer for the record's cycle (the current one, or cycle 0 while
    still in training): the current position confirmed today if they said so."""
    today = today or timezone.localdate()
    cycle = (cycle_of(record, today) or (0, today))[0]
    check_in = AlumniCheckIn.objects.filter(record=record, cycle=cycle).first() or AlumniCheckIn(
        record=record, cycle=cycle
    )
    position = form.current
    if position is not None and form.cleaned_data.get("still_current") == "yes":
        position.confirmed_on, position.source = today, PositionSource.CHECK_IN
        position.save(update_fields=["confirmed_on", "source"])
        check_in.confirmed_position = position
    check_in.update = form.cleaned_data["update"]
    check_in.answered_at = timezone.now()
    check_in.save()
    return check_in


@dataclass
class CheckInStanding:
    """An alumnus of the program and their check-in in the cycle they are in."""

    record: TraineeRecord
    cycle: int
    asked_on: date
    answered: AlumniCheckIn | None
    last: AlumniCheckIn | None  # their latest answer, any cycle

    @property
    def name(self) -> str:
        return self.record.trainee.display_name

    @property
    def overdue(self) -> bool:
        due = self.asked_on + timedelta(days=ANSWER_WITHIN_DAYS)
        return self.answered is None and due < timezone.localdate()


def standings(program, today: date | None = None) -> list[CheckInStanding]:
    """The program's alumni with their check-in, the overdue first; two queries."""
    today = today or timezone.localdate()
    records = list(
        alumni()
        .filter(program=program)
        .select_related("trainee")
        .prefetch_related("check_ins")
        .order_by("trainee__name", "pk")
    )
    out = []
    for record in records:
        found = cycle_of(record, today)
        if found is None:
            continue
        cycle, began = found
        answers = list(record.check_ins.all())
        now = next((a for a in answers if a.cycle == cycle), None)
        out.append(CheckInStanding(record, cycle, began, now, answers[0] if answers else None))
    return sorted(out, key=lambda s: (not s.overdue, s.answered is not None, s.name))
