"""The first day: a short list of first steps on the home page, each ticked from the data.

A mentee's steps lead to a working relationship (profile, a mentor, an agreement, a
meeting series, a plan); a mentor's to being findable and ready (profile and expertise,
capacity, a first mentee). The list can be dismissed, is gone once every step is done,
and is shown only in an account's first weeks.
All steps are read in one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

FIRST_DAYS = timedelta(days=60)  # the list is for newcomers; after this it stays away


@dataclass(frozen=True)
class Step:
    title: str
    why: str
    url: str
    action: str
    done: bool


def shown_until(user):
    """The end of the account's first weeks: the list is not shown after it."""
    return user.date_joined + FIRST_DAYS


def first_steps(user, roles) -> list[Step]:
    """The steps for this person's roles; empty when dismissed, when all are done, or once
    the account is past its first weeks."""
    if user.getting_started_dismissed_at is not None or not (roles.mentee or roles.mentor):
        return []
    if shown_until(user) < timezone.now():
        return []
    from mentorkit.accounts.models import User
    from mentorkit.meetings.models import Series
    from mentorkit.plans.models import Plan
    from mentorkit.teams.models import Agreement, Mentorship, MentorshipStatus

    mine = OuterRef("pk")
    facts = (
        User.objects.filter(pk=user.pk)
        .annotate(
            has_mentor=Exists(
                Mentorship.objects.filter(mentee=mine).exclude(status=MentorshipStatus.DECLINED)
            ),
            has_agreement=Exists(Agreement.objects.filter(mentee=mine)),
            has_series=Exists(Series.objects.filter(mentee=mine)),
            has_plan=Exists(Plan.objects.filter(mentee=mine)),
            has_mentee=Exists(Mentorship.objects.filter(mentor=mine)),
        )
        .values("has_mentor", "has_agreement", "has_series", "has_plan", "has_mentee")
        .get()
    )
    profile_done = user.profile_saved_at is not None
    steps = []
    if roles.mentee:
        steps += [
            Step(
                "Complete your profile",
                "Your time zone (so meetings show at your local time), career stage and field.",
                reverse("accounts:profile"),
                "Open your profile",
                profile_done,
            ),
            Step(
                "Invite your first mentor",
                "A team of several mentors across disciplines starts with one invitation.",
                reverse("teams:invite"),
                "Invite a mentor",
                facts["has_mentor"],
            ),
            Step(
                "Agree how you work",
                "How often you meet, how you reach each other, what each of you expects.",
                reverse("teams:agreement_create"),
                "Write an agreement",
                facts["has_agreement"],
            ),
            Step(
                "Schedule a meeting series",
                "Regular meetings, with a shared agenda and a record of what was agreed.",
                reverse("meetings:series_create"),
                "Schedule meetings",
                facts["has_series"],
            ),
            Step(
                "Start a plan from a template",
                "Goals you can measure, reviewed every few months: a K-award plan or an IDP.",
                reverse("plans:plan_create"),
                "Start a plan",
                facts["has_plan"],
            ),
        ]
    if roles.mentor:
        if not roles.mentee:  # one profile step for someone who is both
            steps.append(
                Step(
                    "Complete your profile and expertise",
                    "Mentees and programs look for mentors by field and expertise.",
                    reverse("accounts:profile"),
                    "Open your profile",
                    profile_done and bool(user.expertise.strip()),
                )
            )
        steps += [
            Step(
                "Say how many mentees you can take",
                "Programs see your load against what you can take, and ask before they add more.",
                reverse("accounts:profile") + "#as-mentor",
                "Set your capacity",
                user.mentee_capacity is not None,
            ),
            Step(
                "Accept your first invitation",
                "A mentee invites you by e-mail; their page appears under My mentees.",
                reverse("teams:mentees"),
                "See your mentees",
                facts["has_mentee"] or bool(roles.mentees),
            ),
        ]
    if all(step.done for step in steps):
        return []
    return steps
