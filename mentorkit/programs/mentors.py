"""The mentors of a program: who mentors its mentees, their load against what they can take,
and their last activity — when they last met a mentee, exchanged feedback, closed an action.

A mentor belongs to a program while they actively mentor one of its enrolled mentees, or
when the program counts them among its mentors (its mentor pool: invited to mentor in it,
or imported). Each
figure is a subquery on the mentor's row, so a page of mentors costs the same few queries
whatever the size of the program; the program sees dates and counts, never a record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone


@dataclass
class MentorRow:
    mentor: Any  # a User, with `load` and `last_met` annotated
    load: int  # active mentorships, in every program and none
    in_program: list[tuple[int, str]] = field(default_factory=list)  # (mentee id, name)
    last_met: datetime | None = None  # the last meeting held or recorded, with any mentee
    evaluation: Any = None  # the latest closed evaluation window's result (directors only)
    capacity_here: int | None = None  # what they take of this program's mentees, if they said

    @property
    def load_here(self) -> int:
        return len(self.in_program)

    @property
    def full_here(self) -> bool:
        return self.capacity_here is not None and self.load_here >= self.capacity_here

    @property
    def evaluation_mean(self) -> float | None:
        """The mean of the domains' averages, when the window released them."""
        if self.evaluation is None or not self.evaluation.shown or not self.evaluation.domains:
            return None
        values = [value for _name, value in self.evaluation.domains]
        return round(sum(values) / len(values), 1)

    @property
    def capacity(self):
        return self.mentor.mentee_capacity

    @property
    def over_capacity(self) -> bool:
        return self.capacity is not None and self.load > self.capacity

    @property
    def days_since_met(self) -> int | None:
        if self.last_met is None:
            return None
        return (timezone.localdate() - timezone.localtime(self.last_met).date()).days

    @property
    def days_since_feedback(self) -> int | None:
        """Since feedback last went either way in one of the mentor's mentorships."""
        last = getattr(self.mentor, "last_feedback", None)
        return None if last is None else (timezone.localdate() - timezone.localdate(last)).days

    @property
    def days_since_action_closed(self) -> int | None:
        """Since the mentor last closed an action item they owned."""
        last = getattr(self.mentor, "last_action_closed", None)
        return None if last is None else (timezone.localdate() - last).days


def mentors_of(program):
    """The program's mentors as a queryset of users, with `load` and `last_met` annotated."""
    from mentorkit.accounts.models import User
    from mentorkit.meetings.models import Meeting
    from mentorkit.teams.models import Mentorship, MentorshipStatus

    active = Mentorship.objects.filter(mentor=OuterRef("pk"), status=MentorshipStatus.ACTIVE)
    in_program = active.filter(mentee__enrollments__program=program)
    load = (
        active.order_by().values("mentor").annotate(n=Count("pk")).values("n")[:1]
    )  # one row: the count
    met = (
        Meeting.objects.filter(
            series__mentorships__mentor=OuterRef("pk"), starts_at__lte=timezone.now()
        )
        .held_or_recorded()
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    from mentorkit.feedback.models import Feedback
    from mentorkit.meetings.models import ActionItem, ActionStatus

    feedback = (
        Feedback.objects.filter(mentorship__mentor=OuterRef("pk"))
        .exclude(direction="self")
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    closed = (
        ActionItem.objects.filter(owner=OuterRef("pk"), status=ActionStatus.DONE)
        .exclude(closed_on=None)
        .order_by("-closed_on")
        .values("closed_on")[:1]
    )
    from .models import Program

    pooled = Program.mentor_pool.through.objects.filter(program=program, user=OuterRef("pk"))
    return (
        User.objects.filter(Exists(in_program) | Exists(pooled))
        .annotate(
            load=Coalesce(Subquery(load, output_field=IntegerField()), 0),
            last_met=Subquery(met),
            last_feedback=Subquery(feedback),
            last_action_closed=Subquery(closed),
        )
        .order_by("name", "email", "pk")
    )


def rows_for(program, mentors) -> list[MentorRow]:
    """A row per mentor of `mentors` (a page of `mentors_of`), with their mentees in the
    program named and what they take of its mentees, in two more queries."""
    from mentorkit.teams.models import Mentorship

    from .models import ProgramCapacity

    rows = {m.pk: MentorRow(m, m.load, [], m.last_met) for m in mentors}
    for mentor_id, capacity in ProgramCapacity.objects.filter(
        program=program, mentor_id__in=rows
    ).values_list("mentor_id", "capacity"):
        rows[mentor_id].capacity_here = capacity
    for mentor_id, mentee_id, name, email in (
        Mentorship.objects.active()
        .filter(mentor_id__in=rows, mentee__enrollments__program=program)
        .order_by("mentee__name", "pk")
        .values_list("mentor_id", "mentee_id", "mentee__name", "mentee__email")
    ):
        rows[mentor_id].in_program.append((mentee_id, name or email))
    return list(rows.values())
