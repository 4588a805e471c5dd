"""A program's NIH training grants and its trainees' appointments to them."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from mentorkit.programs.models import Enrollment, Program
from mentorkit.visibility import signed_in

from ..choices import NRSA_ACTIVITY_CODES, ActivityCode, AppointmentStatus, Level
from ..numbers import (
    AWARD_NUMBER_HELP,
    months_between,
    parse_award_number,
    validate_award_number,
    yearly_periods,
)

# A termination notice is due within 30 days of the end of support (xTrain, PHS 416-7).
TERMINATION_DAYS = 30


def programs_run_by(user):
    """Ids of the programs `user` runs (directs or administers), as a subquery."""
    return Program.objects.run_by(user).values("pk")


def enrolled(program_id, trainee_id) -> bool:
    return Enrollment.objects.filter(program_id=program_id, mentee_id=trainee_id).exists()


class TrainingGrantQuerySet(models.QuerySet["TrainingGrant"]):
    def run_by(self, user):
        if not signed_in(user):
            return self.none()
        return self.filter(program__in=programs_run_by(user))


class TrainingGrant(models.Model):
    """An NIH training grant a program holds: a T32, a TL1, a K12 or KL2, an R25."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="training_grants")
    activity_code = models.CharField(max_length=5, choices=ActivityCode.choices)
    award_number = models.CharField(
        max_length=40, validators=[validate_award_number], help_text=AWARD_NUMBER_HELP
    )
    core_number = models.CharField(max_length=20, editable=False, unique=True)
    title = models.CharField(max_length=300, blank=True)
    project_start = models.DateField("project period starts")
    project_end = models.DateField("project period ends")
    slots_predoc = models.PositiveSmallIntegerField(
        "pre-doctoral slots", default=0, validators=[MaxValueValidator(999)]
    )
    slots_postdoc = models.PositiveSmallIntegerField(
        "post-doctoral slots", default=0, validators=[MaxValueValidator(999)]
    )
    slots_short_term = models.PositiveSmallIntegerField(
        "short-term slots", default=0, validators=[MaxValueValidator(999)]
    )
    slots_scholar = models.PositiveSmallIntegerField(
        "scholar slots", default=0, validators=[MaxValueValidator(999)]
    )
    pd_pis = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="training_grants_led",
        verbose_name="PD/PIs",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = TrainingGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-project_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(project_end__gte=models.F("project_start")),
                name="grant_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.award_number

    def save(self, *args, **kwargs):
        # Kept in one spelling, and keyed on the award whatever its year (a malformed number
        # raises ValidationError: it is never saved).
        number = parse_award_number(self.award_number)
        self.award_number, self.core_number = str(number), number.core
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        try:
            number = parse_award_number(self.award_number)
        except ValidationError:
            number = None  # the field's validator says why
        if number is not None:
            self.award_number = str(number)
            if self.activity_code not in ("", ActivityCode.OTHER) and (
                number.activity_code != self.activity_code
            ):
                errors["award_number"] = (
                    f"{self.award_number} is a {number.activity_code} award, not a "
                    f"{self.activity_code}: choose {number.activity_code} as the activity code "
                    "(or Other), or check the number."
                )
            clash = TrainingGrant.objects.filter(core_number=number.core).exclude(pk=self.pk)
            if clash.exists():
                errors["award_number"] = f"The award {number.core} is already recorded."
        if self.project_start and self.project_end:
            if self.project_end < self.project_start:
                errors["project_end"] = "The project period ends before it starts."
            elif self.pk:
                outside = self.appointments.filter(
                    Q(starts_on__lt=self.project_start) | Q(ends_on__gt=self.project_end)
                ).count()
                if outside:
                    errors["project_end"] = (
                        f"{outside} appointment{'s' if outside > 1 else ''} would fall outside "
                        "this project period; change them first."
                    )
        if errors:
            raise ValidationError(errors)

    @property
    def number(self):
        return parse_award_number(self.award_number)

    @property
    def is_nrsa(self) -> bool:
        """Kirschstein-NRSA support: it counts towards the trainees' aggregate limits."""
        return self.number.activity_code in NRSA_ACTIVITY_CODES

    @property
    def code(self) -> str:
        """The activity code as the tables write it (T32), from the number for "other"."""
        return self.number.activity_code

    def budget_periods(self) -> list[tuple[int, date, date]]:
        """Twelve-month budget periods from the start of the project period."""
        return yearly_periods(self.project_start, self.project_end)

    def budget_period_of(self, day: date) -> int | None:
        return next((n for n, s, e in self.budget_periods() if s <= day <= e), None)

    @property
    def current_budget_period(self) -> int | None:
        return self.budget_period_of(timezone.localdate())

    def slots(self) -> list[tuple[str, int]]:
        levels = [
            (Level.PREDOC.label, self.slots_predoc),
            (Level.POSTDOC.label, self.slots_postdoc),
            (Level.SHORT_TERM.label, self.slots_short_term),
            (Level.SCHOLAR.label, self.slots_scholar),
        ]
        return [(label, n) for label, n in levels if n]


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def run_by(self, user):
        if not signed_in(user):
            return self.none()
        return self.filter(grant__program__in=programs_run_by(user))

    def visible_to(self, user):
        """The trainee's own, and those of the programs `user` runs."""
        if not signed_in(user):
            return self.none()
        return self.filter(Q(trainee=user) | Q(grant__program__in=programs_run_by(user)))


class Appointment(models.Model):
    """A trainee on a training grant for a period, as appointed in xTrain."""

    grant = models.ForeignKey(TrainingGrant, on_delete=models.CASCADE, related_name="appointments")
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_appointments"
    )
    level = models.CharField(max_length=10, choices=Level.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.PLANNED
    )
    termination_filed_on = models.DateField(
        "termination notice filed on",
        null=True,
        blank=True,
        help_text="Due within 30 days of the end of support.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="appointment_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainee} on {self.grant} from {self.starts_on}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        grant = self.grant if self.grant_id else None
        dated = self.starts_on is not None and self.ends_on is not None
        if dated and self.ends_on < self.starts_on:
            errors["ends_on"] = "The appointment ends before it starts."
        elif dated and grant is not None:
            period = f"{grant.project_start:%d %b %Y} to {grant.project_end:%d %b %Y}"
            if self.starts_on < grant.project_start:
                errors["starts_on"] = f"The grant's project period runs from {period}."
            if self.ends_on > grant.project_end:
                errors["ends_on"] = f"The grant's project period runs from {period}."
        if (
            grant is not None
            and self.trainee_id
            and not enrolled(grant.program_id, self.trainee_id)
        ):
            errors["trainee"] = f"{self.trainee.display_name} is not enrolled in {grant.program}."
        if dated and self.trainee_id and "ends_on" not in errors:
            other = (
                Appointment.objects.filter(
                    trainee_id=self.trainee_id,
                    starts_on__lte=self.ends_on,
                    ends_on__gte=self.starts_on,
                )
                .exclude(pk=self.pk)
                .select_related("grant")
                .first()
            )
            if other is not None:
                where = (
                    f" on {other.grant}"
                    if grant and other.grant.program_id == grant.program_id
                    else ""
                )
                errors["starts_on"] = (
                    f"{self.trainee.display_name} is already appointed{where} from "
                    f"{other.starts_on:%d %b %Y} to {other.ends_on:%d %b %Y}; one trainee's "
                    "appointments may not overlap."
                )
        if self.status == AppointmentStatus.TERMINATED and self.ends_on and self.ends_on > today:
            errors["ends_on"] = "A terminated appointment has ended: give the last day of support."
        filed = self.termination_filed_on
        if filed is not None:
            if self.status != AppointmentStatus.TERMINATED:
                errors["termination_filed_on"] = (
                    "A termination notice is filed for a terminated appointment: set the "
                    "status to terminated, or clear the date."
                )
            elif filed > today:
                errors["termination_filed_on"] = "The notice is filed in the future."
            elif self.starts_on and filed < self.starts_on:
                errors["termination_filed_on"] = "The notice is filed before the appointment began."
        if errors:
            raise ValidationError(errors)

    @property
    def budget_period(self) -> int | None:
        """The grant's budget period the appointment starts in (derived, not stored)."""
        return self.grant.budget_period_of(self.starts_on)

    @property
    def months(self) -> float:
        """Months of support the appointment gives, start to end."""
        return months_between(self.starts_on, self.ends_on)

    def months_to(self, today: date) -> float:
        """Months of support given by `today`."""
        if self.starts_on > today:
            return 0.0
        return months_between(self.starts_on, min(self.ends_on, today))

    @property
    def termination_late(self) -> bool:
        """The termination notice was filed more than 30 days after the end of support."""
        filed = self.termination_filed_on
        return filed is not None and (filed - self.ends_on).days > TERMINATION_DAYS
