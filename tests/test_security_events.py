"""Security events: who did what to an account, when and from where, on the profile of the
person concerned and in the admin for staff. Never the content of a private record."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from typer.testing import CliRunner

from mentorkit.accounts.models import ApiToken
from mentorkit.audit.models import EventKind, SecurityEvent
from mentorkit.cli import app as cli
from mentorkit.feedback.models import EvaluationWindow
from mentorkit.plans.models import Plan
from mentorkit.teams.models import MentorNote, Mentorship

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "outcomes" / "data"


def sign_in(client, email, password=PASSWORD, ip="203.0.113.7"):
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT="Firefox/140",
    )


def events_on_profile(client) -> str:
    """The "recent security events" section of the signed-in user's profile."""
    page = client.get("/profile/").content.decode()
    start = page.index('id="security-events"')
    return page[start : page.index("</section>", start)]


def kinds(user) -> list[str]:
    return list(SecurityEvent.objects.filter(user=user).values_list("kind", flat=True))


class TestSignIn:
    def test_a_sign_in_is_shown_with_its_address(self, client, mentee_a):
        assert sign_in(client, mentee_a.email).status_code == 302
        events = events_on_profile(client)
        assert "Signed in" in events and "from 203.0.113.7" in events
        event = SecurityEvent.objects.get(user=mentee_a, kind=EventKind.SIGNED_IN)
        assert (event.via, event.user_agent, event.actor) == ("web", "Firefox/140", mentee_a)

    def test_failed_sign_ins_appear_on_the_profile_of_the_account_named(self, client, mentee_a):
        sign_in(client, mentee_a.email, "wrong", ip="198.51.100.9")
        sign_in(client, mentee_a.email.upper(), "wrong again", ip="198.51.100.9")
        sign_in(client, mentee_a.email)
        events = events_on_profile(client)
        assert events.count("Failed sign-in") == 2 and "from 198.51.100.9" in events
        # The wrong passwords themselves are never kept.
        assert not SecurityEvent.objects.filter(detail__icontains="wrong").exists()

    def test_a_sign_in_refused_by_the_limit_is_an_event_too(self, client, mentee_a):
        for _ in range(6):
            sign_in(client, mentee_a.email, "wrong")
        assert SecurityEvent.objects.filter(
            user=mentee_a, summary__contains="too many failed attempts"
        ).exists()

    def test_failures_for_an_unknown_address_concern_nobody_and_are_kept_for_staff(
        self, client, staff, mentee_a
    ):
        sign_in(client, "nobody@example.org", "guess")
        event = SecurityEvent.objects.get(kind=EventKind.SIGN_IN_FAILED)
        assert event.user is None and event.detail == {"login": "nobody@example.org"}
        client.force_login(staff)
        listing = client.get("/admin/audit/securityevent/").content.decode()
        assert "Failed sign-in" in listing and "203.0.113.7" in listing

    def test_a_password_change_is_an_event(self, client, mentee_a):
        sign_in(client, mentee_a.email)
        response = client.post(
            "/accounts/password/change/",
            {
                "oldpassword": PASSWORD,
                "password1": "a new long passphrase",
                "password2": "a new long passphrase",
            },
        )
        assert response.status_code == 302
        assert EventKind.PASSWORD_CHANGED in kinds(mentee_a)


class TestTokensAndAddresses:
    def test_creating_and_revoking_a_token_on_the_profile(self, client, mentee_a):
        client.force_login(mentee_a)
        client.post("/profile/tokens/", {"name": "laptop script"})
        token = ApiToken.objects.get(user=mentee_a)
        client.post(f"/profile/tokens/{token.pk}/revoke/")
        events = events_on_profile(client)
        assert "API token created" in events and "API token revoked" in events
        assert f"“laptop script” ({token.hint}…)" in events

    def test_a_token_made_on_the_command_line_says_so(self, mentee_a):
        result = CliRunner().invoke(cli, ["token", "create", "--user", mentee_a.email])
        assert result.exit_code == 0, result.output
        event = SecurityEvent.objects.get(user=mentee_a, kind=EventKind.TOKEN_CREATED)
        assert (event.via, event.address, event.actor) == ("command line", None, None)

    def test_a_new_calendar_address_is_an_event(self, client, mentee_a):
        client.force_login(mentee_a)
        client.post("/profile/calendar/")
        assert EventKind.CALENDAR_RENEWED in kinds(mentee_a)


class TestMentorships:
    def test_a_role_changed_through_the_api_is_shown_to_both_people(
        self, client, mentee_a, mentor_a
    ):
        mentorship = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
        plain = ApiToken.issue(mentee_a, "tests")[1]
        response = client.patch(
            f"/api/v1/mentorships/{mentorship.pk}",
            json.dumps({"role": "career"}),
            content_type="application/json",
            headers={"Authorization": f"Bearer {plain}"},
            REMOTE_ADDR="192.0.2.44",
        )
        assert response.status_code == 200
        (for_mentee,) = SecurityEvent.objects.filter(user=mentee_a, kind=EventKind.MENTORSHIP_ROLE)
        assert (for_mentee.via, for_mentee.address) == ("api", "192.0.2.44")
        client.force_login(mentor_a)
        events = events_on_profile(client)
        assert "Mentorship role changed" in events and "role Co-primary → Career" in events
        assert f"by {mentee_a.display_name}" in events

    def test_ending_a_mentorship_on_the_page_is_shown_to_both(self, client, mentee_a, mentor_a):
        mentorship = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
        client.force_login(mentee_a)
        response = client.post(
            f"/team/mentorships/{mentorship.pk}/edit/",
            {"role": mentorship.role, "status": "ended", "discipline": "", "focus": ""},
        )
        assert response.status_code == 302
        for person in (mentee_a, mentor_a):
            event = SecurityEvent.objects.get(user=person, kind=EventKind.MENTORSHIP_STATUS)
            assert "active → ended" in event.summary and event.actor == mentee_a

    def test_an_unchanged_mentorship_records_nothing(self, client, mentee_a, mentor_a):
        mentorship = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
        client.force_login(mentee_a)
        client.post(
            f"/team/mentorships/{mentorship.pk}/edit/",
            {"role": mentorship.role, "status": "active", "discipline": "", "focus": "New"},
        )
        assert not SecurityEvent.objects.filter(kind__startswith="mentorship").exists()

    def test_no_event_holds_a_private_record(self, client, mentee_a, mentor_a):
        mentorship = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
        MentorNote.objects.create(mentorship=mentorship, author=mentor_a, body="Worried about her")
        client.force_login(mentee_a)
        client.post(
            f"/team/mentorships/{mentorship.pk}/edit/",
            {"role": mentorship.role, "status": "paused", "discipline": "", "focus": ""},
        )
        assert SecurityEvent.objects.exists()
        for event in SecurityEvent.objects.all():
            assert "Worried" not in event.summary + json.dumps(event.detail)


class TestWindowsExportsAndImports:
    @time_machine.travel(date(2026, 11, 15), tick=False)
    def test_a_window_opened_and_closed_early_is_shown_to_the_director(
        self, client, director, program
    ):
        client.force_login(director)
        client.post(
            "/feedback/evaluations/new/",
            {
                "program": program.pk,
                "title": "Autumn",
                "instrument": "mentoring-style",
                "opens_on": "2026-11-15",
                "closes_on": "2026-12-15",
                "threshold": "5",
            },
        )
        window = EvaluationWindow.objects.get()
        client.post(f"/feedback/evaluations/{window.pk}/close/")
        events = events_on_profile(client)
        assert "Evaluation window opened" in events and "Evaluation window closed" in events
        assert "“Autumn”" in events

    def test_a_plan_downloaded_is_an_export(self, client, mentee_a):
        plan = Plan.objects.create(
            mentee=mentee_a, title="My IDP", starts_on=date(2026, 1, 1), ends_on=date(2028, 1, 1)
        )
        client.force_login(mentee_a)
        assert client.get(f"/plan/{plan.pk}/idp.md").status_code == 200
        assert client.get(f"/plan/{plan.pk}/").status_code == 200  # the page is not an export
        (event,) = SecurityEvent.objects.filter(user=mentee_a, kind=EventKind.EXPORTED)
        assert "as MD" in event.summary

    def test_a_confirmed_import_is_an_event_with_its_count(self, client, mentee_a):
        client.force_login(mentee_a)
        content = (DATA / "sample.bib").read_bytes()
        preview = client.post(
            "/outcomes/import/",
            {"format": "auto", "file": SimpleUploadedFile("sample.bib", content)},
        )
        token = preview.context["form"].initial["token"]
        client.post("/outcomes/import/confirm/", {"token": token, "accept_partial": "on"})
        (event,) = SecurityEvent.objects.filter(user=mentee_a, kind=EventKind.IMPORTED)
        assert event.detail["outcomes"] == mentee_a.outcomes.count() > 0


def test_staff_cannot_edit_or_add_events(client, staff, mentee_a):
    ApiToken.issue(mentee_a, "x")
    event = SecurityEvent.objects.get()
    client.force_login(staff)
    assert client.get("/admin/audit/securityevent/add/").status_code == 403
    page = client.get(f"/admin/audit/securityevent/{event.pk}/change/").content.decode()
    assert "API token created" in page and 'name="_save"' not in page
    assert client.post(f"/admin/audit/securityevent/{event.pk}/delete/").status_code == 403


def test_the_events_of_other_people_never_show(client, mentee_a, mentee_b):
    ApiToken.issue(mentee_b, "theirs")
    client.force_login(mentee_a)
    assert "theirs" not in events_on_profile(client)


def test_a_request_with_no_usable_address_is_recorded_without_one(client, mentee_a):
    plain = ApiToken.issue(mentee_a, "tests")[1]
    response = client.post(
        "/api/v1/mentorships",
        json.dumps({"email": "new.mentor@example.org"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {plain}"},
        REMOTE_ADDR="",
    )
    assert response.status_code == 201
    event = SecurityEvent.objects.get(kind=EventKind.MENTORSHIP_INVITED)
    assert (event.address, event.via) == (None, "api")
