"""Deleting an account: the owner sees what is removed and what stays, confirms with their
address and their password once more, and everything goes in one transaction."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from mentorkit.accounts.models import ApiToken, User
from mentorkit.audit.models import EventKind, SecurityEvent
from mentorkit.feedback import actions as feedback_actions
from mentorkit.feedback import instruments
from mentorkit.feedback.models import EvaluationParticipation, EvaluationResponse, EvaluationWindow
from mentorkit.outcomes.models import Outcome
from mentorkit.teams.models import MentorNote, Mentorship, Need

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
DELETE = "/profile/delete/"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(date(2026, 11, 15), tick=False):
        yield


@pytest.fixture
def records(mentee_a, mentor_a, program, director):
    """mentee_a's records: a need, two outcomes, a token, and an anonymous evaluation of
    mentor_a, who keeps a private note about them."""
    mentorship = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
    Need.objects.create(mentee=mentee_a, name="Grant writing")
    for title in ("R01", "Paper"):
        Outcome.objects.create(mentee=mentee_a, kind="paper", title=title, result="pending")
    ApiToken.issue(mentee_a, "script")
    MentorNote.objects.create(mentorship=mentorship, author=mentor_a, body="Doing well")
    window = EvaluationWindow.objects.create(
        program=program,
        title="Autumn",
        instrument="mentoring-style",
        opens_on=date(2026, 11, 1),
        closes_on=date(2026, 11, 30),
        threshold=3,
        opened_by=director,
    )
    ratings = {key: 4 for key in instruments.get("mentoring-style").items}
    feedback_actions.submit_evaluation(window, mentee_a, mentorship, ratings, "Generous with time")
    return mentorship


def signed_in(client, user):
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def items(page: str, heading: str) -> str:
    start = page.index(f"<h2>{heading}</h2>")
    return page[start : page.index("</section>", start)]


def test_the_profile_links_to_deletion(client, mentee_a):
    page = signed_in(client, mentee_a).get("/profile/").content.decode()
    assert f'href="{DELETE}"' in page


def test_the_page_lists_what_is_removed_and_what_stays(client, records, mentee_a):
    page = signed_in(client, mentee_a).get(DELETE).content.decode()
    removed, kept = items(page, "Removed with the account"), items(page, "What stays")
    assert "2 outcomes" in removed and "1 need<" in removed and "1 API token<" in removed
    assert "1 mentorship<" in removed and "1 mentor note<" in removed
    assert "1 anonymous evaluations you gave stay: they never named you" in kept
    assert "anonymous" not in removed and "participation" not in page.lower()
    # Her own records go whole: none of them is listed as staying with a blank.
    assert kept.count("<li>") == 1


def test_a_mentors_deletion_keeps_what_they_wrote_in_shared_records_unlinked(
    client, records, mentee_a, mentor_a, director
):
    page = signed_in(client, director).get(DELETE).content.decode()
    kept = items(page, "What stays")
    assert "1 evaluation window stays, with “opened by” left blank" in kept
    assert "1 program stays, without you among its directors" in kept


def test_deleting_asks_for_the_password_again_then_removes_everything_at_once(
    client, records, mentee_a, mentor_a
):
    signed_in(client, mentee_a)
    response = client.post(DELETE, {"email": mentee_a.email.upper()})
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    assert User.objects.filter(pk=mentee_a.pk).exists()  # nothing yet
    # The password again: the suspended request carries on and deletes.
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert not User.objects.filter(pk=mentee_a.pk).exists()
    assert not Outcome.objects.exists() and not Need.objects.exists()
    assert not MentorNote.objects.exists() and not ApiToken.objects.exists()
    # The anonymous evaluation stays; only the record that mentee_a took part is gone.
    assert EvaluationResponse.objects.get().comment == "Generous with time"
    assert not EvaluationParticipation.objects.exists()
    assert User.objects.filter(pk=mentor_a.pk).exists()
    (event,) = SecurityEvent.objects.filter(kind=EventKind.ACCOUNT_DELETED)
    assert event.user is None and event.detail == {"user_id": mentee_a.pk}
    # Signed out: the profile asks to sign in.
    assert client.get("/profile/").status_code == 302


def test_a_wrong_address_deletes_nothing_and_says_why(client, records, mentee_a):
    signed_in(client, mentee_a)
    client.post(DELETE, {"email": "someone@else.org"})  # asks for the password first
    response = client.post(
        "/accounts/reauthenticate/?next=/profile/delete/", {"password": PASSWORD}
    )
    response = client.post(DELETE, {"email": "someone@else.org"})
    assert response.status_code == 400
    assert f"Type {mentee_a.email} exactly" in response.content.decode()
    assert User.objects.filter(pk=mentee_a.pk).exists() and Outcome.objects.count() == 2


def test_a_wrong_password_deletes_nothing(client, records, mentee_a):
    signed_in(client, mentee_a)
    response = client.post(DELETE, {"email": mentee_a.email})
    response = client.post(response["Location"], {"password": "not it"})
    assert response.status_code == 200 and "password" in response.content.decode().lower()
    assert User.objects.filter(pk=mentee_a.pk).exists()


def test_deletion_needs_a_signed_in_user(client):
    response = client.get(DELETE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
