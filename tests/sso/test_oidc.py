"""OpenID Connect sign-in against oidc-provider (node): PKCE, state, nonce, expiry.

The person's part at the provider (its login form, its consent page) is done with
`requests` here; tests/sso/browser/test_oidc_browser.py does it in chromium.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import time_machine
from allauth.socialaccount.models import SocialAccount
from django.utils import timezone

from mentorkit.accounts.models import User
from mentorkit.audit.models import EventKind, SecurityEvent

from . import oidc_provider
from .conftest import HOST, sso_configured

pytestmark = pytest.mark.django_db

PEOPLE = {
    "ada": {"email": "ada@med.riverside.edu", "email_verified": True, "name": "Ada Quinn"},
    "cy": {"email": "cy@med.riverside.edu", "email_verified": False, "name": "Cy Unverified"},
}
LOGIN = "/accounts/oidc/riverside-oidc/login/"
CALLBACK = f"http://{HOST}/accounts/oidc/riverside-oidc/login/callback/"
ID_TOKEN_SECONDS = 120


@pytest.fixture(scope="module")
def provider():
    running = oidc_provider.start(PEOPLE, [CALLBACK], id_token_ttl=ID_TOKEN_SECONDS)
    entry = {
        "id": "riverside-oidc",
        "name": "Riverside (Okta)",
        "server_url": running.issuer,
        "client_id": oidc_provider.CLIENT_ID,
        "client_secret": oidc_provider.CLIENT_SECRET,
        "domains": ["med.riverside.edu"],
    }
    with sso_configured(Path(tempfile.mkdtemp()), {"oidc": [entry]}):
        yield running
    running.stop()


def authorize_url(client) -> str:
    """Press "Sign in with Riverside (Okta)": where mentorkit sends the browser."""
    response = client.post(LOGIN)
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def come_back(client, callback_url: str):
    parts = urlsplit(callback_url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == CALLBACK
    return client.get(f"{parts.path}?{parts.query}")


def with_param(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()} | changes
    return f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}"


def signed_in_as(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.filter(pk=user_id).first() if user_id else None


def test_mentorkit_asks_with_pkce_a_state_and_a_nonce(client, provider):
    query = parse_qs(urlsplit(authorize_url(client)).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert sorted(query["scope"][0].split()) == ["email", "openid", "profile"]
    assert query["redirect_uri"] == [CALLBACK]


def test_a_first_sign_in_creates_the_account_from_the_claims(client, provider):
    back = oidc_provider.sign_in_at_provider(authorize_url(client), "ada")
    response = come_back(client, back)
    assert response.status_code == 302 and response["Location"] == "/"
    ada = signed_in_as(client)
    assert (ada.email, ada.name) == ("ada@med.riverside.edu", "Ada Quinn")
    assert SocialAccount.objects.get(user=ada).provider == "riverside-oidc"
    assert SecurityEvent.objects.filter(user=ada, kind=EventKind.SSO_SIGNED_IN).exists()


def test_typing_an_address_at_the_institution_goes_to_its_provider(client, provider):
    response = client.post("/accounts/login/", {"login": "bo@med.riverside.edu", "password": ""})
    assert response.status_code == 302
    assert response["Location"].startswith(f"{provider.issuer}/auth?")


def assert_refused(response, client, words: str) -> None:
    assert response.status_code == 401
    page = response.content.decode()
    assert "Sign-in with Riverside (Okta) was refused" in page and words in page
    assert signed_in_as(client) is None
    assert not User.objects.exists() and not SocialAccount.objects.exists()


def test_a_wrong_state_is_refused(client, provider):
    back = oidc_provider.sign_in_at_provider(authorize_url(client), "ada")
    response = come_back(client, with_param(back, state="not-the-state-we-sent"))
    assert_refused(response, client, "does not match a sign-in this browser started")


def test_a_wrong_nonce_is_refused(client, provider):
    # The request that reaches the provider carries another nonce than the one we keep.
    url = with_param(authorize_url(client), nonce="a-nonce-of-someone-else")
    back = oidc_provider.sign_in_at_provider(url, "ada")
    assert_refused(come_back(client, back), client, "issued for another sign-in")


def test_an_expired_id_token_is_refused(client, provider):
    back = oidc_provider.sign_in_at_provider(authorize_url(client), "ada")
    # The answer arrives after the ID token's lifetime (but within the sign-in's own).
    later = timezone.now() + timezone.timedelta(seconds=ID_TOKEN_SECONDS + 60)
    with time_machine.travel(later, tick=False):
        response = come_back(client, back)
    assert_refused(response, client, "could not be verified")


def test_a_code_is_used_once(client, provider):
    back = oidc_provider.sign_in_at_provider(authorize_url(client), "ada")
    come_back(client, back)
    ada = signed_in_as(client)
    client.post("/accounts/logout/")
    response = come_back(client, back)
    assert response.status_code == 401 and signed_in_as(client) is None
    assert User.objects.filter(pk=ada.pk).count() == 1


def test_an_address_the_provider_marks_unverified_makes_no_account(client, provider):
    back = oidc_provider.sign_in_at_provider(authorize_url(client), "cy")
    assert_refused(come_back(client, back), client, "marked the address cy@med.riverside.edu")
