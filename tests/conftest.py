"""Named people for every role, as in the access table of the design.

- mentee_a: owns a workspace; mentor_a is their active mentor (co-primary),
  former_mentor once mentored them (ended); mentee_b is another mentee with
  their own mentor (unrelated_mentor); director directs a program in which
  mentee_a is enrolled; staff is a site administrator.
"""

from __future__ import annotations

from functools import cache

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from mentorkit.accounts.models import User
from mentorkit.programs.models import Enrollment, Program
from mentorkit.teams.models import Mentorship, MentorshipStatus, Role

PASSWORD = "correct horse battery staple"


@cache
def password_hash() -> str:
    # Argon2 is slow on purpose; hash the shared test password once.
    return make_password(PASSWORD)


def make_user(email: str, **fields) -> User:
    fields.setdefault("name", email.split("@")[0].replace("_", " ").title())
    return User.objects.create(email=email, password=password_hash(), **fields)


def make_mentorship(
    mentee, mentor, *, role=Role.RESEARCH, status=MentorshipStatus.ACTIVE, **fields
):
    return Mentorship.objects.create(
        mentee=mentee,
        mentor=mentor,
        invited_email=mentor.email,
        role=role,
        status=status,
        started_on=fields.pop("started_on", timezone.localdate()),
        **fields,
    )


def proposed_for_next_meeting(mentee, viewer, days_ahead: int = 7) -> dict:
    """The agenda a meeting of `mentee` in `days_ahead` days proposes to `viewer`, by source."""
    from datetime import timedelta

    from mentorkit.meetings.agenda import proposed
    from mentorkit.meetings.models import Meeting, Series

    starts = timezone.now() + timedelta(days=days_ahead)
    series = Series.objects.create(
        mentee=mentee, title="Weekly", first_start=starts, rule="FREQ=WEEKLY"
    )
    meeting = Meeting.objects.create(
        series=series, mentee=mentee, original_start=starts, starts_at=starts
    )
    return dict(proposed(meeting, viewer))


@pytest.fixture
def mentee_a(db):
    return make_user("mentee_a@example.org", career_stage="fellow", discipline="Cardiology")


@pytest.fixture
def mentee_b(db):
    return make_user("mentee_b@example.org", career_stage="fellow", discipline="Oncology")


@pytest.fixture
def mentor_a(mentee_a):
    mentor = make_user(
        "mentor_a@example.org", discipline="Biostatistics", expertise="biostatistics, trial design"
    )
    make_mentorship(mentee_a, mentor, role=Role.CO_PRIMARY, discipline="Biostatistics")
    return mentor


@pytest.fixture
def former_mentor(mentee_a):
    mentor = make_user("former_mentor@example.org", discipline="Epidemiology")
    make_mentorship(mentee_a, mentor, status=MentorshipStatus.ENDED, ended_on=timezone.localdate())
    return mentor


@pytest.fixture
def unrelated_mentor(mentee_b):
    mentor = make_user("unrelated_mentor@example.org", discipline="Surgery")
    make_mentorship(mentee_b, mentor, role=Role.PRIMARY)
    return mentor


@pytest.fixture
def program(mentee_a):
    program = Program.objects.create(name="Clinical Scholars K12", kind="k12")
    Enrollment.objects.create(program=program, mentee=mentee_a, cohort_year=2025)
    return program


@pytest.fixture
def director(program):
    director = make_user("director@example.org", career_stage="senior_faculty")
    program.directors.add(director)
    return director


@pytest.fixture
def staff(db):
    return make_user("staff@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def everyone(mentee_a, mentee_b, mentor_a, former_mentor, unrelated_mentor, director, staff):
    """All named users, so a test can walk every role."""
    return {
        "mentee_a": mentee_a,
        "mentee_b": mentee_b,
        "mentor_a": mentor_a,
        "former_mentor": former_mentor,
        "unrelated_mentor": unrelated_mentor,
        "director": director,
        "staff": staff,
    }
