"""Who sees a mentee's records: the building blocks every app's `visible_to` composes.

- the mentee sees all of their own records;
- a mentor sees records marked `team` or `program` while their mentorship
  with the mentee is active ("actively mentors", `actively_mentoring`);
- a program director sees records marked `program` of mentees enrolled in a
  program they direct (`mentees_directed_by`).

This module imports no app's models (they are looked up by name when a query
is built), so every app may import it without a cycle.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.db.models import Q

from mentorkit.teams.choices import PRIMARY_ROLES, MentorshipStatus


class Visibility(models.TextChoices):
    PRIVATE = "private", "Private (only me)"
    TEAM = "team", "My mentoring team"
    PROGRAM = "program", "Team and program directors"


SHARED_WITH_TEAM = (Visibility.TEAM, Visibility.PROGRAM)


def signed_in(user) -> bool:
    return user is not None and user.is_authenticated


def actively_mentoring(user, via: str = "") -> Q:
    """Mentorships, reached through `via` ("" for Mentorship itself), in which `user`
    actively mentors: they are the mentor, and the mentorship is active."""
    prefix = f"{via}__" if via else ""
    return Q(**{f"{prefix}mentor": user, f"{prefix}status": MentorshipStatus.ACTIVE})


def active_mentorships(user, *, primary_only: bool = False):
    """The mentorships in which `user` actively mentors."""
    mentorships = apps.get_model("teams", "Mentorship").objects.filter(actively_mentoring(user))
    return mentorships.filter(role__in=PRIMARY_ROLES) if primary_only else mentorships


def mentees_mentored_by(user, *, primary_only: bool = False):
    """Ids of the mentees `user` actively mentors, as a subquery."""
    return active_mentorships(user, primary_only=primary_only).values("mentee_id")


def mentees_ever_mentored_by(user):
    """Ids of the mentees `user` mentors or once mentored (an invitation they accepted)."""
    return apps.get_model("teams", "Mentorship").objects.filter(mentor=user).values("mentee_id")


def mentees_directed_by(user):
    """Ids of the mentees enrolled in programs `user` directs, as a subquery."""
    enrollments = apps.get_model("programs", "Enrollment").objects
    return enrollments.filter(program__directors=user).values("mentee_id")


def party_q(user, via: str = "mentorship") -> Q:
    """Records of one mentorship: its mentee, and its mentor while they actively mentor."""
    return Q(**{f"{via}__mentee": user}) | actively_mentoring(user, via)


def team_q(user, mentee_field: str = "mentee") -> Q:
    """Records of the whole team with no visibility of their own: the mentee and active mentors."""
    return Q(**{mentee_field: user}) | Q(**{f"{mentee_field}_id__in": mentees_mentored_by(user)})


def visibility_q(user, mentee_field: str = "mentee") -> Q:
    """Records with a `visibility` field, owned through `mentee_field`."""
    if not signed_in(user):
        return Q(pk__in=[])
    return (
        Q(**{mentee_field: user})
        | Q(
            visibility__in=SHARED_WITH_TEAM,
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
        if not signed_in(user):
            return self.none()
        return self.filter(**{self.mentee_field: user})
