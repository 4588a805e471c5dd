"""The demo workspace, loaded once for the module: each of its people signs in and finds
the pages their role promises, its fellow's health says something on every practice, and
a second load changes nothing."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from mentorkit.accounts.models import User
from mentorkit.demo import DEMO_PASSWORD, MENTEE_EMAIL, ROSTER, load_demo
from mentorkit.feedback.models import EvaluationWindow, Feedback, FeedbackRequest
from mentorkit.health import State, health_for
from mentorkit.meetings.models import ActionItem, ActionStatus, Meeting, MeetingStatus
from mentorkit.outcomes.models import Outcome
from mentorkit.plans.models import Goal, GoalReview, Plan
from mentorkit.programs.models import Program
from mentorkit.teams.models import Mentorship, MentorshipStatus

pytestmark = pytest.mark.django_db

# The load goes through forms and actions, a few queries per record: about 7,800 in all
# (3,900 for the fellow's story, 2,700 for the rest of the program's roster, 850 for the
# KL2's grant and its scholars' training records, 130 for their committees, 100 for the
# alumni check-ins); a query per
# meeting for every meeting (or any other N²) would pass this by far.
QUERY_CEILING = 9000  # 7,800 measured with the training-grant chapters


@dataclass
class Loaded:
    sign_ins: list[tuple[str, str]]
    queries: int


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for every test here and rolled back after the last one."""
    queries = 0

    def count(execute, *args):
        nonlocal queries
        queries += 1
        return execute(*args)

    with django_db_blocker.unblock(), transaction.atomic():
        with connection.execute_wrapper(count):
            sign_ins = load_demo()
        yield Loaded(sign_ins, queries)
        transaction.set_rollback(True)


@pytest.fixture
def people(demo) -> dict[str, User]:
    """The demo's people by the local part of their e-mail: mentee, daniel, director…"""
    return {user.email.split("@")[0]: user for user in User.objects.all()}


def mentorship(mentee: User, mentor: User) -> Mentorship:
    return Mentorship.objects.get(mentee=mentee, mentor=mentor)


def page(client, user: User, path: str) -> str:
    """The text of the page `user` opens at `path` (following a redirect), as read."""
    client.force_login(user)
    response = client.get(path, follow=True)
    assert response.status_code == 200, path
    return html.unescape(response.content.decode())


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


# --- Loading ------------------------------------------------------------------------------


def test_it_returns_the_fellow_first_and_every_account_once(demo):
    emails = [email for email, _ in demo.sign_ins]
    assert emails[0] == MENTEE_EMAIL
    assert len(emails) == len(set(emails))
    # Every account is the tour's or the rest of the program's roster.
    assert set(emails) | set(ROSTER) == set(User.objects.values_list("email", flat=True))
    assert not set(emails) & set(ROSTER)
    assert all(who for _, who in demo.sign_ins)


def test_each_person_signs_in_with_the_demo_password_and_is_greeted_by_name(client, demo):
    for email, who in demo.sign_ins:
        response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302 and response["Location"] == "/", email
        name = who.split(",")[0]
        assert name in client.get("/").content.decode(), email
        client.logout()


def test_running_it_twice_changes_nothing(demo):
    before = row_counts()
    assert before["meetings.Meeting"] > 100 and before["meetings.Meeting_attendees"] > 200
    assert load_demo() == demo.sign_ins
    assert row_counts() == before


def test_it_loads_through_the_actions_in_a_bounded_number_of_queries(demo):
    # The demo server loads it on start: no query per meeting per meeting.
    assert demo.queries < QUERY_CEILING, demo.queries


# --- Health: the fellow's home page --------------------------------------------------------


def test_every_practice_of_the_fellow_has_something_to_say(people):
    indicators = health_for([people["mentee"]])[people["mentee"].pk]
    assert [i.practice for i in indicators] == [1, 2, 3, 4, 5, 6, 7]
    assert all(i.state in (State.GOOD, State.ATTENTION) for i in indicators), indicators


def test_health_shows_what_the_demo_is_meant_to_show(people):
    fellow, tomas = people["mentee"], people["tomas"]
    health = health_for([fellow, tomas])
    assert health[fellow.pk][0].value == "1 acknowledgement pending"  # Lena joined since
    assert health[fellow.pk][5].value == "3 of 3 high-priority needs covered"
    assert health[tomas.pk][0].value == "Review overdue"


def test_the_fellows_home_page_reports_meetings_held_against_the_agreement(client, people):
    fellow = people["mentee"]
    communication = health_for([fellow])[fellow.pk][0]
    held = re.search(r"(\d+) meetings in 8 weeks \((\d+) agreed\)", communication.detail)
    assert held and int(held[1]) >= int(held[2])  # twice a week against a weekly agreement
    assert "2 disagreements recorded" in communication.detail
    assert held[0] in page(client, fellow, "/")


def test_health_reflects_on_the_years_outcomes(people):
    indicator = health_for([people["mentee"]])[people["mentee"].pk][6]
    assert indicator.state == State.GOOD, indicator
    assert "celebrations in the last year" in indicator.detail


def test_autonomy_counts_two_mini_projects_beyond_the_mentors_expertise(client, people):
    indicator = health_for([people["mentee"]])[people["mentee"].pk][4]
    assert indicator.state == State.GOOD and "beyond" in indicator.detail
    autonomy = page(client, people["mentee"], reverse("growth:autonomy"))
    for title in ["Natural language processing", "Signal processing of wearable daily weights"]:
        assert title in autonomy


# --- What each role opens -------------------------------------------------------------------

FELLOWS_PAGES = {
    "/": ["Dr. Daniel Reyes"],
    "/team/": ["Dr. Daniel Reyes", "Dr. Priya Raman", "Dr. Marcus Bell", "Dr. Lena Fischer"],
    "/agreements/": ["the whole team", "Dr. Marcus Bell"],
    "/meetings/": ["Co-primary mentors", "Career mentoring with Marcus"],
    "/actions/": ["Send the pilot manuscript to the co-authors"],
    "/plan/": ["KL2 to K23: remote monitoring after heart-failure discharge"],
    "/plan/review/": [],
    "/feedback/": ["How is our methods mentoring working for you this term?"],
    "/growth/": ["Nothing offered this quarter to Dr. Marcus Bell."],
    "/growth/autonomy/": ["HFSA Annual Meeting"],
    "/outcomes/": ["K23: Remote monitoring after heart-failure discharge (A1)"],
    "/outcomes/cv.html": ["Impact score 38"],
}


@pytest.mark.parametrize("path", FELLOWS_PAGES)
def test_the_fellow_opens_every_page_of_her_workspace(client, people, path):
    content = page(client, people["mentee"], path)
    for text in FELLOWS_PAGES[path]:
        assert text in content, text


def test_a_co_primary_mentor_reads_what_was_shared_and_his_own_private_notes(client, people):
    daniels = mentorship(people["mentee"], people["daniel"])
    content = page(client, people["daniel"], reverse("teams:mentoring", args=[daniels.pk]))
    assert "underselling the pilot data" in content  # his own note
    assert "Protect one writing morning a week" in content  # Marcus's, shared with primaries
    assert "Grant writing" in content and "Work–life integration" not in content  # private


def test_priya_does_not_read_daniels_private_notes(client, people):
    priyas = mentorship(people["mentee"], people["priya"])
    content = page(client, people["priya"], reverse("teams:mentoring", args=[priyas.pk]))
    assert "underselling the pilot data" not in content


def test_the_former_mentor_can_no_longer_open_her_workspace(client, people):
    roberts = Mentorship.objects.get(mentee=people["mentee"], mentor=people["robert"])
    assert roberts.status == MentorshipStatus.ENDED
    assert roberts.started_on < roberts.ended_on < timezone.localdate()
    client.force_login(people["robert"])
    meeting = Meeting.objects.filter(mentee=people["mentee"]).first()
    assert client.get(reverse("teams:mentoring", args=[roberts.pk])).status_code == 404
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_mentors_read_the_reflections_shared_with_them_and_no_other(client, people):
    a0 = Outcome.objects.get(mentee=people["mentee"], title__endswith="(A0)")
    lesson = "Pilot data first, aims second"
    assert lesson in page(client, people["priya"], a0.get_absolute_url())
    assert lesson not in page(client, people["marcus"], a0.get_absolute_url())
    # Shared with Lena once she joined the team, though written before.
    finalist = Outcome.objects.get(mentee=people["mentee"], title="Young Investigator Award")
    assert "have that slide ready" in page(client, people["lena"], finalist.get_absolute_url())


def test_the_director_sees_the_cohort_and_only_what_was_marked_for_the_program(client, people):
    program = Program.objects.directed_by(people["director"]).get()
    content = page(client, people["director"], program.get_absolute_url())
    for scholar in [
        "Dr. Amara Okafor",
        "Dr. Tomás Herrera",
        "Dr. Sofia Rinaldi",
        "Dr. Kwame Mensah",
    ]:
        assert scholar in content
    assert "Review overdue" in content
    amara = content[content.index("Dr. Amara Okafor") :].split("</tr>")[0]
    # Marked for the program, and not: her biostatistics need is her team's only.
    assert "Grant writing" in amara and "Biostatistics" not in amara


def test_another_scholar_opens_his_own_plan_and_not_hers(client, people):
    assert "dialysis access" in page(client, people["tomas"], "/plan/")
    amaras = Plan.objects.get(mentee=people["mentee"])
    assert client.get(amaras.get_absolute_url()).status_code == 404


# --- Meetings (practice 1) ---------------------------------------------------------------------


def test_a_year_of_meetings_twice_a_week_and_monthly_mostly_held_with_notes(people):
    past = Meeting.objects.filter(mentee=people["mentee"], starts_at__lt=timezone.now())
    assert past.count() >= 90
    assert timedelta(days=325) < timezone.now() - past.earliest("starts_at").starts_at
    held = past.filter(status=MeetingStatus.HELD).prefetch_related("attendees")
    assert held.count() >= 0.9 * past.count()
    assert all(m.summary and m.notes.startswith("- ") and len(m.attendees.all()) >= 2 for m in held)
    assert held.values("summary").distinct().count() >= 20  # the notes tell a year's story
    for topic in ["aims page", "Power calculation", "K23 resubmission", "AHA", "Clinic scheduling"]:
        assert held.filter(summary__icontains=topic).exists(), topic


def test_one_occurrence_is_moved_and_one_skipped_both_recently_or_ahead(people):
    meetings = Meeting.objects.filter(mentee=people["mentee"])
    moved = [m for m in meetings if m.is_moved]
    skipped = meetings.filter(status=MeetingStatus.CANCELLED)
    assert len(moved) == 1 and skipped.count() == 1
    recently = timezone.now() - timedelta(days=90)
    assert moved[0].starts_at > recently and skipped.get().starts_at > recently
    assert moved[0].starts_at.date() != moved[0].original_start.date()


def test_some_recent_meetings_are_not_recorded_and_the_fellow_is_prompted(client, people):
    not_recorded = Meeting.objects.filter(mentee=people["mentee"]).not_recorded()
    assert 1 <= not_recorded.count() <= 5
    assert all(timezone.now() - m.starts_at < timedelta(days=30) for m in not_recorded)
    assert "Not recorded yet" in page(client, people["mentee"], "/meetings/")


def test_the_next_co_primary_meeting_already_has_an_agenda(client, people):
    following = Meeting.objects.filter(
        mentee=people["mentee"], series__title="Co-primary mentors"
    ).upcoming()[0]
    topics = list(following.agenda_items.values_list("title", flat=True))
    assert len(topics) >= 3
    content = page(client, people["priya"], following.get_absolute_url())
    assert all(topic in content for topic in topics)


def test_actions_are_done_mostly_on_time_and_open_for_each_owner(people):
    # Every action comes from a meeting or from a piece of feedback acted on.
    everything = ActionItem.objects.filter(mentee=people["mentee"])
    assert not everything.filter(meeting__isnull=True, feedback__isnull=True).exists()
    assert everything.filter(feedback__isnull=False).count() == 4
    actions = everything.filter(meeting__isnull=False)
    done = actions.filter(status=ActionStatus.DONE)
    late = [a for a in done if a.closed_on > a.due_on]
    assert done.count() >= 8 and len(late) == 1
    still_open = actions.filter(status=ActionStatus.OPEN)
    assert {"mentee@example.org", "daniel@example.org", "priya@example.org"} <= set(
        still_open.values_list("owner__email", flat=True)
    )
    assert sum(a.is_overdue for a in still_open) == 1


def test_two_disagreements_ended_differently_each_on_its_mentorship_page(client, people):
    priyas = mentorship(people["mentee"], people["priya"])
    daniels = mentorship(people["mentee"], people["daniel"])
    with_priya = page(client, people["mentee"], priyas.get_absolute_url())
    with_daniel = page(client, people["mentee"], daniels.get_absolute_url())
    assert "The trial's primary outcome" in with_priya
    assert "Settled by an experiment or data" in with_priya
    assert "Agreed to disagree" in with_daniel


# --- Plans (practice 2) ------------------------------------------------------------------------


def test_the_five_year_plan_has_two_years_of_reviews(people):
    plan = Plan.objects.get(mentee=people["mentee"])
    assert (plan.ends_on - plan.starts_on).days > 4 * 365
    reviewed = GoalReview.objects.filter(goal__plan=plan)
    first, last = min(r.reviewed_on for r in reviewed), max(r.reviewed_on for r in reviewed)
    assert (last - first).days >= 700 and reviewed.count() >= 40


def test_the_goal_redefined_after_the_unfunded_k23_shows_what_it_was_and_why(client, people):
    goal = Goal.objects.get(mentee=people["mentee"], statement="Get the K23 funded")
    content = page(client, people["daniel"], goal.get_absolute_url())
    assert "Submit the K23 and get it funded on the first try" in content
    assert "The first submission was not funded" in content


def test_some_goals_are_due_for_review_and_listed_for_their_mentors(client, people):
    due = Goal.objects.filter(mentee=people["mentee"]).due_for_review()
    assert 1 <= due.count() <= 4
    content = page(client, people["daniel"], reverse("plans:due"))
    assert all(goal.statement in content for goal in due if goal.mentors.exists())


# --- Feedback (practice 3) -------------------------------------------------------------------


def test_two_years_of_feedback_both_ways_mostly_acted_on(people):
    given = Feedback.objects.filter(mentee=people["mentee"])
    to_mentee, to_mentors = given.filter(direction="to_mentee"), given.filter(direction="to_mentor")
    assert to_mentee.count() >= 12 and to_mentors.count() == 16
    first, last = given.earliest("created_at"), given.latest("created_at")
    assert (last.created_at - first.created_at).days >= 600
    assert to_mentee.filter(acted_at__isnull=False).count() >= 8
    assert given.filter(direction="self").count() == 4
    assert FeedbackRequest.objects.filter(mentee=people["mentee"], status="open").count() == 2


def test_the_mentoring_style_page_shows_the_fellows_ratings_beside_daniels_own(client, people):
    daniels = mentorship(people["mentee"], people["daniel"])
    content = page(client, people["daniel"], reverse("feedback:style", args=[daniels.pk]))
    assert "Fostering independence" in content


def test_the_closed_evaluation_window_shows_one_mentor_and_not_the_others(people):
    from mentorkit.feedback.results import window_results

    window = EvaluationWindow.objects.get()
    assert window.is_closed()
    shown = {r.name: r.shown for r in window_results(window, window.mentors())}
    assert shown["Dr. Daniel Reyes"] is True
    assert shown["Dr. Priya Raman"] is False and shown["Dr. Marcus Bell"] is False


# --- Outcomes (practice 7) -------------------------------------------------------------------


def test_the_unfunded_k23_is_followed_by_its_funded_resubmission(people):
    a0 = Outcome.objects.get(mentee=people["mentee"], title__endswith="(A0)")
    assert [(o.title[-4:], o.result) for o in a0.chain()] == [
        ("(A0)", "failure"),
        ("(A1)", "success"),
    ]
    pilot = Outcome.objects.filter(mentee=people["mentee"], title__startswith="Remote monitoring")
    assert [o.result for o in pilot.get(result="pending").chain()] == [
        "failure",
        "failure",
        "pending",
    ]


# --- The program's console: the rest of the KL2 -------------------------------------------


def test_the_kl2_has_nineteen_scholars_across_cohorts_with_every_status(people):
    from collections import Counter

    program = Program.objects.get()
    enrollments = program.enrollments.all()
    assert enrollments.count() == 19
    assert set(enrollments.values_list("cohort_year", flat=True)) == {2023, 2024, 2025, 2026}
    assert Counter(enrollments.values_list("status", flat=True)) == {
        "active": 15,
        "completed": 2,
        "on_leave": 1,
        "withdrawn": 1,
    }


def test_the_roster_flags_relationships_for_different_reasons(client, people):
    program = Program.objects.get()
    text = page(client, people["director"], f"/programs/{program.pk}/")
    for reason in (
        "No active mentor",
        "No meeting for a while",
        "Feedback not both ways",
        "Agreement review overdue",
        "Meetings left unrecorded",
        "A mentor not seen for weeks",
    ):
        assert reason in text, reason
    felix = text[text.index("Dr. Felix Braun") :].split("</tr>")[0]
    assert "No active mentor" in felix
    omar = text[text.index("Dr. Omar Farouk") :].split("</tr>")[0]
    assert "<td>—</td>" in omar  # meets monthly, feedback both ways


def test_the_mentors_page_shows_25_mentors_one_over_capacity_one_away(client, people):
    program = Program.objects.get()
    text = page(client, people["coordinator"], f"/programs/{program.pk}/mentors/")
    assert text.count("<tr") - 1 >= 23
    ruth = text[text.index("Dr. Ruth Adler") :].split("</tr>")[0]
    assert "3 of 2" in ruth and "over capacity" in ruth
    james = text[text.index("Dr. James Whitfield") :].split("</tr>")[0]
    assert "Away until" in james


def test_training_is_mostly_current_with_some_due_and_two_overdue(people):
    from collections import Counter

    from mentorkit.programs.mentors import mentors_of
    from mentorkit.training.models import standings_of

    program = Program.objects.get()
    counts = Counter(s.status for _, s in standings_of(program, mentors_of(program))[1])
    assert counts["overdue"] == 2 and counts["due"] >= 2 and counts["current"] >= 12


def test_the_neutral_contact_handled_a_no_fault_exit_and_the_mentee_was_rematched(client, people):
    text = page(client, people["grace"], "/programs/exits/")
    assert "Dr. Mei Lin" in text and "Dr. Victor Kane" in text
    mei = people["mei"]
    new = Mentorship.objects.get(mentee=mei, mentor=people["ana"])
    assert new.replaces.mentor == people["victor"]
    assert new.replaces.status == MentorshipStatus.ENDED
    # To Victor it simply ended.
    assert new.replaces.get_end_reason_display() == "Ended"


def test_the_coordinators_nudge_went_once_to_each_mentor_due_a_refresher(client, people):
    program = Program.objects.get()
    text = page(client, people["coordinator"], f"/programs/{program.pk}/nudges/")
    assert "time to refresh your mentor training" in text
    assert "Dr. Karl Jensen — sent" in text and "waiting to be sent" not in text


def test_a_draft_round_proposes_mentors_for_the_newest_scholars_with_reasons(client, people):
    from mentorkit.matching.models import MatchRound

    program = Program.objects.get()
    round_ = MatchRound.objects.get(program=program, status="draft")
    assert round_.is_draft and round_.result["optimal"] and not round_.result["unmatched"]
    text = page(client, people["director"], round_.get_absolute_url())
    for name in ("Dr. Felix Braun", "Dr. Gia Romano", "Dr. Hugo Laurent", "Dr. Jae Park"):
        assert name in text
    assert "covers Biostatistics (high priority) +0.40" in text
    assert "Publish and send 6 invitations" in text  # the cohort of six, Elena too
    # Hugo works in Simon's core: Simon is never proposed to him.
    assert "Hugo Laurent with Dr. Simon Tan" in text.split("Never proposed")[1].split("</ul>")[0]
    hugo, simon = people["hugo"].pk, people["simon"].pk
    assert [hugo, simon] not in [p[:2] for p in round_.result["pairs"]]
    # Nobody was told anything yet.
    mentees = [people[k] for k in ("felix", "gia", "hugo", "ivy", "jae")]
    assert not Mentorship.objects.filter(mentee__in=mentees).exists()


def test_the_directors_mentors_page_shows_the_closed_windows_results_in_aggregate(client, people):
    program = Program.objects.get()
    window = EvaluationWindow.objects.filter(program=program).order_by("-closes_on").first()
    text = page(client, people["director"], f"/programs/{program.pk}/mentors/")
    daniel = text[text.index("Dr. Daniel Reyes") :].split("</tr>")[0]
    assert window.get_absolute_url() in daniel and " of 7" in daniel
    priya = text[text.index("Dr. Priya Raman") :].split("</tr>")[0]
    assert "not enough responses" in priya
    # The coordinator runs the roster, not the evaluations.
    assert "Evaluation (" not in page(
        client, people["coordinator"], f"/programs/{program.pk}/mentors/"
    )


# --- Training-grant reporting: the KL2's grant, its scholars' records, its NIH tables ---------


def report(client, people, path: str = "") -> str:
    program = Program.objects.get()
    return page(client, people["director"], f"/programs/{program.pk}/reports/{path}")


def table_rows(client, people, table: str) -> dict[str, list[str]]:
    """The rows of the director's `table` CSV, by the trainee's name (its first cell)."""
    import csv
    import io

    text = report(client, people, f"{table}.csv")
    lines = csv.reader(io.StringIO(text))
    return {row[0]: row for row in lines if len(row) > 5 and not row[0].startswith("Trainee")}


def test_every_scholar_is_appointed_to_the_kl2_within_its_project_period(people):
    from mentorkit.grants.models import Appointment, TrainingGrant

    grant = TrainingGrant.objects.get()
    assert (grant.code, grant.award_number) == ("KL2", "5KL2TR004410-05")
    appointments = Appointment.objects.filter(grant=grant)
    assert appointments.values("trainee").distinct().count() == 15
    assert all(grant.project_start <= a.starts_on <= a.ends_on <= grant.project_end
               for a in appointments)  # fmt: skip
    # Support stopped the day Hana left, and each last notice was filed on time.
    hanas = appointments.get(trainee=people["hana"])
    assert (hanas.ends_on.isoformat(), hanas.status) == ("2024-03-15", "terminated")
    assert not any(a.termination_late for a in appointments)


def test_the_reports_page_says_what_the_tables_still_lack_and_who(client, people):
    text = report(client, people)
    assert "1 trainee without a faculty mentor (“TBD”)" in text
    assert "1 trainee with a training year missing its source of support" in text
    assert "1 trainee whose current position was not confirmed in the last year" in text
    assert "2 papers without a PMCID" in text
    assert "Dr. Felix Braun" in text and "Dr. Leo Marchetti" in text and "Dr. Hana Sato" in text
    assert "termination notice overdue" not in text and "alumni without" not in text
    assert 'href="/programs/' in text and "table8.csv" in text and "table5.csv" in text


def test_table8_shows_the_completed_scholars_outcomes_and_the_k_to_r_conversion(client, people):
    rows = table_rows(client, people, "table8")
    assert len(rows) == 15
    aisha = rows["Bello, Aisha"]
    assert aisha[1:5] == ["Al-Sayed, Fatima; Singh, Tara", "07/2023", "TY1 KL2; TY2 KL2", "MD 2015"]
    assert aisha[5] == "MSCI 2025"
    initial = "Assistant Professor of Medicine; Infectious Diseases; Riverside University Medical Center; Research-intensive"
    assert aisha[7] == aisha[8] == initial
    assert aisha[9] == "R01AI187345 / PI / 2026"
    ben = rows["Cole, Benjamin"]
    assert ben[5] == "MPH 2025" and ben[7].startswith("Instructor in Medicine")
    assert ben[8].startswith("Assistant Professor of Medicine; Gastroenterology; Lakeshore")
    assert ben[9] == "K23DK140113 / PI / 2025"
    assert "Northbridge Therapeutics" in rows["Sato, Hana"][8]
    assert rows["Herrera, Tomás"][3] == "TY1 KL2; TY2 KL2; TY3 KL2; TY4 K23"
    assert rows["Braun, Felix"][1] == "TBD"
    assert rows["Okafor, Amara"][1] == "Reyes, Daniel; Raman, Priya"


def test_table5_lists_papers_with_and_without_a_pmcid_and_never_a_team_outcome(client, people):
    rows = table_rows(client, people, "table5")
    aisha = rows["Bello, Aisha"]
    assert aisha[2:4] == ["Past", "2023-2025"]
    assert "PMCID: PMC11098765" in aisha[4] and "Antibiotic time-outs" in aisha[4]
    assert "What emergency physicians weigh" in rows["Mensah, Kwame"][4]
    # The fellow's papers are shared with her team, not marked for the program.
    assert rows["Okafor, Amara"][4].startswith("No Publications")


def test_a_completed_scholar_keeps_her_own_record(client, people):
    text = page(client, people["aisha"], "/me/training-record/")
    assert "MSCI 2025" in text and "Assistant Professor of Medicine" in text


def test_the_reports_page_shows_overdue_due_and_planned_committee_meetings(client, people):
    text = report(client, people)
    section = text[text.index("Committee meetings") :]

    def row(name: str) -> str:
        return section[section.index(name) :].split("</tr>")[0]

    assert "overdue" in row("Dr. Tomás Herrera")
    assert ">due<" in row("Dr. Mei Lin") and "1 assessment still to write" in row("Dr. Mei Lin")
    assert "planned for" in row("Dr. Kwame Mensah")
    assert "11 scholars in training without a committee" not in section  # 4 have one
    assert "scholars in training without a committee" in section


def test_a_committee_member_reads_last_years_meetings_with_their_packet(client, people):
    from mentorkit.grants.models import CommitteeMeeting

    meetings = CommitteeMeeting.objects.filter(committee__record__trainee=people["mentee"])
    assert meetings.count() == 2 and all(m.assessments.count() == 4 for m in meetings)
    text = page(client, people["daniel"], "/me/committees/")
    assert "Dr. Amara Okafor" in text
    last = page(client, people["daniel"], f"/committee-meetings/{meetings.first().pk}/")
    assert "K23: Remote monitoring after heart-failure discharge (A1)" in last  # marked
    assert "(A0)" in last and "Successes (1)" in last and "Failures (1)" in last
    assert "The committee finds Dr. Amara Okafor on track overall" in last
    summary = page(
        client, people["director"], f"/committee-meetings/{meetings.first().pk}/summary.html"
    )
    assert "Dr. Simon Tan (chair)" in summary


def test_the_alumni_were_asked_once_each_cycle_and_hanas_check_in_is_overdue(client, people):
    from mentorkit.meetings.models import Reminder

    asked = Reminder.objects.filter(kind="alumni")
    assert asked.count() == asked.values("key").distinct().count() == 6
    assert not asked.filter(sent_at__isnull=True).exists()
    section = report(client, people).split("Alumni check-ins")[1].split("</section>")[0]
    hana = section[section.index("Dr. Hana Sato") :].split("</li>")[0]
    assert "overdue" in hana and "last answered 8 Jul 2025" in hana
    assert section.count(">answered") == 2 and section.count(">overdue<") == 1
    assert "Check in with" in page(client, people["hana"], "/me/training-record/")


def test_the_progress_section_has_a_paragraph_per_scholar_appointed_this_year(client, people):
    text = report(client, people, "progress.md")
    assert text.count("\n## Dr. ") == 12  # Aisha, Benjamin and Hana left before the year
    amara = text.split("## Dr. Amara Okafor")[1].split("\n## ")[0]
    assert "mentored by Dr. Daniel Reyes (co-primary), Dr. Priya Raman (co-primary)" in amara
    assert "grant “K23: Remote monitoring after heart-failure discharge (A1)” (NHLBI)" in amara
    assert "Their mentoring committee met in" in amara
    assert "What emergency physicians weigh" in text.split("## Dr. Kwame Mensah")[1]
    assert "of 12 appointed trainees reviewed their plan with a mentor" in " ".join(text.split())


def test_the_directors_edit_of_amaras_paragraph_awaits_her_primary_mentor(client, people):
    from mentorkit.demo.grants import DRAFT_ADDS
    from mentorkit.grants.models import ProgressDraft

    draft = ProgressDraft.objects.get()
    assert draft.record.trainee == people["mentee"] and draft.confirmed_at is None
    assert draft.edited_by == people["director"]
    amara = report(client, people, "progress.md").split("## Dr. Amara Okafor")[1].split("\n## ")[0]
    assert DRAFT_ADDS in amara and "_Not yet confirmed by the trainee's primary mentor._" in amara
    assert "1 paragraph awaiting a mentor's confirmation" in report(client, people)
    # Daniel, named first on her team (co-primary, the older mentorship), confirms it.
    assert "awaiting you" in page(client, people["daniel"], "/mentoring/progress-paragraphs/")
    assert "awaiting you" not in page(client, people["priya"], "/mentoring/progress-paragraphs/")


def test_the_common_metric_says_who_remains_in_clinical_and_translational_research(client, people):
    import csv
    import io

    text = report(client, people, "common-metric.csv")
    rows = {r[0]: r for r in csv.reader(io.StringIO(text)) if r}
    assert rows["Dr. Aisha Bello"][1:5] == ["Scholar", "07/01/2023", "06/30/2025", "Yes"]
    assert rows["Dr. Hana Sato"][3:5] == ["03/15/2024", "Yes"]  # research-related, in industry
    assert rows["Dr. Felix Braun"][4] == "Yes"  # in training


def test_last_years_published_round_shows_how_its_matches_went(client, people):
    from mentorkit.matching.models import MatchRound

    round_ = MatchRound.objects.get(status="published")
    assert len(round_.published) == 3
    text = page(client, people["director"], round_.get_absolute_url())
    assert "How these matches went" in text
    since = text.split("How these matches went")[1].split("</table>")[0]
    assert since.count("Active ·") == 6 and "days ago" in since  # at 3 and 6 months, and now
    # The loop kept each milestone: three meetings each by 3 months, six by 6.
    assert "After 3 months:</strong> 3 of 3 matches active, 9 meetings held" in since
    assert "After 6 months:</strong> 3 of 3 matches active, 18 meetings held" in since
    from mentorkit.matching.models import MatchFollowUp

    assert MatchFollowUp.objects.filter(round=round_).count() == 6
