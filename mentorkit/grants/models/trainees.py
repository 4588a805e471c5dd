"""A trainee's record in a program (entry, topic, faculty mentors, how training ended), their
support year by year, their degrees, and the positions they held."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from mentorkit.programs.models import Program
from mentorkit.teams.models import Mentorship, MentorshipStatus
from mentorkit.visibility import signed_in

from ..choices import (
    KindOfWork,
    NoPublicationsReason,
    PositionSource,
    Sector,
    SupportSource,
    TrainingStatus,
)
from ..numbers import yearly_periods
from .grants import enrolled, programs_run_by


class TraineeRecordQuerySet(models.QuerySet["TraineeRecord"]):
    def run_by(self, user):
        if not signed_in(user):
            return self.none()
        return self.filter(program__in=programs_run_by(user))

    def visible_to(self, user):
        if not signed_in(user):
            return self.none()
        return self.filter(Q(trainee=user) | Q(program__in=programs_run_by(user)))


class TraineeRecord(models.Model):
    """A trainee's record in a program, on which Tables 5 and 8 key: when they entered, their
    research, their faculty mentors, their degrees, how training ended."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="trainee_records")
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainee_records"
    )
    entered_on = models.DateField(
        "entry date",
        help_text="Entry into the degree-granting program (pre-doctoral) or into research "
        "training (post-doctoral, scholars); month and year.",
    )
    research_topic = models.CharField(
        "topic of research project",
        max_length=300,
        blank=True,
        help_text="The dissertation or project title, as in Table 8.",
    )
    faculty_mentors = models.ManyToManyField(
        "teams.Mentorship",
        blank=True,
        related_name="+",
        help_text="Up to two, from the trainee's team: Table 8 says “TBD” without one.",
    )
    status = models.CharField(
        max_length=12, choices=TrainingStatus.choices, default=TrainingStatus.IN_TRAINING
    )
    ended_on = models.DateField(
        "training ended on", null=True, blank=True, help_text="When they completed or left."
    )
    leaving_reason = models.CharField(
        "reason for leaving", max_length=300, blank=True, help_text="When they left early."
    )
    no_publications_reason = models.CharField(
        "reason when there is no publication",
        max_length=22,
        choices=NoPublicationsReason.choices,
        blank=True,
        help_text="Table 5 lists a trainee without papers with one of these reasons; without "
        "one, mentorkit gives “New entrant” in the first year, “Left program” after leaving "
        "early, else “Other”.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = TraineeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["entered_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "trainee"], name="one_record_per_program"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("entered_on")),
                name="training_ends_after_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainee} in {self.program}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.entered_on:
            self.entered_on = self.entered_on.replace(day=1)  # a month and a year
            if self.entered_on > today:
                errors["entered_on"] = "The entry date is in the future."
        if self.program_id and self.trainee_id and not enrolled(self.program_id, self.trainee_id):
            errors["trainee"] = f"{self.trainee.display_name} is not enrolled in {self.program}."
        ended = self.ended_on
        if self.status == TrainingStatus.IN_TRAINING and ended:
            errors["ended_on"] = "Still in training: clear the date, or say how training ended."
        if self.status != TrainingStatus.IN_TRAINING and not ended:
            errors["ended_on"] = (
                f"Give the day training ended ({self.get_status_display().lower()})."
            )
        if ended and ended > today:
            errors["ended_on"] = "Training ends in the future: keep them in training until then."
        elif ended and self.entered_on and ended < self.entered_on:
            errors["ended_on"] = "Training ends before the entry date."
        if self.status == TrainingStatus.LEFT_EARLY and not self.leaving_reason.strip():
            errors["leaving_reason"] = "Say why they left early (the tables count those who did)."
        if errors:
            raise ValidationError(errors)

    @property
    def in_training(self) -> bool:
        return self.status == TrainingStatus.IN_TRAINING

    def faculty_mentor_choices(self):
        """The trainee's mentors who may be named faculty mentors: those of their team, past
        ones too (a mentor during training stays one), never an unanswered invitation."""
        return (
            Mentorship.objects.filter(
                mentee=self.trainee_id,
                mentor__isnull=False,
                status__in=(
                    MentorshipStatus.ACTIVE,
                    MentorshipStatus.PAUSED,
                    MentorshipStatus.ENDED,
                ),
            )
            .select_related("mentor")
            .order_by("pk")
        )

    def check_faculty_mentors(self, mentorships) -> None:
        """Refuse more than two faculty mentors, or one from outside the trainee's team."""
        if len(mentorships) > 2:
            raise ValidationError("Choose up to two faculty mentors (Table 8 lists two).")
        allowed = set(self.faculty_mentor_choices().values_list("pk", flat=True))
        if any(m.pk not in allowed for m in mentorships):
            raise ValidationError("Choose among the trainee's mentors.")

    def training_years(self, today: date) -> int:
        """How many training years (TY1, TY2…) have begun by the end of training or today."""
        return len(yearly_periods(self.entered_on, self.ended_on or today))


class SupportYear(models.Model):
    """The primary source of a trainee's support in one training year (Table 8's summary)."""

    record = models.ForeignKey(
        TraineeRecord, on_delete=models.CASCADE, related_name="support_years"
    )
    training_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(20)], help_text="1 for TY1, 2 for TY2…"
    )
    source = models.CharField(max_length=22, choices=SupportSource.choices)
    grant_number = models.CharField(
        max_length=40, blank=True, help_text="Optional: the fellowship's or grant's number."
    )

    class Meta:
        ordering = ["training_year"]
        constraints = [
            models.UniqueConstraint(fields=["record", "training_year"], name="one_source_per_year")
        ]

    def __str__(self) -> str:
        return f"TY{self.training_year}: {self.get_source_display()}"


class Degree(models.Model):
    """A degree a trainee received."""

    record = models.ForeignKey(TraineeRecord, on_delete=models.CASCADE, related_name="degrees")
    degree = models.CharField(max_length=40, help_text="PhD, MD, MPH, MS…")
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1950)])
    institution = models.CharField(max_length=200, blank=True)
    from_training = models.BooleanField(
        "resulting from this training",
        default=True,
        help_text="Untick for a degree held before (a post-doctoral trainee's doctorate).",
    )

    class Meta:
        ordering = ["year", "pk"]

    def __str__(self) -> str:
        return f"{self.degree} {self.year}"

    def clean(self) -> None:
        if self.year and self.year > timezone.localdate().year:
            raise ValidationError(
                {"year": "This degree is not received yet: add it when it is conferred."}
            )


class PositionQuerySet(models.QuerySet["Position"]):
    def visible_to(self, user):
        """The person's own, and those of trainees of the programs `user` runs."""
        if not signed_in(user):
            return self.none()
        trainees = TraineeRecord.objects.filter(program__in=programs_run_by(user)).values("trainee")
        return self.filter(Q(trainee=user) | Q(trainee__in=trainees))

    def current(self):
        return self.filter(ends_on__isnull=True)


class Position(models.Model):
    """A position a trainee or alumnus held, with where the fact came from and when it was
    confirmed: Table 8's initial and current positions, and alumni tracking."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="positions"
    )
    title = models.CharField(max_length=200)
    department = models.CharField(max_length=200, blank=True)
    institution = models.CharField(max_length=200)
    sector = models.CharField(max_length=12, choices=Sector.choices)
    kind_of_work = models.CharField(max_length=20, choices=KindOfWork.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Empty while it is current.")
    is_first_after_training = models.BooleanField(
        "first position after training", default=False, help_text="Table 8's initial position."
    )
    source = models.CharField(max_length=10, choices=PositionSource.choices)
    confirmed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="position_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["trainee"],
                condition=Q(is_first_after_training=True),
                name="one_first_position",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.institution}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The position ends before it starts."
        if self.confirmed_on and self.confirmed_on > today:
            errors["confirmed_on"] = "Confirmed in the future."
        if self.is_first_after_training and self.trainee_id:
            first = Position.objects.filter(
                trainee_id=self.trainee_id, is_first_after_training=True
            )
            if first.exclude(pk=self.pk).exists():
                errors["is_first_after_training"] = (
                    "Another position is already the first after training; untick it there first."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_current(self) -> bool:
        return self.ends_on is None
