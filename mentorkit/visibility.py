"""Who sees a mentee's records: the one rule every app's querysets share.

- the mentee sees all of their own records;
- a mentor sees records marked `team` or `program` while their mentorship
  with the mentee is active;
- a program director sees records marked `program` of mentees enrolled in a
  program they direct.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Visibility(models.TextChoices):
    PRIVATE = "private", "Private (only me)"
    TEAM = "team", "My mentoring team"
    PROGRAM = "program", "Team and program directors"


def mentees_mentored_by(user):
    """Ids of the mentees this user actively mentors, as a subquery."""
    from mentorkit.teams.models import Mentorship

    return Mentorship.objects.active().filter(mentor=user).values("mentee_id")


def mentees_directed_by(user):
    """Ids of the mentees enrolled in programs this user directs, as a subquery."""
    from mentorkit.programs.models import Enrollment

    return Enrollment.objects.filter(program__directors=user).values("mentee_id")


def visibility_q(user, mentee_field: str = "mentee") -> Q:
    """The filter for records with a `visibility` field owned through `mentee_field`."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    return (
        Q(**{mentee_field: user})
        | Q(
            visibility__in=[Visibility.TEAM, Visibility.PROGRAM],
            **{f"{mentee_field}_id__in": mentees_mentored_by(user)},
        )
        | Q(visibility=Visibility.PROGRAM, **{f"{mentee_field}_id__in": mentees_directed_by(user)})
    )


class VisibleQuerySet(models.QuerySet):
    """A queryset of mentee-owned records that carry a visibility."""

    mentee_field = "mentee"

    def visible_to(self, user):
        return self.filter(visibility_q(user, self.mentee_field))

    def owned_by(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(**{self.mentee_field: user})
