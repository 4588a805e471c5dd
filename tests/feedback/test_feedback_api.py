"""Feedback in the JSON API: the same rules and scoping as the pages."""

from datetime import date

import pytest
import time_machine

from mentorkit.feedback import actions, instruments
from mentorkit.feedback.models import EvaluationWindow, Feedback, FeedbackRequest
from mentorkit.teams.models import Mentorship

from ..test_meetings_api import Api
from .test_evaluations import evaluate_all, scholars

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(date(2026, 11, 15), tick=False) as traveller:
        yield traveller


@pytest.fixture
def api_as(client):
    return lambda user: Api(client, user)


def full(value=5):
    return {key: value for key in instruments.get("mentoring-style").items}


def test_a_mentee_asks_a_mentor_for_feedback(api_as, mentee_a, mentor_a):
    response = api_as(mentee_a).post(
        "/feedback-requests",
        {"to": mentor_a.pk, "topic": "aims", "title": "Aims v3", "due_on": "2026-11-30"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["asked_of"]["id"] == mentor_a.pk and body["direction"] == "to_mentee"
    assert api_as(mentor_a).get(f"/feedback-requests/{body['id']}").status_code == 200


@pytest.mark.parametrize(
    "who, words", [("self", "cannot ask yourself"), ("unrelated", "active mentorship")]
)
def test_asking_oneself_or_a_stranger_is_422(api_as, mentee_a, unrelated_mentor, who, words):
    to = mentee_a.pk if who == "self" else unrelated_mentor.pk
    response = api_as(mentee_a).post(
        "/feedback-requests", {"to": to, "title": "X", "due_on": "2026-11-30"}
    )
    assert response.status_code == 422 and words in response.json()["detail"]
    assert not FeedbackRequest.objects.exists()


def test_a_mentee_rates_the_mentoring_style(api_as, mentee_a, mentor_a):
    response = api_as(mentee_a).post(
        "/feedback", {"to": mentor_a.pk, "topic": "relationship", "ratings": full(6)}
    )
    assert response.status_code == 201, response.content
    assert response.json()["direction"] == "to_mentor"
    assert response.json()["ratings"] == full(6)


@pytest.mark.parametrize(
    "ratings, words",
    [
        (full() | {"charisma": 5}, "has no item 'charisma'"),
        (full() | {"listens": 0}, "not on the scale 1–7"),
        ({"listens": 5}, "no rating for"),
    ],
)
def test_bad_ratings_are_422_and_nothing_is_saved(api_as, mentee_a, mentor_a, ratings, words):
    response = api_as(mentee_a).post("/feedback", {"to": mentor_a.pk, "ratings": ratings})
    assert response.status_code == 422 and words in response.json()["detail"]
    assert not Feedback.objects.exists()


def test_only_the_person_asked_answers_a_request(api_as, mentee_a, mentor_a):
    mine = Mentorship.objects.get(mentor=mentor_a)
    asked = FeedbackRequest.objects.create(
        mentorship=mine,
        mentee=mentee_a,
        requested_by=mentee_a,
        asked_of=mentor_a,
        title="Talk",
        due_on=date(2026, 11, 30),
    )
    refused = api_as(mentee_a).post("/feedback", {"request": asked.pk, "text": "Me"})
    assert refused.status_code == 422
    answered = api_as(mentor_a).post("/feedback", {"request": asked.pk, "text": "Shorter."})
    assert answered.status_code == 201 and answered.json()["request"] == asked.pk
    asked.refresh_from_db()
    assert asked.status == "answered"


def test_feedback_is_404_outside_the_pair(api_as, mentee_a, mentor_a, former_mentor, director):
    feedback = actions.give_feedback(
        Mentorship.objects.get(mentor=mentor_a), mentor_a, text="Good", topic="talk"
    )
    for user in (former_mentor, director):
        assert api_as(user).get(f"/feedback/{feedback.pk}").status_code == 404
    assert api_as(mentee_a).get(f"/feedback/{feedback.pk}").json()["text"] == "Good"


def test_instruments_are_listed_with_their_items(api_as, mentee_a):
    body = api_as(mentee_a).get("/instruments/mentoring-style").json()
    assert (body["min"], body["max"]) == (1, 7) and len(body["domains"]) == 6
    assert api_as(mentee_a).get("/instruments/nope").status_code == 404


def test_results_are_409_while_open_then_aggregates_only(
    api_as, program, director, mentor_a, frozen
):
    window = EvaluationWindow.objects.create(
        program=program,
        title="W",
        instrument="mentoring-style",
        opens_on=date(2026, 11, 1),
        closes_on=date(2026, 11, 30),
        threshold=5,
    )
    evaluate_all(window, scholars(program, mentor_a, 5), value=6, comment="Clear")
    assert api_as(director).get(f"/evaluations/{window.pk}/results").status_code == 409
    frozen.move_to(date(2026, 12, 1))
    rows = api_as(director).get(f"/evaluations/{window.pk}/results").json()
    mine = next(r for r in rows if r["mentor"]["id"] == mentor_a.pk)
    assert mine["shown"] and mine["responses"] == 5 and len(mine["comments"]) == 5
    assert {d["mean"] for d in mine["domains"]} == {6.0}
    others = [r for r in rows if r["mentor"]["id"] != mentor_a.pk]
    assert all(not r["shown"] and r["responses"] is None and not r["comments"] for r in others)
    assert [
        r["mentor"]["id"] for r in api_as(mentor_a).get(f"/evaluations/{window.pk}/results").json()
    ] == [mentor_a.pk]
