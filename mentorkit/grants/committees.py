"""Committee meetings: the packet assembled for one, and which committees are due to meet.

The one home of both rules. The packet reads only what the scholar marked for the program
(visibility `program`): its committee's members who are not their mentors read it too, so
nothing shared with the team alone, and nothing private, may reach it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Min
from django.utils import timezone

from mentorkit.outcomes.models import Outcome, OutcomeResult
from mentorkit.plans.models import Goal, GoalReview, GoalRevision, PlanStatus
from mentorkit.visibility import Visibility

from .choices import CommitteeRole, TrainingStatus
from .models import CommitteeMeeting, TraineeRecord
from .models.committees import DUE_SOON_DAYS

GOALS_AHEAD_DAYS = 183  # goals due by the next meeting, half a year on


@dataclass
class Packet:
    """What the committee reads before a meeting, for the time since the last one."""

    since: date
    until: date
    decided: list[Outcome]  # the CV of successes and failures over the period
    pending: list[Outcome]
    revisions: list[GoalRevision]  # the plan's changes
    goals_due: list[Goal]
    reviews: int  # goal reviews recorded in the period

    @property
    def successes(self) -> list[Outcome]:
        return [o for o in self.decided if o.result == OutcomeResult.SUCCESS]

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.decided if o.result == OutcomeResult.FAILURE]


def previous_meeting(meeting: CommitteeMeeting) -> CommitteeMeeting | None:
    return (
        CommitteeMeeting.objects.filter(committee=meeting.committee_id, held_on__lt=meeting.held_on)
        .order_by("-held_on")
        .first()
    )


def packet(meeting: CommitteeMeeting) -> Packet:
    """The packet of `meeting`: from the previous meeting (else the scholar's entry) to it."""
    record = meeting.committee.record
    before = previous_meeting(meeting)
    since = before.held_on if before else record.entered_on
    until = meeting.held_on
    marked = Outcome.objects.filter(mentee_id=record.trainee_id, visibility=Visibility.PROGRAM)
    decided = list(
        marked.decided()
        .filter(decided_on__gt=since, decided_on__lte=until)
        .order_by("decided_on", "pk")
    )
    pending = list(
        marked.filter(result=OutcomeResult.PENDING, submitted_on__lte=until).order_by(
            "submitted_on", "pk"
        )
    )
    goals = Goal.objects.filter(
        mentee_id=record.trainee_id,
        visibility=Visibility.PROGRAM,
        plan__status=PlanStatus.ACTIVE,
    )
    revisions = list(
        GoalRevision.objects.filter(
            goal__in=goals, changed_at__date__gt=since, changed_at__date__lte=until
        )
        .select_related("goal")
        .order_by("changed_at", "pk")
    )
    due = goals.open().filter(due_on__lte=until + timedelta(days=GOALS_AHEAD_DAYS))
    reviews = GoalReview.objects.filter(
        goal__in=goals, reviewed_on__gt=since, reviewed_on__lte=until
    ).count()
    return Packet(since, until, decided, pending, revisions, list(due.order_by("due_on")), reviews)


@dataclass
class CommitteeStanding:
    """One scholar in training and their committee's rhythm, for the reports page."""

    record: TraineeRecord
    last_held: date | None = None
    next_planned: date | None = None
    due_on: date | None = None
    has_chair: bool = False
    members: int = 0
    assessments_missing: int = 0  # after the last meeting
    state: str = field(default="")  # "overdue", "due", "planned" or ""

    @property
    def name(self) -> str:
        return self.record.trainee.display_name


def standings(program, today: date | None = None) -> list[CommitteeStanding]:
    """Every scholar in training and their committee: whether its next meeting is overdue,
    due within a month or planned; those without a committee last (state "none"). In five
    queries whatever the number of scholars."""
    today = today or timezone.localdate()
    records = list(
        TraineeRecord.objects.filter(program=program, status=TrainingStatus.IN_TRAINING)
        .select_related("trainee", "committee")
        .prefetch_related("committee__members")
        .order_by("trainee__name", "pk")
    )
    ids = [r.committee.pk for r in records if hasattr(r, "committee")]
    meetings = CommitteeMeeting.objects.filter(committee_id__in=ids)
    past = meetings.filter(held_on__lte=today).values("committee_id", "held_on")
    last: dict[int, tuple[date, int]] = {}  # committee -> (last held, its assessments)
    for row in past.annotate(assessed=Count("assessments")).order_by("held_on"):
        last[row["committee_id"]] = (row["held_on"], row["assessed"])
    planned = dict(
        meetings.filter(held_on__gt=today)
        .values("committee_id")
        .annotate(first=Min("held_on"))
        .values_list("committee_id", "first")
    )
    out = []
    for record in records:
        committee = getattr(record, "committee", None)
        if committee is None:
            out.append(CommitteeStanding(record, state="none"))
            continue
        roles = [m.role for m in committee.members.all()]
        held, assessed = last.get(committee.pk, (None, 0))
        due = committee.next_due(held)
        standing = CommitteeStanding(
            record,
            last_held=held,
            next_planned=planned.get(committee.pk),
            due_on=due,
            has_chair=CommitteeRole.CHAIR in roles,
            members=len(roles),
            assessments_missing=max(len(roles) - assessed, 0) if held else 0,
        )
        if standing.next_planned:
            standing.state = "planned"
        elif due < today:
            standing.state = "overdue"
        elif due <= today + timedelta(days=DUE_SOON_DAYS):
            standing.state = "due"
        out.append(standing)
    order = {"overdue": 0, "due": 1, "planned": 2, "": 3, "none": 4}
    return sorted(out, key=lambda s: order[s.state])


def seat_of(meeting: CommitteeMeeting, user):
    """The member's seat on the meeting's committee, or None."""
    return next((m for m in meeting.committee.members.all() if m.person_id == user.pk), None)


def is_director(meeting: CommitteeMeeting, user) -> bool:
    """Whether `user` directs the scholar's program (they read the packet's links too)."""
    return meeting.committee.record.program.directors.filter(pk=user.pk).exists()
