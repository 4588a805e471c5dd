"""Training programs: K12/KL2 scholars programs, T32s, department mentoring programs."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from mentorkit.accounts.models import Invitation, InvitationQuerySet
from mentorkit.visibility import signed_in


class ProgramKind(models.TextChoices):
    K12 = "k12", "K12 scholars program"
    KL2 = "kl2", "KL2 scholars program"
    T32 = "t32", "T32 training program"
    DEPARTMENT = "department", "Department mentoring program"
    OTHER = "other", "Other"


class ProgramQuerySet(models.QuerySet):
    def directed_by(self, user):
        """Programs whose mentees' program-level records and health this person may read."""
        if not signed_in(user):
            return self.none()
        return self.filter(directors=user)

    def run_by(self, user):
        """Programs this person runs, as a director or an administrator: the roster,
        invitations, nudges, imports, exports and training records. Each carries
        `sees_records`: whether this person also directs it."""
        if not signed_in(user):
            return self.none()
        directs = Program.directors.through.objects.filter(program=OuterRef("pk"), user=user)
        return (
            self.filter(Q(directors=user) | Q(administrators=user))
            .distinct()
            .annotate(sees_records=Exists(directs))
        )


class Program(models.Model):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=ProgramKind.choices, default=ProgramKind.K12)
    description = models.TextField(blank=True)
    directors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="directed_programs", blank=True
    )
    administrators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="administered_programs",
        blank=True,
        help_text="Coordinators: the roster, invitations, nudges, imports, exports and "
        "training records — not what mentees mark for the program, unless also directors.",
    )
    two_factor = models.CharField(
        "two-factor sign-in required of",
        max_length=10,
        choices=[
            ("off", "nobody (the instance's rule)"),
            ("directors", "directors"),
            ("everyone", "directors and mentees"),
        ],
        default="off",
    )
    mentor_pool = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="mentor_pools",
        blank=True,
        help_text="Mentors of the program who are not (yet) mentoring one of its mentees: its "
        "directory, its matching rounds and its mentor training include them.",
    )
    neutral_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="neutral_for_programs",
        help_text="An ombudsperson or associate director, not a mentor of the mentees: receives "
        "confidential no-fault exits.",
    )
    # Needs a check-in: which rules hold and their thresholds (programs/checkins.py).
    checkin_rules_off = models.JSONField(
        "rules switched off", default=list, blank=True, help_text="Keys of check-in rules."
    )
    checkin_missed_intervals = models.PositiveSmallIntegerField(
        "no meeting held for this many agreed intervals",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    checkin_interval_days = models.PositiveSmallIntegerField(
        "interval when nothing is agreed (days)",
        default=30,
        validators=[MinValueValidator(7), MaxValueValidator(180)],
    )
    checkin_unrecorded_days = models.PositiveSmallIntegerField(
        "days to write a meeting up",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    checkin_feedback_rhythms = models.PositiveSmallIntegerField(
        "feedback one way for this many agreed rhythms",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    checkin_silent_weeks = models.PositiveSmallIntegerField(
        "weeks a mentor may go without signing in",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    auto_nudges = models.BooleanField(
        "nudge automatically",
        default=False,
        help_text="A relationship flagged this long gets a note to the mentee and their "
        "mentors; flagged twice as long, a note to the directors.",
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        "days flagged before a nudge",
        default=14,
        validators=[MinValueValidator(3), MaxValueValidator(90)],
    )
    weekly_digest = models.BooleanField(
        "weekly digest to directors",
        default=True,
        help_text="Each Monday: who needs a check-in, and why.",
    )
    match_weights = models.JSONField(
        "matching weights",
        default=dict,
        blank=True,
        help_text="The program's weights for matching (matching/scores.py); empty: the defaults.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:detail", args=[self.pk])


class EnrollmentStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ON_LEAVE = "on_leave", "On leave"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Track(models.TextChoices):
    PRE_DOCTORAL = "pre_doctoral", "Pre-doctoral"
    POST_DOCTORAL = "post_doctoral", "Post-doctoral"
    SCHOLAR = "scholar", "Scholar"
    FACULTY = "faculty", "Faculty"


class EnrollmentQuerySet(models.QuerySet["Enrollment"]):
    def visible_to(self, user):
        if not signed_in(user):
            return self.none()
        return self.filter(Q(mentee=user) | Q(program__directors=user)).distinct()

    def page(
        self, number: int, per_page: int, order: tuple[str, ...] = ()
    ) -> tuple[list[Enrollment], int]:
        """The `number`th page of `per_page` enrollments (in `order`, then by cohort, newest
        first, then name), with their mentees, and how many there are in all: both from one
        query.

        A page past the last comes back empty, with a total of 0.
        """
        start = (number - 1) * per_page
        rows: list[Enrollment] = list(
            self.select_related("mentee")
            .annotate(in_all=models.Window(models.Count("pk")))
            .order_by(*order, "-cohort_year", "mentee__name", "pk")[start : start + per_page]
        )
        return rows, rows[0].in_all if rows else 0  # type: ignore[attr-defined]


class Enrollment(models.Model):
    """A mentee in a program, with the cohort they entered."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="enrollments")
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    cohort_year = models.PositiveSmallIntegerField()
    enrolled_on = models.DateField(default=timezone.localdate)
    status = models.CharField(
        max_length=10, choices=EnrollmentStatus.choices, default=EnrollmentStatus.ACTIVE
    )
    track = models.CharField(max_length=14, choices=Track.choices, blank=True)
    ended_on = models.DateField(
        null=True, blank=True, help_text="When the mentee completed or left the program."
    )
    # Never proposed as the mentee's mentor by matching: a conflict of interest.
    reporting_line = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="supervised_enrollments",
        verbose_name="supervisor and reporting line",
        help_text="Never proposed as this mentee's mentor in a matching round.",
    )

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["-cohort_year", "mentee__name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "mentee"], name="one_enrollment_per_program")
        ]

    def __str__(self) -> str:
        return f"{self.mentee} in {self.program} ({self.cohort_year})"

    def get_absolute_url(self) -> str:
        return reverse("programs:mentee", args=[self.program_id, self.mentee_id])


class CheckinSnapshot(models.Model):
    """The check-in rules that hold for an enrollment, as computed for one day and hour at
    the version of the mentee's workspace, the enrollment's status and the program's rules
    (`programs.kept`). The rule on mentors' sign-ins is not kept: it is read on each view."""

    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.CASCADE, primary_key=True, related_name="checkin"
    )
    version = models.PositiveBigIntegerField()
    status = models.CharField(max_length=10)
    policy = models.CharField(max_length=32)  # the program's rules and thresholds, hashed
    bucket = models.CharField(max_length=20)
    attention = models.PositiveSmallIntegerField()
    no_mentor = models.BooleanField()
    no_meeting = models.BooleanField()
    unrecorded = models.BooleanField()
    feedback_one_way = models.BooleanField()
    actions_overdue = models.BooleanField()
    agreement_overdue = models.BooleanField()
    gap_from = models.DateTimeField(null=True)  # what the "no meeting" rule compared
    due = models.DateTimeField(null=True)
    since = models.JSONField(default=dict)  # rule key -> the day it began to hold (ISO)
    # The funnel's steps (whatever rules are switched off).
    has_mentor = models.BooleanField(default=False)
    has_agreement = models.BooleanField(default=False)
    met_recently = models.BooleanField(default=False)  # a meeting held in the last 30 days

    class Meta:
        verbose_name = "kept check-in rules"
        verbose_name_plural = "kept check-in rules"

    def __str__(self) -> str:
        return f"Check-ins of enrollment {self.enrollment_id} at version {self.version}"


class ProgramInvitationQuerySet(InvitationQuerySet):
    pass


class ProgramInvitation(Invitation):
    """A director inviting a mentee to join their program (and mentorkit)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="invitations")
    invited_email = models.EmailField("mentee's e-mail")
    invited_name = models.CharField("mentee's name", max_length=200, blank=True)
    cohort_year = models.PositiveSmallIntegerField()
    track = models.CharField(max_length=14, choices=Track.choices, blank=True)
    as_mentor = models.BooleanField(
        "to mentor", default=False, help_text="Joins the program's mentors, not its mentees."
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProgramInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.invited_email} to {self.program}"


class ConfidentialExitQuerySet(models.QuerySet["ConfidentialExit"]):
    def for_neutral_contact(self, user):
        if not signed_in(user):
            return self.none()
        return self.filter(program__neutral_contact=user)


class ConfidentialExit(models.Model):
    """A mentee left a mentorship through the program's neutral contact (a no-fault exit).

    Only the mentee and the neutral contact see it; to everyone else the mentorship simply
    "ended". The mentee's words go to the neutral contact, never to the mentor.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="exits")
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="confidential_exits"
    )
    mentorship = models.ForeignKey(
        "teams.Mentorship", on_delete=models.CASCADE, related_name="confidential_exits"
    )
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)

    objects = ConfidentialExitQuerySet.as_manager()

    class Meta:
        ordering = ["handled_at", "-created_at"]

    def __str__(self) -> str:
        return f"A confidential exit of {self.mentee} ({self.program})"


class Audience(models.TextChoices):
    """Whom a program's nudge goes to: a part of its roster, or its mentors."""

    CHECK_IN = "check_in", "Mentees who need a check-in"
    AGREEMENT = "agreement", "Mentees whose agreement review is overdue"
    ACTIVE = "active", "Every active mentee"
    MENTORS = "mentors", "Every mentor of the program"
    TRAINING = "training", "Mentors whose training is due, overdue or missing"


class Nudge(models.Model):
    """A note a program sends to part of its people, once each, through the background loop
    (`mentorkit remind`): one reminder row per recipient, which is also the log."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="nudges")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    audience = models.CharField(max_length=10, choices=Audience.choices)
    subject = models.CharField(max_length=150)
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.program})"

    @property
    def key(self) -> str:
        return f"nudge:{self.pk}"


class ProgramCapacity(models.Model):
    """How many of one program's mentees a mentor takes, beside their capacity overall."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="capacities")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_capacities"
    )
    capacity = models.PositiveSmallIntegerField(
        "mentees of this program I can take", validators=[MaxValueValidator(50)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "mentor"], name="one_capacity_per_program")
        ]

    def __str__(self) -> str:
        return f"{self.mentor} takes {self.capacity} in {self.program}"


def load_in(program, mentor_ids) -> dict[int, int]:
    """{mentor id: their active mentorships with mentees enrolled in `program`}, one query."""
    from mentorkit.teams.models import Mentorship

    return dict(
        Mentorship.objects.active()
        .filter(mentor_id__in=list(mentor_ids), mentee__enrollments__program=program)
        .order_by()
        .values("mentor_id")
        .annotate(n=models.Count("pk", distinct=True))
        .values_list("mentor_id", "n")
    )
