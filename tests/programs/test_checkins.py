"""Needs a check-in: each rule flags what it says, with since when; a program sets its own
rules and thresholds, and the roster, the API and the exports follow them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from mentorkit.core.versions import bump
from mentorkit.feedback.models import Direction, Feedback
from mentorkit.meetings.models import Meeting, MeetingStatus, Series
from mentorkit.programs.models import Enrollment, Program
from mentorkit.teams.models import Agreement
from tests.conftest import make_mentorship, make_user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(NOW, tick=False):
        yield


def met(mentee, mentorship, days_ago, status=MeetingStatus.HELD):
    at = NOW - timedelta(days=days_ago)
    series, _ = Series.objects.get_or_create(
        mentee=mentee, title="Regular", defaults={"first_start": at, "rule": "FREQ=WEEKLY"}
    )
    series.mentorships.add(mentorship)
    return Meeting.objects.create(
        series=series, mentee=mentee, original_start=at, starts_at=at, status=status
    )


def feedback(mentorship, direction, days_ago):
    author = mentorship.mentee if direction == Direction.TO_MENTOR else mentorship.mentor
    return Feedback.objects.create(
        mentorship=mentorship,
        mentee=mentorship.mentee,
        author=author,
        direction=direction,
        created_at=NOW - timedelta(days=days_ago),
    )


@pytest.fixture
def scholars(program):
    return four_scholars(program)


def four_scholars(program):
    """Four scholars, each with a mentor since a year, fortnightly meetings agreed, feedback
    both ways each quarter — and one thing wrong each, but Ada."""
    people = {}
    for key in ("ada", "ben", "cy", "dee"):
        person = make_user(f"{key}@example.org", name=key.title())
        mentor = make_user(f"{key}.mentor@example.org", name=f"Mentor of {key.title()}")
        mentor.last_login = NOW - timedelta(days=2)
        mentor.save()
        Enrollment.objects.create(
            program=program, mentee=person, cohort_year=2025, enrolled_on=date(2025, 9, 1)
        )
        mentorship = make_mentorship(person, mentor, started_on=date(2025, 11, 1))
        mentorship.created_at = NOW - timedelta(days=400)
        mentorship.save()
        Agreement.objects.create(
            mentee=person, cadence=14, next_review_on=date(2027, 6, 1), feedback_rhythm="quarterly"
        )
        people[key] = (person, mentorship)
    for key in ("ada", "cy", "dee"):
        met(*people[key], days_ago=10)
    met(*people["ben"], days_ago=40)  # fortnightly agreed: 28 days is the limit
    for key in ("ada", "ben", "dee"):
        feedback(people[key][1], Direction.TO_MENTEE, 30)
        feedback(people[key][1], Direction.TO_MENTOR, 60)
    feedback(people["cy"][1], Direction.TO_MENTEE, 20)  # never the other way in 182 days
    feedback(people["cy"][1], Direction.TO_MENTOR, 300)
    return people


def row(page, name):
    return page[page.index(f">{name}<") :].split("</tr>")[0]


def test_no_meeting_for_twice_the_agreed_interval_flags_since_when(
    client, director, program, scholars
):
    client.force_login(director)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert "No meeting for a while" in row(page, "Ben")
    assert "since 19 Nov" in row(page, "Ben")  # 40 days ago + 2 × 14 days
    assert "No meeting" not in row(page, "Ada")
    assert "no meeting held for twice the interval agreed" in page


def test_a_reason_that_began_in_an_earlier_year_says_the_year(client, director, program, scholars):
    person, _ = scholars["ben"]
    Meeting.objects.filter(mentee=person).update(
        starts_at=NOW - timedelta(days=400), original_start=NOW - timedelta(days=400)
    )
    bump([person.pk])  # what a write without signals does (core.versions)
    client.force_login(director)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    # 400 days without a meeting, fortnightly agreed: flagged from 372 days ago.
    assert "No meeting for a while" in row(page, "Ben")
    assert "since 24 Nov 2025" in row(page, "Ben")
    assert "since 5 Aug</span>" in row(page, "Cy")  # this year: no year


def test_feedback_one_way_for_two_rhythms_flags_the_relationship(
    client, director, program, scholars
):
    client.force_login(director)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert "Feedback not both ways" in row(page, "Cy")
    # Cy's last feedback to the mentor, 300 days ago, left the window of 182 days 118 days ago.
    assert "since 5 Aug" in row(page, "Cy")
    assert "Feedback not both ways" not in row(page, "Ada")
    assert "<td>—</td>" in row(page, "Ada")


def test_where_nothing_is_agreed_the_programs_interval_applies(client, director, program, scholars):
    person, mentorship = scholars["dee"]
    Agreement.objects.filter(mentee=person).delete()
    Meeting.objects.filter(mentee=person).update(starts_at=NOW - timedelta(days=50))
    client.force_login(director)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert "No meeting for a while" not in row(page, "Dee")  # 50 days: within 2 × 30
    Meeting.objects.filter(mentee=person).update(starts_at=NOW - timedelta(days=70))
    bump([person.pk])  # what a write without signals does (core.versions)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert "No meeting for a while" in row(page, "Dee")


def test_a_director_switches_a_rule_off_and_sets_thresholds(client, director, program, scholars):
    client.force_login(director)
    form = client.get(f"/programs/{program.pk}/rules/").content.decode()
    assert "no meeting held for twice the interval agreed" in form
    keys = ["no_mentor", "no_meeting", "unrecorded", "actions_overdue", "agreement_overdue"]
    data = {
        "rules_on": keys,  # feedback one way and silent mentors switched off
        "checkin_missed_intervals": "3",
        "checkin_interval_days": "30",
        "checkin_unrecorded_days": "7",
        "checkin_feedback_rhythms": "2",
        "checkin_silent_weeks": "6",
        "escalate_after_days": "14",
        "weekly_digest": "on",
    }
    assert client.post(f"/programs/{program.pk}/rules/", data).status_code == 302
    program.refresh_from_db()
    assert program.checkin_rules_off == ["feedback_one_way", "mentor_silent"]
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert "no meeting held for 3 times the interval agreed" in page
    assert "over the last two feedback rhythms" not in page  # switched off: not stated
    assert "<td>—</td>" in row(page, "Ben")  # 40 days < 3 × 14
    assert "<td>—</td>" in row(page, "Cy")


def test_a_threshold_out_of_range_is_refused_and_nothing_changes(client, director, program):
    client.force_login(director)
    response = client.post(
        f"/programs/{program.pk}/rules/",
        {
            "rules_on": ["no_mentor"],
            "checkin_missed_intervals": "0",
            "checkin_interval_days": "30",
            "checkin_unrecorded_days": "7",
            "checkin_feedback_rhythms": "2",
            "checkin_silent_weeks": "6",
            "escalate_after_days": "14",
        },
    )
    assert response.status_code == 400
    assert "greater than or equal to 1" in response.content.decode()
    program.refresh_from_db()
    assert program.checkin_rules_off == [] and program.checkin_missed_intervals == 2


def test_only_a_director_sets_the_rules(client, program, mentee_a):
    coordinator = make_user("coord@example.org")
    program.administrators.add(coordinator)
    for person in (coordinator, mentee_a):
        client.force_login(person)
        assert client.get(f"/programs/{program.pk}/rules/").status_code == 404
        assert client.post(f"/programs/{program.pk}/rules/", {}).status_code == 404


def test_the_program_level_view_says_since_when(client, director, program, scholars):
    ben = scholars["ben"][0]
    client.force_login(director)
    page = client.get(f"/programs/{program.pk}/mentees/{ben.pk}/").content.decode()
    assert "No meeting for a while, since 19 Nov 2026: no meeting held for twice" in page


def test_the_api_and_the_export_carry_the_new_reasons(client, director, program, scholars):
    from mentorkit.accounts.models import ApiToken

    token = ApiToken.issue(director, "test")[1]
    rows = client.get(
        f"/api/v1/programs/{program.pk}/enrollments", headers={"authorization": f"Bearer {token}"}
    ).json()["items"]
    reasons = {r["mentee"]["name"]: r["check_in_reasons"] for r in rows}
    assert reasons["Ben"] == ["no_meeting"] and reasons["Cy"] == ["feedback_one_way"]
    assert reasons["Ada"] == []
    client.force_login(director)
    csv = client.get(f"/programs/{program.pk}/export/?what=checkins&format=csv").content.decode()
    assert "Ben" in csv and "No meeting for a while" in csv and "Ada" not in csv


def test_counts_of_a_program_that_switched_everything_off(director, program, scholars):
    from mentorkit.programs import checkins

    Program.objects.filter(pk=program.pk).update(checkin_rules_off=list(checkins.RULE_KEYS))
    program.refresh_from_db()
    flagged = checkins.with_checkins(program.enrollments.all(), program).filter(attention__gt=0)
    assert not flagged.exists()


def test_the_dashboard_draws_the_funnel_month_by_month(client, director, program, scholars):
    from mentorkit.programs.trend import trend

    drawn = trend(program)
    assert [m.strftime("%Y-%m") for m in drawn.months][-2:] == ["2026-11", "2026-12"]
    by_key = {line.key: line.values for line in drawn.lines}
    # mentee_a (enrolled by the fixture today, no mentor) and four scholars since 2025, with
    # mentors since November 2025 and agreements written today.
    assert by_key["enrolled"][-1] == 5 and by_key["enrolled"][0] == 4
    assert by_key["with_mentor"] == [4] * 12
    assert by_key["with_agreement"][-2:] == [0, 4]
    # Ada, Cy and Dee met 10 days ago (21 November); Ben 40 days ago (22 October).
    assert by_key["met"][-2:] == [3, 0] and by_key["met"][-3] == 1
    client.force_login(director)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert "The funnel by month, January 2026 to December 2026" in page
    assert '<th scope="row">Nov 2026</th><td>4</td><td>4</td><td>0</td><td>3</td>' in page


def test_the_health_matrix_downloads_for_directors_only(client, director, program, scholars):
    import csv
    import io

    client.force_login(director)
    response = client.get(f"/programs/{program.pk}/export/?what=health&format=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["mentee", "email", "cohort", "1. Communicate openly", "1. value"]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) >= {"Ada", "Ben", "Cy", "Dee"}
    assert set(by_name["Ada"][3::2]) <= {"on track", "needs attention", "missing", ""}
    coordinator = make_user("coord@example.org")
    program.administrators.add(coordinator)
    client.force_login(coordinator)
    refused = client.get(f"/programs/{program.pk}/export/?what=health&format=csv")
    assert refused.status_code == 400
    assert "Only the program's directors" in refused.content.decode()
    assert "what=health" not in client.get(f"/programs/{program.pk}/").content.decode()
