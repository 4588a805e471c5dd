"""The mentoring team (practice 6) and its written agreement (practice 1)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mentorkit.accounts.models import Invitation, InvitationQuerySet
from mentorkit.visibility import (
    Visibility,
    VisibleQuerySet,
    actively_mentoring,
    mentees_mentored_by,
    signed_in,
    visibility_q,
)

from .choices import (
    OPEN_STATUSES,
    PRIMARY_ROLES,
    PUBLIC_END_REASONS,
    EndReason,
    MentorshipStatus,
    Role,
)

__all__ = [  # re-exported
    "OPEN_STATUSES",
    "PRIMARY_ROLES",
    "PUBLIC_END_REASONS",
    "EndReason",
    "MentorshipStatus",
    "Role",
]


class MentorshipQuerySet(InvitationQuerySet):
    def active(self):
        return self.filter(status=MentorshipStatus.ACTIVE)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def visible_to(self, user):
        """The mentee sees all their mentorships; a mentor sees their own unless declined."""
        if not signed_in(user):
            return self.none()
        return self.filter(
            Q(mentee=user) | Q(mentor=user, status__in=OPEN_STATUSES + (MentorshipStatus.ENDED,))
        )

    def with_last_met(self):
        """Each mentorship with `last_met`: the start of its latest meeting held or written up
        (of a series it takes part in), for "last met … days ago" on both members' pages."""
        from django.db.models import OuterRef, Subquery

        from mentorkit.meetings.models import Meeting

        met = (
            Meeting.objects.filter(
                series__mentorships=OuterRef("pk"), starts_at__lte=timezone.now()
            )
            .held_or_recorded()
            .order_by("-starts_at")
            .values("starts_at")[:1]
        )
        return self.annotate(last_met=Subquery(met))

    def of_mentor(self, user):
        """Active mentorships in which `user` is the mentor: what a mentor may open."""
        if not signed_in(user):
            return self.none()
        return self.filter(actively_mentoring(user))


class Mentorship(Invitation):
    """One mentor on one mentee's team, from invitation to the end."""

    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships_as_mentee"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentorships_as_mentor",
        null=True,
        blank=True,
    )
    invited_email = models.EmailField("mentor's e-mail")
    invited_name = models.CharField("mentor's name", max_length=200, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.RESEARCH)
    discipline = models.CharField(max_length=120, blank=True)
    focus = models.CharField(max_length=300, blank=True, help_text="What this mentor helps with.")
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=14, choices=EndReason.choices, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=MentorshipStatus.choices, default=MentorshipStatus.INVITED
    )
    message = models.TextField(blank=True, help_text="A note to go with the invitation.")
    # A new mentor in the place of one whose mentorship ended: with the mentee's consent, they
    # take over that mentorship's agreement (as a draft to acknowledge) and its open actions.
    replaces = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by"
    )
    inherit_agreement = models.BooleanField(
        "start our agreement from the earlier one", default=False
    )
    inherit_actions = models.BooleanField(
        "hand the earlier mentor's open action items to the new mentor", default=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        ordering = ["status", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "mentor"],
                condition=Q(status__in=["invited", "active", "paused"]),
                name="one_open_mentorship_per_pair",
            ),
            models.UniqueConstraint(
                fields=["mentee", "invited_email"],
                condition=Q(status="invited"),
                name="one_pending_invitation_per_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor_name} ({self.get_role_display()}) for {self.mentee}"

    @property
    def mentor_name(self) -> str:
        if self.mentor_id and self.mentor is not None:
            return self.mentor.display_name
        return self.invited_name or self.invited_email

    @property
    def is_primary(self) -> bool:
        return self.role in PRIMARY_ROLES

    @property
    def effective_discipline(self) -> str:
        if self.discipline or self.mentor is None:
            return self.discipline
        return self.mentor.discipline

    def get_absolute_url(self) -> str:
        return reverse("teams:mentorship", args=[self.pk])

    @property
    def days_since_met(self) -> int | None:
        """Days since the last meeting held or written up; needs `with_last_met()`."""
        last = getattr(self, "last_met", None)
        if last is None:
            return None
        return (timezone.localdate() - timezone.localtime(last).date()).days


class Priority(models.IntegerChoices):
    HIGH = 1, "High"
    MEDIUM = 2, "Medium"
    LOW = 3, "Low"


class NeedQuerySet(VisibleQuerySet):
    pass


class Need(models.Model):
    """Something the mentee needs to develop, and which mentors cover it."""

    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="needs"
    )
    name = models.CharField(max_length=120)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.MEDIUM)
    notes = models.CharField(max_length=300, blank=True)
    covered_by = models.ManyToManyField(Mentorship, blank=True, related_name="needs_covered")
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.TEAM
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "name"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "name"], name="need_name_unique_per_mentee")
        ]

    def __str__(self) -> str:
        return self.name


class InsightQuerySet(VisibleQuerySet):
    def visible_to(self, user):
        """Besides the usual rule, active primary mentors see insights shared with them."""
        if not signed_in(user):
            return self.none()
        as_primary = mentees_mentored_by(user, primary_only=True)
        return self.filter(
            visibility_q(user) | Q(shared_with_primary_at__isnull=False, mentee_id__in=as_primary)
        )


class Insight(models.Model):
    """Something one mentor said that is worth keeping, and perhaps passing on."""

    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="insights"
    )
    source = models.ForeignKey(
        Mentorship,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="insights",
        verbose_name="from",
    )
    text = models.TextField()
    recorded_on = models.DateField(default=timezone.localdate)
    shared_with_primary_at = models.DateTimeField(null=True, blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )

    objects = InsightQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_on", "-id"]

    def __str__(self) -> str:
        return self.text[:60]


class MentorNoteQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A mentor's private notes: only that mentor, only while the mentorship is active."""
        if not signed_in(user):
            return self.none()
        return self.filter(Q(author=user) & actively_mentoring(user, "mentorship"))


class MentorNote(models.Model):
    """A note a mentor keeps on a mentorship; nobody else can read it."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="mentor_notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = MentorNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.body[:60]


# --- The agreement (practice 1) -------------------------------------------------


class Cadence(models.IntegerChoices):
    """How often to meet, as the number of days between meetings."""

    TWICE_WEEKLY = 3, "Twice a week or more"
    WEEKLY = 7, "Weekly"
    FORTNIGHTLY = 14, "Every two weeks"
    MONTHLY = 30, "Monthly"
    BIMONTHLY = 61, "Every two months"
    QUARTERLY = 91, "Quarterly"


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    CHAT = "chat", "Chat"
    PHONE = "phone", "Phone"
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"


class ResponseTime(models.IntegerChoices):
    """Expected time to answer, in hours."""

    SAME_DAY = 8, "The same working day"
    ONE_DAY = 24, "Within one working day"
    TWO_DAYS = 48, "Within two working days"
    ONE_WEEK = 168, "Within a week"


class FeedbackRhythm(models.TextChoices):
    EVERY_MEETING = "every_meeting", "At every meeting"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    TWICE_YEARLY = "twice_yearly", "Twice a year"
    YEARLY = "yearly", "Once a year"


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The mentee, and the active mentors it binds (the whole team for a team agreement)."""
        if not signed_in(user):
            return self.none()
        return self.filter(
            Q(mentee=user)
            | actively_mentoring(user, "mentorship")
            | Q(mentorship__isnull=True, mentee_id__in=mentees_mentored_by(user))
        )


class Agreement(models.Model):
    """How a mentee and their mentor(s) agree to work together. Acknowledged, not signed."""

    # The fields whose change asks every party to acknowledge again.
    TERMS = [
        "cadence",
        "meeting_minutes",
        "channels",
        "response_hours",
        "feedback_rhythm",
        "authorship",
        "confidentiality",
        "disagreements",
        "next_review_on",
    ]

    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agreements"
    )
    mentorship = models.OneToOneField(
        Mentorship,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agreement",
        help_text="Leave empty for one agreement with the whole team.",
    )
    cadence = models.PositiveSmallIntegerField(
        "we meet", choices=Cadence.choices, default=Cadence.FORTNIGHTLY
    )
    meeting_minutes = models.PositiveSmallIntegerField("meeting length (minutes)", default=60)
    channels = models.JSONField(default=list, blank=True)
    response_hours = models.PositiveSmallIntegerField(
        "we answer messages", choices=ResponseTime.choices, default=ResponseTime.TWO_DAYS
    )
    feedback_rhythm = models.CharField(
        "we exchange feedback",
        max_length=20,
        choices=FeedbackRhythm.choices,
        default=FeedbackRhythm.QUARTERLY,
    )
    authorship = models.TextField("authorship expectations", blank=True)
    confidentiality = models.TextField(blank=True)
    disagreements = models.TextField("how we raise and handle disagreements", blank=True)
    next_review_on = models.DateField("next review of this agreement")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["mentee", "mentorship_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(mentorship__isnull=True),
                name="one_team_agreement_per_mentee",
            )
        ]

    def __str__(self) -> str:
        return f"Agreement with {self.with_whom}"

    def get_absolute_url(self) -> str:
        return reverse("teams:agreement", args=[self.pk])

    @property
    def with_whom(self) -> str:
        return self.mentorship.mentor_name if self.mentorship is not None else "the whole team"

    def get_channels_display(self) -> str:
        labels = dict(Channel.choices)
        return ", ".join(labels.get(c, c) for c in self.channels) or "—"

    def parties(self) -> list:
        """The people who acknowledge this agreement: the mentee and the mentor(s) it binds."""
        if self.mentorship is not None:
            mentors = [self.mentorship.mentor] if self.mentorship.mentor is not None else []
        else:
            mentors = [
                m.mentor
                for m in self.mentee.mentorships_as_mentee.active().select_related("mentor")
            ]
        return [self.mentee, *mentors]

    def is_review_overdue(self, today=None) -> bool:
        return self.next_review_on < (today or timezone.localdate())

    def term_display(self, field: str) -> str:
        if field == "channels":
            return self.get_channels_display()
        display = getattr(self, f"get_{field}_display", None)
        value = display() if display else getattr(self, field)
        return "" if value is None else str(value)


class AgreementRevision(models.Model):
    """One change to an agreement: who, when, what changed (old and new) and why."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    changes = models.JSONField(default=dict, help_text="{term label: [before, after]}")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "version"], name="one_revision_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"Version {self.version} of {self.agreement_id}"


class Acknowledgement(models.Model):
    """A party saying "I have read this version and we work this way"."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["acknowledged_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "user", "version"], name="one_acknowledgement_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} acknowledged version {self.version}"
