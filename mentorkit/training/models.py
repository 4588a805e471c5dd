"""Mentor training: the courses each mentor took, and each program's rule for refreshers.

The NIH T32 announcement (since January 2025) asks for formal mentor training with periodic
refreshers for every mentor; a program states how often (`TrainingPolicy`), and each mentor's
status follows from their latest completed course: current, refresher due (within the last
months before the refresher), overdue, or none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

DEFAULT_REFRESHER_MONTHS = 24
DUE_SOON_MONTHS = 3  # "refresher due" this long before it is overdue


class CourseKind(models.TextChoices):
    CURRICULUM = "curriculum", "Entering Mentoring / CIMER curriculum"
    LOCAL = "local", "A local course"
    ONLINE = "online", "An online module"
    WORKSHOP = "workshop", "A workshop"
    OTHER = "other", "Other"


class TrainingStatus(models.TextChoices):
    CURRENT = "current", "Current"
    DUE = "due", "Refresher due"
    OVERDUE = "overdue", "Overdue"
    NONE = "none", "No training recorded"


class TrainingPolicy(models.Model):
    """A program's rule: a refresher every so many months."""

    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="training_policy"
    )
    refresher_months = models.PositiveSmallIntegerField(
        default=DEFAULT_REFRESHER_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="How often mentors refresh their training, in months.",
    )

    class Meta:
        verbose_name_plural = "training policies"

    def __str__(self) -> str:
        return f"{self.program}: a refresher every {self.refresher_months} months"


class TrainingRecordQuerySet(models.QuerySet["TrainingRecord"]):
    def of(self, mentor) -> TrainingRecordQuerySet:
        return self.filter(mentor=mentor)


class TrainingRecord(models.Model):
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_records"
    )
    course = models.CharField(max_length=200, help_text="e.g. Entering Mentoring, 2nd edition")
    kind = models.CharField(max_length=12, choices=CourseKind.choices, default=CourseKind.LOCAL)
    hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(200)],
    )
    completed_on = models.DateField()
    evidence_url = models.URLField("evidence (link)", blank=True, max_length=500)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.course} ({self.completed_on:%Y-%m-%d}) — {self.mentor}"


@dataclass(frozen=True)
class Standing:
    """A mentor's training as a program's rule reads it."""

    status: TrainingStatus
    latest: TrainingRecord | None
    due_on: date | None

    @property
    def label(self) -> str:
        return TrainingStatus(self.status).label


def standing(latest: TrainingRecord | None, refresher_months: int, today: date) -> Standing:
    if latest is None:
        return Standing(TrainingStatus.NONE, None, None)
    due_on = latest.completed_on + relativedelta(months=refresher_months)
    if due_on < today:
        status = TrainingStatus.OVERDUE
    elif due_on - relativedelta(months=DUE_SOON_MONTHS) <= today:
        status = TrainingStatus.DUE
    else:
        status = TrainingStatus.CURRENT
    return Standing(status, latest, due_on)


def refresher_months_of(program) -> int:
    policy = TrainingPolicy.objects.filter(program=program).first()
    return policy.refresher_months if policy else DEFAULT_REFRESHER_MONTHS


def latest_by_mentor(mentor_ids) -> dict[int, TrainingRecord]:
    """Each mentor's most recent course, for a page of mentors, in one query."""
    latest: dict[int, TrainingRecord] = {}
    for record in TrainingRecord.objects.filter(mentor_id__in=list(mentor_ids)).order_by(
        "mentor_id", "-completed_on", "-pk"
    ):
        latest.setdefault(record.mentor_id, record)
    return latest


def standings_of(program, mentors) -> tuple[int, list[tuple[Any, Standing]]]:
    """The program's rule (months between refreshers) and each of `mentors` with their
    standing under it, in two queries: the one computation for the program's list, its
    export and its nudges."""
    today = timezone.localdate()
    months = refresher_months_of(program)
    people = list(mentors)
    latest = latest_by_mentor(m.pk for m in people)
    return months, [(m, standing(latest.get(m.pk), months, today)) for m in people]
