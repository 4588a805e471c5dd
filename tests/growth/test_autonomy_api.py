"""Activities and markers of independence through the JSON API, and outcomes on the path."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from mentorkit.growth.models import Activity, IndependenceMarker
from mentorkit.outcomes.models import Outcome

from ..test_meetings_api import Api

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_an_activity_is_flagged_beyond_and_the_mentee_can_override_it(client, mentee_a, mentor_a):
    api = Api(client, mentee_a)
    made = api.post(
        "/activities",
        {
            "kind": "mini_project",
            "title": "Wearables signal processing",
            "topics": "signal processing, Python",
            "starts_on": "2026-09-01",
            "status": "in_progress",
        },
    )
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["beyond_expertise"] is True and body["beyond_override"] is None
    assert body["topics"] == ["signal processing", "python"]
    changed = api.patch(f"/activities/{body['id']}", {"beyond_override": False})
    assert changed.json()["beyond_expertise"] is False
    reset = api.patch(f"/activities/{body['id']}", {"beyond_override": None, "status": "done"})
    assert reset.json()["beyond_expertise"] is True and reset.json()["status"] == "done"
    # the mentor reads it with the same flag; cannot change it
    as_mentor = Api(client, mentor_a)
    listed = as_mentor.get("/activities", {"mentee": mentee_a.pk}).json()
    assert [(a["title"], a["beyond_expertise"]) for a in listed["items"]] == [
        ("Wearables signal processing", True)
    ]
    assert as_mentor.patch(f"/activities/{body['id']}", {"title": "x"}).status_code == 404


def test_bad_activities_and_markers_are_refused_with_a_422(client, mentee_a):
    api = Api(client, mentee_a)
    response = api.post(
        "/activities",
        {"title": "Course", "topics": "R", "starts_on": "2026-09-01", "ends_on": "2026-08-01"},
    )
    assert (
        response.status_code == 422 and "cannot end before it starts" in response.json()["detail"]
    )
    assert api.post("/activities", {"title": "Course", "topics": " , "}).status_code == 422
    assert not Activity.objects.exists()
    first = api.post("/independence-markers", {"kind": "own_protocol", "achieved_on": "2026-05-01"})
    assert first.status_code == 201 and first.json()["label"] == "Own protocol"
    again = api.post("/independence-markers", {"kind": "own_protocol", "achieved_on": "2026-06-01"})
    assert again.status_code == 422 and "already recorded" in again.json()["detail"]
    future = api.post(
        "/independence-markers", {"kind": "first_mentee", "achieved_on": "2027-01-01"}
    )
    assert future.status_code == 422 and "future" in future.json()["detail"]
    assert IndependenceMarker.objects.count() == 1


def test_successes_and_failures_appear_on_the_path_to_independence(client, mentee_a, mentor_a):
    Outcome.objects.create(
        mentee=mentee_a,
        title="K23 A0",
        kind="grant",
        result="failure",
        decided_on=date(2026, 2, 10),
    )
    Outcome.objects.create(
        mentee=mentee_a,
        title="K23 A1",
        kind="grant",
        result="success",
        decided_on=date(2026, 7, 15),
    )
    Outcome.objects.create(
        mentee=mentee_a,
        title="Private loss",
        result="failure",
        decided_on=date(2026, 3, 1),
        visibility="private",
    )
    Outcome.objects.create(mentee=mentee_a, title="Still pending", result="pending")
    client.force_login(mentee_a)
    page = client.get(reverse("growth:autonomy")).content.decode()
    assert "K23 A0 (grant, failure)" in page and "K23 A1 (grant, success)" in page
    assert "Private loss" in page and "Still pending" not in page
    client.force_login(mentor_a)
    page = client.get(reverse("growth:mentee_autonomy", args=[mentee_a.pk])).content.decode()
    assert "K23 A0 (grant, failure)" in page and "Private loss" not in page
