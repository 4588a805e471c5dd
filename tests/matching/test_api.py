"""Matching through the API: the directory searched with its scores, a request refused for a
mentor who is away, a round created, adjusted and published once."""

from __future__ import annotations

import pytest

from mentorkit.accounts.models import ApiToken
from mentorkit.teams.models import Mentorship, MentorshipStatus

from .test_rounds import cohort  # noqa: F401 (the world of the round tests)

pytestmark = pytest.mark.django_db


def bearer(user):
    return {"authorization": f"Bearer {ApiToken.issue(user, 'tests')[1]}"}


def test_a_mentee_searches_the_directory_and_asks_a_mentor(client, program, cohort):  # noqa: F811
    headers = bearer(cohort["ines"])
    rows = client.get(
        f"/api/v1/programs/{program.pk}/directory?q=biostatistics", headers=headers
    ).json()
    names = [r["mentor"]["name"] for r in rows]
    assert names == ["Dr. Stats", "Dr. Away", "Mentor A"]  # those who take mentees first
    assert rows[0]["criteria"][0] == {
        "label": "covers Biostatistics (high priority)",
        "points": 0.4,
    }
    assert rows[1]["taking_mentees"] is False
    away = client.post(
        f"/api/v1/programs/{program.pk}/directory/{cohort['away'].pk}/request",
        {},
        content_type="application/json",
        headers=headers,
    )
    assert away.status_code == 400 and "takes no new mentees" in away.json()["detail"]
    asked = client.post(
        f"/api/v1/programs/{program.pk}/directory/{cohort['stats'].pk}/request",
        {"role": "methods"},
        content_type="application/json",
        headers=headers,
    )
    assert asked.status_code == 201
    assert Mentorship.objects.get(pk=asked.json()["mentorship_id"]).role == "methods"


def test_a_director_creates_adjusts_and_publishes_a_round_once(
    client,
    director,
    program,
    cohort,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    headers = bearer(director)
    base = f"/api/v1/programs/{program.pk}/rounds"
    made = client.post(
        base,
        {"name": "Spring", "who": "no_mentor"},
        content_type="application/json",
        headers=headers,
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["status"] == "draft" and body["optimal"] is True
    assert len(body["inputs"]["candidates"]) >= len(body["pairs"]) > 0
    first = body["pairs"][0]
    assert first["criteria"]  # each pair says why
    changed = client.post(
        f"{base}/{body['id']}/pairs",
        {"mentee": first["mentee"]["id"], "mentor": first["mentor"]["id"], "do": "forbid"},
        content_type="application/json",
        headers=headers,
    ).json()
    assert changed["inputs"]["forbidden"] == [[first["mentee"]["id"], first["mentor"]["id"]]]
    assert (first["mentee"]["id"], first["mentor"]["id"]) not in {
        (p["mentee"]["id"], p["mentor"]["id"]) for p in changed["pairs"]
    }
    with django_capture_on_commit_callbacks(execute=True):
        published = client.post(f"{base}/{body['id']}/publish", headers=headers)
    assert published.status_code == 200
    sent = published.json()["published"]
    assert len(sent) == len(changed["pairs"])
    assert Mentorship.objects.filter(status=MentorshipStatus.INVITED).count() == len(sent)
    again = client.post(f"{base}/{body['id']}/publish", headers=headers)
    assert again.status_code == 409
    assert Mentorship.objects.filter(status=MentorshipStatus.INVITED).count() == len(sent)
    listed = client.get(base, headers=headers).json()["items"]
    assert [r["status"] for r in listed] == ["published"]


def test_a_cohort_round_without_a_year_or_with_nobody_is_a_422(
    client,
    director,
    program,
    cohort,  # noqa: F811
):
    headers = bearer(director)
    base = f"/api/v1/programs/{program.pk}/rounds"
    for body in ({"name": "X", "who": "cohort"}, {"name": "X", "who": "cohort", "cohort": 2001}):
        response = client.post(base, body, content_type="application/json", headers=headers)
        assert response.status_code == 422
