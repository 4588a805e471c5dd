"""The institution's mentor directory: only mentors who listed themselves on their profile,
searched and scored for anyone's own needs, and asked through the team's invitation."""

from __future__ import annotations

import pytest

from mentorkit.teams.models import Mentorship, MentorshipStatus, Need, Priority
from tests.conftest import make_user
from tests.matching.test_api import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(db):
    """A statistician who listed herself, one who is full, and one who did not list."""
    people = {
        "stats": make_user(
            "stats@example.org",
            name="Dr. Stats",
            discipline="Biostatistics",
            expertise="biostatistics, causal inference",
            mentee_capacity=2,
            in_institution_directory=True,
            mentor_roles=["methods"],
            mentoring_style="Every other week, with your code shared the day before.",
        ),
        "full": make_user(
            "full@example.org",
            name="Dr. Full",
            expertise="biostatistics",
            mentee_capacity=0,
            in_institution_directory=True,
        ),
        "quiet": make_user(
            "quiet@example.org", name="Dr. Quiet", expertise="biostatistics", mentee_capacity=3
        ),
    }
    return people


def test_anyone_finds_the_listed_mentors_scored_for_their_own_needs(client, mentee_a, listed):
    Need.objects.create(mentee=mentee_a, name="Biostatistics", priority=Priority.HIGH)
    client.force_login(mentee_a)
    page = client.get("/directory/?q=biostatistics").content.decode()
    assert "Find a mentor in the institution" in page
    assert "Dr. Stats" in page and "Dr. Full" in page
    assert "Dr. Quiet" not in page  # did not list herself
    assert "covers Biostatistics (high priority) +0.40" in page
    assert "Takes mentees as: Methods / statistics" in page
    assert "How I like to work: Every other week, with your code shared the day before." in page
    assert page.index("Dr. Stats") < page.index("Dr. Full")  # who takes mentees first
    team = client.get("/team/").content.decode()
    assert 'href="/directory/"' in team


def test_a_request_is_the_teams_invitation_and_only_to_a_listed_mentor(
    client, mentee_a, listed, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(mentee_a)
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(f"/directory/{listed['stats'].pk}/request/", {"role": "methods"})
    assert asked.status_code == 302
    invited = Mentorship.objects.get(invited_email="stats@example.org")
    assert invited.status == MentorshipStatus.INVITED and invited.role == "methods"
    assert invited.focus == "Requested from the institution's directory"
    assert len(mailoutbox) == 1
    assert (
        client.post(f"/directory/{listed['quiet'].pk}/request/", {"role": "research"}).status_code
        == 404
    )
    full = client.post(
        f"/directory/{listed['full'].pk}/request/", {"role": "research"}, follow=True
    )
    assert "takes no new mentees now" in full.content.decode()
    assert not Mentorship.objects.filter(invited_email="full@example.org").exists()


def test_the_institution_directory_through_the_api(client, mentee_a, listed):
    headers = bearer(mentee_a)
    rows = client.get("/api/v1/directory?q=causal", headers=headers).json()
    assert [r["mentor"]["name"] for r in rows] == ["Dr. Stats"]
    assert rows[0]["roles"] == ["methods"]
    assert rows[0]["how_they_work"].startswith("Every other week")
    quiet = client.post(
        f"/api/v1/directory/{listed['quiet'].pk}/request",
        {},
        content_type="application/json",
        headers=headers,
    )
    assert quiet.status_code == 404
    full = client.post(
        f"/api/v1/directory/{listed['full'].pk}/request",
        {},
        content_type="application/json",
        headers=headers,
    )
    assert full.status_code == 400 and "takes no new mentees" in full.json()["detail"]
    asked = client.post(
        f"/api/v1/directory/{listed['stats'].pk}/request",
        {"role": "methods"},
        content_type="application/json",
        headers=headers,
    )
    assert asked.status_code == 201 and asked.json()["status"] == "invited"
