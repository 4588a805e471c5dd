"""After an ending, a new mentor in the place of the old one: the mentee chooses what they
take over (the agreement, the open action items), and it is handed over only when they
accept. The plan follows its own visibility."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone

from mentorkit.meetings.models import ActionItem
from mentorkit.teams import actions
from mentorkit.teams.models import Agreement, Mentorship
from tests.conftest import make_mentorship, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended(mentee_a):
    """mentee_a's mentorship with Dr. Old ended, leaving a monthly agreement and two open
    action items of Dr. Old's (and one of mentee_a's own)."""
    old = make_user("old.mentor@example.org", name="Dr. Old")
    mentorship = make_mentorship(mentee_a, old, role="methods", discipline="Biostatistics")
    Agreement.objects.create(
        mentee=mentee_a,
        mentorship=mentorship,
        cadence=30,
        authorship="First author on the aims paper",
        next_review_on=date(2020, 1, 1),
    )
    for title, owner in [("Send the code", old), ("Rerun the model", old), ("Draft", mentee_a)]:
        ActionItem.objects.create(mentee=mentee_a, title=title, owner=owner)
    actions.end_mentorship(mentorship, mentee_a, "moved")
    return mentorship


def test_the_team_offers_a_replacement_for_an_ended_mentorship(client, mentee_a, ended):
    client.force_login(mentee_a)
    team = client.get("/team/").content.decode()
    assert f"/team/mentorships/{ended.pk}/replace/" in team
    page = client.get(f"/team/mentorships/{ended.pk}/replace/").content.decode()
    assert "Start our agreement from the one with Dr. Old" in page
    assert "Hand Dr. Old&#x27;s open action items (2) to the new mentor" in page
    assert 'value="Biostatistics"' in page  # the role and discipline carry over


def test_the_new_mentor_takes_over_what_the_mentee_chose_once_they_accept(
    client, mentee_a, ended, django_capture_on_commit_callbacks
):
    client.force_login(mentee_a)
    response = client.post(
        f"/team/mentorships/{ended.pk}/replace/",
        {
            "invited_email": "new.mentor@example.org",
            "invited_name": "Dr. New",
            "role": "methods",
            "inherit_agreement": "on",
            "inherit_actions": "on",
        },
    )
    assert response.status_code == 302
    invited = Mentorship.objects.get(invited_email="new.mentor@example.org")
    assert invited.replaces == ended
    assert ActionItem.objects.filter(owner__email="old.mentor@example.org").count() == 2
    new = make_user("new.mentor@example.org", name="Dr. New")
    actions.accept_mentorship(invited, new)
    agreement = Agreement.objects.get(mentorship=invited)
    assert (agreement.cadence, agreement.authorship, agreement.version) == (
        30,
        "First author on the aims paper",
        1,
    )
    assert agreement.next_review_on > timezone.localdate()  # the old review date had passed
    assert not agreement.acknowledgements.exists()  # a draft for both to acknowledge
    owners = dict(ActionItem.objects.values_list("title", "owner__email"))
    assert owners == {
        "Send the code": "new.mentor@example.org",
        "Rerun the model": "new.mentor@example.org",
        "Draft": mentee_a.email,
    }
    team = client.get("/team/").content.decode()
    assert f"/team/mentorships/{ended.pk}/replace/" not in team  # replaced already


def test_without_consent_nothing_is_handed_over(client, mentee_a, ended):
    client.force_login(mentee_a)
    client.post(
        f"/team/mentorships/{ended.pk}/replace/",
        {"invited_email": "new.mentor@example.org", "role": "methods"},
    )
    invited = Mentorship.objects.get(invited_email="new.mentor@example.org")
    actions.accept_mentorship(invited, make_user("new.mentor@example.org"))
    assert not Agreement.objects.filter(mentorship=invited).exists()
    assert ActionItem.objects.filter(owner__email="old.mentor@example.org").count() == 2


def test_only_the_mentee_replaces_and_only_an_ended_mentorship(client, mentee_a, mentor_a, ended):
    client.force_login(mentor_a)
    assert client.get(f"/team/mentorships/{ended.pk}/replace/").status_code == 404
    active = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
    client.force_login(mentee_a)
    assert client.get(f"/team/mentorships/{active.pk}/replace/").status_code == 404


def test_a_bad_address_re_renders_with_the_choices_kept(client, mentee_a, ended):
    client.force_login(mentee_a)
    response = client.post(
        f"/team/mentorships/{ended.pk}/replace/",
        {"invited_email": "not an address", "role": "methods", "inherit_actions": "on"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid e-mail address" in page
    assert re.search(r'<input type="checkbox" name="inherit_actions"[^>]* checked', page)
    assert not re.search(r'<input type="checkbox" name="inherit_agreement"[^>]* checked', page)
    assert not Mentorship.objects.filter(replaces=ended).exists()


def test_the_new_mentor_sees_the_plan_shared_with_the_team(client, mentee_a, ended):
    from mentorkit.plans.models import Plan

    Plan.objects.create(
        mentee=mentee_a,
        title="K23 plan",
        starts_on=date(2026, 1, 1),
        ends_on=date(2028, 1, 1),
    )
    client.force_login(mentee_a)
    page = client.get(f"/team/mentorships/{ended.pk}/replace/").content.decode()
    assert "shared with your team: the new mentor sees it once they accept" in page


def test_the_api_invites_in_the_place_of_an_ended_mentorship(client, mentee_a, mentor_a, ended):
    from mentorkit.accounts.models import ApiToken

    headers = {"authorization": f"Bearer {ApiToken.issue(mentee_a, 'tests')[1]}"}
    body = {"email": "new.mentor@example.org", "replaces": ended.pk, "inherit_actions": True}
    response = client.post(
        "/api/v1/mentorships", body, content_type="application/json", headers=headers
    )
    assert response.status_code == 201, response.content
    invited = Mentorship.objects.get(pk=response.json()["id"])
    assert invited.replaces == ended and invited.inherit_actions and not invited.inherit_agreement
    active = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a, status="active")
    for replaces in (active.pk, 999999):
        refused = client.post(
            "/api/v1/mentorships",
            {"email": "x@example.org", "replaces": replaces},
            content_type="application/json",
            headers=headers,
        )
        assert refused.status_code == 404
    alone = client.post(
        "/api/v1/mentorships",
        {"email": "y@example.org", "inherit_agreement": True},
        content_type="application/json",
        headers=headers,
    )
    assert alone.status_code == 422
