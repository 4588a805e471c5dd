"""Each page costs the same number of queries whatever the amount of data.

Every test requests a page on a small world and on one grown tenfold (more mentors,
mentees, needs with coverage, insights, agreements with revisions and acknowledgements,
enrollments; meeting series, their meetings with attendees, agenda topics, action items and
disagreements): both counts must equal the number pinned in the test, so an N+1 fails here
and any change is a visible edit. Each world is built once for the module and each test runs
in its own transaction, so what a measured POST writes is gone before the next test.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentorkit.audit.models import EventKind, SecurityEvent
from mentorkit.feedback import actions as feedback_actions
from mentorkit.feedback import instruments
from mentorkit.feedback.models import (
    EvaluationRating,
    EvaluationResponse,
    EvaluationWindow,
    Feedback,
    FeedbackRequest,
)
from mentorkit.growth.models import Activity, Contribution
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
from mentorkit.outcomes.models import Outcome, Reflection
from mentorkit.plans import actions as plan_actions
from mentorkit.plans.models import Goal, GoalReview, GoalRevision, Milestone, Plan
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
from tests.conftest import make_everyone, make_mentorship, make_user, once_per_module

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


# --- Meetings ------------------------------------------------------------------------

NY = ZoneInfo("America/New_York")
TWICE_A_WEEK = "FREQ=WEEKLY;BYDAY=TU,WE"


def make_series(mentee, mentorships, *, weeks=8, ahead=timedelta(days=14)) -> Series:
    """Twice a week since `weeks` ago, rows up to `ahead`; past meetings held, skipped or not recorded."""
    now = timezone.now()
    since = (now - timedelta(weeks=weeks)).astimezone(NY)
    candidate = datetime.combine(since.date(), datetime.min.time().replace(hour=14), NY)
    first = recurrence.occurrences(
        TWICE_A_WEEK, candidate, candidate, candidate + timedelta(days=8)
    )
    series = Series.objects.create(
        mentee=mentee,
        title=f"Series {next(serial)}",
        first_start=first[0],
        time_zone="America/New_York",
        rule=TWICE_A_WEEK,
        created_by=mentee,
    )
    series.mentorships.set(mentorships)
    series.materialize(until=now + ahead)
    past = list(series.meetings.filter(starts_at__lt=now))
    record(past, [mentee, *(m.mentor for m in mentorships)])
    upcoming = series.meetings.filter(starts_at__gte=now).first()
    if upcoming is not None:
        Meeting.objects.filter(pk=upcoming.pk).update(
            starts_at=upcoming.starts_at + timedelta(hours=20)
        )
    return series


def record(meetings, people):
    """Most meetings held with notes and attendees; some skipped, some left unrecorded."""
    held = []
    for i, meeting in enumerate(meetings):
        if i % 5 == 1:
            meeting.status = MeetingStatus.CANCELLED
        elif i % 5 != 3:  # every fifth is not recorded
            meeting.status = MeetingStatus.HELD
            meeting.summary = f"Summary {next(serial)}"
            meeting.notes = "- **Aims page**: draft 3\n- Power: [the plan](https://example.org)"
            held.append(meeting)
    Meeting.objects.bulk_update(meetings, ["status", "summary", "notes"])
    Attendance = Meeting.attendees.through
    Attendance.objects.bulk_create(
        Attendance(meeting_id=m.pk, user_id=p.pk) for m in held for p in people if p is not None
    )


def grow_meetings(world, n: int, mentor, mentorship, mentee_of_mentor_a):
    """One unit of meeting data around mentee_a's measured meeting, and elsewhere."""
    mentee_a, mentor_a = world["mentee_a"], world["mentor_a"]
    series, meeting = world["series"], world["meeting"]
    # A new mentor joins the measured series and attends; older meetings come to light.
    series.mentorships.add(mentorship)
    meeting.attendees.add(mentor)
    starts = [series.first_start - timedelta(days=7 * next(serial)) for _ in range(3)]
    older = [
        Meeting(series=series, mentee=mentee_a, original_start=start, starts_at=start)
        for start in starts
    ]
    older[0].starts_at += timedelta(days=2)  # moved
    older = Meeting.objects.bulk_create(older)
    record(older, [mentee_a, mentor_a, mentor])
    # Topics on the measured meeting (with gaps in their positions, as after moves).
    for who, moved_from in [(mentee_a, older[0]), (mentor, None)]:
        AgendaItem.objects.create(
            meeting=meeting,
            title=f"Topic {next(serial)}",
            position=10 * next(serial),
            added_by=who,
            moved_from=moved_from,
            discussed=moved_from is None,
        )
    # Action items owned by each person, from several meetings; one overdue, one done.
    today = timezone.localdate()
    for owner, source, due, status in [
        (mentee_a, meeting, today + timedelta(days=5), ActionStatus.OPEN),
        (mentor_a, older[0], today - timedelta(days=3), ActionStatus.OPEN),
        (mentor, older[1], None, ActionStatus.OPEN),
        (mentee_a, older[2], today - timedelta(days=9), ActionStatus.DONE),
    ]:
        ActionItem.objects.create(
            mentee=mentee_a,
            meeting=source,
            title=f"Action {next(serial)}",
            owner=owner,
            due_on=due,
            status=status,
            closed_on=today if status == ActionStatus.DONE else None,
        )
    Disagreement.objects.create(
        meeting=meeting,
        mentorship=mentorship if n % 2 else world["mine"],
        topic=f"Disagreement {next(serial)}",
        mentee_view="Days alive and out of hospital.",
        mentor_view="Thirty-day readmission.",
        ending=Ending.SETTLED_BY_DATA,
        recorded_by=mentee_a,
    )
    # Another series for mentee_a; and one for mentor_a's new mentee, with open actions.
    make_series(mentee_a, [mentorship], weeks=2)
    theirs = Mentorship.objects.get(mentee=mentee_of_mentor_a, mentor=mentor_a)
    other = make_series(mentee_of_mentor_a, [theirs], weeks=3)
    for owner in (mentor_a, mentee_of_mentor_a):
        ActionItem.objects.create(
            mentee=mentee_of_mentor_a,
            meeting=other.meetings.first(),
            title=f"Action {next(serial)}",
            owner=owner,
            due_on=today - timedelta(days=1),
        )


def grow_plans(world, mentorship, mentee_of_mentor_a):
    """Goals in mentee_a's plan with milestones, mentors, reviews and redefinitions; a plan
    for mentor_a's new mentee with a goal due for review."""
    plan = world["plan"]
    today = timezone.localdate()
    for category in ("research", "funding"):
        goal = Goal.objects.create(
            plan=plan,
            mentee=plan.mentee,
            category=category,
            statement=f"Goal {next(serial)}",
            measure="Done",
            due_on=today + timedelta(days=400),
            created_at=timezone.now() - timedelta(days=120),
        )
        goal.mentors.add(world["mine"], mentorship)
        for offset in (30, 60, 90):
            Milestone.objects.create(
                goal=goal,
                title=f"Milestone {next(serial)}",
                due_on=today + timedelta(days=offset),
                done_on=today if offset == 30 else None,
            )
        plan_actions.recount(goal)
        review = GoalReview.objects.create(
            goal=goal, progress=30, status="on_track", confidence=60, recorded_by=plan.mentee
        )
        review.mentors.add(mentorship)
        GoalRevision.objects.create(
            goal=goal,
            kind="redefined",
            before=goal.definition(),
            after=goal.definition(),
            reason="A new start date",
            changed_by=world["mentor_a"],
        )
    theirs = Plan.objects.create(
        mentee=mentee_of_mentor_a,
        title="Plan",
        starts_on=today - timedelta(days=300),
        ends_on=today + timedelta(days=700),
    )
    Goal.objects.create(
        plan=theirs,
        mentee=mentee_of_mentor_a,
        category="research",
        statement=f"Goal {next(serial)}",
        measure="Done",
        due_on=today + timedelta(days=200),
        created_at=timezone.now() - timedelta(days=200),
    )


def grow_feedback(world, mentorship, mentee_of_mentor_a):
    """Feedback both ways with ratings, requests, self-ratings, acted-on items; a closed
    evaluation window with responses for mentor_a and for the new mentor."""
    mentee_a, mentor_a, mine = world["mentee_a"], world["mentor_a"], world["mine"]
    ratings = {key: 5 for key in instruments.get("mentoring-style").items}
    for pair, author in [(mine, mentor_a), (mine, mentee_a), (mentorship, mentee_a)]:
        given = feedback_actions.give_feedback(
            pair,
            author,
            text=f"Feedback {next(serial)}",
            topic="talk",
            ratings=ratings if author == mentee_a else None,
        )
        feedback_actions.act_on(given, author, note="Done", action_title="Follow up")
    feedback_actions.give_feedback(
        mine, mentor_a, text="", topic="relationship", ratings=ratings, direction="self"
    )
    theirs = Mentorship.objects.get(mentee=mentee_of_mentor_a, mentor=mentor_a)
    for pair, asker, asked in [
        (mine, mentee_a, mentor_a),
        (mine, mentor_a, mentee_a),
        (theirs, mentee_of_mentor_a, mentor_a),
    ]:
        FeedbackRequest.objects.create(
            mentorship=pair,
            mentee=pair.mentee,
            requested_by=asker,
            asked_of=asked,
            title=f"Request {next(serial)}",
            due_on=timezone.localdate() + timedelta(days=5),
        )
    window = world["window"]
    for mentor in (mentor_a, mentorship.mentor):
        response = EvaluationResponse.objects.create(window=window, mentor=mentor, comment="Kind")
        EvaluationRating.objects.bulk_create(
            EvaluationRating(response=response, item=key, domain="communication", value=5)
            for key in ratings
        )


def grow_outcomes(world, mentorship, mentee_of_mentor_a):
    """mentee_a: a success and a failure reflected on with mentor_a, the failure chained to
    the last one (so the measured chain grows); mentor_a's other mentee: the same pair."""
    today = timezone.localdate()
    for mentee in (world["mentee_a"], mentee_of_mentor_a):
        last = Outcome.objects.filter(mentee=mentee, result="failure").order_by("pk").last()
        Outcome.objects.create(
            mentee=mentee,
            kind="paper",
            title=f"Paper {next(serial)}",
            result="success",
            decided_on=today - timedelta(days=30),
            celebrated_on=today,
            doi=f"10.1/{next(serial)}",
        )
        failure = Outcome.objects.create(
            mentee=mentee,
            kind="grant",
            title=f"Grant {next(serial)}",
            result="failure",
            submitted_on=today - timedelta(days=200),
            decided_on=today - timedelta(days=60),
            previous=last,
        )
        reflection = Reflection.objects.create(outcome=failure, what_happened="Not funded")
        reflection.shared_with.add(world["mentor_a"], mentorship.mentor)
        Activity.objects.create(
            mentee=mentee,
            title=f"Course {next(serial)}",
            topics="causal inference, R",
            starts_on=today - timedelta(days=90),
            status="done",
        )


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
        mentor = make_user(
            f"mentor{n}@example.org",
            discipline=DISCIPLINES[n % len(DISCIPLINES)],
            in_institution_directory=True,  # the institution's mentor directory grows too
            mentor_roles=["methods", "career"],
        )
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
        # ... and security events on their profile, some by someone else (a mentor).
        SecurityEvent.objects.bulk_create(
            SecurityEvent(user=mentee_a, actor=actor, kind=EventKind.SIGNED_IN, summary="In.")
            for actor in (mentee_a, mentor, None)
        )
        # mentor_a: another mentee; the program: another mentee and an invitation.
        theirs = make_mentee_with_a_team(mentor_a)
        grow_meetings(world, n, mentor, mentorship, theirs)
        grow_plans(world, mentorship, theirs)
        grow_feedback(world, mentorship, theirs)
        grow_outcomes(world, mentorship, theirs)
        for pair in (mine, mentorship):
            Contribution.objects.create(
                mentorship=pair, mentee=mentee_a, description=f"Paper {next(serial)}"
            )
        Contribution.objects.create(
            mentorship=Mentorship.objects.get(mentee=theirs, mentor=mentor_a),
            mentee=theirs,
            description=f"Paper {next(serial)}",
        )
        make_mentee_with_a_team(mentor, program=program)
        invitation = ProgramInvitation(
            program=program,
            invited_email=f"scholar{n}@example.org",
            cohort_year=2025,
            invited_by=director,
        )
        invitation.issue_token()
        invitation.save()


def make_world(size: str) -> dict:
    """The named people and mentee_a's measured records, grown by SMALL or LARGE units."""
    everyone, program = make_everyone()
    mentee_a, mentor_a = everyone["mentee_a"], everyone["mentor_a"]
    mine = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
    make_agreement(mentee_a, parties=[mentor_a])
    make_needs(mentee_a, [mine], 1)
    series = make_series(mentee_a, [mine])
    # The measured meeting: the last one held, with notes, attendees, topics, actions.
    meeting = series.meetings.filter(status=MeetingStatus.HELD).last()
    window = EvaluationWindow.objects.create(
        program=program,
        title="Closed",
        instrument="mentoring-style",
        opens_on=timezone.localdate() - timedelta(days=60),
        closes_on=timezone.localdate() - timedelta(days=30),
        threshold=3,
    )
    for _ in range(3):  # enough for mentor_a's results to show from the start
        EvaluationResponse.objects.create(window=window, mentor=mentor_a, comment="Clear")
    plan = Plan.objects.create(
        mentee=mentee_a,
        title="K23 plan",
        starts_on=timezone.localdate() - timedelta(days=400),
        ends_on=timezone.localdate() + timedelta(days=1400),
    )
    world = {
        **everyone,
        "size": size,
        "program": program,
        "mine": mine,
        "series": series,
        "meeting": meeting,
        "plan": plan,
        "window": window,
    }
    # The large world grows from the small one, as it would over time.
    grow(world, SMALL)
    if size == "large":
        grow(world, LARGE - SMALL)
    return world


@pytest.fixture(scope="module")
def clock():
    """The same moment of the day for every run: which check-in rules hold for mentee_a (and
    so how many "since when" queries a page takes) depends on where the hour falls between
    the world's meetings (at 14:00 in New York) and midnight there."""
    with time_machine.travel(CLOCK, tick=True):
        yield


CLOCK = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


# pytest runs every test on the small world, then every test on the large one.
@pytest.fixture(scope="module", params=["small", "large"])
def built_world(request, clock, django_db_setup, django_db_blocker):
    yield from once_per_module(django_db_blocker, lambda: make_world(request.param))


@pytest.fixture
def world(built_world):
    return copy.deepcopy(built_world)


@pytest.fixture
def queries_of(client, world):
    """Queries of GET `path` as `who` on this test's world (the small one or the large one)."""

    def measure(
        who: str, path, *, post=None, htmx=False, warm=None, drawn=False
    ) -> tuple[str, int]:
        """GET `path`, or POST the dict `post` to it (as htmx does with `htmx`).

        `warm` is the path requested first to warm what is cached per process (content
        types, templates); by default the measured request itself. With `drawn`, a kept
        page body (core.kept_pages) is forgotten after warming: the page is drawn again.
        """
        client.force_login(world[who])
        headers = {"HX-Request": "true"} if htmx else {}
        url = path(world) if callable(path) else path
        if warm is not None:
            client.get(warm(world) if callable(warm) else warm)
        elif post is None:
            client.get(url)
        else:
            client.post(url, post, headers=headers)
        if drawn:
            caches["pages"].clear()
        with CaptureQueriesContext(connection) as queries:
            if post is None:
                response = client.get(url, headers=headers)
            else:
                response = client.post(url, post, headers=headers)
        assert response.status_code == 200
        return world["size"], len(queries)

    return measure


def assert_queries(measured: tuple[str, int], pinned: int):
    size, queries = measured
    assert queries == pinned, f"{queries} queries on the {size} world; pinned: {pinned}"


def mentoring_url(world) -> str:
    mine = Mentorship.objects.get(mentee=world["mentee_a"], mentor=world["mentor_a"])
    return f"/mentoring/{mine.pk}/"


def program_url(world) -> str:
    return f"/programs/{world['program'].pk}/"


# Every signed-in page starts with the session and the user, and the menu reads the
# person's roles (mentorships as mentor, a row of role flags; a director's programs too):
# 4 queries, 5 for a director. Relationship health costs 1 query per
# page that shows it when kept (the snapshots at their workspaces' versions); for any
# number of mentees whose workspace changed since, the providers' queries and 2 more (the
# versions, the write). A write to a workspace costs 1 more, to raise its version.


# The home page is kept per viewer (core.kept_pages): drawn again only after a change to
# what it shows (`drawn=True`), else served from what was kept.


def test_home_as_mentee(queries_of):
    # drawn: roles (mentoring, programs, as mentee), the workspaces' versions (its key),
    # health, overdue agreements, to acknowledge + their acks, the series (as ids), the next
    # meeting's start (when its clock turns), their next meetings
    assert_queries(queries_of("mentee_a", "/", drawn=True), 19)


# A kept page: the session, the user, the workspaces' versions (its key; the roles are not
# read: a change of them raises the viewer's own version).
KEPT = 3


def test_home_as_mentee_kept(queries_of):
    assert_queries(queries_of("mentee_a", "/"), KEPT)


def test_home_as_mentor_of_many_mentees(queries_of):
    # the same, with one health table for all their mentees
    assert_queries(queries_of("mentor_a", "/", drawn=True), 16)


def test_home_as_mentor_kept(queries_of):
    assert_queries(queries_of("mentor_a", "/"), KEPT)


def test_home_as_program_director(queries_of):
    # the workspaces' versions (a kept page's key, looked up first), roles, programs
    # directed, agreements to acknowledge (none), no series so no meetings: no health
    assert_queries(queries_of("director", "/"), 12)


def test_team_page(queries_of):
    # mentorships with mentors, needs + their coverage, recent insights with their source,
    # the programs whose mentor directory to offer
    assert_queries(queries_of("mentee_a", "/team/"), 9)


def test_mentors_view_of_a_mentee(queries_of):
    # mentorship, team, health, programs, needs + coverage, insights, agreements, own notes
    # drawn: and the workspaces' versions, the next meeting's start (kept_pages)
    assert_queries(queries_of("mentor_a", mentoring_url, drawn=True), 16)


def test_mentors_view_of_a_mentee_kept(queries_of):
    assert_queries(queries_of("mentor_a", mentoring_url), KEPT)


def test_program_dashboard(queries_of):
    # program, which kept check-ins are stale (none: nothing changed since the first view),
    # enrollments with mentees and their kept check-ins (since when each rule holds is kept
    # with them; only the live rule on mentors' sign-ins would take one more query, when it
    # holds on the page), health, needs marked for the program, invitations, the funnel (its
    # counts from the kept check-ins, open invitations), the trend by month (from the cache:
    # it is computed at most every quarter of an hour); drawn: and what its key holds besides
    # (programs.kept.dashboard_state: the mentees' versions, the silent mentors, invitations)
    assert_queries(queries_of("director", program_url, drawn=True), 17)


def test_program_dashboard_kept(queries_of):
    # the session, the user, the program, the roles (three for a director), its state
    assert_queries(queries_of("director", program_url), 9)


def test_program_roster_filtered_to_those_who_need_a_check_in(queries_of):
    assert_queries(
        queries_of("director", lambda w: program_url(w) + "?check_in=on&cohort=2024", drawn=True),
        17,
    )


def test_the_programs_mentors(queries_of):
    # program, a page of mentors with load and last activity, their count, their mentees
    # here, what they take of its mentees, the latest closed evaluation window and its
    # results (counts, means, comments)
    assert_queries(queries_of("director", lambda w: program_url(w) + "mentors/"), 14)


def test_the_programs_mentor_training(queries_of):
    # program, its rule, its mentors, their latest courses
    assert_queries(queries_of("director", lambda w: program_url(w) + "training/"), 9)


def test_a_mentee_as_the_program_sees_them(queries_of):
    def url(world):
        return f"{program_url(world)}mentees/{world['mentee_a'].pk}/"

    # program, the enrollment with its check-ins, since when they hold (three rules), health,
    # team, needs, plan, and the form's choice of supervisor and reporting line
    assert_queries(queries_of("director", url), 15)


def test_agreements_as_mentee(queries_of):
    # own agreements, whether another can be written, agreements as a mentor
    assert_queries(queries_of("mentee_a", "/agreements/"), 7)


def test_agreements_as_mentor_of_many_mentees(queries_of):
    assert_queries(queries_of("mentor_a", "/agreements/"), 7)


# Meetings. The meeting page: the meeting with its series, the participants (listed, and
# the choices of the notes and action forms), attendees, agenda topics, topics proposed
# from open action items (and, for the mentee, unshared insights), the meeting's action
# items, its disagreements and the mentorships to record one with.


def meeting_url(world) -> str:
    return world["meeting"].get_absolute_url()


def agenda_url(world) -> str:
    return f"/meetings/{world['meeting'].pk}/agenda/"


def last_topic(world) -> AgendaItem:
    return world["meeting"].agenda_items.order_by("position", "id").last()


def discussed_url(world) -> str:
    return f"/meetings/agenda/{last_topic(world).pk}/discussed/"


def up_url(world) -> str:
    return f"/meetings/agenda/{last_topic(world).pk}/up/"


def series_url(world) -> str:
    return world["series"].get_absolute_url()


def test_meeting_page_as_mentee(queries_of):
    # drawn: and the workspaces' versions, the next meeting's start (kept_pages)
    assert_queries(queries_of("mentee_a", meeting_url, drawn=True), 21)


def test_meeting_page_as_mentee_kept(queries_of):
    assert_queries(queries_of("mentee_a", meeting_url), KEPT)


def test_meeting_page_as_mentor(queries_of):
    # the same, without the mentee's unshared insights
    # drawn: and the workspaces' versions, the next meeting's start (kept_pages)
    assert_queries(queries_of("mentor_a", meeting_url, drawn=True), 20)


def test_meeting_page_as_mentor_kept(queries_of):
    assert_queries(queries_of("mentor_a", meeting_url), KEPT)


def test_adding_an_agenda_topic_answers_htmx_with_the_agenda(queries_of):
    # the meeting, the version check, the last position, the insert (and the workspace's
    # version); then the agenda partial
    measured = queries_of("mentee_a", agenda_url, post={"title": "Timeline"}, htmx=True)
    assert_queries(measured, 16)


def test_marking_a_topic_discussed_answers_htmx_with_the_agenda(queries_of):
    assert_queries(queries_of("mentor_a", discussed_url, post={}, htmx=True), 15)


def test_moving_a_topic_up_answers_htmx_with_the_agenda(queries_of):
    # Topics carry gaps in their positions (as after moving one to the next meeting); warmed
    # with a GET so the measured request meets them as they were left.
    measured = queries_of("mentee_a", up_url, post={}, htmx=True, warm=meeting_url)
    assert_queries(measured, 16)  # with the workspace's version


def test_my_open_actions_as_mentee(queries_of):
    # open actions I own; open actions others own in my workspace
    assert_queries(queries_of("mentee_a", "/actions/"), 6)


def test_my_open_actions_as_mentor_of_many_mentees(queries_of):
    assert_queries(queries_of("mentor_a", "/actions/"), 6)


def test_meetings_list_as_mentee(queries_of):
    # mentees I mentor, upcoming, not recorded, recent, series + their mentors
    assert_queries(queries_of("mentee_a", "/meetings/"), 10)


def test_meetings_list_as_mentor_of_many_mentees(queries_of):
    assert_queries(queries_of("mentor_a", "/meetings/"), 10)


def test_series_page(queries_of):
    # series + mentors, agreements for the cadence, the mentee, upcoming and past meetings
    assert_queries(queries_of("mentee_a", series_url), 10)


# The career development plan. The plan page: the plan, its goals this user may see with
# their redefinition counts, their milestones and mentors (with the mentor's user), the
# outcomes decided within its span. The
# goal page: the goal, mentors, reviews with who took part and who recorded them, the
# history with who changed it, milestones, whether the viewer may edit, and the choices of
# the review form.


def plan_url(world) -> str:
    return world["plan"].get_absolute_url()


def goal_url(world) -> str:
    return world["plan"].goals.order_by("id").last().get_absolute_url()


def test_plan_page_as_mentee(queries_of):
    # drawn: and the workspaces' versions, the next meeting's start (kept_pages)
    assert_queries(queries_of("mentee_a", plan_url, drawn=True), 12)


def test_plan_page_as_mentee_kept(queries_of):
    assert_queries(queries_of("mentee_a", plan_url), KEPT)


def test_plan_page_as_mentor(queries_of):
    # drawn: and the workspaces' versions, the next meeting's start (kept_pages)
    assert_queries(queries_of("mentor_a", plan_url, drawn=True), 11)


def test_plan_page_as_mentor_kept(queries_of):
    assert_queries(queries_of("mentor_a", plan_url), KEPT)


def test_goal_page_as_mentee(queries_of):
    assert_queries(queries_of("mentee_a", goal_url), 14)


def test_goal_page_as_mentor(queries_of):
    assert_queries(queries_of("mentor_a", goal_url), 14)


def test_goals_due_for_review_as_mentor_of_many_mentees(queries_of):
    assert_queries(queries_of("mentor_a", "/plan/review/"), 5)


def test_idp_export_as_mentee(queries_of):
    # 9 to build it, 1 to record the download as a security event
    assert_queries(queries_of("mentee_a", lambda w: f"/plan/{w['plan'].pk}/idp.md"), 10)


def test_profile_with_its_security_events(queries_of):
    # the same for 3 or 300 security events: the latest 20, with who did each, in one query
    assert_queries(queries_of("mentee_a", "/profile/"), 6)


# Feedback. The feedback page: requests asked of and by the user (with people), feedback
# received (with the acted-on links) and given, what waits to be acted on, the people to
# give feedback to. The mentoring style: the mentorship and one aggregate of the ratings.
# A window: its results in three queries for any number of mentors.


def mine_url(world) -> str:
    return f"/feedback/style/{world['mine'].pk}/"


def last_feedback_url(world) -> str:
    return (
        Feedback.objects.filter(mentee=world["mentee_a"]).order_by("id").last().get_absolute_url()
    )


def test_feedback_page_as_mentee(queries_of):
    # the open requests asked of and by the viewer are one query
    # drawn: and the workspaces' versions, the next meeting's start (kept_pages)
    assert_queries(queries_of("mentee_a", "/feedback/", drawn=True), 13)


def test_feedback_page_as_mentee_kept(queries_of):
    assert_queries(queries_of("mentee_a", "/feedback/"), KEPT)


def test_feedback_page_as_mentor_of_many_mentees(queries_of):
    # drawn: and the workspaces' versions, the next meeting's start (kept_pages)
    assert_queries(queries_of("mentor_a", "/feedback/", drawn=True), 13)


def test_feedback_page_as_mentor_of_many_mentees_kept(queries_of):
    assert_queries(queries_of("mentor_a", "/feedback/"), KEPT)


def test_a_piece_of_feedback(queries_of):
    assert_queries(queries_of("mentee_a", last_feedback_url), 8)


def test_the_mentoring_style_as_mentor(queries_of):
    assert_queries(queries_of("mentor_a", mine_url), 6)


def test_evaluation_results_as_director(queries_of):
    # and the number of its mentors, for the pages
    assert_queries(queries_of("director", results_with_mentor_a), 12)


def results_with_mentor_a(world) -> str:
    """The page of the window's results that holds mentor_a's (they have enough responses)."""
    from mentorkit.feedback.views import MENTORS_PER_PAGE

    window = world["window"]
    ids = list(window.mentors().values_list("pk", flat=True))
    page = ids.index(world["mentor_a"].pk) // MENTORS_PER_PAGE + 1
    return f"{window.get_absolute_url()}?page={page}"


# What the mentee offers: the ledger, the summary per mentor and quarter, the mentors left
# out this quarter, the form's choices, and what was given to the user as a mentor.


def test_the_ledger_as_mentee(queries_of):
    assert_queries(queries_of("mentee_a", "/growth/"), 9)


def test_the_ledger_as_mentor_of_many_mentees(queries_of):
    assert_queries(queries_of("mentor_a", "/growth/"), 7)


# Importing publications: the preview reads the mentee's existing outcomes in one query
# to find duplicates, however many there are and however many entries the file holds.

IMPORT_FILE = "\n".join(
    f"@article{{paper{i}, title={{Paper {i}}}, journal={{Heart}}, year=2020, doi={{10.1000/p{i}}}}}"
    for i in range(40)
)


def import_url(world) -> str:
    """The import page, after mentee_a gains ten more outcomes (some the file repeats)."""
    start = Outcome.objects.filter(mentee=world["mentee_a"]).count()
    Outcome.objects.bulk_create(
        Outcome(mentee=world["mentee_a"], title=f"Paper {start + i}", doi=f"10.1000/p{start + i}")
        for i in range(10)
    )
    return "/outcomes/import/"


def test_an_import_preview_as_mentee(queries_of):
    # session, user, the two queries of the menu (roles.py); the existing outcomes' keys
    assert_queries(
        queries_of("mentee_a", import_url, post={"format": "bibtex", "text": IMPORT_FILE}), 5
    )


# Outcomes: the mentee's list with its charts, a mentor's feed of successes and lessons, an
# outcome in a growing resubmission chain, the CV and the outputs list.


def first_failure(world) -> str:
    return f"/outcomes/{Outcome.objects.filter(mentee=world['mentee_a'], result='failure').earliest('pk').pk}/"


def test_the_outcomes_page_as_mentee(queries_of):
    # drawn: and the workspaces' versions, the next meeting's start (kept_pages)
    assert_queries(queries_of("mentee_a", "/outcomes/", drawn=True), 12)


def test_the_outcomes_page_as_mentee_kept(queries_of):
    assert_queries(queries_of("mentee_a", "/outcomes/"), KEPT)


def test_the_outcomes_feed_as_mentor_of_many_mentees(queries_of):
    # drawn: and the workspaces' versions, the next meeting's start (kept_pages)
    assert_queries(queries_of("mentor_a", "/outcomes/", drawn=True), 12)


def test_the_outcomes_feed_as_mentor_of_many_mentees_kept(queries_of):
    assert_queries(queries_of("mentor_a", "/outcomes/"), KEPT)


def test_an_outcome_in_a_long_chain(queries_of):
    assert_queries(queries_of("mentee_a", first_failure), 9)


def test_an_outcome_in_a_long_chain_as_mentor(queries_of):
    assert_queries(queries_of("mentor_a", first_failure), 9)


def test_the_cv(queries_of):
    assert_queries(queries_of("mentee_a", "/outcomes/cv.html"), 3)


def test_the_outputs_list(queries_of):
    assert_queries(queries_of("mentee_a", "/outcomes/biosketch.html"), 4)


# Autonomy: activities flagged against every active mentor's keywords, markers, the timeline
# with the decided outcomes; as the mentee and as a mentor reading the mentee's page.


def test_the_autonomy_page_as_mentee(queries_of):
    assert_queries(queries_of("mentee_a", "/growth/autonomy/"), 9)


def test_the_autonomy_page_as_mentor(queries_of):
    assert_queries(
        queries_of("mentor_a", lambda world: f"/growth/autonomy/{world['mentee_a'].pk}/"), 10
    )


def test_the_mentor_directory_for_a_mentee(queries_of):
    # program, its mentors with load, what they take of its mentees, whether the viewer is its
    # mentee, the viewer's needs, earlier mentors, supervisors and choices
    assert_queries(queries_of("mentee_a", lambda w: program_url(w) + "directory/"), 12)


def test_the_institutions_mentor_directory(queries_of):
    # session, user, the mentors who listed themselves with their load, the viewer's needs,
    # earlier mentors, and the menu's two (programs, mentoring)
    assert_queries(queries_of("mentee_a", lambda w: "/directory/"), 7)


def test_a_matching_round_of_the_whole_program(queries_of, world):
    from mentorkit.accounts.models import User
    from mentorkit.matching import rounds
    from mentorkit.programs.models import Program

    program = Program.objects.get(pk=world["program"].pk)
    mentees = User.objects.filter(enrollments__program=program)
    round_ = rounds.start(
        program, world["director"], name="All", mentees=mentees, objective="max_score", spread=0
    )
    # program, round, the people it names
    assert_queries(queries_of("director", round_.get_absolute_url()), 9)


def test_a_mentors_own_mentees(queries_of):
    # their mentorships with last met, health, earlier mentees, the programs they mentor in
    # with what they take of each
    assert_queries(queries_of("mentor_a", "/mentoring/"), 8)
