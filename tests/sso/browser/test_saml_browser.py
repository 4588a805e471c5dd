"""In chromium: "Sign in with Riverside University", the IdP's own login form, and back.

The IdP is pysaml2's, listening on a loopback port; mentorkit is the live server. The
IdP registers mentorkit from the metadata mentorkit publishes.
"""

from __future__ import annotations

import tempfile
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from mentorkit.accounts.models import User
from tests.sso.conftest import saml_entry, sso_configured
from tests.sso.saml_idp import Person, start_http

ADA = Person(
    password="ada-at-riverside",
    mail="ada@riverside.edu",
    displayName="Ada Quinn",
    eduPersonPrincipalName="ada@riverside.edu",
)


@pytest.fixture(scope="module")
def idp():
    idp, server = start_http({"ada": ADA})
    yield idp
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_ada_signs_in_at_her_institution_and_lands_signed_in(
    live_server, idp, page, console_errors, artifacts
):
    with sso_configured(Path(tempfile.mkdtemp()), {"saml": [saml_entry(idp)]}):
        metadata = f"{live_server.url}/accounts/saml/riverside/metadata/"
        with urllib.request.urlopen(metadata, timeout=5) as response:  # loopback
            idp.trust(response.read().decode())

        page.goto(f"{live_server.url}/accounts/login/")
        page.screenshot(path=artifacts / "sso-sign-in.png", full_page=True)
        page.get_by_role("button", name="Sign in with Riverside University").click()
        expect(page.get_by_role("heading", name="Riverside University sign-in")).to_be_visible()
        page.get_by_label("Username").fill("ada")
        page.get_by_label("Password").fill("ada-at-riverside")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("button", name="Continue to mentorkit").click()

        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        assert page.url == f"{live_server.url}/"
        ada = User.objects.get(email="ada@riverside.edu")
        assert ada.name == "Ada Quinn"

        # Signing out ends the IdP's session too (single logout), and comes back.
        with page.expect_request(lambda r: r.url.startswith(f"{idp.slo_url}?SAMLRequest=")):
            page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("link", name="Sign in")).to_be_visible()
        assert page.url.startswith(live_server.url)

        # Typing her address takes her there again.
        page.goto(f"{live_server.url}/accounts/login/")
        page.locator("input[name=login]").fill("ada@riverside.edu")
        page.locator("input[name=login]").press("Enter")
        expect(page.get_by_role("heading", name="Riverside University sign-in")).to_be_visible()
    assert console_errors == []
