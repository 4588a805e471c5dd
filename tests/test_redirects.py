"""`next=` sends a user back only to a page of this site."""

from __future__ import annotations

import pytest

from mentorkit.meetings.models import ActionItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(mentee_a):
    return ActionItem.objects.create(mentee=mentee_a, title="Aims page", owner=mentee_a)


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example.com/phish",
        "//evil.example.com/phish",
        "javascript:alert(1)",
        "http:///evil.example.com",
        "https:evil.example.com",
    ],
)
def test_an_off_site_next_is_replaced_by_the_actions_page(client, mentee_a, action, target):
    client.force_login(mentee_a)
    response = client.post(f"/actions/{action.pk}/status/", {"status": "done", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/actions/"
    assert ActionItem.objects.get(pk=action.pk).status == "done"


def test_a_next_on_this_site_is_followed(client, mentee_a, action):
    client.force_login(mentee_a)
    response = client.post(
        f"/actions/{action.pk}/status/", {"status": "done", "next": "/meetings/"}
    )
    assert response["Location"] == "/meetings/"
