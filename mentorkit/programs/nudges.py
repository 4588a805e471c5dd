"""A program's nudges: a note to part of its people, written once with placeholders, sent to
each recipient exactly once by the background loop (`mentorkit remind`).

Sending plans one reminder row per recipient (`meetings.Reminder`, kind "nudge", key
"nudge:<id>"); the rows' unique constraint makes it exactly once, and their `sent_at` is the
log of what went to whom.
"""

from __future__ import annotations

import string
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from . import checkins, mentors
from .models import Audience, EnrollmentStatus, Nudge

# What a nudge may say about its recipient, and nothing else.
PLACEHOLDERS = {
    "name": "the recipient's name",
    "program": "the program's name",
    "reasons": "why a check-in is asked for (mentees who need one)",
    "link": "a link to their own page in mentorkit",
}


class NudgeProblem(ValueError):
    pass


def check_placeholders(text: str) -> None:
    """Refuse a placeholder we do not know, or any formatting beyond `{name}`."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as error:
        raise NudgeProblem(
            f"A brace is not closed ({error}); write {{name}}, or {{{{ for a brace."
        ) from None
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            known = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            raise NudgeProblem(f"Unknown placeholder {{{name}}}; use {known}.")
        if spec or conversion:
            raise NudgeProblem(f"Write the placeholder plainly, as {{{name}}}.")


def recipients(program, audience: str) -> list[tuple[Any, str]]:
    """(user, reasons) for everyone the audience names, at this moment."""
    if audience in (Audience.CHECK_IN, Audience.AGREEMENT, Audience.ACTIVE):
        enrollments = checkins.with_checkins(
            program.enrollments.filter(status=EnrollmentStatus.ACTIVE).select_related("mentee"),
            program,
        )
        if audience == Audience.CHECK_IN:
            enrollments = enrollments.filter(attention__gt=0)
        if audience == Audience.AGREEMENT:
            enrollments = enrollments.filter(check_agreement_overdue=True)
        return [
            (e.mentee, "; ".join(rule.label.lower() for rule in checkins.reasons(e)))
            for e in enrollments.order_by("mentee__name", "pk")
        ]
    people = list(mentors.mentors_of(program))
    if audience == Audience.TRAINING:
        from mentorkit.training.models import TrainingStatus, standings_of

        _months, standings = standings_of(program, people)
        people = [m for m, s in standings if s.status != TrainingStatus.CURRENT]
    return [(m, "") for m in people]


@transaction.atomic
def send(program, by, *, audience: str, subject: str, body: str) -> tuple[Nudge, int]:
    """Write the nudge and plan one e-mail per recipient; the loop sends them."""
    from mentorkit.meetings.models import Reminder, ReminderKind

    check_placeholders(subject)
    check_placeholders(body)
    people = recipients(program, audience)
    if not people:
        raise NudgeProblem("Nobody is in that group now; nothing was sent.")
    nudge = Nudge.objects.create(
        program=program, sent_by=by, audience=audience, subject=subject, body=body
    )
    now = timezone.now()
    Reminder.objects.bulk_create(
        [
            Reminder(kind=ReminderKind.PROGRAM_NUDGE, user=user, key=nudge.key, due_at=now)
            for user, _ in people
        ],
        ignore_conflicts=True,
    )
    return nudge, len(people)


def message_for(reminder, base_url: str) -> tuple[str, str] | None:
    """(subject, body) of a nudge's e-mail to one recipient; None if the nudge is gone."""
    pk = reminder.key.removeprefix("nudge:")
    nudge = Nudge.objects.select_related("program").filter(pk=pk if pk.isdigit() else 0).first()
    if nudge is None:
        return None
    user = reminder.user
    reasons = ""
    if nudge.audience in (Audience.CHECK_IN, Audience.AGREEMENT):
        found = checkins.with_checkins(
            nudge.program.enrollments.filter(mentee=user).select_related("mentee"), nudge.program
        ).first()
        reasons = "; ".join(r.label.lower() for r in checkins.reasons(found)) if found else ""
    page = "teams:mentees" if nudge.audience in (Audience.MENTORS, Audience.TRAINING) else "home"
    if nudge.audience == Audience.TRAINING:
        page = "training:mine"
    values = {
        "name": user.display_name,
        "program": nudge.program.name,
        "reasons": reasons or "—",
        "link": base_url + reverse(page),
    }
    return nudge.subject.format_map(values), nudge.body.format_map(values)


def log(nudge) -> list:
    """Who the nudge went to, and when (None: not yet)."""
    from mentorkit.meetings.models import Reminder, ReminderKind

    return list(
        Reminder.objects.filter(kind=ReminderKind.PROGRAM_NUDGE, key=nudge.key)
        .select_related("user")
        .order_by("user__name", "pk")
    )
