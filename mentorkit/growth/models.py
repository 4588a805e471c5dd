"""What the mentee offers each mentor (practice 4): a ledger of contributions; and the
mentee's own path (practice 5): development activities and markers of independence."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mentorkit.teams.models import Mentorship
from mentorkit.visibility import Visibility, VisibleQuerySet, actively_mentoring, signed_in

from . import expertise

QUARTER = timedelta(days=91)


class ContributionKind(models.TextChoices):
    """What a mentee gave a mentor."""

    RESOURCE = "resource", "An article or resource shared"
    PROJECT = "project", "Help on a project"
    TALK = "talk", "Help on a talk or presentation"
    ANALYSIS = "analysis", "An analysis"
    GRANT = "grant", "A grant section"
    REVIEW = "review", "A review"
    TEACHING = "teaching", "Teaching cover"
    INTRODUCTION = "introduction", "An introduction"
    OTHER = "other", "Something else"


class ContributionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The mentee, and the mentor it was for while their mentorship is active."""
        if not signed_in(user):
            return self.none()
        return self.filter(Q(mentee=user) | actively_mentoring(user, "mentorship"))

    def since(self, day: date):
        return self.filter(contributed_on__gte=day)


class Contribution(models.Model):
    """Something the mentee gave one mentor: an article, help on a talk, an introduction…"""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="contributions"
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contributions"
    )
    kind = models.CharField(
        max_length=20, choices=ContributionKind.choices, default=ContributionKind.RESOURCE
    )
    contributed_on = models.DateField("date", default=timezone.localdate)
    description = models.CharField(max_length=300)
    link = models.URLField(blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["-contributed_on", "-id"]
        indexes = [models.Index(fields=["mentee", "contributed_on"])]

    def __str__(self) -> str:
        return self.description

    @property
    def quarter(self) -> str:
        return f"{self.contributed_on.year} Q{(self.contributed_on.month - 1) // 3 + 1}"


# --- Practice 5: autonomy over prescription -------------------------------------------------

SIX_MONTHS = timedelta(days=182)


class ActivityKind(models.TextChoices):
    COURSE = "course", "Course"
    WORKSHOP = "workshop", "Workshop"
    CONFERENCE = "conference", "Conference"
    CERTIFICATE = "certificate", "Certificate"
    READING = "reading", "Reading"
    TEACHING = "teaching", "Teaching"
    MINI_PROJECT = "mini_project", "Self-directed mini-project"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class ActivityQuerySet(VisibleQuerySet):
    def recent(self, today: date):
        """Not dropped, and under way at some point in the six months up to `today`."""
        return (
            self.exclude(status=ActivityStatus.DROPPED)
            .filter(starts_on__lte=today)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today - SIX_MONTHS))
        )


class Activity(models.Model):
    """A development activity the mentee chose: a course, a workshop, a mini-project…"""

    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(
        max_length=20, choices=ActivityKind.choices, default=ActivityKind.COURSE
    )
    title = models.CharField(max_length=200)
    topics = models.CharField(
        "skills or topics",
        max_length=300,
        help_text="Skills or topics, comma-separated, e.g. “causal inference, R”.",
    )
    starts_on = models.DateField("start", default=timezone.localdate)
    ends_on = models.DateField("end", null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    outcome = models.TextField(blank=True, help_text="What came of it.")
    # None: computed from the mentors' expertise; True/False: the mentee's own judgement.
    beyond_override = models.BooleanField(null=True, blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.TEAM
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["mentee", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="growth_activity_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("growth:activity", args=[self.pk])

    @property
    def topic_list(self) -> list[str]:
        return [t.strip().lower() for t in self.topics.split(",") if t.strip()]

    def is_beyond(self, keywords) -> bool:
        """The mentee's override when they set one, else computed from the mentors' keywords."""
        if self.beyond_override is not None:
            return self.beyond_override
        return expertise.beyond(self.topic_list, keywords)


def with_beyond(activities, keywords) -> list[Activity]:
    """Activities with `.beyond`, `.beyond_computed` and `.matched` (the keywords that matched)."""
    activities = list(activities)
    for activity in activities:
        activity.matched = expertise.matching(activity.topic_list, keywords)
        activity.beyond_computed = expertise.beyond(activity.topic_list, keywords)
        activity.beyond = activity.is_beyond(keywords)
    return activities


class MarkerKind(models.TextChoices):
    FIRST_FIRST_AUTHOR = "first_first_author", "First first-author paper"
    FIRST_SENIOR_AUTHOR = "first_senior_author", "First senior-author paper"
    FIRST_PI_GRANT = "first_pi_grant", "First grant as principal investigator"
    OWN_PROTOCOL = "own_protocol", "Own protocol"
    INDEPENDENT_FUNDING = "independent_funding", "Independent funding"
    FACULTY_APPOINTMENT = "faculty_appointment", "Faculty appointment"
    FIRST_MENTEE = "first_mentee", "First own mentee"


class IndependenceMarker(models.Model):
    """A step on the path to independence, each reached once: first senior-author paper…"""

    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="independence_markers"
    )
    kind = models.CharField(max_length=30, choices=MarkerKind.choices)
    achieved_on = models.DateField("reached on", default=timezone.localdate)
    note = models.CharField(max_length=300, blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.TEAM
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["achieved_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "kind"], name="growth_one_marker_per_kind")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def get_absolute_url(self) -> str:
        return reverse("growth:marker", args=[self.pk])
