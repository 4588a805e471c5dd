"""A kept page body (core.kept_pages) is served again only while nothing it shows has
changed: a write by anyone to a workspace the viewer reads, a change of their roles, the
date, or the moment a meeting starts draws it again. Nor is one viewer's ever another's."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentorkit.feedback.models import FeedbackRequest
from mentorkit.meetings.models import Meeting, Series
from mentorkit.programs.models import Program
from mentorkit.teams.models import Agreement, Mentorship

from .conftest import make_mentorship, make_user

pytestmark = pytest.mark.django_db

KEPT_QUERIES = 3  # the session, the user, the workspaces' versions (the roles are not read)


def home(client) -> tuple[str, int]:
    """The home page's text, and how many queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.fixture
def mentee_client(client, mentee_a, mentor_a):
    client.force_login(mentee_a)
    home(client)
    return client


@pytest.fixture
def mentor_client(mentor_a):
    client = Client()
    client.force_login(mentor_a)
    home(client)
    return client


def ask(mentee, mentor, *, by, of, title):
    return FeedbackRequest.objects.create(
        mentorship=Mentorship.objects.get(mentee=mentee, mentor=mentor),
        mentee=mentee,
        requested_by=by,
        asked_of=of,
        title=title,
        due_on=timezone.localdate() + timedelta(days=7),
    )


def main(page: str) -> str:
    """The page's main part, its CSRF tokens (masked anew for each request) left out."""
    content = page[page.index("<main") : page.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content)


def test_a_repeat_view_is_served_from_what_was_kept(mentee_client):
    first, _ = home(mentee_client)
    again, queries = home(mentee_client)
    assert main(again) == main(first)
    assert queries == KEPT_QUERIES


def test_a_mentors_write_shows_on_the_mentees_next_view(mentee_client, mentee_a, mentor_a):
    assert "Feedback asked of you" not in home(mentee_client)[0]
    ask(mentee_a, mentor_a, by=mentor_a, of=mentee_a, title="Draft of the specific aims")
    page, queries = home(mentee_client)
    assert "Draft of the specific aims" in page
    assert queries > KEPT_QUERIES


def test_a_mentees_write_shows_on_their_mentors_home(mentor_client, mentee_a, mentor_a):
    ask(mentee_a, mentor_a, by=mentee_a, of=mentor_a, title="Letter for the K23")
    assert "Letter for the K23" in home(mentor_client)[0]
    mentee_a.name = "Adaeze Okafor-Lindqvist"
    mentee_a.save()
    assert "Adaeze Okafor-Lindqvist" in home(mentor_client)[0]


def test_a_mentor_sees_a_new_mentee_and_stops_seeing_one_who_left(
    mentor_client, mentor_a, mentee_b
):
    make_mentorship(mentee_b, mentor_a)
    assert mentee_b.display_name in home(mentor_client)[0]
    Mentorship.objects.filter(mentee=mentee_b, mentor=mentor_a).delete()
    assert mentee_b.display_name not in home(mentor_client)[0]


def test_a_meeting_that_starts_leaves_next_meetings_without_any_write(
    mentee_client, mentee_a, mentor_a
):
    # Within one hour (the key's): only the meeting's own start can turn the page.
    hour = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    starts = hour + timedelta(minutes=30)
    series = Series.objects.create(
        mentee=mentee_a, title="Fortnightly check-in", first_start=starts, rule="FREQ=WEEKLY"
    )
    series.mentorships.add(Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a))
    Meeting.objects.create(series=series, mentee=mentee_a, original_start=starts, starts_at=starts)
    with time_machine.travel(hour + timedelta(minutes=5)):
        page, _ = home(mentee_client)
        assert "Fortnightly check-in" in page
        assert "with nothing recorded" not in page
        assert home(mentee_client)[1] == KEPT_QUERIES
    with time_machine.travel(starts + timedelta(minutes=1)):
        page, _ = home(mentee_client)
    assert "Fortnightly check-in" not in page
    assert "1 past meeting with nothing recorded" in page


def test_an_agreement_falls_due_at_midnight(mentee_client, mentee_a, mentor_a):
    tomorrow = timezone.localdate() + timedelta(days=1)
    Agreement.objects.create(
        mentee=mentee_a,
        mentorship=Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a),
        next_review_on=tomorrow,
    )
    assert "was due for review" not in home(mentee_client)[0]
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        mentee_client.force_login(mentee_a)  # the session would have lapsed
        assert "was due for review" in home(mentee_client)[0]


def test_each_viewer_has_their_own(mentee_client, mentee_a, mentee_b):
    other = Client()
    other.force_login(mentee_b)
    assert f"Welcome, {mentee_b.display_name}" in home(other)[0]
    assert f"Welcome, {mentee_a.display_name}" in home(mentee_client)[0]


def test_its_forms_carry_this_requests_token(mentee_a):
    newcomer = make_user("newcomer@example.org")
    client = Client(enforce_csrf_checks=True)
    client.force_login(newcomer)
    home(client)
    page, queries = home(client)
    assert queries == KEPT_QUERIES and "Hide first steps" in page
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert token != "kept-page-csrf-token"
    response = client.post("/first-steps/dismiss/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    # Hiding them is a write to the account, which shows at once.
    assert "Hide first steps" not in home(client)[0]


def test_a_directors_home_is_drawn_each_time(client, director, mentee_a):
    client.force_login(director)
    _, first = home(client)
    _, again = home(client)
    assert again == first > KEPT_QUERIES  # nothing kept: their programs are in no workspace
    Program.objects.create(name="T32 in cardiovascular epidemiology").directors.add(director)
    assert "T32 in cardiovascular epidemiology" in home(client)[0]


def test_a_mentors_private_note_shows_on_their_next_view(mentor_client, mentee_a, mentor_a):
    url = f"/mentoring/{Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a).pk}/"
    mentor_client.get(url)
    mentor_client.get(url)  # kept
    mentor_client.post(url, {"body": "Ask about the K23 resubmission timeline"}, follow=True)
    assert "Ask about the K23 resubmission timeline" in mentor_client.get(url).content.decode()


def test_a_renamed_program_shows_on_a_mentors_view(mentor_client, mentee_a, mentor_a, program):
    url = f"/mentoring/{Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a).pk}/"
    assert program.name in mentor_client.get(url).content.decode()
    program.name = "Riverside KL2 Scholars"
    program.save()
    assert "Riverside KL2 Scholars" in mentor_client.get(url).content.decode()


# A kept page is served without reading the viewer's roles: each change of them raises
# the viewer's own version, so the next view draws the menu again.


def test_a_mentee_made_a_director_sees_their_program_at_once(mentee_client, mentee_a):
    program = Program.objects.create(name="T32 in cardiovascular epidemiology")
    program.directors.add(mentee_a)
    page, queries = home(mentee_client)
    assert "T32 in cardiovascular epidemiology" in page and queries > KEPT_QUERIES
    assert home(mentee_client)[1] > KEPT_QUERIES  # a director's home is drawn each time
    program.directors.clear()
    assert "T32 in cardiovascular epidemiology" not in home(mentee_client)[0]


def test_an_administrator_added_from_their_own_side_sees_the_program(mentee_client, mentee_a):
    program = Program.objects.create(name="KL2 Scholars")
    mentee_a.administered_programs.add(program)
    assert "KL2 Scholars" in home(mentee_client)[0]


def test_joining_a_mentor_pool_and_leaving_it_shows_in_the_menu(mentee_client, mentee_b):
    mentee_client.force_login(mentee_b)
    assert "Mentoring others" not in home(mentee_client)[0]
    home(mentee_client)  # kept
    program = Program.objects.create(name="KL2 Scholars")
    program.mentor_pool.add(mentee_b)
    assert "Mentoring others" in home(mentee_client)[0]
    program.delete()
    assert "Mentoring others" not in home(mentee_client)[0]


def test_a_new_neutral_contact_finds_confidential_exits_and_loses_them_when_replaced(
    mentee_client, mentee_b, program
):
    mentee_client.force_login(mentee_b)  # not in the program: its other changes pass her by
    assert "Confidential exits" not in home(mentee_client)[0]
    home(mentee_client)  # kept
    program.neutral_contact = mentee_b
    program.save()
    assert "Confidential exits" in home(mentee_client)[0]
    home(mentee_client)  # kept again
    program.neutral_contact = None
    program.save()
    assert "Confidential exits" not in home(mentee_client)[0]


def test_a_committee_seat_shows_at_once_and_its_pages_are_drawn_each_time(
    mentor_client, mentor_a, mentee_b, program
):
    from mentorkit.grants.models import Committee, CommitteeMember, TraineeRecord

    # On the committee of a scholar whose workspace the mentor does not read.
    record = TraineeRecord.objects.create(
        program=program, trainee=mentee_b, entered_on=timezone.localdate().replace(day=1)
    )
    committee = Committee.objects.create(record=record)
    home(mentor_client)  # kept
    seat = CommitteeMember.objects.create(committee=committee, person=mentor_a, role="mentor")
    assert 'href="/me/committees/"' in home(mentor_client)[0]
    assert home(mentor_client)[1] > KEPT_QUERIES
    seat.delete()
    assert 'href="/me/committees/"' not in home(mentor_client)[0]


# A program's dashboard is kept for its director under what it shows besides the workspaces
# (programs.kept.dashboard_state): the program's fields, its enrollments, its silent mentors
# and the invitations waiting for an answer.


def dashboard(client, program) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(program.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.fixture
def director_client(client, director, program, mentor_a):
    client.force_login(director)
    dashboard(client, program)
    return client


def test_a_repeat_view_of_a_dashboard_is_kept(director_client, program):
    first, _ = dashboard(director_client, program)
    again, queries = dashboard(director_client, program)
    assert main(again) == main(first)
    assert queries == 9  # the session, the user, the program, the roles (three), its state


def test_an_invitation_sent_from_the_dashboard_waits_on_it(director_client, program):
    response = director_client.post(
        program.get_absolute_url(),
        {
            "invited_name": "Priya Raman",
            "invited_email": "priya@example.org",
            "cohort_year": timezone.localdate().year,
        },
        follow=True,
    )
    assert "Invitation sent to priya@example.org" in response.content.decode()
    page, _ = dashboard(director_client, program)
    assert "Priya Raman" in page and "Invitation sent" not in page


def test_new_thresholds_show_at_once(director_client, program):
    assert "for 9 weeks" not in dashboard(director_client, program)[0]
    program.checkin_silent_weeks = 9
    program.save()
    assert "for 9 weeks" in dashboard(director_client, program)[0]


def test_a_mentee_who_leaves_the_program_leaves_the_roster(director_client, program, mentee_a):
    assert mentee_a.display_name in main(dashboard(director_client, program)[0])
    program.enrollments.filter(mentee=mentee_a).get().delete()
    assert mentee_a.display_name not in main(dashboard(director_client, program)[0])


def test_first_steps_go_away_when_the_first_weeks_end_with_no_write(db):
    from mentorkit.first_steps import FIRST_DAYS

    hour = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    newcomer = make_user("newcomer@example.org")
    newcomer.date_joined = hour + timedelta(minutes=30) - FIRST_DAYS
    newcomer.save()
    client = Client()
    with time_machine.travel(hour + timedelta(minutes=5)):
        client.force_login(newcomer)
        assert "Hide first steps" in home(client)[0]
        assert home(client)[1] == KEPT_QUERIES
    with time_machine.travel(hour + timedelta(minutes=35)):
        assert "Hide first steps" not in home(client)[0]
