"""The career development plan (practice 2): plans, SMART goals, milestones, reviews and
the history of how each goal's definition of success changed."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mentorkit.teams.models import Mentorship
from mentorkit.visibility import (
    SHARED_WITH_TEAM,
    Visibility,
    VisibleQuerySet,
    mentees_mentored_by,
    signed_in,
)

MAX_PLAN_YEARS = 5
DEFAULT_REVIEW_DAYS = 90
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]

# The parts of a goal that define success; changing one is a redefinition, kept with a reason.
DEFINITION_FIELDS = ("category", "statement", "measure", "target", "due_on")


class PlanStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    ARCHIVED = "archived", "Archived"


class PlanQuerySet(VisibleQuerySet):
    def active(self):
        return self.filter(status=PlanStatus.ACTIVE)


class Plan(models.Model):
    """A mentee's multi-year career development plan, e.g. the span of a K award."""

    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plans"
    )
    title = models.CharField(max_length=200)
    starts_on = models.DateField("start")
    ends_on = models.DateField("end", help_text="At most five years after the start.")
    mechanism = models.CharField(
        "funding mechanism",
        max_length=100,
        blank=True,
        help_text='Free text, e.g. "K23", "KL2", "institutional".',
    )
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.TEAM
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status="active"),
                name="plans_one_active_plan_per_mentee",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="plans_plan_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:plan", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == PlanStatus.ACTIVE

    @staticmethod
    def latest_end(starts_on: date) -> date:
        return starts_on + relativedelta(years=MAX_PLAN_YEARS)

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def years(self) -> list[int]:
        return list(range(self.starts_on.year, self.ends_on.year + 1))


class GoalCategory(models.TextChoices):
    RESEARCH = "research", "Research"
    PUBLICATIONS = "publications", "Publications"
    FUNDING = "funding", "Funding"
    SKILLS = "skills", "Skills and training"
    CLINICAL = "clinical", "Clinical"
    TEACHING = "teaching", "Teaching"
    LEADERSHIP = "leadership", "Leadership"
    INDEPENDENCE = "independence", "Independence"
    WELLBEING = "wellbeing", "Well-being"


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    ACHIEVED = "achieved", "Achieved"
    REVISED = "revised", "Revised"
    DROPPED = "dropped", "Dropped"


# A goal in one of these is no longer worked on; it stays in the plan and is counted.
CLOSED_STATUSES = (GoalStatus.ACHIEVED, GoalStatus.REVISED, GoalStatus.DROPPED)


class GoalQuerySet(VisibleQuerySet):
    def editable_by(self, user):
        """The mentee, and active mentors for goals shared with the team; directors only read."""
        if not signed_in(user):
            return self.none()
        return self.filter(
            Q(mentee=user)
            | Q(visibility__in=SHARED_WITH_TEAM, mentee_id__in=mentees_mentored_by(user))
        )

    def open(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def due_for_review(self, day: date | None = None):
        """Open goals whose review interval has run out by `day` (today by default)."""
        day = day or timezone.localdate()
        return self.open().filter(plan__status=PlanStatus.ACTIVE, next_review_on__lte=day)


class Goal(models.Model):
    """A SMART goal of a plan, with the mentors who help with it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals"
    )
    category = models.CharField(max_length=20, choices=GoalCategory.choices)
    statement = models.CharField(
        "specific goal", max_length=300, help_text="What exactly will be done."
    )
    measure = models.CharField(
        "how it is measured", max_length=300, help_text="How you will know it is done."
    )
    target = models.CharField(
        max_length=200, blank=True, help_text='The bar to reach, e.g. "2 first-author papers".'
    )
    rationale = models.TextField("why it matters", blank=True)
    due_on = models.DateField("due")
    mentors = models.ManyToManyField(
        Mentorship, blank=True, related_name="goals", verbose_name="mentors who help"
    )
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.TEAM
    )
    status = models.CharField(
        max_length=20, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED
    )
    confidence = models.PositiveSmallIntegerField(
        "confidence (%)", default=50, validators=PERCENT, help_text="0–100: how likely on time."
    )
    progress_override = models.PositiveSmallIntegerField(
        "progress (%)",
        null=True,
        blank=True,
        validators=PERCENT,
        help_text="Leave empty to follow the milestones.",
    )
    alternatives = models.TextField(
        "alternative paths", blank=True, help_text="If this does not work out, what then?"
    )
    pivot_signals = models.TextField(
        "what would change the plan",
        blank=True,
        help_text="Results, funding or life events that would make you redefine this goal.",
    )
    review_interval_days = models.PositiveSmallIntegerField(
        "review every (days)",
        default=DEFAULT_REVIEW_DAYS,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
    )
    last_reviewed_on = models.DateField(null=True, blank=True, editable=False)
    next_review_on = models.DateField(editable=False)
    milestones_total = models.PositiveSmallIntegerField(default=0, editable=False)
    milestones_done = models.PositiveSmallIntegerField(default=0, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["mentee", "status", "next_review_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__gte=0, confidence__lte=100),
                name="plans_goal_confidence_percent",
            ),
            models.CheckConstraint(
                condition=Q(progress_override__isnull=True)
                | Q(progress_override__gte=0, progress_override__lte=100),
                name="plans_goal_progress_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.statement

    def save(self, *args, **kwargs):
        if self.next_review_on is None:
            self.schedule_review()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("plans:goal", args=[self.pk])

    def schedule_review(self) -> None:
        since = self.last_reviewed_on or timezone.localdate(self.created_at)
        self.next_review_on = since + timedelta(days=self.review_interval_days)

    @property
    def progress(self) -> int:
        """Set by hand, or the share of milestones done."""
        if self.progress_override is not None:
            return self.progress_override
        if not self.milestones_total:
            return 100 if self.status == GoalStatus.ACHIEVED else 0
        return round(100 * self.milestones_done / self.milestones_total)

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    def is_due_for_review(self, day: date | None = None) -> bool:
        return self.is_open and self.next_review_on <= (day or timezone.localdate())

    def definition(self) -> dict[str, str]:
        """The parts that define success, as text, for the history."""
        return {
            "category": self.category,
            "statement": self.statement,
            "measure": self.measure,
            "target": self.target,
            "due_on": self.due_on.isoformat() if self.due_on else "",
        }


class MilestoneQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(goal__in=Goal.objects.visible_to(user))


class Milestone(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField("due")
    done_on = models.DateField("done", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class GoalReview(models.Model):
    """A look at one goal: where it stands, how confident we are, who took part."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(default=timezone.localdate)
    progress = models.PositiveSmallIntegerField("progress (%)", validators=PERCENT)
    status = models.CharField(max_length=20, choices=GoalStatus.choices)
    confidence = models.PositiveSmallIntegerField("confidence (%)", validators=PERCENT)
    note = models.TextField(blank=True)
    mentee_took_part = models.BooleanField("the mentee took part", default=True)
    mentors = models.ManyToManyField(
        Mentorship, blank=True, related_name="goal_reviews", verbose_name="mentors who took part"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goal_reviews",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100, confidence__gte=0)
                & Q(confidence__lte=100),
                name="plans_review_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.goal} on {self.reviewed_on}"


class RevisionKind(models.TextChoices):
    REDEFINED = "redefined", "Success redefined"
    DROPPED = "dropped", "Dropped"
    REVISED = "revised", "Marked revised"
    REOPENED = "reopened", "Reopened"


class GoalRevision(models.Model):
    """One change to a goal's definition or standing, with the earlier version and the reason."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(max_length=20, choices=RevisionKind.choices)
    before = models.JSONField(help_text="The definition before the change.")
    after = models.JSONField(help_text="The definition after the change.")
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["goal", "kind", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.goal}"

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        """(field label, before, after) for each part of the definition that changed."""
        labels = {
            "category": "Category",
            "statement": "Goal",
            "measure": "Measure",
            "target": "Target",
            "due_on": "Due",
            "status": "Status",
        }
        categories = dict(GoalCategory.choices)
        statuses = dict(GoalStatus.choices)
        result = []
        for field, label in labels.items():
            old, new = self.before.get(field, ""), self.after.get(field, "")
            if old != new and (old or new):
                if field == "category":
                    old, new = categories.get(old, old), categories.get(new, new)
                if field == "status":
                    old, new = statuses.get(old, old), statuses.get(new, new)
                if field == "due_on":
                    old, new = _day(old), _day(new)
                result.append((label, old, new))
        return result


def _day(iso: str) -> str:
    """An ISO date from the history as people read it: 1 Jul 2028."""
    try:
        return f"{date.fromisoformat(iso):%-d %b %Y}"
    except ValueError:
        return iso
