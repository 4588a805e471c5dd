"""Needs a check-in: rules over what mentorkit already knows about each relationship.

Each rule is an `EXISTS` over one mentee's records, so a roster of any size is flagged,
counted and sorted by the database, attention first, before it is paginated. A rule reads
only what a program may know: dates, statuses and counts, never a record's content.

Rules still to come (the program console issue): no meeting held for twice the agreed
interval, feedback one way only for two rhythms, thresholds set per program.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

UNRECORDED_GRACE = timedelta(days=7)  # a meeting may be written up within a week
MENTOR_SILENCE = timedelta(weeks=6)  # a mentor not seen for this long


@dataclass(frozen=True)
class Rule:
    key: str
    label: str  # the reason, as the roster shows it
    explanation: str  # the rule, as the page states it


RULES = (
    Rule("no_mentor", "No active mentor", "the mentee has no active mentor"),
    Rule(
        "unrecorded",
        "Meetings left unrecorded",
        f"a meeting more than {UNRECORDED_GRACE.days} days past has no notes, summary or status",
    ),
    Rule("actions_overdue", "Actions overdue", "an open action item is past its due date"),
    Rule(
        "agreement_overdue",
        "Agreement review overdue",
        "an agreement's review date has passed",
    ),
    Rule(
        "mentor_silent",
        "A mentor not seen for weeks",
        f"an active mentor has not signed in for {MENTOR_SILENCE.days // 7} weeks",
    ),
)
RULE_KEYS = tuple(rule.key for rule in RULES)


def _conditions(today: date, now: datetime) -> dict:
    from mentorkit.meetings.models import ActionItem, Meeting
    from mentorkit.teams.models import Agreement, Mentorship

    mentee = OuterRef("mentee_id")
    return {
        "no_mentor": ~Exists(Mentorship.objects.active().filter(mentee=mentee)),
        "unrecorded": Exists(
            Meeting.objects.not_recorded(now - UNRECORDED_GRACE).filter(mentee=mentee)
        ),
        "actions_overdue": Exists(
            ActionItem.objects.open().filter(mentee=mentee, due_on__lt=today)
        ),
        "agreement_overdue": Exists(
            Agreement.objects.filter(mentee=mentee, next_review_on__lt=today)
        ),
        "mentor_silent": Exists(
            Mentorship.objects.active()
            .filter(mentee=mentee)
            .filter(
                Q(mentor__last_login__lt=now - MENTOR_SILENCE)
                | Q(mentor__last_login__isnull=True, started_on__lt=today - MENTOR_SILENCE)
            )
        ),
    }


def with_checkins(enrollments: QuerySet, today: date | None = None) -> QuerySet:
    """`enrollments` with one boolean per rule (`check_<key>`) and `attention`, how many hold."""
    today = today or timezone.localdate()
    conditions = _conditions(today, timezone.now())
    flagged = enrollments.annotate(**{f"check_{k}": c for k, c in conditions.items()})
    score = sum(
        (
            Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())
            for condition in conditions.values()
        ),
        start=Value(0, output_field=IntegerField()),
    )
    return flagged.annotate(attention=score)


def reasons(enrollment) -> list[Rule]:
    """The rules that hold for an enrollment read through `with_checkins`."""
    return [rule for rule in RULES if getattr(enrollment, f"check_{rule.key}", False)]


def funnel(program) -> list[tuple[str, int]]:
    """The program's funnel, one query: invited (open invitations and enrolments), enrolled
    and active, with an active mentor, with an agreement, with a meeting held in 30 days."""
    from django.db.models import Count, Q

    from mentorkit.meetings.models import Meeting
    from mentorkit.teams.models import Agreement, Mentorship

    from .models import EnrollmentStatus, ProgramInvitation

    mentee = OuterRef("mentee_id")
    since = timezone.now() - timedelta(days=30)
    counts = (
        program.enrollments.filter(status=EnrollmentStatus.ACTIVE)
        .annotate(
            has_mentor=Exists(Mentorship.objects.active().filter(mentee=mentee)),
            has_agreement=Exists(Agreement.objects.filter(mentee=mentee)),
            met=Exists(
                Meeting.objects.held_or_recorded().filter(
                    mentee=mentee, starts_at__gte=since, starts_at__lte=timezone.now()
                )
            ),
        )
        .aggregate(
            enrolled=Count("pk"),
            with_mentor=Count("pk", filter=Q(has_mentor=True)),
            with_agreement=Count("pk", filter=Q(has_mentor=True, has_agreement=True)),
            meeting=Count("pk", filter=Q(has_mentor=True, has_agreement=True, met=True)),
        )
    )
    pending = ProgramInvitation.objects.filter(
        program=program, invitation_used_at__isnull=True, invitation_expires_at__gt=timezone.now()
    ).count()
    return [
        ("Invited or enrolled", counts["enrolled"] + pending),
        ("Enrolled and active", counts["enrolled"]),
        ("With an active mentor", counts["with_mentor"]),
        ("… and an agreement", counts["with_agreement"]),
        ("… and a meeting in the last 30 days", counts["meeting"]),
    ]
