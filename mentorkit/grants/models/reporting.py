"""What the reports need beyond the training record: a trainee's self-reported demographics
(opt-in, counted only in aggregate) and the progress report's paragraphs as a director edited
them and the trainee's primary mentor confirmed them."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..choices import PREFER_NOT, Ethnicity, Race, SexGender, YesNo
from .trainees import TraineeRecord


class Demographics(models.Model):
    """One person's answers to the NIH reporting categories, given of their own accord.

    Not on the profile: nobody reads a row of it but its owner. Programs see counts only
    (`grants.demographics.counts`), each below the anonymity threshold suppressed. Withdrawing
    deletes the row. Every question keeps "prefer not to say" apart from no answer ("")."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="demographics"
    )
    sex_gender = models.CharField(
        "sex or gender", max_length=10, choices=SexGender.choices, blank=True
    )
    races = models.JSONField("race", default=list, blank=True, help_text="Choose all that apply.")
    ethnicity = models.CharField(max_length=12, choices=Ethnicity.choices, blank=True)
    disability = models.CharField("a disability", max_length=10, choices=YesNo.choices, blank=True)
    disadvantaged = models.CharField(
        "from a disadvantaged background", max_length=10, choices=YesNo.choices, blank=True
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "demographics"

    def __str__(self) -> str:
        return f"Demographics of {self.person}"

    def race_answer(self) -> list[str]:
        """The race codes as counted: "prefer not to say" alone, or the races chosen."""
        known = set(Race.values)
        chosen = [r for r in self.races if r in known]
        return [PREFER_NOT] if PREFER_NOT in chosen else chosen


# A draft stays the report's for a year from the day its editing began: next year's report
# starts again from the generated paragraph.
DRAFT_DAYS = 365


class ProgressDraftQuerySet(models.QuerySet["ProgressDraft"]):
    def current(self, today=None):
        """Drafts of the report being written: begun in the last year."""
        today = today or timezone.localdate()
        return self.filter(period_ends_on__gt=today - timedelta(days=DRAFT_DAYS))


class ProgressDraft(models.Model):
    """A trainee's paragraph of the progress report for one report period, as the director
    edited it (from the generated paragraph), and its confirmation by the trainee's primary
    mentor. Editing it again after the confirmation clears the confirmation."""

    record = models.ForeignKey(
        TraineeRecord, on_delete=models.CASCADE, related_name="progress_drafts"
    )
    period_ends_on = models.DateField(
        help_text="The last day of the twelve months the paragraph covers (its report period)."
    )
    text = models.TextField("paragraph")
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = ProgressDraftQuerySet.as_manager()

    class Meta:
        ordering = ["-period_ends_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "period_ends_on"], name="one_draft_per_record_and_period"
            )
        ]

    def __str__(self) -> str:
        return f"Progress paragraph of {self.record.trainee} to {self.period_ends_on}"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None

    def edit(self, text: str, by) -> None:
        """Save the director's text; a changed paragraph needs its mentor's confirmation
        again."""
        changed = text != self.text
        self.text, self.edited_by, self.edited_at = text, by, timezone.now()
        if changed or self._state.adding:
            self.confirmed_by, self.confirmed_at = None, None
        self.save()

    def confirm(self, by) -> None:
        self.confirmed_by, self.confirmed_at = by, timezone.now()
        self.save(update_fields=["confirmed_by", "confirmed_at"])
