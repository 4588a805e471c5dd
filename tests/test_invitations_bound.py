"""An invitation opens a team or a program only to the account with the address it was sent to.

Before: a former mentor signed in with his own account accepted an invitation meant for
another address, and was back on the mentee's team.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from allauth.account.models import EmailAddress

from mentorkit.core.logs import AccessLogger, redact
from mentorkit.programs import actions as program_actions
from mentorkit.programs.models import Enrollment
from mentorkit.teams import actions
from mentorkit.teams.models import Mentorship

from .conftest import make_user

pytestmark = pytest.mark.django_db


def path(url: str) -> str:
    return url.removeprefix("http://testserver")


def test_a_link_for_another_address_is_refused_with_a_page_that_says_who_it_was_for(
    client, mentee_a, former_mentor
):
    _, url = actions.invite_mentor(mentee_a, invited_email="noor@example.org")
    client.force_login(former_mentor)
    response = client.post(path(url), {"answer": "accept"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This invitation was sent to noor@example.org" in page
    assert f"you are signed in as {former_mentor.email}" in page
    invitation = Mentorship.objects.get(mentee=mentee_a, invited_email="noor@example.org")
    assert invitation.status == "invited" and invitation.mentor is None
    assert invitation.invitation_used_at is None  # still there for Noor


def test_the_account_with_the_address_accepts_in_any_case_of_letters(client, mentee_a):
    _, url = actions.invite_mentor(mentee_a, invited_email="Noor@Example.org")
    noor = make_user("noor@example.org")
    client.force_login(noor)
    assert client.post(path(url), {"answer": "accept"}).status_code == 302
    assert Mentorship.objects.get(mentee=mentee_a, mentor=noor).status == "active"


def test_an_account_that_verified_the_invited_address_accepts(client, mentee_a):
    _, url = actions.invite_mentor(mentee_a, invited_email="noor@hospital.example.org")
    noor = make_user("noor@example.org")
    EmailAddress.objects.create(user=noor, email="noor@hospital.example.org", verified=True)
    client.force_login(noor)
    assert client.post(path(url), {"answer": "accept"}).status_code == 302


def test_an_unverified_extra_address_is_not_enough(client, mentee_a):
    _, url = actions.invite_mentor(mentee_a, invited_email="noor@hospital.example.org")
    noor = make_user("noor@example.org")
    EmailAddress.objects.create(user=noor, email="noor@hospital.example.org", verified=False)
    client.force_login(noor)
    assert client.post(path(url), {"answer": "accept"}).status_code == 400


def test_a_program_invitation_is_bound_the_same_way(client, program, director, mentee_b):
    invitation, url = program_actions.invite_mentee(
        program, director, invited_email="kwame@example.org", invited_name="", cohort_year=2026
    )
    client.force_login(mentee_b)
    response = client.post(path(url), {"answer": "accept"})
    assert response.status_code == 400
    assert "This invitation was sent to kwame@example.org" in response.content.decode()
    assert not Enrollment.objects.filter(program=program, mentee=mentee_b).exists()


# --- Invitation links never reach a log ---------------------------------------------------


def test_a_refused_invitation_link_is_logged_without_its_token(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/invitations/mentorship/s3cr3t-t0k3n-value/")
    assert "s3cr3t-t0k3n-value" not in caplog.text
    assert "/invitations/mentorship/[redacted]" in caplog.text


def test_the_access_log_redacts_invitation_calendar_and_reset_links():
    lines = [
        "GET /invitations/program/abcDEF123/ HTTP/1.1",
        "GET /calendar/feedtoken42.ics HTTP/1.1",
        "GET /accounts/password/reset/key/9x-set-password/ HTTP/1.1",
    ]
    assert [redact(line) for line in lines] == [
        "GET /invitations/program/[redacted]/ HTTP/1.1",
        "GET /calendar/[redacted] HTTP/1.1",
        "GET /accounts/password/reset/key/[redacted]/ HTTP/1.1",
    ]


def test_mentorkit_serves_with_an_access_log_that_redacts_the_token(tmp_path):
    """The real server, started as `mentorkit serve` starts it, on a free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "MENTORKIT_VAR_DIR": str(tmp_path),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "mentorkit.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--access-logfile", "-",
         "--logger-class", f"{AccessLogger.__module__}.{AccessLogger.__name__}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/invitations/mentorship/s3cr3tT0ken/"
                )
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.1)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "/invitations/mentorship/[redacted]/" in output
    assert "s3cr3tT0ken" not in output


# A mentor's capacity: accepting beyond what they said they can take asks them to confirm.


def test_accepting_beyond_capacity_asks_the_mentor_to_confirm(client, mentee_a, mentee_b):
    noor = make_user("noor@example.org", mentee_capacity=1)
    from tests.conftest import make_mentorship

    make_mentorship(mentee_b, noor)  # already at capacity
    _, url = actions.invite_mentor(mentee_a, invited_email="noor@example.org")
    client.force_login(noor)
    page = client.post(path(url), {"answer": "accept"}).content.decode()
    assert "More than you said you can take." in page
    assert "You mentor 1 person now, and said on your profile that you can take 1." in page
    assert not Mentorship.objects.filter(mentee=mentee_a, mentor=noor).exists()
    response = client.post(path(url), {"answer": "accept", "beyond_capacity": "yes"})
    assert response.status_code == 302
    assert Mentorship.objects.get(mentee=mentee_a, mentor=noor).status == "active"


def test_a_mentor_not_taking_new_mentees_is_asked_too_and_may_decline(client, mentee_a):
    noor = make_user("noor@example.org", accepting_mentees=False)
    _, url = actions.invite_mentor(mentee_a, invited_email="noor@example.org")
    client.force_login(noor)
    page = client.post(path(url), {"answer": "accept"}).content.decode()
    assert "You said on your profile that you are not taking new mentees." in page
    client.post(path(url), {"answer": "decline"})
    assert Mentorship.objects.get(mentee=mentee_a, invited_email="noor@example.org").status == (
        "declined"
    )


def test_within_capacity_nothing_is_asked(client, mentee_a):
    noor = make_user("noor@example.org", mentee_capacity=3)
    _, url = actions.invite_mentor(mentee_a, invited_email="noor@example.org")
    client.force_login(noor)
    assert client.post(path(url), {"answer": "accept"}).status_code == 302


def test_a_mentor_away_until_a_date_is_asked_too(client, mentee_a):
    from datetime import timedelta

    from django.utils import timezone

    back = timezone.localdate() + timedelta(days=30)
    noor = make_user("noor@example.org", away_until=back)
    _, url = actions.invite_mentor(mentee_a, invited_email="noor@example.org")
    client.force_login(noor)
    page = client.post(path(url), {"answer": "accept"}).content.decode()
    assert f"you are away until {back:%-d %B %Y}." in page
    noor.away_until = timezone.localdate() - timedelta(days=1)  # back already
    noor.save()
    assert client.post(path(url), {"answer": "accept"}).status_code == 302
