"""In a real browser: a mentee invites a new mentor, who signs up through the link and accepts.

The issue's words: "sign in as the demo mentee, invite a mentor, sign in as
the invitee through the link, accept, and see the mentee on the mentor's home."
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from mentorkit.accounts.models import User
from mentorkit.demo import DEMO_PASSWORD, MENTEE_EMAIL
from mentorkit.teams.models import Mentorship, MentorshipStatus, Role
from tests.demo_world import demo_world

INVITEE_NAME = "Noor Haddad"
INVITEE_EMAIL = "noor@example.org"
INVITEE_PASSWORD = "quiet-lantern-orbit-47"
LINK = re.compile(r"https?://\S+/invitations/mentorship/\S+/")


def sign_in(page: Page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").click()
    # Signed in, at any width (on a phone, Sign out is inside the menu).
    expect(page.locator("form[action='/accounts/logout/']").first).to_be_attached()


@pytest.mark.browser
def test_invited_mentor_signs_up_accepts_and_sees_the_mentee(
    live_server, settings, new_page, console_errors, artifacts, mailoutbox
):
    # Links in e-mails and on pages point at the live server, not at http://testserver.
    settings.BASE_URL = live_server.url
    demo_world()
    mentee = User.objects.get(email=MENTEE_EMAIL)

    # The mentee signs in and invites someone who has no account yet.
    page = new_page()
    sign_in(page, live_server.url, MENTEE_EMAIL, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=f"Welcome, {mentee.display_name}")).to_be_visible()
    page.screenshot(path=artifacts / "mentee-home.png", full_page=True)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Team").click()
    expect(page.get_by_role("heading", name="Your mentoring team")).to_be_visible()
    page.get_by_role("link", name="Invite a mentor").first.click()
    expect(page.get_by_role("heading", name="Invite a mentor")).to_be_visible()
    page.locator("[name=invited_name]").fill(INVITEE_NAME)
    page.locator("[name=invited_email]").fill(INVITEE_EMAIL)
    page.locator("[name=role]").select_option(label=Role.METHODS.label)
    page.get_by_role("button", name="Send invitation").click()

    expect(page.get_by_role("status")).to_contain_text(f"Invitation sent to {INVITEE_EMAIL}")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [INVITEE_EMAIL]
    link = LINK.search(mailoutbox[0].body).group(0)
    assert link.startswith(live_server.url)
    # Without an e-mail server the mentee can pass the same link on by hand.
    expect(page.locator("code.copy")).to_have_text(link)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Team").click()
    expect(page.get_by_role("cell", name=INVITEE_NAME)).to_be_visible()
    page.screenshot(path=artifacts / "mentee-team.png", full_page=True)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    # The invitee opens the link in their own browser and creates an account.
    invitee = new_page()
    invitee.goto(link)
    expect(
        invitee.get_by_role("heading", name=f"{mentee.display_name} invites you")
    ).to_be_visible()
    invitee.get_by_role("link", name="Create an account to accept").click()
    expect(invitee.locator("[name=email]")).to_have_value(INVITEE_EMAIL)
    invitee.locator("[name=name]").fill(INVITEE_NAME)
    invitee.locator("[name=password1]").fill(INVITEE_PASSWORD)
    invitee.locator("[name=password2]").fill(INVITEE_PASSWORD)
    invitee.locator("form button[type=submit]").click()

    # Signing up leads back to the invitation, now answerable.
    expect(invitee).to_have_url(link)
    expect(invitee.get_by_text(f"Signed in as {INVITEE_EMAIL}")).to_be_visible()
    invitee.get_by_role("button", name="Accept").click()

    mentorship = Mentorship.objects.get(mentee=mentee, invited_email=INVITEE_EMAIL)
    assert mentorship.status == MentorshipStatus.ACTIVE
    assert mentorship.mentor.name == INVITEE_NAME
    expect(invitee).to_have_url(f"{live_server.url}/mentoring/{mentorship.pk}/")
    expect(invitee.get_by_role("status")).to_contain_text(
        f"You joined {mentee.display_name}'s mentoring team."
    )

    invitee.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    mentees = invitee.get_by_role("region", name="Your mentees")
    expect(mentees.get_by_role("link", name=mentee.display_name)).to_be_visible()
    invitee.screenshot(path=artifacts / "mentor-home.png", full_page=True)
    assert console_errors == []

    # The link worked once. (Checked last: the 410 answer is itself logged in the console.)
    invitee.goto(link)
    expect(invitee.get_by_role("heading", name="This invitation cannot be used")).to_be_visible()
