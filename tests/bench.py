"""Time the main pages on an institution-sized database: `make bench`.

Run as `python -m tests.bench [--scale 0.5] [--requests 20]`. It creates a
throw-away database (SQLite in a temporary directory; or, when DATABASE_URL is
set, a dedicated PostgreSQL database `mentorkit_bench` on that server, dropped
afterwards), seeds it with bulk inserts, then requests each page through
Django's test client and prints, per page, the queries per request, the median
and 95th-percentile time, the response size and the process's peak memory, and
each median as a multiple of a trivial view's (/healthz) in the same run.

Meetings: every mentee has a weekly series with a few dozen meetings; one mentee
takes part in 10 series with 2,000 past meetings between them (some skipped,
some moved), whose calendar feed and meeting page are timed. It reports; it
asserts nothing about timings.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta

BENCH_DATABASE = "mentorkit_bench"
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
        busy_mentees=len(busy_mentorships),
        counts=counts,
    )


# --- Seeding meetings ----------------------------------------------------------------

# (rule, local start, time zone) of the feed user's series, round-robin: several rhythms
# and zones, so the feed carries several VTIMEZONEs.
FEED_RHYTHMS = [
    ("FREQ=WEEKLY;BYDAY=TU,WE", (14, 0), "America/New_York"),
    ("FREQ=WEEKLY;BYDAY=TH", (10, 0), "America/Chicago"),
    ("FREQ=WEEKLY;BYDAY=MO,WE,FR", (9, 0), "Europe/London"),
]


@dataclass
class MeetingsWorld:
    feed_user: object
    feed_series: int
    feed_past: int  # past meetings in the feed user's series, of which some skipped or moved
    meeting: object  # a held meeting with notes, attendees, topics, actions, disagreements
    counts: dict[str, int]


def seed_meetings(world: World, scale: Scale) -> MeetingsWorld:
    """A weekly series per mentee; the first mentee in 10 series with 2,000 past meetings."""
    import zoneinfo
    from datetime import datetime, time

    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from mentorkit.meetings import recurrence
    from mentorkit.meetings.models import (
        ActionItem,
        ActionStatus,
        AgendaItem,
        Disagreement,
        Ending,
        Meeting,
        MeetingStatus,
        Series,
    )
    from mentorkit.teams.models import Mentorship, MentorshipStatus

    now = timezone.now()
    today = timezone.localdate()
    batch = 2000
    notes = "- **Aims page**: draft 3, Aim 2 tightened.\n- Power: see [the plan](https://example.org).\n"

    with transaction.atomic():
        # Background: each mentee meets their first active mentor weekly; most past meetings held.
        active = Mentorship.objects.filter(status=MentorshipStatus.ACTIVE).order_by(
            "mentee_id", "id"
        )
        first_mentorship = {}
        for m in active.only("id", "mentee_id"):
            first_mentorship.setdefault(m.mentee_id, m.pk)
        new_york = zoneinfo.ZoneInfo("America/New_York")
        weeks_back = scale.meetings_per_mentee * 3 // 4
        start_day = today - timedelta(weeks=weeks_back)
        series_list = Series.objects.bulk_create(
            [
                Series(
                    mentee_id=mentee_id,
                    title="Weekly with my primary mentor",
                    first_start=datetime.combine(start_day, time(9 + i % 8), new_york),
                    time_zone="America/New_York",
                    rule=f"FREQ=WEEKLY;BYDAY={recurrence.WEEKDAYS[start_day.weekday()]}",
                    uid=f"bench-{mentee_id}@mentorkit",
                )
                for i, mentee_id in enumerate(first_mentorship)
                if mentee_id != world.mentee.pk
            ],
            batch_size=batch,
        )
        Series.mentorships.through.objects.bulk_create(
            [
                Series.mentorships.through(
                    series_id=s.pk, mentorship_id=first_mentorship[s.mentee_id]
                )
                for s in series_list
            ],
            batch_size=batch,
        )
        background = []
        for s in series_list:
            local = s.first_start.astimezone(new_york)
            for k in range(scale.meetings_per_mentee):
                start = datetime.combine(local.date() + timedelta(weeks=k), local.time(), new_york)
                was_held = start < now and k % 9 != 4
                background.append(
                    Meeting(
                        series=s,
                        mentee_id=s.mentee_id,
                        original_start=start,
                        starts_at=start,
                        status=MeetingStatus.HELD if was_held else MeetingStatus.SCHEDULED,
                        summary="Weekly check-in" if was_held else "",
                        notes=notes if was_held else "",
                    )
                )
        Meeting.objects.bulk_create(background, batch_size=batch)

        # The feed user's 10 series over their active mentorships, each with its share of
        # the 2,000 past meetings: every 50th skipped, every 100th moved four hours earlier.
        user = world.mentee
        team = list(
            Mentorship.objects.filter(mentee=user, status=MentorshipStatus.ACTIVE).order_by("id")
        )
        per_series = scale.feed_past_meetings // scale.feed_series
        feed_series = []
        for i in range(scale.feed_series):
            rule, (hour, minute), zone = FEED_RHYTHMS[i % len(FEED_RHYTHMS)]
            tz = zoneinfo.ZoneInfo(zone)
            far_back = datetime.combine(
                today - timedelta(weeks=per_series + 10), time(hour, minute), tz
            )
            past = recurrence.occurrences(rule, far_back, far_back, now)
            series = Series.objects.create(
                mentee=user,
                title=f"Series {i + 1}",
                first_start=past[-per_series],
                time_zone=zone,
                rule=rule,
                location="Research office" if i % 2 else "",
                video_url="" if i % 2 else "https://video.example.org/j/bench",
            )
            series.mentorships.set(team[i % len(team) : i % len(team) + 1 + i % 2] or team[:1])
            series.materialize()
            feed_series.append(series)
        past_ids = list(
            Meeting.objects.filter(series__in=feed_series, starts_at__lt=now)
            .order_by("series_id", "starts_at")
            .values_list("pk", flat=True)
        )
        skipped = past_ids[7::50]
        moved = [pk for pk in past_ids[13::100] if pk not in skipped]
        Meeting.objects.filter(pk__in=sorted(set(past_ids) - set(skipped))).update(
            status=MeetingStatus.HELD, summary="Aims page and the power calculation", notes=notes
        )
        Meeting.objects.filter(pk__in=skipped).update(status=MeetingStatus.CANCELLED)
        Meeting.objects.filter(pk__in=moved).update(starts_at=F("starts_at") - timedelta(hours=4))

        # The meeting page's meeting: the last one held in the first series.
        meeting = Meeting.objects.filter(series=feed_series[0], status=MeetingStatus.HELD).last()
        people = [user.pk, *(m.mentor_id for m in feed_series[0].mentorships.all())]
        meeting.attendees.set(people)
        # Topics on it and on each series' next meeting; open and done actions; disagreements.
        upcoming = [
            s.meetings.filter(starts_at__gte=now, status=MeetingStatus.SCHEDULED).first()
            for s in feed_series
        ]
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    meeting=m,
                    title=f"Topic {k + 1}",
                    position=k + 1,
                    added_by_id=people[k % len(people)],
                )
                for m in [meeting, *upcoming]
                for k in range(8 if m == meeting else 3)
            ]
        )
        held = list(
            Meeting.objects.filter(pk__in=past_ids, status=MeetingStatus.HELD).values_list(
                "pk", flat=True
            )
        )
        ActionItem.objects.bulk_create(
            [
                ActionItem(
                    mentee=user,
                    meeting_id=meeting.pk if k < 6 else held[-k * 7],
                    title=f"Action {k + 1}: send the revised aims page",
                    owner_id=people[k % len(people)],
                    due_on=today + timedelta(days=k % 20 - 5),
                    status=ActionStatus.OPEN if k < 40 else ActionStatus.DONE,
                    closed_on=None if k < 40 else today - timedelta(days=k),
                )
                for k in range(140)
            ]
        )
        Disagreement.objects.bulk_create(
            [
                Disagreement(
                    meeting_id=meeting.pk if k < 2 else held[-k * 30],
                    mentorship=team[k % len(team)],
                    topic=f"Disagreement {k + 1}: the primary outcome",
                    mentee_view="Days alive and out of hospital.",
                    mentor_view="Thirty-day readmission.",
                    ending=[Ending.SETTLED_BY_DATA, Ending.AGREED_TO_DISAGREE][k % 2],
                    recorded_by=user,
                )
                for k in range(10)
            ]
        )

    counts = {
        "meeting series": Series.objects.count(),
        "meetings": Meeting.objects.count(),
        "action items": ActionItem.objects.count(),
        "skipped or moved occurrences in the feed": len(skipped) + len(moved),
    }
    return MeetingsWorld(
        feed_user=user,
        feed_series=len(feed_series),
        feed_past=len(past_ids),
        meeting=meeting,
        counts=counts,
    )


# --- Timing ------------------------------------------------------------------------


@dataclass
class Result:
    page: str
    status: int
    queries: int
    median_ms: float
    p95_ms: float
    size_kb: float
    peak_rss_mb: float


# Documents take a second or so each: fewer timed requests, so the run stays short.
DOCUMENT_REQUESTS = 5


@dataclass
class PlansWorld:
    plan: object  # the mentee's plan: 40 goals, 200 milestones, reviews and revisions
    counts: dict[str, int]


def seed_plans(world: World, goals: int = 40, milestones_per_goal: int = 5) -> PlansWorld:
    """The mentee's five-year plan at the size of a long K award, in bulk inserts."""
    from datetime import date

    from django.db import transaction
    from django.utils import timezone

    from mentorkit.plans.models import (
        Goal,
        GoalCategory,
        GoalReview,
        GoalRevision,
        GoalStatus,
        Milestone,
        Plan,
    )
    from mentorkit.teams.models import Mentorship

    categories = [value for value, _ in GoalCategory.choices]
    statuses = [value for value, _ in GoalStatus.choices]
    today = timezone.localdate()
    start = date(today.year - 2, 7, 1)
    with transaction.atomic():
        plan = Plan.objects.create(
            mentee=world.mentee,
            title="K23: a five-year plan",
            starts_on=start,
            ends_on=date(start.year + 5, 6, 30),
            mechanism="K23",
        )
        team = list(Mentorship.objects.active().filter(mentee=world.mentee))
        rows = []
        for i in range(goals):
            goal = Goal(
                plan=plan,
                mentee=world.mentee,
                category=categories[i % len(categories)],
                statement=f"Goal {i + 1}: a specific, measurable aim of the plan",
                measure="How it will be known to be done",
                target="The bar to reach",
                rationale="Why it matters for independence.",
                due_on=start + timedelta(days=200 + 40 * i),
                status=statuses[i % len(statuses)],
                confidence=(37 * i) % 101,
                milestones_total=milestones_per_goal,
                milestones_done=i % (milestones_per_goal + 1),
                created_at=timezone.now() - timedelta(days=600),
                last_reviewed_on=today - timedelta(days=(11 * i) % 150),
            )
            goal.schedule_review()
            rows.append(goal)
        rows = Goal.objects.bulk_create(rows)
        Goal.mentors.through.objects.bulk_create(
            Goal.mentors.through(goal_id=goal.pk, mentorship_id=m.pk)
            for goal in rows
            for m in team[:2]
        )
        Milestone.objects.bulk_create(
            Milestone(
                goal=goal,
                title=f"Milestone {j + 1} of goal {i + 1}",
                due_on=goal.due_on - timedelta(days=30 * (milestones_per_goal - j)),
                done_on=goal.due_on if j < goal.milestones_done else None,
            )
            for i, goal in enumerate(rows)
            for j in range(milestones_per_goal)
        )
        GoalReview.objects.bulk_create(
            GoalReview(
                goal=goal,
                reviewed_on=today - timedelta(days=90 * k),
                progress=20 * k,
                status=goal.status,
                confidence=goal.confidence,
                note="Reviewed at the co-primary meeting.",
            )
            for goal in rows
            for k in range(1, 5)
        )
        GoalRevision.objects.bulk_create(
            GoalRevision(
                goal=goal,
                kind="redefined",
                before={**goal.definition(), "target": "An earlier bar"},
                after=goal.definition(),
                reason="The first grant was not funded; the plan moved a year.",
                changed_by=world.mentee,
            )
            for goal in rows[::3]
        )
    return PlansWorld(
        plan=plan,
        counts={"plan goals": goals, "plan milestones": goals * milestones_per_goal},
    )


@dataclass
class EvaluationsWorld:
    window: object  # closed, over a program of every mentee, with responses for every mentor
    counts: dict[str, int]


def seed_evaluations(world: World, extra_mentors: int = 200) -> EvaluationsWorld:
    """A program of every mentee (2,000 at full scale) whose window closed with an anonymous
    response from each mentee for each active mentor (800 mentors with the extra ones)."""
    from django.db import transaction
    from django.utils import timezone

    from mentorkit.accounts.models import User
    from mentorkit.feedback import instruments
    from mentorkit.feedback.models import EvaluationRating, EvaluationResponse, EvaluationWindow
    from mentorkit.programs.models import Enrollment, Program
    from mentorkit.teams.models import Mentorship, MentorshipStatus

    today = timezone.localdate()
    items = list(instruments.get(instruments.DEFAULT).items.values())
    with transaction.atomic():
        program = Program.objects.create(name="Institution-wide mentoring evaluation")
        program.directors.add(world.director)
        mentee_ids = list(
            User.objects.filter(email__startswith="mentee").values_list("pk", flat=True)
        )
        Enrollment.objects.bulk_create(
            (Enrollment(program=program, mentee_id=pk, cohort_year=2025) for pk in mentee_ids),
            batch_size=2000,
        )
        extra = User.objects.bulk_create(
            User(email=f"extra{i}@bench.example.org", name=f"Extra {i:04d}", password="!")
            for i in range(extra_mentors)
        )
        Mentorship.objects.bulk_create(
            Mentorship(
                mentee_id=mentee_ids[i % len(mentee_ids)],
                mentor=mentor,
                invited_email=mentor.email,
                status=MentorshipStatus.ACTIVE,
            )
            for i, mentor in enumerate(extra)
        )
        window = EvaluationWindow.objects.create(
            program=program,
            title="Annual evaluation",
            instrument=instruments.DEFAULT,
            opens_on=today - timedelta(days=60),
            closes_on=today - timedelta(days=30),
            threshold=5,
        )
        pairs = Mentorship.objects.filter(
            mentee_id__in=mentee_ids, status=MentorshipStatus.ACTIVE
        ).values_list("mentor_id", flat=True)
        responses = EvaluationResponse.objects.bulk_create(
            (
                EvaluationResponse(
                    window=window, mentor_id=mentor_id, comment="Kind and clear." if n % 3 else ""
                )
                for n, mentor_id in enumerate(pairs)
            ),
            batch_size=2000,
        )
        EvaluationRating.objects.bulk_create(
            (
                EvaluationRating(
                    response=response, item=item.key, domain=item.domain, value=1 + (n + k) % 7
                )
                for n, response in enumerate(responses)
                for k, item in enumerate(items)
            ),
            batch_size=5000,
        )
    mentors = window.mentors().count()
    return EvaluationsWorld(
        window=window,
        counts={
            "evaluated mentees": len(mentee_ids),
            "evaluated mentors": mentors,
            "anonymous responses": len(responses),
        },
    )


@dataclass
class OutcomesWorld:
    mentee: object  # a mid-career record: 300 outcomes over 12 years, chains, reflections
    counts: dict[str, int]


def seed_outcomes(world: World, outcomes: int = 300) -> OutcomesWorld:
    """A researcher a decade on, mentored by the busy mentor: papers, grants, abstracts and
    talks, a third of them failures, most failures reflected on and chained to a later try."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from mentorkit.accounts.models import User
    from mentorkit.outcomes.models import Outcome, Reflection, normalise_title
    from mentorkit.teams.models import Mentorship, MentorshipStatus

    kinds = ["paper", "paper", "paper", "grant", "abstract", "presentation", "award"]
    today = timezone.localdate()
    with transaction.atomic():
        mentee = User.objects.create(
            email="record@bench.example.org", name="Dr. Record Holder", password="!"
        )
        Mentorship.objects.create(
            mentee=mentee,
            mentor=world.busy_mentor,
            invited_email=world.busy_mentor.email,
            status=MentorshipStatus.ACTIVE,
            started_on=today - timedelta(days=4000),
        )
        rows = []
        for i in range(outcomes):
            decided = today - timedelta(days=12 * 365 * (outcomes - i) // outcomes)
            result = "failure" if i % 3 == 0 else ("pending" if i % 29 == 0 else "success")
            title = f"{kinds[i % len(kinds)].title()} {i}: remote monitoring in cohort {i}"
            rows.append(
                Outcome(
                    mentee=mentee,
                    kind=kinds[i % len(kinds)],
                    title=title,
                    title_key=normalise_title(title),
                    venue=f"Journal {i % 40}",
                    submitted_on=decided - timedelta(days=120),
                    decided_on=None if result == "pending" else decided,
                    result=result,
                    details="Impact score 35" if result == "failure" else "",
                    authors="Holder R, Okafor AN, Lindqvist E",
                    year=decided.year,
                    celebrated_on=decided if result == "success" and i % 4 == 1 else None,
                )
            )
        created = Outcome.objects.bulk_create(rows)
        failures = [o for o in created if o.result == "failure"]
        for failure, later in zip(failures, created[1:], strict=False):
            if later.result != "failure" and later.kind == failure.kind:
                later.previous = failure
        Outcome.objects.bulk_update([o for o in created if o.previous_id], ["previous"])
        reflections = Reflection.objects.bulk_create(
            Reflection(outcome=o, what_happened="Not funded", learned="Sharper aims")
            for o in failures[: len(failures) * 3 // 4]
        )
        Reflection.shared_with.through.objects.bulk_create(
            Reflection.shared_with.through(reflection_id=r.pk, user_id=world.busy_mentor.pk)
            for r in reflections
        )
    return OutcomesWorld(
        mentee, {"outcomes": outcomes, "failures": len(failures), "reflections": len(reflections)}
    )


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def time_page(name: str, path: str, user, *, requests: int, warmup: int) -> Result:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if user is not None:
        client.force_login(user)
    for _ in range(warmup):
        client.get(path)
    # Count queries on one request, then time the others without the capture's overhead.
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    # Read the count now: the next request clears the connection's query log.
    queries = len(captured.captured_queries)
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
    return Result(
        page=name,
        status=response.status_code,
        queries=queries,
        median_ms=statistics.median(samples),
        p95_ms=percentile(samples, 0.95),
        size_kb=len(response.content) / 1024,
        peak_rss_mb=peak_rss_mb(),
    )


IMPORT_ENTRIES = 2000


def bibtex_export(entries: int = IMPORT_ENTRIES) -> str:
    """A reference manager's export: accents, protected capitals, months, DOIs, PMIDs."""
    months = ["jan", "mar", "may", "jul", "sep", "nov"]
    return "\n".join(
        f"@article{{okafor{i},\n"
        f"  title = {{Early rhythm control in {{AF}} cohort {i}: a caf\\'e-style M{{\\\"u}}nchen study}},\n"
        f'  author = {{Okafor, Adaeze N. and M{{\\"u}}ller, Hans and Lindqvist, Erik and others}},\n'
        f"  journal = {{Circulation}}, year = {2000 + i % 25}, month = {months[i % 6]},\n"
        f"  volume = {{{i % 200}}}, number = {{{i % 12}}}, pages = {{{i}--{i + 9}}},\n"
        f"  doi = {{10.1161/CIRC.{i:06d}}}, pmid = {{{30000000 + i}}}\n}}"
        for i in range(entries)
    )


def time_import(mentee, *, requests: int, warmup: int) -> list[Result]:
    """POST a 2,000-entry BibTeX file to the import preview, then confirm it once.

    The mentee already has 500 outcomes, 100 of them in the file (found as duplicates).
    """
    import re
    from datetime import date

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from mentorkit.outcomes.models import Outcome, normalise_title

    existing = [
        Outcome(
            mentee=mentee,
            title=f"Earlier paper {i}",
            title_key=normalise_title(f"Earlier paper {i}"),
            doi=f"10.1161/circ.{i * 20:06d}" if i < 100 else "",
            result="success",
            decided_on=date(2000 + i % 25, 1, 1),
        )
        for i in range(500)
    ]
    Outcome.objects.bulk_create(existing)
    client = Client()
    client.force_login(mentee)
    url, data = reverse("outcomes:import"), {"format": "bibtex", "text": bibtex_export()}
    for _ in range(warmup):
        client.post(url, data)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data)
    queries = len(captured.captured_queries)
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        client.post(url, data)
        samples.append((time.perf_counter() - start) * 1000)
    name = f"import preview ({IMPORT_ENTRIES:,} BibTeX entries, 500 outcomes)"
    results = [
        Result(
            page=name,
            status=response.status_code,
            queries=queries,
            median_ms=statistics.median(samples),
            p95_ms=percentile(samples, 0.95),
            size_kb=len(response.content) / 1024,
            peak_rss_mb=peak_rss_mb(),
        )
    ]
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    token = match.group(1) if match else ""
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        confirmed = client.post(reverse("outcomes:import_confirm"), {"token": token})
        elapsed = (time.perf_counter() - start) * 1000
    results.append(
        Result(
            page=f"import confirm ({IMPORT_ENTRIES - 100:,} saved; 1 request)",
            status=confirmed.status_code,
            queries=len(captured.captured_queries),
            median_ms=elapsed,
            p95_ms=elapsed,
            size_kb=len(confirmed.content) / 1024,
            peak_rss_mb=peak_rss_mb(),
        )
    )
    return results


def pages(
    world: World,
    meetings: MeetingsWorld,
    plans: PlansWorld,
    evaluations: EvaluationsWorld,
    outcomes: OutcomesWorld,
) -> list[tuple[str, str, object]]:
    from django.urls import reverse

    from mentorkit.meetings.calendar import feed_url

    n = world.counts
    meeting = meetings.meeting.get_absolute_url()
    feed_url(meetings.feed_user)  # creates the secret address
    feed = reverse("meetings:feed", args=[meetings.feed_user.calendar_token])
    return [
        ("home (mentee)", reverse("home"), world.mentee),
        (f"home (mentor of {world.busy_mentees})", reverse("home"), world.busy_mentor),
        ("team (mentee)", reverse("teams:team"), world.mentee),
        (
            "mentor's view",
            reverse("teams:mentoring", args=[world.busy_mentorship.pk]),
            world.busy_mentor,
        ),
        (f"program ({n['enrolled']} mentees)", world.program.get_absolute_url(), world.director),
        ("meeting page (mentee)", meeting, world.mentee),
        ("meeting page (mentor)", meeting, world.busy_mentor),
        ("my open actions (mentee)", reverse("meetings:actions"), world.mentee),
        ("meetings (mentee)", reverse("meetings:list"), world.mentee),
        (f"calendar feed ({meetings.feed_series} series, {meetings.feed_past:,} past)", feed, None),
        ("plan page (40 goals, 200 milestones)", plans.plan.get_absolute_url(), world.mentee),
        (
            "IDP PDF (40 goals, 200 milestones)",
            reverse("plans:plan_export", args=[plans.plan.pk, "pdf"]),
            world.mentee,
        ),
        (
            f"evaluation results ({evaluations.counts['evaluated mentees']:,} mentees, "
            f"{evaluations.counts['evaluated mentors']:,} mentors)",
            evaluations.window.get_absolute_url(),
            world.director,
        ),
        (
            "evaluation results as CSV",
            reverse("feedback:window_csv", args=[evaluations.window.pk]),
            world.director,
        ),
        ("outcomes page (300 outcomes, charts)", reverse("outcomes:index"), outcomes.mentee),
        (
            f"outcomes feed (mentor of {world.busy_mentees + 1})",
            reverse("outcomes:index"),
            world.busy_mentor,
        ),
        ("CV PDF (300 outcomes)", reverse("outcomes:cv", args=["pdf"]), outcomes.mentee),
        ("autonomy page (mentee)", reverse("growth:autonomy"), world.mentee),
        ("/healthz", reverse("healthz"), None),
    ]


def describe(connection) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    major, minor = divmod(connection.pg_version, 10000)
    return f"PostgreSQL {major}.{minor} (database {connection.settings_dict['NAME']})"


def print_report(
    results: list[Result], *, setup: dict, counts: dict[str, int], requests: int
) -> None:
    from rich.console import Console
    from rich.table import Table

    # Piped to a file or CI log, rich would wrap the table at 80 columns.
    console = Console(width=None if sys.stdout.isatty() else 120)
    console.print(
        f"[bold]mentorkit bench[/bold] · {setup['database']} · Python {platform.python_version()} · "
        f"{os.cpu_count()} CPU(s)"
    )
    console.print(
        "Seeded "
        + ", ".join(f"{value:,} {key}" for key, value in counts.items())
        + f" in {setup['seed_s']:.1f} s (setup and migrations {setup['migrate_s']:.1f} s);"
        f" peak RSS after seeding {setup['seed_rss_mb']:.0f} MB."
    )
    # A trivial view timed in the same run: what the framework costs on this machine.
    trivial = next((r for r in results if r.page == "/healthz"), None)
    table = Table(
        title=f"{requests} requests per page after warm-up ({DOCUMENT_REQUESTS} for documents)"
    )
    table.add_column("page")
    table.add_column("status", justify="right")
    table.add_column("queries", justify="right")
    table.add_column("median ms", justify="right")
    table.add_column("p95 ms", justify="right")
    table.add_column("× /healthz", justify="right")
    table.add_column("KB", justify="right")
    table.add_column("peak RSS MB", justify="right")
    for r in results:
        table.add_row(
            r.page,
            str(r.status),
            str(r.queries),
            f"{r.median_ms:.1f}",
            f"{r.p95_ms:.1f}",
            f"{r.median_ms / trivial.median_ms:,.0f}" if trivial and trivial.median_ms else "—",
            f"{r.size_kb:,.1f}",
            f"{r.peak_rss_mb:.0f}",
        )
    console.print(table)
    console.print(f"Total {setup['total_s']:.1f} s. Figures only: nothing here passes or fails.")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scale = Scale().times(args.scale)
    started = time.perf_counter()

    # Before Django reads its settings: the test settings (quiet mail, fixed secret key),
    # and a fresh directory for the SQLite file so no existing database is touched.
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    var_dir = tempfile.mkdtemp(prefix="mentorkit-bench-")
    os.environ["MENTORKIT_VAR_DIR"] = var_dir
    if os.environ.get("DATABASE_URL", "").startswith("sqlite"):
        del os.environ["DATABASE_URL"]  # an SQLite file named there is not throw-away

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    # The test client's host. Not setup_test_environment(): it instruments template
    # rendering so tests can inspect contexts, which would inflate the timings.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    original = None
    try:
        original = create_database()
        migrated = time.perf_counter()
        world = seed(scale)
        meetings = seed_meetings(world, scale)
        plans = seed_plans(world)
        evaluations = seed_evaluations(world)
        outcomes = seed_outcomes(world)
        seeded = time.perf_counter()
        seed_rss_mb = peak_rss_mb()
        results = [
            time_page(
                name,
                path,
                user,
                requests=min(args.requests, DOCUMENT_REQUESTS) if "PDF" in name else args.requests,
                warmup=min(args.warmup, 1) if "PDF" in name else args.warmup,
            )
            for name, path, user in pages(world, meetings, plans, evaluations, outcomes)
        ]
        results[-1:-1] = time_import(
            world.mentee,
            requests=min(args.requests, DOCUMENT_REQUESTS),
            warmup=min(args.warmup, 1),
        )
        database = describe(connection)
        print_report(
            results,
            setup={
                "database": database,
                "migrate_s": migrated - started,
                "seed_s": seeded - migrated,
                "seed_rss_mb": seed_rss_mb,
                "total_s": time.perf_counter() - started,
            },
            counts={**world.counts, **meetings.counts, **plans.counts, **evaluations.counts},
            requests=args.requests,
        )
    finally:
        drop_database(original)
        shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
