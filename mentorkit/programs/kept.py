"""The roster's check-ins, kept per enrollment: a large program's dashboard does not compute
every rule for every mentee on each view.

`with_kept_checkins` reads what `checkins.with_checkins` would answer — one boolean per
rule (`check_<key>`) and `attention` — from a `CheckinSnapshot` per enrollment. A snapshot
is kept for the day and hour, at the version of the mentee's workspace (raised by every
write to it: `core.versions`), the enrollment's status and the program's rules and
thresholds; when any of these moved on, the next view computes again, in one query, the
enrollments whose snapshot is stale, and keeps them. So a change a person just made shows
on the next view, and a rule that begins to hold only because time passed shows within the
hour, as the health indicators do.

The rule on mentors' sign-ins ("a mentor not seen for weeks") reads no workspace (signing
in writes none), so it is not kept: it is read on every view, beside the snapshot.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from mentorkit.core.versions import current_version, versions

from . import checkins
from .models import CheckinSnapshot, Enrollment, EnrollmentStatus

LIVE = checkins.SIGN_IN_RULE
KEPT = tuple(key for key in checkins.RULE_KEYS if key != LIVE)


def _bucket() -> str:
    return f"{timezone.localdate().isoformat()}T{timezone.localtime():%H}"


def _policy_key(policy: checkins.Policy) -> str:
    """The same in every process (a frozenset's order is not)."""
    parts = (
        sorted(policy.off),
        policy.missed_intervals,
        policy.interval_days,
        policy.unrecorded_days,
        policy.feedback_rhythms,
        policy.silent_weeks,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def refresh(program) -> int:
    """Compute and keep the snapshots of the program's enrollments that are missing or
    stale: one query when none is; else also their versions, their rules (one query), since
    when each rule holds (a query per rule that holds for some) and one to keep them.
    Returns how many were computed."""
    policy = checkins.Policy.of(program)
    key, bucket = _policy_key(policy), _bucket()
    fresh = CheckinSnapshot.objects.filter(
        enrollment=OuterRef("pk"),
        bucket=bucket,
        policy=key,
        status=OuterRef("status"),
        version=OuterRef("workspace_version"),
    )
    stale = dict(
        Enrollment.objects.filter(program=program)
        .annotate(workspace_version=current_version())
        .exclude(Exists(fresh))
        .order_by()
        .values_list("pk", "mentee_id")
    )
    if not stale:
        return 0
    # The versions first: what is computed after them is at least as new as they say.
    at = versions(stale.values())
    rows = list(
        checkins.with_checkins(
            Enrollment.objects.filter(pk__in=list(stale)),
            program,
            policy=replace(policy, off=policy.off | {LIVE}),
        ).annotate(**_funnel_steps())
    )
    since = checkins.since_of(rows, program, keys=set(KEPT))
    CheckinSnapshot.objects.bulk_create(
        [
            CheckinSnapshot(
                enrollment_id=row.pk,
                version=at[row.mentee_id],
                status=row.status,
                policy=key,
                bucket=bucket,
                attention=row.attention,
                gap_from=row.checkin_gap_from,
                due=row.checkin_due,
                since={k: day.isoformat() for k, day in since.get(row.pk, {}).items()},
                **{name: bool(getattr(row, f"check_{name}")) for name in KEPT},
                **{name: getattr(row, name) for name in FUNNEL_STEPS},
            )
            for row in rows
        ],
        update_conflicts=True,
        unique_fields=["enrollment"],
        update_fields=[
            *("version", "status", "policy", "bucket", "attention", "gap_from", "due", "since"),
            *KEPT,
            *FUNNEL_STEPS,
        ],
    )
    return len(stale)


FUNNEL_STEPS = ("has_mentor", "has_agreement", "met_recently")


def _funnel_steps() -> dict:
    from mentorkit.meetings.models import Meeting
    from mentorkit.teams.models import Agreement, Mentorship

    mentee, now = OuterRef("mentee_id"), timezone.now()
    return {
        "has_mentor": Exists(Mentorship.objects.active().filter(mentee=mentee)),
        "has_agreement": Exists(Agreement.objects.filter(mentee=mentee)),
        "met_recently": Exists(
            Meeting.objects.held_or_recorded().filter(
                mentee=mentee, starts_at__gte=now - timedelta(days=30), starts_at__lte=now
            )
        ),
    }


def funnel(program, *, fresh: bool = False) -> list[tuple[str, int]]:
    """The program's funnel, from the kept snapshots (refreshed first unless `fresh`, when
    `with_kept_checkins` just did): invited (open invitations and enrolments), enrolled and
    active, with an active mentor, with an agreement, with a meeting held in 30 days."""
    from .models import ProgramInvitation

    if not fresh:
        refresh(program)
    step = Q(enrollment__status=EnrollmentStatus.ACTIVE)
    counts = CheckinSnapshot.objects.filter(enrollment__program=program).aggregate(
        enrolled=Count("pk", filter=step),
        with_mentor=Count("pk", filter=step & Q(has_mentor=True)),
        with_agreement=Count("pk", filter=step & Q(has_mentor=True, has_agreement=True)),
        meeting=Count(
            "pk", filter=step & Q(has_mentor=True, has_agreement=True, met_recently=True)
        ),
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


def with_kept_checkins(enrollments: QuerySet, program) -> QuerySet:
    """`enrollments` (of `program`) as `checkins.with_checkins` answers them, read from the
    snapshots (refreshed first where stale) and the live rule on mentors' sign-ins."""
    refresh(program)
    policy = checkins.Policy.of(program)
    silent: Value | ExpressionWrapper = Value(False, output_field=BooleanField())
    if LIVE not in policy.off:
        condition = Q(status=EnrollmentStatus.ACTIVE) & Q(
            checkins.mentor_silent(policy, timezone.localdate(), timezone.now(), program)
        )
        silent = ExpressionWrapper(condition, output_field=BooleanField())
    return enrollments.annotate(
        checkin_since=F("checkin__since"),
        checkin_gap_from=F("checkin__gap_from"),
        checkin_due=F("checkin__due"),
        **{f"check_{name}": F(f"checkin__{name}") for name in KEPT},
        **{f"check_{LIVE}": silent},
    ).annotate(
        attention=Coalesce(F("checkin__attention"), Value(0))
        + Case(
            When(**{f"check_{LIVE}": True}, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def dashboard_state(program) -> tuple:
    """Everything the dashboard shows besides the viewer's roles, the date and the hour, in
    three queries: a kept dashboard (`core.kept_pages`) is keyed on it, and drawn again when
    any part moves on.

    - the program's own fields (its rules and thresholds among them), and whether the viewer
      directs it or administers it;
    - each enrolled mentee and the version of their workspace, which every write to it
      raises, an enrollment's and a name's included (`core.versions`): the roster, its
      check-ins, health, needs, funnel and trend are drawn from these;
    - the enrollments whose mentor has not signed in for weeks (read live, as the roster
      does: signing in writes no workspace);
    - the invitations waiting for an answer.
    """
    fields = tuple(
        (field.attname, getattr(program, field.attname)) for field in program._meta.concrete_fields
    )
    mentees = tuple(
        program.enrollments.annotate(at=current_version())
        .order_by("mentee_id")
        .values_list("mentee_id", "at")
    )
    policy = checkins.Policy.of(program)
    silent: tuple = ()
    if LIVE not in policy.off:
        silent = tuple(
            program.enrollments.filter(
                checkins.mentor_silent(policy, timezone.localdate(), timezone.now(), program)
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    waiting = tuple(
        program.invitations.filter(invitation_used_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "invited_name", "invited_email", "cohort_year", "invitation_expires_at")
    )
    return (fields, getattr(program, "sees_records", None), mentees, silent, waiting)
