"""MENTORKIT_SSO_CONFIG: a file that does not validate stops start-up with one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mentorkit.sso import config

from .saml_idp import make_key_pair

ROOT = Path(__file__).resolve().parents[2]
CERT = "".join(make_key_pair("riverside-idp")[0].strip().splitlines()[1:-1])


def saml(**changes) -> dict:
    entry = {
        "id": "riverside",
        "name": "Riverside University",
        "idp": {
            "entity_id": "https://idp.riverside.edu/idp",
            "sso_url": "https://idp.riverside.edu/sso",
            "x509cert": CERT,
        },
        "domains": ["riverside.edu"],
    }
    entry.update(changes)
    return entry


def oidc(**changes) -> dict:
    entry = {
        "id": "riverside-oidc",
        "name": "Riverside (Okta)",
        "server_url": "https://riverside.okta.com",
        "client_id": "mentorkit",
        "client_secret": "s3cret",
        "domains": ["med.riverside.edu"],
    }
    entry.update(changes)
    return entry


def write(tmp_path, document) -> Path:
    path = tmp_path / "sso.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


def test_a_valid_file_gives_each_provider_with_its_domains(tmp_path):
    providers = config.load(write(tmp_path, {"saml": [saml()], "oidc": [oidc()]}))
    assert [(p.protocol, p.id, p.domains) for p in providers] == [
        ("saml", "riverside", ("riverside.edu",)),
        ("oidc", "riverside-oidc", ("med.riverside.edu",)),
    ]
    assert providers[0].serves("Ada@Riverside.EDU") and not providers[0].serves("a@x.org")
    apps = config.socialaccount_providers(providers)
    assert apps["saml"]["APPS"][0]["settings"]["advanced"]["want_assertion_signed"] is True
    assert apps["openid_connect"]["APPS"][0]["settings"]["oauth_pkce_enabled"] is True


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ("{not json", "not JSON"),
        ({"ldap": []}, "unknown key 'ldap'"),
        ({"saml": [saml(id="Riverside U")]}, "saml provider 'Riverside U': id must be lowercase"),
        ({"saml": [saml(idp={"entity_id": "x"})]}, "saml provider 'riverside': idp.sso_url must"),
        (
            {"saml": [saml(idp={"entity_id": "x", "sso_url": "https://i/s", "x509cert": "abc"})]},
            "saml provider 'riverside': idp.x509cert is not a PEM or base64 X.509 certificate",
        ),
        ({"saml": [saml(attributes={"mail": "x"})]}, "attributes: unknown key 'mail'"),
        ({"saml": [saml(domains=["riverside"])]}, "domains: 'riverside' is not a domain name"),
        ({"oidc": [oidc(server_url="okta")]}, "oidc provider 'riverside-oidc': server_url must be"),
        ({"oidc": [oidc(client_id="")]}, "client_id must be a non-empty string"),
        ({"oidc": [oidc(scopes=["email"])]}, "scopes must be a list that includes 'openid'"),
        (
            {"saml": [saml()], "oidc": [oidc(domains=["riverside.edu"])]},
            "oidc provider 'riverside-oidc': domain riverside.edu is already 'riverside''s",
        ),
        ({"saml": [saml(), saml()]}, "id is used by another provider"),
        ({"saml": [saml(id="saml")]}, "id 'saml' is the name of one of allauth's providers"),
    ],
)
def test_a_file_that_does_not_validate_names_the_provider_and_the_problem(
    tmp_path, document, problem
):
    path = write(tmp_path, document)
    with pytest.raises(config.SSOConfigError) as refused:
        config.load(path)
    message = str(refused.value)
    assert message.startswith(f"{path}: ") and problem in message
    assert "\n" not in message


def test_start_up_stops_with_that_one_line(tmp_path):
    path = write(tmp_path, {"oidc": [oidc(client_id="")]})
    env = {
        **os.environ,
        "MENTORKIT_SSO_CONFIG": str(path),
        "SECRET_KEY": "x" * 50,
        "DJANGO_SETTINGS_MODULE": "mentorkit.settings",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stderr == (
        f"mentorkit: MENTORKIT_SSO_CONFIG={path}: oidc provider 'riverside-oidc': "
        "client_id must be a non-empty string\n"
    )


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(config.SSOConfigError, match=r"sso\.json: cannot be read"):
        config.load(tmp_path / "sso.json")


@pytest.mark.django_db
def test_with_a_key_of_its_own_the_metadata_publishes_mentorkit_s_certificate(tmp_path):
    from django.test import Client

    from .conftest import HOST, sso_configured

    cert, key = make_key_pair("mentorkit-sp")
    with sso_configured(tmp_path, {"saml": [saml(sp={"x509cert": cert, "private_key": key})]}):
        xml = Client(HTTP_HOST=HOST).get("/accounts/saml/riverside/metadata/").content.decode()
    body = "".join(cert.strip().splitlines()[1:-1])
    assert body in xml and 'AuthnRequestsSigned="true"' in xml


def test_lxml_and_xmlsec_are_built_on_the_same_libxml2():
    # python3-saml signs and checks with xmlsec on lxml's trees: with two versions of
    # libxml2 in one process xmlsec refuses to load (or crashes); the lock pins a pair.
    import lxml.etree
    import xmlsec

    assert xmlsec.get_libxml_version() == lxml.etree.LIBXML_VERSION
