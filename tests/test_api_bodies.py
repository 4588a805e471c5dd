"""The schema is the contract: a body with a field it does not list, or of the wrong shape, is a
422 naming what is wrong, and nothing is saved."""

from __future__ import annotations

import json
import re

import pytest

from mentorkit.accounts.models import ApiToken
from mentorkit.api.common import NO_NUL, NOT_BLANK
from mentorkit.feedback.models import Feedback
from mentorkit.outcomes.models import Outcome, OutcomeKind
from mentorkit.teams.models import Need

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(client, mentee_a):
    headers = {"Authorization": f"Bearer {ApiToken.issue(mentee_a, 'tests')[1]}"}

    def send(method: str, path: str, body) -> object:
        return getattr(client, method)(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", headers=headers
        )

    return send


def test_an_unknown_field_is_refused_by_name_and_nothing_is_saved(send):
    response = send("post", "/needs", {"name": "Grant writing", "is_staff": True})
    assert response.status_code == 422
    assert response.json()["detail"] == "is_staff: Extra inputs are not permitted"
    assert not Need.objects.exists()


def test_an_unknown_field_in_a_change_is_refused_and_nothing_changes(send, mentee_a):
    need = Need.objects.create(mentee=mentee_a, name="Grant writing")
    response = send("patch", f"/needs/{need.pk}", {"name": "Teaching", "mentee": 99})
    assert response.status_code == 422
    assert "mentee: Extra inputs are not permitted" in response.json()["detail"]
    assert Need.objects.get(pk=need.pk).name == "Grant writing"


@pytest.mark.parametrize("body", [[], [{"name": "Teaching"}], "Teaching", 3])
def test_a_body_that_is_not_an_object_is_refused(send, mentee_a, body):
    need = Need.objects.create(mentee=mentee_a, name="Grant writing")
    response = send("patch", f"/needs/{need.pk}", body)
    assert response.status_code == 422
    assert Need.objects.get(pk=need.pk).name == "Grant writing"


@pytest.mark.parametrize(
    ("path", "body", "detail"),
    [
        ("/needs", {"name": "Teaching", "covered_by": ["1"]}, "covered_by: Give a whole number."),
        ("/outcomes", {"title": "R01", "year": "2020"}, "year: Give a whole number."),
        ("/outcomes", {"title": "R01", "year": 2020.5}, "year: Give a whole number."),
        (
            "/outcomes",
            {"title": "R01", "submitted_on": 0},
            "submitted_on: Give a date as YYYY-MM-DD.",
        ),
        (
            "/outcomes",
            {"title": "R01", "submitted_on": "1700000000"},
            "submitted_on: Give a date as YYYY-MM-DD.",
        ),
        (
            "/outcomes/import/confirm",
            {"token": "t", "accept_partial": "yes"},
            "accept_partial: Give true or false.",
        ),
        (
            "/outcomes/import/confirm",
            {"token": "t", "accept_partial": 1},
            "accept_partial: Give true or false.",
        ),
    ],
)
def test_a_value_is_of_the_json_type_the_document_says(send, path, body, detail):
    """Not what pydantic could make of it: "2020" is no number, 0 no date, "yes" no boolean."""
    response = send("post", path, body)
    assert response.status_code == 422
    assert response.json()["detail"] == detail
    assert not Outcome.objects.exists() and not Need.objects.exists()


def test_a_wall_clock_time_has_no_offset(send):
    response = send("post", "/series", {"title": "Weekly", "start_time": "14:00Z"})
    detail = response.json()["detail"]
    assert response.status_code == 422
    assert "start_time: Give a time as HH:MM or HH:MM:SS, without an offset." in detail


def test_feedback_on_a_topic_that_does_not_exist_is_refused(client, mentee_a, mentor_a):
    headers = {"Authorization": f"Bearer {ApiToken.issue(mentee_a, 'tests')[1]}"}
    body = {"to": mentor_a.pk, "text": "Thank you", "topic": "gossip"}
    response = client.post(
        "/api/v1/feedback", json.dumps(body), content_type="application/json", headers=headers
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("topic: Input should be 'manuscript'")
    assert not Feedback.objects.exists()


def test_the_document_states_the_rules_of_the_page_forms(client):
    """Choices, lengths, bounds and blanks, read from the form each body goes through."""
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    new, change = schemas["OutcomeIn"]["properties"], schemas["OutcomePatch"]["properties"]
    assert new["kind"]["enum"] == OutcomeKind.values
    assert new["title"]["maxLength"] == 500
    assert new["title"]["pattern"] == NOT_BLANK  # not blank: the form requires it
    assert new["venue"]["pattern"] == NO_NUL  # may be blank, never a NUL
    # A change may leave out a required field, but not send it as null (the form refuses)…
    assert "anyOf" not in change["title"] and change["title"]["type"] == "string"
    # …while what may be blank, or unset, may be cleared with null.
    assert {"type": "null"} in change["decided_on"]["anyOf"]
    goal = schemas["GoalIn"]["properties"]
    assert (goal["confidence"]["minimum"], goal["confidence"]["maximum"]) == (0, 100)
    assert (goal["review_interval_days"]["minimum"], goal["review_interval_days"]["maximum"]) == (
        7,
        365,
    )
    assert {"type": "integer", "minimum": 0, "maximum": 100} in goal["progress"]["anyOf"]
    interval = schemas["SeriesIn"]["properties"]["interval"]
    assert (interval["minimum"], interval["maximum"]) == (1, 12)


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        (NO_NUL, "", True),
        (NO_NUL, "Grant\x00writing", False),
        (NOT_BLANK, "Grant writing", True),
        (NOT_BLANK, "  \t ", False),
        (NOT_BLANK, "", False),
        (NOT_BLANK, " x\x00", False),
    ],
)
def test_the_text_patterns_say_what_the_forms_and_the_nul_guard_refuse(pattern, text, matches):
    assert bool(re.search(pattern, text)) is matches
