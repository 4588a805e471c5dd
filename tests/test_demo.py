"""The demo workspace: the people and roles it promises, sign-ins that work, and a safe re-run."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from mentorkit.accounts.models import User
from mentorkit.demo import DEMO_PASSWORD, MENTEE_EMAIL, load_demo
from mentorkit.feedback.models import EvaluationWindow, Feedback, FeedbackRequest
from mentorkit.growth.models import Contribution
from mentorkit.health import health_for
from mentorkit.meetings.models import (
    ActionItem,
    ActionStatus,
    Disagreement,
    Meeting,
    MeetingStatus,
    Series,
)
from mentorkit.plans.models import Goal, GoalReview, GoalRevision, Milestone, Plan
from mentorkit.programs.models import Program
from mentorkit.teams.models import (
    Acknowledgement,
    Agreement,
    Insight,
    MentorNote,
    Mentorship,
    MentorshipStatus,
    Need,
    Role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sign_ins():
    return load_demo()


@pytest.fixture
def fellow(sign_ins):
    return User.objects.get(email=MENTEE_EMAIL)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def test_it_returns_the_fellow_first_and_every_account_once(sign_ins):
    emails = [email for email, _ in sign_ins]
    assert emails[0] == MENTEE_EMAIL
    assert len(emails) == len(set(emails))
    assert set(emails) == set(User.objects.values_list("email", flat=True))
    assert all(who for _, who in sign_ins)


def test_the_fellow_has_two_co_primaries_a_career_and_a_peer_mentor_and_a_former_one(fellow):
    active = Mentorship.objects.active().filter(mentee=fellow)
    roles = sorted(active.values_list("role", flat=True))
    assert roles == sorted([Role.CO_PRIMARY, Role.CO_PRIMARY, Role.CAREER, Role.PEER])
    assert {m.mentor.email for m in active.filter(role=Role.CO_PRIMARY)} == {
        "daniel@example.org",
        "priya@example.org",
    }
    ended = Mentorship.objects.get(mentee=fellow, status=MentorshipStatus.ENDED)
    assert ended.mentor.email == "robert@example.org"
    assert ended.started_on < ended.ended_on < timezone.localdate()


def test_the_director_directs_the_program_the_fellow_is_enrolled_in(fellow):
    director = User.objects.get(email="director@example.org")
    program = Program.objects.directed_by(director).get()
    assert program.kind == "kl2"
    assert program.enrollments.get(mentee=fellow).cohort_year == 2024
    assert program.enrollments.exclude(mentee=fellow).count() >= 3


def test_every_sign_in_works_with_the_demo_password(sign_ins):
    for email, _ in sign_ins:
        user = User.objects.get(email=email)
        assert user.is_active
        assert user.check_password(DEMO_PASSWORD), email


def test_every_demo_profile_validates(sign_ins):
    users = User.objects.filter(email__in=[email for email, _ in sign_ins])
    for user in users:
        user.full_clean()  # ORCID check digit, time zone, choices
    assert all(user.orcid for user in users)


def test_it_loads_with_bulk_inserts(django_assert_max_num_queries):
    # A year of meetings must not cost a query per meeting: the demo server loads it on start.
    with django_assert_max_num_queries(150):
        load_demo()


def test_running_it_twice_changes_nothing(sign_ins):
    before = row_counts()
    assert before["meetings.Meeting"] > 100 and before["meetings.Meeting_attendees"] > 200
    assert load_demo() == sign_ins
    assert row_counts() == before


def test_the_fellow_has_needs_with_a_gap_and_mixed_visibility(fellow):
    needs = {need.name: need for need in Need.objects.filter(mentee=fellow)}
    assert {m.mentor.email for m in needs["Trial design"].covered_by.all()} == {
        "daniel@example.org",
        "priya@example.org",
    }
    assert not needs["Work–life integration"].covered_by.exists()
    assert {n.visibility for n in needs.values()} == {"team", "program", "private"}


def test_the_team_agreement_is_at_version_two_with_its_history(fellow):
    agreement = Agreement.objects.get(mentee=fellow, mentorship=None)
    assert agreement.version == 2
    revisions = list(agreement.revisions.order_by("version"))
    assert [r.version for r in revisions] == [1, 2]
    assert revisions[1].changes["We meet"] == ["Every two weeks", "Weekly"]
    acknowledged = set(
        Acknowledgement.objects.filter(agreement=agreement, version=2).values_list(
            "user__email", flat=True
        )
    )
    parties = {user.email for user in agreement.parties()}
    assert parties - acknowledged == {"lena@example.org"}


def test_insights_come_from_several_mentors_and_two_are_shared(fellow):
    insights = Insight.objects.filter(mentee=fellow)
    assert insights.values("source").distinct().count() >= 3
    assert insights.filter(shared_with_primary_at__isnull=False).count() == 2
    assert MentorNote.objects.filter(author__email="daniel@example.org").count() >= 2


def test_health_shows_what_the_demo_is_meant_to_show(fellow):
    tomas = User.objects.get(email="tomas@example.org")
    health = health_for([fellow, tomas])
    assert health[fellow.pk][0].value == "1 acknowledgement pending"
    assert health[fellow.pk][5].value == "3 of 3 high-priority needs covered"
    assert health[tomas.pk][0].value == "Review overdue"


# --- Meetings (practice 1) ---------------------------------------------------------


def test_the_fellow_meets_her_co_primaries_twice_a_week_and_her_career_mentor_monthly(fellow):
    series = {s.title: s for s in Series.objects.filter(mentee=fellow)}
    co_primary = series["Co-primary mentors"]
    assert co_primary.rule == "FREQ=WEEKLY;BYDAY=TU,WE"
    assert {m.mentor.email for m in co_primary.mentorships.all()} == {
        "daniel@example.org",
        "priya@example.org",
    }
    assert co_primary.local_first_start.strftime("%a %H:%M") == "Tue 14:00"
    career = series["Career mentoring with Marcus"]
    assert career.rule == "FREQ=MONTHLY;BYDAY=1TH"
    assert [m.mentor.email for m in career.mentorships.all()] == ["marcus@example.org"]
    assert career.video_url
    for s in series.values():
        assert timedelta(days=325) < timezone.now() - s.first_start < timedelta(days=372)


def test_a_year_of_past_meetings_mostly_held_with_notes_and_attendees(fellow):
    past = Meeting.objects.filter(mentee=fellow, starts_at__lt=timezone.now())
    assert past.count() >= 90
    held = past.filter(status=MeetingStatus.HELD).prefetch_related("attendees")
    assert held.count() >= 0.9 * past.count()
    assert all(m.summary and m.notes.startswith("- ") and len(m.attendees.all()) >= 2 for m in held)
    assert held.values("summary").distinct().count() >= 20  # the notes tell a year's story
    for topic in ["aims page", "Power calculation", "K23 resubmission", "AHA", "Clinic scheduling"]:
        assert held.filter(summary__icontains=topic).exists(), topic


def test_one_occurrence_is_moved_and_one_skipped_both_recently_or_ahead(fellow):
    meetings = Meeting.objects.filter(mentee=fellow)
    moved = [m for m in meetings if m.is_moved]
    skipped = meetings.filter(status=MeetingStatus.CANCELLED)
    assert len(moved) == 1 and skipped.count() == 1
    recently = timezone.now() - timedelta(days=90)
    assert moved[0].starts_at > recently and skipped.get().starts_at > recently
    assert moved[0].starts_at.date() != moved[0].original_start.date()


def test_some_recent_meetings_are_not_recorded_and_the_fellow_is_prompted(client, fellow):
    not_recorded = Meeting.objects.filter(mentee=fellow).not_recorded()
    assert 1 <= not_recorded.count() <= 5
    assert all(timezone.now() - m.starts_at < timedelta(days=30) for m in not_recorded)
    client.force_login(fellow)
    assert "Not recorded yet" in client.get("/meetings/").content.decode()


def test_actions_are_done_mostly_on_time_and_open_for_each_owner(fellow):
    # Every action comes from a meeting or from a piece of feedback acted on.
    everything = ActionItem.objects.filter(mentee=fellow)
    assert not everything.filter(meeting__isnull=True, feedback__isnull=True).exists()
    assert everything.filter(feedback__isnull=False).count() == 4
    actions = everything.filter(meeting__isnull=False)
    assert set(actions.values_list("meeting__mentee", flat=True)) == {fellow.pk}
    done = actions.filter(status=ActionStatus.DONE)
    late = [a for a in done if a.closed_on > a.due_on]
    assert done.count() >= 8 and len(late) == 1
    still_open = actions.filter(status=ActionStatus.OPEN)
    assert {"mentee@example.org", "daniel@example.org", "priya@example.org"} <= set(
        still_open.values_list("owner__email", flat=True)
    )
    assert sum(a.is_overdue for a in still_open) == 1


def test_the_next_co_primary_meeting_already_has_an_agenda(client, fellow):
    following = Meeting.objects.filter(
        mentee=fellow, series__title="Co-primary mentors"
    ).upcoming()[0]
    topics = list(following.agenda_items.values_list("title", flat=True))
    assert len(topics) >= 3
    client.force_login(fellow)
    page = client.get(following.get_absolute_url()).content.decode()
    assert all(topic in page for topic in topics)


def test_two_disagreements_ended_differently(client, fellow):
    disagreements = Disagreement.objects.filter(mentorship__mentee=fellow)
    assert disagreements.count() == 2
    assert len({d.ending for d in disagreements}) == 2
    assert {d.mentorship.mentor.email for d in disagreements} == {
        "daniel@example.org",
        "priya@example.org",
    }
    assert all(d.meeting.status == MeetingStatus.HELD for d in disagreements)


def test_the_fellows_home_page_reports_meetings_held(client, fellow):
    communication = health_for([fellow])[fellow.pk][0]
    held = re.search(r"(\d+) meetings in 8 weeks \((\d+) agreed\)", communication.detail)
    assert held and int(held[1]) >= int(held[2])  # twice a week against a weekly agreement
    assert "2 disagreements recorded" in communication.detail
    client.force_login(fellow)
    assert held[0] in client.get("/").content.decode()


def test_the_fellow_has_a_five_year_plan_with_two_years_of_reviews(fellow):
    plan = Plan.objects.get(mentee=fellow, status="active")
    assert (plan.ends_on - plan.starts_on).days > 4 * 365
    goals = list(plan.goals.all())
    assert 10 <= len(goals) <= 14
    assert len({g.category for g in goals}) >= 6
    assert Milestone.objects.filter(goal__plan=plan).count() >= 25
    reviewed = GoalReview.objects.filter(goal__plan=plan)
    first, last = min(r.reviewed_on for r in reviewed), max(r.reviewed_on for r in reviewed)
    assert (last - first).days >= 700 and reviewed.count() >= 40
    assert all(g.milestones_total == g.milestones.count() for g in goals)


def test_three_goals_were_redefined_with_reasons_one_after_the_unfunded_k23(fellow):
    redefined = GoalRevision.objects.filter(goal__mentee=fellow, kind="redefined")
    assert redefined.count() == 3 and all(r.reason and r.changed_by for r in redefined)
    assert any("not funded" in r.reason for r in redefined)
    dropped = Goal.objects.filter(mentee=fellow, status="dropped")
    assert dropped.count() == 1
    assert GoalRevision.objects.filter(goal__in=dropped, kind="dropped").exists()


def test_some_goals_are_due_for_review_now(fellow):
    due = Goal.objects.filter(mentee=fellow).due_for_review()
    assert 1 <= due.count() <= 4


def test_two_years_of_feedback_both_ways_mostly_acted_on(fellow):
    given = Feedback.objects.filter(mentee=fellow)
    to_mentee = given.filter(direction="to_mentee")
    to_mentors = given.filter(direction="to_mentor")
    assert to_mentee.count() >= 12 and to_mentors.count() == 16
    first, last = given.earliest("created_at"), given.latest("created_at")
    assert (last.created_at - first.created_at).days >= 600
    assert to_mentee.filter(acted_at__isnull=False).count() >= 8
    assert all(f.ratings.count() == 18 for f in to_mentors)
    assert given.filter(direction="self").count() == 4
    assert FeedbackRequest.objects.filter(mentee=fellow, status="open").count() == 2


def test_the_closed_evaluation_window_shows_one_mentor_and_not_the_others(fellow):
    from mentorkit.feedback.results import window_results

    window = EvaluationWindow.objects.get()
    assert window.is_closed()
    shown = {r.name: r.shown for r in window_results(window, window.mentors())}
    assert shown["Dr. Daniel Reyes"] is True
    assert shown["Dr. Priya Raman"] is False and shown["Dr. Marcus Bell"] is False


def test_the_fellow_gave_each_mentor_something_and_marcus_nothing_lately(fellow):
    from mentorkit.growth.views import quiet_mentors

    given = Contribution.objects.filter(mentee=fellow)
    assert given.count() >= 12
    assert {c.mentorship.mentor.email for c in given} >= {
        "daniel@example.org",
        "priya@example.org",
        "marcus@example.org",
        "lena@example.org",
    }
    assert given.filter(acknowledged_at__isnull=False).count() >= 10
    quiet = [m.mentor.email for m in quiet_mentors(fellow, timezone.localdate())]
    assert quiet == ["marcus@example.org"]


# --- Outcomes (practice 7) ---------------------------------------------------------


def test_the_fellows_record_holds_about_thirty_outcomes_failures_included(fellow):
    from mentorkit.outcomes.models import Outcome

    outcomes = Outcome.objects.filter(mentee=fellow)
    assert 28 <= outcomes.count() <= 35
    assert set(outcomes.values_list("kind", flat=True)) >= {
        "paper",
        "grant",
        "abstract",
        "presentation",
        "award",
        "promotion",
    }
    assert outcomes.failures().count() >= 8 and outcomes.successes().count() >= 15
    assert outcomes.filter(celebrated_on__isnull=False).count() >= 5


def test_the_unfunded_k23_has_its_reflection_and_its_funded_resubmission(fellow):
    from mentorkit.outcomes.models import Outcome

    a0 = Outcome.objects.get(mentee=fellow, title__endswith="(A0)")
    assert a0.result == "failure" and "Impact score 38" in a0.details
    assert {u.email for u in a0.reflection.shared_with.all()} == {
        "daniel@example.org",
        "priya@example.org",
    }
    assert [(o.title[-4:], o.result) for o in a0.chain()] == [
        ("(A0)", "failure"),
        ("(A1)", "success"),
    ]
    pilot = Outcome.objects.filter(mentee=fellow, title__startswith="Remote monitoring after")
    assert [o.result for o in pilot.get(result="pending").chain()] == [
        "failure",
        "failure",
        "pending",
    ]


def test_health_reflects_on_the_years_outcomes(fellow):
    indicator = health_for([fellow])[fellow.pk][6]
    assert indicator.state == "good", indicator
    assert "celebrations in the last year" in indicator.detail


# --- Autonomy (practice 5) ---------------------------------------------------------


def test_a_dozen_activities_two_mini_projects_beyond_the_mentors_expertise(fellow):
    from mentorkit.growth.expertise import mentor_keywords_for
    from mentorkit.growth.models import Activity, IndependenceMarker

    activities = Activity.objects.filter(mentee=fellow)
    assert 10 <= activities.count() <= 14
    keywords = mentor_keywords_for([fellow.pk])[fellow.pk]
    beyond = [a for a in activities if a.is_beyond(keywords)]
    assert sorted(a.kind for a in beyond) == ["mini_project", "mini_project"]
    overridden = activities.get(beyond_override=False)
    assert overridden.is_beyond(set()) is False and overridden.beyond_override is False
    assert IndependenceMarker.objects.filter(mentee=fellow).count() >= 4
    indicator = health_for([fellow])[fellow.pk][4]
    assert indicator.state == "good" and "beyond" in indicator.detail
