"""Accounts: signing in and out, sessions, throttling, sign-up by invitation, the profile."""

import re
from datetime import timedelta

import pytest
import time_machine
from django import forms
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from mentorkit import settings as production
from mentorkit.accounts.forms import TIME_ZONE_CHOICES
from mentorkit.accounts.models import User
from mentorkit.accounts.widgets import LongSelect
from mentorkit.teams import actions

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, email, password=PASSWORD, remember=False, ip="10.0.0.1"):
    data = {"login": email, "password": password}
    if remember:
        data["remember"] = "on"
    return client.post("/accounts/login/", data, REMOTE_ADDR=ip)


def test_it_signs_in_with_email_and_password_and_rotates_the_session_key(client, mentee_a):
    client.get("/accounts/login/")
    before = client.session.session_key
    response = sign_in(client, "MENTEE_A@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session.session_key != before
    assert client.get("/").status_code == 200


def test_a_wrong_password_re_renders_the_form_with_a_message(client, mentee_a):
    response = sign_in(client, mentee_a.email, "not the password at all")
    assert response.status_code == 200
    assert b"not correct" in response.content or b"incorrect" in response.content.lower()


def test_a_session_lasts_twelve_hours_without_remember_me(client, mentee_a):
    sign_in(client, mentee_a.email)
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 12 * 3600
    with time_machine.travel(timezone.now() + timedelta(hours=12, minutes=1)):
        assert client.get("/").status_code == 302


def test_remember_me_keeps_the_session_for_two_weeks(client, mentee_a):
    sign_in(client, mentee_a.email, remember=True)
    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 14 * 24 * 3600
    with time_machine.travel(timezone.now() + timedelta(days=13)):
        assert client.get("/").status_code == 200


def test_sign_out(client, mentee_a):
    sign_in(client, mentee_a.email)
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_passwords_are_hashed_with_argon2(mentee_a, settings):
    assert identify_hasher(mentee_a.password).algorithm == "argon2"
    # The suite hashes at a test's cost (tests/settings.py); production with Django's Argon2.
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    mentee_a.set_password(PASSWORD)
    assert type(identify_hasher(mentee_a.password)) is Argon2PasswordHasher
    assert mentee_a.check_password(PASSWORD)


def test_password_reset_sends_a_link_by_email(client, mentee_a):
    response = client.post("/accounts/password/reset/", {"email": mentee_a.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_sign_up_is_closed_without_an_invitation(client):
    response = client.get("/accounts/signup/")
    assert b"Sign-up is by invitation" in response.content
    client.post(
        "/accounts/signup/",
        {
            "name": "Eve",
            "email": "eve@example.org",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert not User.objects.filter(email="eve@example.org").exists()


@override_settings(OPEN_SIGNUP=True)
def test_open_sign_up_when_the_setting_allows_it(client):
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Eve Example",
            "joined_as": "mentor",
            "email": "eve@example.org",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert response.status_code == 302
    eve = User.objects.get(email="eve@example.org")
    assert (eve.name, eve.joined_as) == ("Eve Example", "mentor")


def test_an_invitation_opens_sign_up_for_the_invitee(client, mentee_a):
    _, url = actions.invite_mentor(
        mentee_a, invited_email="new.mentor@example.org", invited_name="Noor Haddad"
    )
    client.get(url)
    page = client.get("/accounts/signup/")
    assert b"new.mentor@example.org" in page.content
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Noor Haddad",
            "email": "new.mentor@example.org",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert response.status_code == 302
    # Back to the invitation, to accept it.
    assert response["Location"] == url.removeprefix("http://testserver")
    assert User.objects.filter(email="new.mentor@example.org").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pass", b"at least 12 characters"),
        ("password1234", b"too common"),
        ("newmentor@example", b"too similar"),
    ],
)
def test_weak_passwords_are_refused_at_sign_up(client, settings, password, message):
    settings.OPEN_SIGNUP = True
    response = client.post(
        "/accounts/signup/",
        {
            "name": "New Mentor",
            "email": "newmentor@example.org",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 200
    assert message in response.content
    assert not User.objects.filter(email="newmentor@example.org").exists()


PROFILE = {
    "name": "Amara Okafor",
    "pronouns": "she/her",
    "career_stage": "fellow",
    "institution": "Riverside University",
    "department": "Cardiology",
    "discipline": "Cardiology",
    "expertise": "heart failure, echocardiography",
    "orcid": "https://orcid.org/0000-0002-1825-0097",
    "time_zone": "America/New_York",
    "reminder_lead_hours": 48,
}


def test_the_profile_saves_every_field_and_normalises_the_orcid(client, mentee_a):
    client.force_login(mentee_a)
    response = client.post("/profile/", PROFILE)
    assert response.status_code == 302
    mentee_a.refresh_from_db()
    assert mentee_a.orcid == "0000-0002-1825-0097"
    assert mentee_a.expertise_keywords == ["heart failure", "echocardiography"]
    assert mentee_a.time_zone == "America/New_York"
    assert mentee_a.reminder_lead_hours == 48


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("orcid", "0000-0002-1825-0098", "check digit is wrong"),
        ("orcid", "1234", "four groups of four digits"),
        ("time_zone", "Mars/Olympus_Mons", "not a time zone we know"),
    ],
)
def test_bad_profile_input_gets_a_clear_message_and_saves_nothing(
    client, mentee_a, field, value, message
):
    client.force_login(mentee_a)
    response = client.post("/profile/", {**PROFILE, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    mentee_a.refresh_from_db()
    assert mentee_a.name != PROFILE["name"]


def time_zone_select(page: str) -> str:
    return re.search(r'<select name="time_zone".*?</select>', page, re.S).group(0)


def test_the_profile_offers_every_time_zone_with_the_users_own_selected(client, mentee_a):
    mentee_a.time_zone = "Asia/Tokyo"
    mentee_a.save()
    client.force_login(mentee_a)
    select = time_zone_select(client.get("/profile/").content.decode())
    every_zone = [zone for _, zones in TIME_ZONE_CHOICES for zone, _ in zones]
    assert re.findall(r'<option value="([^"]+)"', select) == every_zone
    assert len(every_zone) > 400
    assert re.findall(r'<option value="([^"]+)" selected>', select) == ["Asia/Tokyo"]
    # Grouped by region, each zone named by its city.
    asia = re.search(r'<optgroup label="Asia">(.*?)</optgroup>', select, re.S).group(1)
    assert '<option value="Asia/Tokyo" selected>Tokyo</option>' in asia
    assert '<option value="America/New_York">New York</option>' in select


def test_a_refused_time_zone_shows_the_zones_again_with_none_selected(client, mentee_a):
    client.force_login(mentee_a)
    page = client.post("/profile/", {**PROFILE, "time_zone": "Mars/Olympus_Mons"}).content.decode()
    select = time_zone_select(page)
    assert "selected" not in select and 'value="Europe/London"' in select


@pytest.mark.parametrize(
    "value", ["Europe/London", None, "", "Mars/Olympus_Mons", "Africa/Abidjan", "Pacific/Apia"]
)
def test_the_long_select_writes_what_djangos_select_writes(value):
    choices = [
        *TIME_ZONE_CHOICES[:2],  # groups
        ('A "quoted" <zone>', "Zone & co"),
        ("Europe/London", "London"),
        ("Late", [("Pacific/Apia", "Apia")]),
    ]
    attrs = {"id": "id_zone", "aria-describedby": "help"}
    assert LongSelect(choices=choices).render("zone", value, attrs) == forms.Select(
        choices=choices
    ).render("zone", value, attrs)


def test_dates_and_times_are_shown_in_the_users_time_zone(client, mentee_a):
    mentee_a.time_zone = "Asia/Tokyo"
    mentee_a.save()
    client.force_login(mentee_a)
    from mentorkit.accounts.models import ApiToken

    token, _ = ApiToken.issue(mentee_a, "laptop")
    with time_machine.travel("2026-03-01 20:30:00+00:00"):
        ApiToken.objects.filter(pk=token.pk).update(created_at=timezone.now())
    page = client.get("/profile/").content.decode()
    assert "created 2 Mar 2026" in page  # 05:30 the next day in Tokyo
    assert "times shown in Asia/Tokyo" in page


def test_api_tokens_are_created_shown_once_and_revoked_from_the_profile(client, mentee_a):
    client.force_login(mentee_a)
    client.post("/profile/tokens/", {"name": "analysis scripts"})
    first = client.get("/profile/").content.decode()
    token = mentee_a.api_tokens.get()
    assert token.hint in first and "shown only once" in first
    assert "shown only once" not in client.get("/profile/").content.decode()
    client.post(f"/profile/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_one_user_cannot_revoke_anothers_token(client, mentee_a, mentee_b):
    from mentorkit.accounts.models import ApiToken

    token, _ = ApiToken.issue(mentee_a, "laptop")
    client.force_login(mentee_b)
    assert client.post(f"/profile/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
