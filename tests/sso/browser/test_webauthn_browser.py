"""In chromium, with a virtual security key (Chrome's WebAuthn domain): a person who must use
two factors is led to enrol, adds a key, and the next sign-in asks for it."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tests.conftest import PASSWORD, make_user


def sign_in_with_password(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")


@pytest.mark.browser
def test_a_director_adds_a_security_key_and_signs_in_with_it(
    live_server, settings, page, console_errors
):
    settings.REQUIRE_MFA = "everyone"
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the live server speaks plain HTTP
    noor = make_user("noor@example.org")
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )

    sign_in_with_password(page, live_server.url, noor.email)
    expect(page.get_by_text("Two-factor sign-in is required for your account")).to_be_visible()
    page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
    page.locator("input[name=password]").fill(PASSWORD)  # allauth asks again first
    page.locator("input[name=password]").press("Enter")
    # The key's button works once allauth's script has run (on DOMContentLoaded): wait for
    # the add page to have loaded, not only for its field to be in the DOM.
    page.wait_for_url(f"{live_server.url}/accounts/2fa/webauthn/add/", wait_until="load")
    page.locator("input[name=name]").fill("Blue key")
    page.locator("#mfa_webauthn_add").click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    assert Authenticator.objects.filter(user=noor, type="webauthn").count() == 1

    page.get_by_role("button", name="Sign out").click()
    sign_in_with_password(page, live_server.url, noor.email)
    page.wait_for_url(f"{live_server.url}/accounts/2fa/authenticate/", wait_until="load")
    page.get_by_role("button", name="Use a security key").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert page.url == f"{live_server.url}/"
    assert console_errors == []
