"""Two-factor sign-in required (MENTORKIT_REQUIRE_MFA, a program's own rule): who must, how
they are led to enrol, and that TOTP, recovery codes and the enrolment's event work."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from mentorkit.audit.models import EventKind, SecurityEvent
from mentorkit.sso.two_factor import required_for
from tests.conftest import PASSWORD, make_everyone, once_per_module

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from once_per_module(django_db_blocker, make_everyone)


@pytest.fixture
def people(world):
    return copy.deepcopy(world[0])


@pytest.mark.parametrize(
    ("level", "who_must"),
    [
        ("off", set()),
        ("directors", {"director", "staff"}),
        ("everyone", {"mentee_a", "mentee_b", "mentor_a", "director", "staff"}),
    ],
)
def test_the_instance_rule_names_who_must_use_two_factors(settings, people, level, who_must):
    settings.REQUIRE_MFA = level
    names = {"mentee_a", "mentee_b", "mentor_a", "director", "staff"}
    assert {n for n in names if required_for(people[n])} == who_must


def test_a_program_can_require_it_of_its_directors_or_everyone_in_it(settings, world, people):
    settings.REQUIRE_MFA = "off"
    program = world[1]
    program.two_factor = "directors"
    program.save(update_fields=["two_factor"])
    assert required_for(people["director"]) and not required_for(people["mentee_a"])
    program.two_factor = "everyone"
    program.save(update_fields=["two_factor"])
    assert required_for(people["mentee_a"]) and not required_for(people["mentee_b"])


def sign_in(client, user):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})


def add_totp(client) -> None:
    response = client.get("/accounts/2fa/totp/activate/")
    if response.status_code == 302:  # allauth asks for the password again first
        assert response["Location"].startswith("/accounts/reauthenticate/")
        client.post(response["Location"], {"password": PASSWORD})
        client.get("/accounts/2fa/totp/activate/")
    secret = client.session[SECRET_SESSION_KEY]
    # The code and its check in one 30-second period: on a slow machine the POST could
    # otherwise cross into the next one, and allauth (no tolerance) would refuse it.
    with time_machine.travel(time.time(), tick=False):
        code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
        response = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_director_without_a_second_factor_is_led_to_enrol_after_sign_in(
    settings, client, people, django_capture_on_commit_callbacks
):
    settings.REQUIRE_MFA = "directors"
    response = sign_in(client, people["director"])
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/2fa/"
    assert "Two-factor sign-in is required for your account" in response.content.decode()
    assert client.get("/programs/")["Location"] == "/accounts/2fa/"
    enrol = client.get("/accounts/2fa/totp/activate/")  # open: after the password again
    assert enrol["Location"].startswith("/accounts/reauthenticate/")
    assert client.get(enrol["Location"]).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):  # allauth's signal, on commit
        add_totp(client)

    assert client.get("/").status_code == 200
    director = people["director"]
    kinds = set(Authenticator.objects.filter(user=director).values_list("type", flat=True))
    assert kinds == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    assert SecurityEvent.objects.filter(user=director, kind=EventKind.MFA_ADDED).exists()


def test_a_mentee_is_not_asked_when_only_directors_must(settings, client, people):
    settings.REQUIRE_MFA = "directors"
    sign_in(client, people["mentee_a"])
    assert client.get("/").status_code == 200


def test_a_recovery_code_signs_in_in_place_of_the_app(settings, client, people):
    settings.REQUIRE_MFA = "everyone"
    mentee = people["mentee_b"]
    sign_in(client, mentee)
    add_totp(client)
    codes = Authenticator.objects.get(user=mentee, type="recovery_codes").wrap().get_unused_codes()
    client.post("/accounts/logout/")

    response = sign_in(client, mentee)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert response.status_code == 302 and client.get("/").status_code == 200


def test_a_wrong_value_of_the_setting_stops_start_up_with_one_line():
    env = {**os.environ, "MENTORKIT_REQUIRE_MFA": "sometimes", "SECRET_KEY": "x" * 50}
    env.pop("MENTORKIT_SSO_CONFIG", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stderr == (
        "mentorkit: MENTORKIT_REQUIRE_MFA='sometimes': must be off, directors or everyone\n"
    )
