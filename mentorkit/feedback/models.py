"""Two-way feedback (practice 3): requests and responses in both directions, ratings of the
mentoring style (and the mentor's self-rating), what was done with each piece of feedback,
and anonymous program evaluations released only in aggregate.

Ratings are rows (response, item, domain, value) rather than a JSON blob: the database can
average them per domain and per round in one query, an item the instrument does not have
is refused before it is written, and an instrument's new version does not rewrite old rows.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mentorkit.teams.models import Mentorship
from mentorkit.visibility import mentees_ever_mentored_by, party_q, signed_in

ACT_WITHIN_DAYS = 30


class Topic(models.TextChoices):
    MANUSCRIPT = "manuscript", "A manuscript draft"
    TALK = "talk", "A talk or presentation"
    AIMS = "aims", "A specific aims page"
    GRANT = "grant", "A grant application"
    RELATIONSHIP = "relationship", "Our mentoring relationship"
    OTHER = "other", "Something else"


class Direction(models.TextChoices):
    TO_MENTEE = "to_mentee", "To the mentee"
    TO_MENTOR = "to_mentor", "To the mentor"
    SELF = "self", "The mentor about their own mentoring"


class RequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"
    WITHDRAWN = "withdrawn", "Withdrawn"


class FeedbackRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The two people of the mentorship: the mentee, and the mentor while it is active."""
        if not signed_in(user):
            return self.none()
        return self.filter(party_q(user))

    def open(self):
        return self.filter(status=RequestStatus.OPEN)

    def asked_of(self, user):
        return self.visible_to(user).open().filter(asked_of=user)

    def asked_by(self, user):
        return self.visible_to(user).open().filter(requested_by=user)


class FeedbackRequest(models.Model):
    """One side asks the other for feedback on something concrete."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="feedback_requests"
    )
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_requested"
    )
    asked_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_asked"
    )
    topic = models.CharField(max_length=20, choices=Topic.choices, default=Topic.MANUSCRIPT)
    title = models.CharField("on what", max_length=200)
    details = models.TextField("what you would like to know", blank=True)
    link = models.URLField(
        "link to the document", blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )
    due_on = models.DateField("by")
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = FeedbackRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requested_by=models.F("asked_of")),
                name="feedback_request_not_to_oneself",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("feedback:request", args=[self.pk])

    @property
    def direction(self) -> str:
        """Feedback flows to whoever asked for it."""
        return (
            Direction.TO_MENTEE if self.requested_by_id == self.mentee_id else Direction.TO_MENTOR
        )

    @property
    def is_overdue(self) -> bool:
        return self.status == RequestStatus.OPEN and self.due_on < timezone.localdate()


class FeedbackQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Feedback stays between the two people of the mentorship."""
        if not signed_in(user):
            return self.none()
        return self.filter(party_q(user))

    def received_by(self, user):
        """Feedback given to `user`: to the mentee if they are the mentee, else to the mentor."""
        return self.visible_to(user).filter(
            Q(direction=Direction.TO_MENTEE, mentee=user)
            | Q(direction=Direction.TO_MENTOR, mentorship__mentor=user)
        )

    def not_acted_on(self, days: int = ACT_WITHIN_DAYS):
        """Feedback with nothing done after `days` days."""
        return self.filter(
            acted_at__isnull=True,
            created_at__lt=timezone.now() - timedelta(days=days),
        ).exclude(direction=Direction.SELF)


class Feedback(models.Model):
    """A response: feedback given by one side to the other, or a mentor's self-rating."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="feedback")
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(
        FeedbackRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_given"
    )
    direction = models.CharField(max_length=20, choices=Direction.choices)
    topic = models.CharField(max_length=20, choices=Topic.choices, default=Topic.OTHER)
    text = models.TextField("feedback", blank=True)
    instrument = models.CharField(max_length=60, blank=True)
    instrument_version = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    acted_at = models.DateTimeField("acted on", null=True, blank=True)
    acted_note = models.TextField("what was done", blank=True)
    action_items = models.ManyToManyField(
        "meetings.ActionItem", blank=True, related_name="feedback"
    )
    goals = models.ManyToManyField("plans.Goal", blank=True, related_name="feedback")

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "feedback"
        indexes = [models.Index(fields=["mentee", "direction", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} ({self.created_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("feedback:feedback", args=[self.pk])

    @property
    def receiver_id(self) -> int | None:
        if self.direction == Direction.TO_MENTEE:
            return self.mentee_id
        return self.mentorship.mentor_id

    @property
    def has_ratings(self) -> bool:
        return bool(self.instrument)


class Rating(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="ratings")
    item = models.CharField(max_length=60)
    domain = models.CharField(max_length=60)
    value = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["feedback", "item"], name="feedback_one_rating_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.value}"


# --- Anonymous program evaluations --------------------------------------------------------


class EvaluationWindowQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Directors of the program, its mentees, and mentors of its mentees (to read their
        own released results)."""
        if not signed_in(user):
            return self.none()
        from mentorkit.programs.models import Enrollment

        mentored = mentees_ever_mentored_by(user)
        programs = Enrollment.objects.filter(mentee_id__in=mentored).values("program_id")
        return self.filter(
            Q(program__directors=user)
            | Q(program__enrollments__mentee=user)
            | Q(program_id__in=programs)
        ).distinct()

    def directed_by(self, user):
        if not signed_in(user):
            return self.none()
        return self.filter(program__directors=user)

    def for_mentee(self, user):
        """Windows of programs the user is enrolled in."""
        if not signed_in(user):
            return self.none()
        return self.filter(program__enrollments__mentee=user).distinct()

    def open_on(self, day):
        return self.filter(opens_on__lte=day, closes_on__gte=day, closed_early_on__isnull=True)

    def closed_on(self, day):
        return self.filter(Q(closes_on__lt=day) | Q(closed_early_on__lte=day))


class EvaluationWindow(models.Model):
    """A period in which a program's mentees evaluate their mentors anonymously."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="evaluation_windows"
    )
    title = models.CharField(max_length=200)
    instrument = models.CharField(max_length=60)
    opens_on = models.DateField()
    closes_on = models.DateField()
    closed_early_on = models.DateField(null=True, blank=True)
    threshold = models.PositiveSmallIntegerField(
        "minimum responses to show results",
        help_text="Results per mentor appear only from this many responses (never fewer than 3).",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = EvaluationWindowQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(threshold__gte=3), name="feedback_threshold_3"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="feedback_window_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("feedback:window", args=[self.pk])

    def mentors(self):
        """Mentors with a mentorship (active or ended) with a mentee enrolled in the program."""
        from django.contrib.auth import get_user_model

        mentee_ids = self.program.enrollments.values("mentee_id")
        return (
            get_user_model()
            .objects.filter(
                pk__in=Mentorship.objects.filter(
                    mentee_id__in=mentee_ids, mentor__isnull=False
                ).values("mentor_id")
            )
            .order_by("name", "id")
        )

    def is_director(self, user) -> bool:
        return self.program.directors.filter(pk=user.pk).exists()

    @property
    def ends_on(self):
        return self.closed_early_on or self.closes_on

    def is_open(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.closed_early_on is None and self.opens_on <= day <= self.closes_on

    def is_closed(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.ends_on < day or (
            self.closed_early_on is not None and self.closed_early_on <= day
        )


class EvaluationParticipation(models.Model):
    """That a mentee evaluated a mentor in a window — kept apart from what they said, only to
    refuse a second submission. No time is kept; never shown to mentors."""

    window = models.ForeignKey(
        EvaluationWindow, on_delete=models.CASCADE, related_name="participations"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["window", "evaluator", "mentor"], name="feedback_one_evaluation_each"
            )
        ]

    def __str__(self) -> str:
        return f"Took part in {self.window}"


class EvaluationResponse(models.Model):
    """What was said about a mentor: no evaluator, no time finer than the window, and a
    random key so the order of submission cannot be read from it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    window = models.ForeignKey(EvaluationWindow, on_delete=models.CASCADE, related_name="responses")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"An anonymous response in {self.window}"


class EvaluationRating(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        EvaluationResponse, on_delete=models.CASCADE, related_name="ratings"
    )
    item = models.CharField(max_length=60)
    domain = models.CharField(max_length=60)
    value = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.item}: {self.value}"
