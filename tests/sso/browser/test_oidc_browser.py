"""In chromium: "Sign in with Riverside (Okta)", oidc-provider's own pages, and back (PKCE)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from mentorkit.accounts.models import User
from tests.sso import oidc_provider
from tests.sso.conftest import sso_configured

PEOPLE = {"ada": {"email": "ada@med.riverside.edu", "email_verified": True, "name": "Ada Quinn"}}


@pytest.fixture(scope="module")
def provider(live_server):
    callback = f"{live_server.url}/accounts/oidc/riverside-oidc/login/callback/"
    running = oidc_provider.start(PEOPLE, [callback])
    yield running
    running.stop()


@pytest.mark.browser
def test_ada_signs_in_with_pkce_through_the_provider_pages(
    live_server, provider, page, console_errors
):
    entry = {
        "id": "riverside-oidc",
        "name": "Riverside (Okta)",
        "server_url": provider.issuer,
        "client_id": oidc_provider.CLIENT_ID,
        "client_secret": oidc_provider.CLIENT_SECRET,
        "domains": ["med.riverside.edu"],
    }
    # oidc-provider's own pages ask Google for a font: nothing leaves the loopback here.
    page.route(
        re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/])"), lambda route: route.abort()
    )
    asked: list[dict] = []
    page.on(
        "request",
        lambda r: (
            asked.append(parse_qs(urlsplit(r.url).query))
            if r.url.startswith(f"{provider.issuer}/auth?")
            else None
        ),
    )
    with sso_configured(Path(tempfile.mkdtemp()), {"oidc": [entry]}):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_role("button", name="Sign in with Riverside (Okta)").click()
        page.locator("input[name=login]").fill("ada")
        page.locator("input[name=password]").fill("anything")
        page.get_by_role("button", name="Sign-in").click()
        page.get_by_role("button", name="Continue").click()

        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        assert page.url == f"{live_server.url}/"
    assert User.objects.get(email="ada@med.riverside.edu").name == "Ada Quinn"
    assert asked and asked[0]["code_challenge_method"] == ["S256"]
    assert asked[0]["nonce"][0] and asked[0]["state"][0]
    ours = [e for e in console_errors if e.startswith(live_server.url)]
    assert ours == []
