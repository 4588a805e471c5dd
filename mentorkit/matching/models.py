"""A program's matching round: a draft the director reviews, then publishes.

A round keeps, for the audit, everything that decided it: the mentees and mentors it was
run on, every candidate pair with its score and criteria, the capacities, the pins and the
forbidden pairs, the weights and the objective — and what the solver answered (the pairs,
the unmatched, the total, whether proven optimal, the solver and how long it took), and
what was published and when. Nobody is told anything before it is published.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "Draft, under review"
    PUBLISHED = "published", "Published"


class Objective(models.TextChoices):
    MAX_SCORE = "max_score", "The best total score"
    MAX_MATCHES = "max_matches", "As many matched as possible, then the best score"
    STABLE = "stable", "Stable: no mentee and mentor would both rather be together"


class MatchRoundQuerySet(models.QuerySet["MatchRound"]):
    def of_programs_run_by(self, user):
        from mentorkit.programs.models import Program

        return self.filter(program__in=Program.objects.run_by(user).values("pk"))


class MatchRound(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="match_rounds"
    )
    name = models.CharField(max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default="draft")
    objective = models.CharField(max_length=12, choices=Objective.choices, default="max_score")
    spread = models.FloatField(
        "spread the load", default=0.0, help_text="A cost per extra mentee of one mentor."
    )
    weights = models.JSONField(default=dict)
    # The inputs: {"mentees": [ids], "mentors": {id: capacity}, "candidates": [{mentee,
    # mentor, score, criteria: [[label, points]]}], "pinned": [[mentee, mentor]],
    # "forbidden": [[mentee, mentor]]}
    inputs = models.JSONField(default=dict)
    # The answer: {"pairs": [[mentee, mentor, score]], "unmatched": [ids], "total", "optimal",
    # "solver", "seconds"}
    result = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    run_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published = models.JSONField(default=list, blank=True)  # [[mentee, mentor, mentorship id]]

    objects = MatchRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.program})"

    def get_absolute_url(self) -> str:
        return reverse("matching:round", args=[self.program_id, self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == RoundStatus.DRAFT


class MatchPreference(models.Model):
    """A mentee's choice of a mentor in a program's directory: 1st, 2nd or 3rd. Matching
    counts it in the pair's score; the mentor is told nothing."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="match_preferences"
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="match_preferences"
    )
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "mentee", "rank"], name="one_choice_per_rank"
            ),
            models.UniqueConstraint(
                fields=["program", "mentee", "mentor"], name="one_rank_per_mentor"
            ),
            models.CheckConstraint(
                condition=models.Q(rank__gte=1, rank__lte=3), name="rank_one_to_three"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee}'s choice {self.rank} in {self.program}"


class MatchFollowUp(models.Model):
    """How one published match stood 3 or 6 months after its round was published, taken by
    the background loop once (`followup.take_due`): the question the NIH asks of training
    programs about how well their matches work, answered beside the score that proposed it."""

    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="follow_ups")
    mentorship = models.ForeignKey(
        "teams.Mentorship", on_delete=models.CASCADE, related_name="match_follow_ups"
    )
    months = models.PositiveSmallIntegerField()
    score = models.FloatField()
    status = models.CharField(max_length=20)  # the mentorship's status then
    meetings = models.PositiveIntegerField()  # held or written up since the round's publishing
    on_track = models.PositiveSmallIntegerField()  # of the mentee's seven practices
    of = models.PositiveSmallIntegerField()
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["months", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "months"], name="one_follow_up_each")
        ]

    def __str__(self) -> str:
        return f"{self.mentorship} after {self.months} months"
