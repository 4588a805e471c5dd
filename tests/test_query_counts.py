"""Each page costs the same number of queries whatever the amount of data.

Every test requests a page on a small world, grows the world tenfold (more
mentors, mentees, needs with coverage, insights, agreements with revisions and
acknowledgements, enrollments) and requests it again: both counts must equal the
number pinned in the test, so an N+1 fails here and any change is a visible edit.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentorkit.programs.models import Enrollment, Program, ProgramInvitation
from mentorkit.teams.models import (
    Acknowledgement,
    Agreement,
    AgreementRevision,
    Insight,
    MentorNote,
    Mentorship,
    MentorshipStatus,
    Need,
    Priority,
    Role,
)
from mentorkit.visibility import Visibility
from tests.conftest import make_mentorship, make_user

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 20  # units of data; the large world is ten times the small one
ROLES = [Role.RESEARCH, Role.METHODS, Role.CLINICAL, Role.CAREER, Role.PEER, Role.SPONSOR]
DISCIPLINES = ["Epidemiology", "Cardiology", "Health economics", "Nursing", "Genetics"]

serial = count(1)


def make_agreement(mentee, mentorship=None, *, parties=(), overdue=False, versions=3):
    """An agreement revised `versions` times, acknowledged by `parties` at various versions."""
    today = timezone.localdate()
    agreement = Agreement.objects.create(
        mentee=mentee,
        mentorship=mentorship,
        channels=["email", "video"],
        next_review_on=today - timedelta(days=10) if overdue else today + timedelta(days=90),
        version=versions,
    )
    for version in range(1, versions + 1):
        AgreementRevision.objects.create(
            agreement=agreement, version=version, changed_by=mentee, changes={"Cadence": ["a", "b"]}
        )
    for i, person in enumerate((mentee, *parties)):
        # Some acknowledged the current version, others an older one.
        version = versions if i % 2 == 0 else versions - 1
        Acknowledgement.objects.create(agreement=agreement, user=person, version=version)
    return agreement


def make_needs(mentee, mentorships, n: int):
    for i in range(n):
        need = Need.objects.create(
            mentee=mentee,
            name=f"Need {next(serial)}",
            priority=[Priority.HIGH, Priority.MEDIUM, Priority.LOW][i % 3],
            visibility=[Visibility.TEAM, Visibility.PROGRAM, Visibility.PRIVATE][i % 3],
        )
        need.covered_by.add(*mentorships[: 1 + i % 3])


def make_insights(mentee, mentorships, n: int):
    for i in range(n):
        Insight.objects.create(
            mentee=mentee,
            source=mentorships[i % len(mentorships)],
            text=f"Insight {next(serial)}",
            visibility=[Visibility.TEAM, Visibility.PRIVATE, Visibility.PROGRAM][i % 3],
            shared_with_primary_at=timezone.now() if i % 2 else None,
        )


def make_mentee_with_a_team(mentor, program=None):
    """A mentee whose team includes `mentor`, with needs, insights, agreements, an enrollment."""
    mentee = make_user(f"mentee{next(serial)}@example.org", career_stage="postdoc")
    colleague = make_user(f"colleague{next(serial)}@example.org", discipline="Genetics")
    team = [
        make_mentorship(mentee, mentor, role=Role.PRIMARY),
        make_mentorship(mentee, colleague, role=Role.METHODS),
    ]
    make_needs(mentee, team, 3)
    make_insights(mentee, team, 3)
    make_agreement(mentee, parties=[mentor, colleague])
    make_agreement(mentee, team[1], parties=[colleague], overdue=True)
    if program is not None:
        Enrollment.objects.create(program=program, mentee=mentee, cohort_year=2024)
    return mentee


def grow(world, units: int):
    """Add `units` of data around each named person."""
    mentee_a, mentor_a, director, program = (
        world["mentee_a"],
        world["mentor_a"],
        world["director"],
        world["program"],
    )
    mine = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
    for _ in range(units):
        n = next(serial)
        # mentee_a: another mentor (and an invitation and an ended mentorship) ...
        mentor = make_user(f"mentor{n}@example.org", discipline=DISCIPLINES[n % len(DISCIPLINES)])
        mentorship = make_mentorship(mentee_a, mentor, role=ROLES[n % len(ROLES)])
        make_mentorship(
            mentee_a,
            make_user(f"ended{n}@example.org"),
            status=MentorshipStatus.ENDED,
            ended_on=timezone.localdate(),
        )
        invited = Mentorship(mentee=mentee_a, invited_email=f"invited{n}@example.org")
        invited.issue_token()
        invited.save()
        # ... needs they cover, insights they gave, an agreement with them, another program.
        make_needs(mentee_a, [mine, mentorship], 2)
        make_insights(mentee_a, [mine, mentorship], 2)
        make_agreement(mentee_a, mentorship, parties=[mentor], overdue=n % 2 == 0)
        other = Program.objects.create(name=f"Program {n}")
        other.directors.add(director)
        Enrollment.objects.create(program=other, mentee=mentee_a, cohort_year=2025)
        MentorNote.objects.create(mentorship=mine, author=mentor_a, body=f"Note {n}")
        # mentor_a: another mentee; the program: another mentee and an invitation.
        make_mentee_with_a_team(mentor_a)
        make_mentee_with_a_team(mentor, program=program)
        invitation = ProgramInvitation(
            program=program,
            invited_email=f"scholar{n}@example.org",
            cohort_year=2025,
            invited_by=director,
        )
        invitation.issue_token()
        invitation.save()


@pytest.fixture
def world(everyone, program):
    mentee_a, mentor_a = everyone["mentee_a"], everyone["mentor_a"]
    mine = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
    make_agreement(mentee_a, parties=[mentor_a])
    make_needs(mentee_a, [mine], 1)
    return {**everyone, "program": program}


@pytest.fixture
def queries_of(client, world):
    """Queries of GET `path` as `who`, on the small world and on the large one: (small, large)."""

    def measure(who: str, path) -> tuple[int, int]:
        client.force_login(world[who])
        url = path(world) if callable(path) else path
        counts = []
        for units in (SMALL, LARGE - SMALL):
            grow(world, units)
            client.get(url)  # warm what is cached per process (content types, templates)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200
            counts.append(len(queries))
        return counts[0], counts[1]

    return measure


def assert_queries(measured: tuple[int, int], pinned: int):
    small, large = measured
    assert (small, large) == (pinned, pinned), (
        f"{small} queries on the small world, {large} on the tenfold one; pinned: {pinned}"
    )


def mentoring_url(world) -> str:
    mine = Mentorship.objects.get(mentee=world["mentee_a"], mentor=world["mentor_a"])
    return f"/mentoring/{mine.pk}/"


def program_url(world) -> str:
    return f"/programs/{world['program'].pk}/"


# Every signed-in page starts with the session and the user, and base.html asks
# whether the user directs a program (3 queries). Relationship health costs 5 per
# page that shows it, whatever the number of mentees.


def test_home_as_mentee(queries_of):
    # roles (mentoring, programs, as mentee), health, overdue agreements, to acknowledge + their acks
    assert_queries(queries_of("mentee_a", "/"), 14)


def test_home_as_mentor_of_many_mentees(queries_of):
    # the same, with one health table for all their mentees
    assert_queries(queries_of("mentor_a", "/"), 14)


def test_home_as_program_director(queries_of):
    # roles, programs directed, agreements to acknowledge (none): no health
    assert_queries(queries_of("director", "/"), 8)


def test_team_page(queries_of):
    # mentorships with mentors, needs + their coverage, recent insights with their source
    assert_queries(queries_of("mentee_a", "/team/"), 7)


def test_mentors_view_of_a_mentee(queries_of):
    # mentorship, team, health, programs, needs + coverage, insights, agreements, own notes
    assert_queries(queries_of("mentor_a", mentoring_url), 16)


def test_program_dashboard(queries_of):
    # program, enrollments with mentees, health, needs marked for the program, invitations
    assert_queries(queries_of("director", program_url), 12)


def test_agreements_as_mentee(queries_of):
    # own agreements, whether another can be written, agreements as a mentor
    assert_queries(queries_of("mentee_a", "/agreements/"), 6)


def test_agreements_as_mentor_of_many_mentees(queries_of):
    assert_queries(queries_of("mentor_a", "/agreements/"), 6)
