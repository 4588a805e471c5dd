"""What the mentee offers each mentor (practice 4): a ledger of contributions."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from mentorkit.teams.models import Mentorship, MentorshipStatus

QUARTER = timedelta(days=91)


class Kind(models.TextChoices):
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
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(mentee=user) | Q(mentorship__mentor=user, mentorship__status=MentorshipStatus.ACTIVE)
        )

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
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RESOURCE)
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
