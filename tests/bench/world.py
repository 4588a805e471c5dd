"""The bench's world: the scale, the throw-away database and the people, seeded in bulk."""

from __future__ import annotations

import argparse
import resource
import sys
from dataclasses import dataclass
from datetime import timedelta

BENCH_DATABASE = "mentorkit_bench"
SMALL_PROGRAM = 40
NEED_NAMES = [
    "Biostatistics",
    "Grant writing",
    "Trial design",
    "Leadership",
    "Scientific writing",
    "Qualitative methods",
    "Teaching",
    "Work–life integration",
]
DISCIPLINES = [
    "Cardiology",
    "Biostatistics",
    "Epidemiology",
    "Oncology",
    "Health services research",
    "Nursing",
    "Genetics",
    "Health economics",
]


@dataclass(frozen=True)
class Scale:
    mentees: int = 2000
    mentors: int = 600
    mentorships_per_mentee: int = 4
    needs_per_mentee: int = 5
    insights_per_mentee: int = 2
    program_mentees: int = 400
    busy_mentor_mentees: int = 25
    meetings_per_mentee: int = 40
    # The feed's user: in this many series with this many past meetings in all (not scaled).
    feed_series: int = 10
    feed_past_meetings: int = 2000

    def times(self, factor: float) -> Scale:
        mentees = max(30, round(self.mentees * factor))
        return Scale(
            mentees=mentees,
            mentors=max(self.mentorships_per_mentee + 1, round(self.mentors * factor)),
            program_mentees=min(mentees, max(1, round(self.program_mentees * factor))),
            busy_mentor_mentees=min(mentees, self.busy_mentor_mentees),
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiply the numbers of mentees, mentors and enrolled mentees (default 1: 2,000 / 600 / 400)",
    )
    parser.add_argument(
        "--requests", type=int, default=20, help="timed requests per page (default 20)"
    )
    parser.add_argument(
        "--warmup", type=int, default=2, help="untimed requests per page first (default 2)"
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=5.0,
        help="how long each throughput run lasts under gunicorn (default 5)",
    )
    parser.add_argument(
        "--no-serve", action="store_true", help="skip the gunicorn throughput and memory runs"
    )
    parser.add_argument(
        "--no-matching", action="store_true", help="skip the matching solver's figures"
    )
    parser.add_argument(
        "--only",
        default="",
        help="time only the pages whose names contain one of these comma-separated words",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 when a target is missed"
    )
    return parser.parse_args(argv)


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


# --- The database ------------------------------------------------------------------


def create_database() -> str | None:
    """Migrate a fresh database; return the name to restore when dropping a PostgreSQL one."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        call_command("migrate", verbosity=0, interactive=False)
        return None
    # PostgreSQL: never the configured database itself, a dedicated one beside it.
    original = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = BENCH_DATABASE
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return original


def analyze() -> None:
    """After seeding, the planner's statistics, as after any bulk load (PostgreSQL only)."""
    from mentorkit.core.statistics import refresh_statistics

    refresh_statistics()


def drop_database(original: str | None) -> None:
    from django.db import connection

    if original is not None:
        connection.creation.destroy_test_db(original, verbosity=0)
    else:
        connection.close()


# --- Seeding -----------------------------------------------------------------------


@dataclass
class World:
    mentee: object
    busy_mentor: object
    busy_mentorship: object
    director: object
    program: object
    small_director: object
    small_program: object
    busy_mentees: int
    counts: dict[str, int]


def seed(scale: Scale) -> World:
    """An institution: mentees with teams, needs and coverage, agreements, one big program."""
    from django.db import transaction
    from django.utils import timezone

    from mentorkit.accounts.models import User, hash_token
    from mentorkit.programs.models import Enrollment, Program, ProgramInvitation, ProgramKind
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

    now = timezone.now()
    today = timezone.localdate()
    roles = [Role.PRIMARY, Role.METHODS, Role.CAREER, Role.PEER, Role.CLINICAL, Role.SPONSOR]
    batch = 2000

    def people(prefix: str, n: int, **fields) -> list:
        users = [
            User(
                email=f"{prefix}{i}@bench.example.org",
                name=f"{prefix.title()} {i:05d}",
                password="!",  # unusable: the bench signs in with force_login
                discipline=DISCIPLINES[i % len(DISCIPLINES)],
                **fields,
            )
            for i in range(n)
        ]
        return User.objects.bulk_create(users, batch_size=batch)

    with transaction.atomic():
        mentees = people("mentee", scale.mentees, career_stage="fellow")
        mentors = people("mentor", scale.mentors, career_stage="mid_career")
        busy_mentor, director = people("staff", 2, career_stage="senior_faculty")

        # Each mentee has distinct mentors; the first `busy_mentor_mentees` have the busy
        # mentor as their primary. Some older mentorships ended, a few are invitations.
        stride = max(1, scale.mentors // scale.mentorships_per_mentee)
        mentorships = []
        for i, mentee in enumerate(mentees):
            for j in range(scale.mentorships_per_mentee):
                mentor = mentors[(i + j * stride) % scale.mentors]
                if j == 0 and i < scale.busy_mentor_mentees:
                    mentor = busy_mentor
                status = MentorshipStatus.ACTIVE
                if j == scale.mentorships_per_mentee - 1 and i % 5 == 1:
                    status = MentorshipStatus.ENDED
                elif j == scale.mentorships_per_mentee - 1 and i % 7 == 2:
                    status = MentorshipStatus.INVITED
                mentorships.append(
                    Mentorship(
                        mentee=mentee,
                        mentor=None if status == MentorshipStatus.INVITED else mentor,
                        invited_email=mentor.email,
                        invited_name=mentor.name,
                        role=roles[j % len(roles)],
                        discipline=mentor.discipline,
                        focus="Bench focus text of ordinary length for a mentorship",
                        status=status,
                        started_on=today - timedelta(days=30 + (i * 7 + j * 31) % 900),
                        ended_on=today - timedelta(days=10)
                        if status == MentorshipStatus.ENDED
                        else None,
                        token_hash=hash_token(f"bench-{i}-{j}")
                        if status == MentorshipStatus.INVITED
                        else None,
                        invitation_expires_at=now + timedelta(days=14)
                        if status == MentorshipStatus.INVITED
                        else None,
                    )
                )
        mentorships = Mentorship.objects.bulk_create(mentorships, batch_size=batch)
        team_of = {}
        for m in mentorships:
            team_of.setdefault(m.mentee_id, []).append(m)

        needs = [
            Need(
                mentee=mentee,
                name=NEED_NAMES[k % len(NEED_NAMES)],
                priority=[Priority.HIGH, Priority.HIGH, Priority.MEDIUM, Priority.LOW][k % 4],
                notes="What the mentee wants to be able to do at the end of the award.",
                visibility=[
                    Visibility.TEAM,
                    Visibility.PROGRAM,
                    Visibility.TEAM,
                    Visibility.PRIVATE,
                ][k % 4],
            )
            for mentee in mentees
            for k in range(scale.needs_per_mentee)
        ]
        needs = Need.objects.bulk_create(needs, batch_size=batch)
        Coverage = Need.covered_by.through
        coverage = []
        for n, need in enumerate(needs):
            team = team_of[need.mentee_id]
            # Most needs are covered by one or two mentors; every fourth is a gap.
            for m in team[n % len(team) : n % len(team) + (n % 3)]:
                coverage.append(Coverage(need_id=need.pk, mentorship_id=m.pk))
        Coverage.objects.bulk_create(coverage, batch_size=batch)

        insights = [
            Insight(
                mentee=mentee,
                source=team_of[mentee.pk][k % len(team_of[mentee.pk])],
                text="Protect one writing morning a week until the resubmission is in. " * 2,
                recorded_on=today - timedelta(days=7 * k + i % 30),
                visibility=Visibility.TEAM if k % 2 == 0 else Visibility.PRIVATE,
                shared_with_primary_at=now if k == 0 else None,
            )
            for i, mentee in enumerate(mentees)
            for k in range(scale.insights_per_mentee)
        ]
        Insight.objects.bulk_create(insights, batch_size=batch)

        # A team agreement per mentee at version 2; everyone acknowledged version 1, all but
        # one mentor version 2; every third mentee also has one with their career mentor.
        agreements = []
        for i, mentee in enumerate(mentees):
            review = today + timedelta(days=(i % 200) - 20)
            agreements.append(
                Agreement(
                    mentee=mentee,
                    channels=["email", "video"],
                    next_review_on=review,
                    version=2,
                    authorship="First author on papers from the award aims.",
                )
            )
            team = team_of[mentee.pk]
            if i % 3 == 0 and len(team) > 2 and team[2].status == MentorshipStatus.ACTIVE:
                agreements.append(
                    Agreement(
                        mentee=mentee, mentorship=team[2], channels=["video"], next_review_on=review
                    )
                )
        agreements = Agreement.objects.bulk_create(agreements, batch_size=batch)
        revisions, acknowledgements = [], []
        for agreement in agreements:
            mentee_id = agreement.mentee_id
            if agreement.mentorship_id:
                parties = [mentee_id, agreement.mentorship.mentor_id]
            else:
                parties = [mentee_id] + [
                    m.mentor_id for m in team_of[mentee_id] if m.status == MentorshipStatus.ACTIVE
                ]
            for version in range(1, agreement.version + 1):
                revisions.append(
                    AgreementRevision(
                        agreement=agreement,
                        version=version,
                        changed_by_id=mentee_id,
                        changes={"We meet": ["Monthly", "Every two weeks"]} if version > 1 else {},
                        note="Agreement written." if version == 1 else "Meeting more often.",
                    )
                )
                for p, user_id in enumerate(parties):
                    if version == agreement.version and p == len(parties) - 1 and p > 0:
                        continue  # the last mentor has not acknowledged the current version
                    acknowledgements.append(
                        Acknowledgement(agreement=agreement, user_id=user_id, version=version)
                    )
        AgreementRevision.objects.bulk_create(revisions, batch_size=batch)
        Acknowledgement.objects.bulk_create(acknowledgements, batch_size=batch)

        busy_mentorships = [m for m in mentorships if m.mentor_id == busy_mentor.pk]
        MentorNote.objects.bulk_create(
            [
                MentorNote(
                    mentorship=m, author=busy_mentor, body="Push for the pilot data in Aim 1. " * 3
                )
                for m in busy_mentorships
                for _ in range(5)
            ],
            batch_size=batch,
        )

        program = Program.objects.create(name="Bench Scholars (KL2)", kind=ProgramKind.KL2)
        program.directors.add(director)
        Enrollment.objects.bulk_create(
            [
                Enrollment(program=program, mentee=mentee, cohort_year=2021 + i % 5)
                for i, mentee in enumerate(mentees[: scale.program_mentees])
            ],
            batch_size=batch,
        )
        # A program a tenth the size, with its own director: the dashboard's cost must not
        # grow with the program.
        small_program = Program.objects.create(name="Bench T32", kind=ProgramKind.T32)
        small_director = User.objects.create(
            email="director-small@bench.example.org", name="Small Director", password="!"
        )
        small_program.directors.add(small_director)
        Enrollment.objects.bulk_create(
            [
                Enrollment(program=small_program, mentee=mentee, cohort_year=2024)
                for mentee in mentees[-SMALL_PROGRAM:]
            ],
            batch_size=batch,
        )
        ProgramInvitation.objects.bulk_create(
            [
                ProgramInvitation(
                    program=program,
                    invited_email=f"candidate{i}@bench.example.org",
                    cohort_year=2026,
                    invited_by=director,
                    token_hash=hash_token(f"bench-program-{i}"),
                    invitation_expires_at=now + timedelta(days=14),
                )
                for i in range(30)
            ]
        )

    counts = {
        "users": User.objects.count(),
        "mentorships": len(mentorships),
        "needs": len(needs),
        "coverage": len(coverage),
        "insights": len(insights),
        "agreements": len(agreements),
        "acknowledgements": len(acknowledgements),
        "enrolled": scale.program_mentees,
    }
    return World(
        mentee=mentees[0],
        busy_mentor=busy_mentor,
        busy_mentorship=busy_mentorships[0],
        director=director,
        program=program,
        small_director=small_director,
        small_program=small_program,
        busy_mentees=len(busy_mentorships),
        counts=counts,
    )
