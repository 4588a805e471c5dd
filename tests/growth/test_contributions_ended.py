"""A mentorship that ended keeps what was given while it lasted, and takes nothing new."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from mentorkit.growth.models import Contribution
from mentorkit.teams.models import Mentorship

from ..test_meetings_api import Api

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def ended(mentee_a, former_mentor):
    mentorship = Mentorship.objects.get(mentee=mentee_a, mentor=former_mentor)
    Mentorship.objects.filter(pk=mentorship.pk).update(ended_on=TODAY - timedelta(days=30))
    return mentorship


def data(mentorship, day):
    return {
        "mentorship": mentorship.pk,
        "kind": "resource",
        "contributed_on": day.isoformat(),
        "description": "Shared the registry protocol",
        "link": "",
    }


def test_the_page_refuses_a_contribution_after_the_mentorship_ended(client, mentee_a, ended):
    client.force_login(mentee_a)
    response = client.post(reverse("growth:contribution_create"), data(ended, TODAY))
    assert response.status_code == 400  # the form again, with its message
    assert "has ended; record only what you gave before it ended." in response.content.decode()
    assert not Contribution.objects.exists()


def test_the_api_refuses_it_in_the_same_words(client, mentee_a, ended):
    api = Api(client, mentee_a)
    body = data(ended, TODAY)
    response = api.post("/contributions", body)
    assert response.status_code == 422
    assert "has ended" in response.json()["detail"]
    assert not Contribution.objects.exists()


def test_what_was_given_before_it_ended_is_still_recorded(client, mentee_a, ended):
    client.force_login(mentee_a)
    response = client.post(
        reverse("growth:contribution_create"), data(ended, TODAY - timedelta(days=60))
    )
    assert response.status_code == 302
    assert Contribution.objects.get().mentorship == ended
