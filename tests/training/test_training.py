"""Mentor training: mentors record their courses; a program sees who is current, due or overdue."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import time_machine

from mentorkit.training.models import TrainingPolicy, TrainingRecord
from tests.conftest import make_mentorship, make_user

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2026-12-01 12:00:00+00:00", tick=False):
        yield


def course(mentor, completed_on, **fields):
    fields = {"course": "Entering Mentoring", "kind": "curriculum", "hours": 8, **fields}
    return TrainingRecord.objects.create(mentor=mentor, completed_on=completed_on, **fields)


@pytest.fixture
def mentors(program, mentee_a, mentor_a):
    """mentor_a (of mentee_a, enrolled) and three more mentors of mentee_a."""
    people = {"a": mentor_a}
    for key in ("due", "overdue", "none"):
        people[key] = make_user(f"{key}.mentor@example.org", name=f"Mentor {key.title()}")
        make_mentorship(mentee_a, people[key])
    course(mentor_a, date(2026, 3, 1))
    course(people["due"], date(2025, 1, 15))  # due 15 Jan 2027: within three months
    course(people["overdue"], date(2024, 6, 1), course="Online module", kind="online", hours=2)
    return people


def test_a_mentor_records_a_course_and_a_future_one_is_refused(client, mentor_a):
    client.force_login(mentor_a)
    data = {"course": "CIMER", "kind": "curriculum", "hours": "8", "evidence_url": ""}
    refused = client.post("/training/", {**data, "completed_on": "2027-01-10"})
    assert refused.status_code == 400
    assert "completed in the future" in refused.content.decode()
    assert not TrainingRecord.objects.exists()
    assert client.post("/training/", {**data, "completed_on": "2026-11-20"}).status_code == 302
    page = client.get("/training/").content.decode()
    assert "CIMER" in page and "20 Nov 2026" in page


def test_the_programs_list_says_who_is_current_due_overdue_or_has_none(
    client, director, program, mentors
):
    client.force_login(director)
    page = client.get(f"/programs/{program.pk}/training/").content.decode()
    assert "a refresher every 24 months" in page

    def row(name):
        return page[page.index(f'<th scope="row">{name}</th>') :].split("</tr>")[0]

    assert "Current" in row(mentors["a"].display_name)
    assert "Refresher due" in row("Mentor Due") and "15 Jan 2027" in row("Mentor Due")
    assert "Overdue" in row("Mentor Overdue")
    assert "No training recorded" in row("Mentor None")
    assert "<strong>1</strong> current" in page and "<strong>1</strong> overdue" in page


def test_a_programs_own_rule_changes_who_is_due(client, director, program, mentors):
    TrainingPolicy.objects.create(program=program, refresher_months=36)
    client.force_login(director)
    page = client.get(f"/programs/{program.pk}/training/").content.decode()
    assert "a refresher every 36 months" in page
    assert "<strong>0</strong> overdue" in page  # June 2024 + 36 months is June 2027


def test_the_list_as_csv_for_the_training_grant_application(client, director, program, mentors):
    client.force_login(director)
    response = client.get(f"/programs/{program.pk}/training.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_email = {r["email"]: r for r in rows}
    assert len(rows) == 4
    assert by_email["overdue.mentor@example.org"]["status"] == "Overdue"
    assert by_email["overdue.mentor@example.org"]["refresher due on"] == "2026-06-01"
    assert by_email["none.mentor@example.org"]["latest course"] == ""


def test_a_director_verifies_a_course_and_others_cannot(
    client, director, program, mentors, mentor_a, mentee_a
):
    record = TrainingRecord.objects.get(mentor=mentor_a)
    url = f"/programs/{program.pk}/training/{record.pk}/verify/"
    for user in (make_user("other.director@example.org"), mentor_a, mentee_a):
        client.force_login(user)
        assert client.post(url).status_code == 404
    client.force_login(director)
    assert client.post(url).status_code == 302
    record.refresh_from_db()
    assert record.verified_by == director and record.verified_at is not None
    stranger = course(make_user("stranger@example.org"), date(2026, 1, 1))
    assert client.post(f"/programs/{program.pk}/training/{stranger.pk}/verify/").status_code == 404


def test_a_mentor_removes_an_unverified_course_only_their_own(client, mentors, mentor_a):
    record = TrainingRecord.objects.get(mentor=mentor_a)
    client.force_login(mentors["due"])
    assert client.post(f"/training/{record.pk}/delete/").status_code == 404
    client.force_login(mentor_a)
    assert client.post(f"/training/{record.pk}/delete/").status_code == 302
    assert not TrainingRecord.objects.filter(pk=record.pk).exists()


def test_a_mentor_records_and_lists_courses_in_the_api(client, mentor_a):
    from mentorkit.accounts.models import ApiToken

    headers = {"Authorization": f"Bearer {ApiToken.issue(mentor_a, 'tests')[1]}"}
    body = {"course": "CIMER", "kind": "curriculum", "hours": 8, "completed_on": "2026-11-20"}
    response = client.post(
        "/api/v1/mentor-training", body, content_type="application/json", headers=headers
    )
    assert response.status_code == 201, response.content
    assert response.json() | {"id": 0} == {
        "id": 0,
        "course": "CIMER",
        "kind": "curriculum",
        "hours": 8.0,
        "completed_on": "2026-11-20",
        "evidence_url": "",
        "verified": False,
    }
    future = {**body, "completed_on": "2027-03-01"}
    refused = client.post(
        "/api/v1/mentor-training", future, content_type="application/json", headers=headers
    )
    assert refused.status_code == 422
    assert "completed in the future" in refused.json()["detail"]
    listed = client.get("/api/v1/mentor-training", headers=headers).json()
    assert [r["course"] for r in listed["items"]] == ["CIMER"]


def test_a_mentors_capacity_in_the_api_refuses_less_than_their_load(client, mentor_a):
    from mentorkit.accounts.models import ApiToken

    headers = {"Authorization": f"Bearer {ApiToken.issue(mentor_a, 'tests')[1]}"}
    assert client.get("/api/v1/me/capacity", headers=headers).json() == {
        "mentee_capacity": None,
        "accepting_mentees": True,
        "away_until": None,
        "mentor_roles": [],
        "in_institution_directory": False,
        "current_mentees": 1,
    }
    patch = {"content_type": "application/json", "headers": headers}
    refused = client.patch("/api/v1/me/capacity", {"mentee_capacity": 0}, **patch)
    assert refused.status_code == 422
    assert "you mentor 1 now" in refused.json()["detail"]
    changed = client.patch(
        "/api/v1/me/capacity",
        {"mentee_capacity": 3, "accepting_mentees": False, "away_until": "2027-01-31"},
        **patch,
    )
    assert changed.json()["mentee_capacity"] == 3 and changed.json()["accepting_mentees"] is False
    assert changed.json()["away_until"] == "2027-01-31"
    mentor_a.refresh_from_db()
    assert (mentor_a.mentee_capacity, mentor_a.accepting_mentees) == (3, False)
    assert mentor_a.is_away


def test_the_profile_refuses_a_capacity_below_the_current_load(client, mentor_a):
    from tests.test_accounts import PROFILE

    client.force_login(mentor_a)
    page = client.post("/profile/", {**PROFILE, "mentee_capacity": "0"}).content.decode()
    assert "You mentor 1 now; a capacity below that would be exceeded at once." in page
