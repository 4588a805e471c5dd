"""Institution sign-in: a configuration file written as an institution would, loaded as
settings.py loads it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.test import Client, override_settings

from mentorkit.sso import config


@contextmanager
def sso_configured(tmp: Path, document: dict) -> Iterator[list[config.IdentityProvider]]:
    """Settings as if MENTORKIT_SSO_CONFIG named a file holding `document`."""
    path = tmp / "sso.json"
    path.write_text(json.dumps(document, indent=2))
    providers = config.load(path)
    from django.conf import settings

    policy = settings.CONTENT_SECURITY_POLICY
    with override_settings(
        CONTENT_SECURITY_POLICY=config.content_security_policy(policy, providers),
        SSO_CONFIG=str(path),
        SSO_PROVIDERS=providers,
        SOCIALACCOUNT_PROVIDERS=config.socialaccount_providers(providers),
    ):
        yield providers


def saml_entry(idp, **extra) -> dict:
    return {
        "id": "riverside",
        "name": "Riverside University",
        "idp": {
            "entity_id": idp.entity_id,
            "sso_url": idp.sso_url,
            "slo_url": idp.slo_url,
            "x509cert": idp.x509cert,
        },
        "attributes": {
            "email": "urn:oid:0.9.2342.19200300.100.1.3",
            "name": "urn:oid:2.16.840.1.113730.3.1.241",
            "uid": "urn:oid:1.3.6.1.4.1.5923.1.1.1.6",
        },
        "domains": ["riverside.edu"],
        "program": None,
        **extra,
    }


HOST = "localhost"  # python3-saml refuses single-label host names such as "testserver"


@pytest.fixture
def client():
    return Client(HTTP_HOST=HOST)


# --- a SAML sign-in, step by step, as the browser makes it ---------------------------------


def saml_ask(client, provider_id: str = "riverside", query: str = "") -> dict[str, str]:
    """Press "Sign in with …": the request mentorkit sends to the IdP (HTTP-Redirect)."""
    from .saml_idp import redirect_query

    response = client.post(f"/accounts/saml/{provider_id}/login/{query}")
    assert response.status_code == 302, response.status_code
    return redirect_query(response["Location"])


def saml_answer(client, asked: dict[str, str], saml_response: str, provider_id: str = "riverside"):
    """The IdP's form posts the answer to mentorkit; the browser follows the redirect."""
    response = client.post(
        f"/accounts/saml/{provider_id}/acs/", {"SAMLResponse": saml_response, **asked}
    )
    assert response.status_code == 302  # to the finishing step, with the browser's cookies
    return client.get(response["Location"])


def saml_sign_in(client, idp, login: str, **respond):
    asked = saml_ask(client)
    return saml_answer(client, asked, idp.respond(asked["SAMLRequest"], login, **respond))


def signed_in_as(client):
    from mentorkit.accounts.models import User

    user_id = client.session.get("_auth_user_id")
    return User.objects.filter(pk=user_id).first() if user_id else None
