"""A client that retries a create with the same Idempotency-Key gets the first answer, and
nothing is created twice."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from mentorkit.accounts.models import ApiToken
from mentorkit.teams.models import Need

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(client, mentee_a):
    token = ApiToken.issue(mentee_a, "tests")[1]

    def post(path, body, key=None, user_token=None):
        headers = {"Authorization": f"Bearer {user_token or token}"}
        if key:
            headers["Idempotency-Key"] = key
        return client.post(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", headers=headers
        )

    return post


def test_a_retried_create_answers_the_first_response_and_creates_once(post):
    first = post("/needs", {"name": "Grant writing"}, key="9f1c-retry")
    again = post("/needs", {"name": "Grant writing"}, key="9f1c-retry")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Need.objects.count() == 1


def test_without_a_key_each_create_is_its_own(post):
    post("/needs", {"name": "Grant writing"})
    assert post("/needs", {"name": "Teaching"}).status_code == 201
    assert Need.objects.count() == 2


def test_the_same_key_for_a_different_request_is_refused(post):
    post("/needs", {"name": "Grant writing"}, key="k1")
    response = post("/needs", {"name": "Teaching"}, key="k1")
    assert response.status_code == 422
    assert "different request" in response.json()["detail"]
    assert Need.objects.count() == 1


def test_a_refusal_is_replayed_too(post):
    first = post("/needs", {"name": ""}, key="k2")
    assert first.status_code == 422
    assert post("/needs", {"name": ""}, key="k2").json() == first.json()


def test_keys_belong_to_their_caller(post, mentee_b):
    other = ApiToken.issue(mentee_b, "tests")[1]
    post("/needs", {"name": "Grant writing"}, key="shared-key")
    response = post("/needs", {"name": "Grant writing"}, key="shared-key", user_token=other)
    assert response.status_code == 201
    assert Need.objects.filter(mentee=mentee_b).count() == 1


def test_a_key_is_forgotten_after_a_day(post):
    post("/needs", {"name": "Grant writing"}, key="k3")
    Need.objects.all().delete()
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert post("/needs", {"name": "Grant writing"}, key="k3").status_code == 201
    assert Need.objects.count() == 1


def test_a_bad_token_with_a_key_is_still_a_401(post):
    response = post("/needs", {"name": "x"}, key="k4", user_token="mk_not-a-token")
    assert response.status_code == 401
