"""A scholar's mentoring committee (scholarship oversight): its members with their roles, a
non-mentor chair, its meetings and each member's written assessment after one.

Who sees a committee's meetings, packets and assessments: the scholar, the committee's
members and the program's directors (`CommitteeMeeting.objects.visible_to`); its
administrators arrange the committee and its meetings (`run_by`) without reading them.
The packet shows only what the scholar marked for the program (see `committees.packet`).
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from mentorkit.programs.models import Program
from mentorkit.teams.models import Mentorship, MentorshipStatus
from mentorkit.visibility import signed_in

from ..choices import CommitteeRole, Progress
from .grants import programs_run_by
from .trainees import TraineeRecord

DUE_SOON_DAYS = 30  # a meeting is "due" this long before it is overdue


def mentors_of(trainee_id):
    """Everyone who mentors or mentored the scholar (an invitation they accepted)."""
    return Mentorship.objects.filter(
        mentee_id=trainee_id,
        mentor__isnull=False,
        status__in=(MentorshipStatus.ACTIVE, MentorshipStatus.PAUSED, MentorshipStatus.ENDED),
    ).values("mentor_id")


class CommitteeQuerySet(models.QuerySet["Committee"]):
    def run_by(self, user):
        if not signed_in(user):
            return self.none()
        return self.filter(record__program__in=programs_run_by(user))


class Committee(models.Model):
    """A scholar's mentoring committee in a program: it meets once or twice a year."""

    record = models.OneToOneField(TraineeRecord, on_delete=models.CASCADE, related_name="committee")
    meets_every_months = models.PositiveSmallIntegerField(
        "meets every (months)",
        default=6,
        validators=[MinValueValidator(3), MaxValueValidator(12)],
        help_text="6 for twice a year, 12 for once.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommitteeQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Committee of {self.record.trainee}"

    def next_due(self, last_held: date | None) -> date:
        """When the next meeting is due: an interval after the last, or after entry."""
        since = last_held or self.record.entered_on
        return since + relativedelta(months=self.meets_every_months)


class CommitteeMember(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="committee_seats"
    )
    role = models.CharField(max_length=8, choices=CommitteeRole.choices)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "person"], name="one_seat_per_person"),
            models.UniqueConstraint(
                fields=["committee"], condition=Q(role="chair"), name="one_chair_per_committee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display().lower()})"

    def clean(self) -> None:
        if not (self.committee_id and self.person_id):
            return
        trainee_id = self.committee.record.trainee_id
        name = self.person.display_name
        if self.person_id == trainee_id:
            raise ValidationError({"person": "The scholar is not a member of their committee."})
        mentors = set(mentors_of(trainee_id).values_list("mentor_id", flat=True))
        if self.role == CommitteeRole.CHAIR and self.person_id in mentors:
            raise ValidationError(
                {"role": f"{name} mentors the scholar: the chair is someone who does not."}
            )
        if self.role == CommitteeRole.MENTOR and self.person_id not in mentors:
            raise ValidationError({"role": f"{name} is not on the scholar's team."})
        others = CommitteeMember.objects.filter(committee_id=self.committee_id).exclude(pk=self.pk)
        if self.role == CommitteeRole.CHAIR and others.filter(role=CommitteeRole.CHAIR).exists():
            raise ValidationError({"role": "The committee has its chair already."})
        if others.filter(person_id=self.person_id).exists():
            raise ValidationError({"person": f"{name} is on the committee already."})


class CommitteeMeetingQuerySet(models.QuerySet["CommitteeMeeting"]):
    def visible_to(self, user):
        """The scholar's, those of committees `user` sits on, and those of programs `user`
        directs (not only administers: the packet holds what was marked for the program)."""
        if not signed_in(user):
            return self.none()
        directed = Program.objects.directed_by(user).values("pk")
        return self.filter(
            Q(committee__record__trainee=user)
            | Q(committee__members__person=user)
            | Q(committee__record__program__in=directed)
        ).distinct()


class CommitteeMeeting(models.Model):
    """One meeting of a committee: its packet is assembled for it; afterwards each member
    writes an assessment and the chair a summary for the program director."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("date")
    summary = models.TextField(
        "summary for the program director",
        blank=True,
        help_text="The committee's view in a few paragraphs: written by the chair after the "
        "members' assessments.",
    )
    recommendations = models.TextField(blank=True)
    summarized_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommitteeMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "held_on"], name="one_meeting_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.committee} on {self.held_on:%d %b %Y}"

    @property
    def is_past(self) -> bool:
        return self.held_on <= timezone.localdate()

    def clean(self) -> None:
        clash = CommitteeMeeting.objects.filter(
            committee_id=self.committee_id, held_on=self.held_on
        ).exclude(pk=self.pk)
        if self.committee_id and self.held_on and clash.exists():
            raise ValidationError({"held_on": "The committee meets that day already."})


class Assessment(models.Model):
    """A member's written assessment after a meeting: progress in four domains, in words."""

    meeting = models.ForeignKey(
        CommitteeMeeting, on_delete=models.CASCADE, related_name="assessments"
    )
    member = models.ForeignKey(
        CommitteeMember, on_delete=models.CASCADE, related_name="assessments"
    )
    independence = models.CharField(
        "progress towards independence", max_length=8, choices=Progress.choices
    )
    scholarship = models.CharField(
        "scholarship (papers, grants, presentations)", max_length=8, choices=Progress.choices
    )
    research_management = models.CharField(
        "research management (team, budget, timelines)", max_length=8, choices=Progress.choices
    )
    collaboration = models.CharField(
        "collaboration and networking", max_length=8, choices=Progress.choices
    )
    comments = models.TextField(
        help_text="What went well since the last meeting, what worries you, what you advise."
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["member__pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_assessment_each")
        ]

    def __str__(self) -> str:
        return f"{self.member.person} on {self.meeting}"

    DOMAINS = ("independence", "scholarship", "research_management", "collaboration")

    def ratings(self) -> list[tuple[str, str, str]]:
        """(domain, value, the value in words) for each of the four domains, in order."""
        return [(d, getattr(self, d), Progress(getattr(self, d)).label) for d in self.DOMAINS]
