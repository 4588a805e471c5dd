"""The institutions' identity providers, read from the JSON file in MENTORKIT_SSO_CONFIG.

Read by settings.py before Django starts, so this module imports nothing from Django.
A file that does not validate stops start-up with one line: the file, the provider, the
problem (`SSOConfigError`'s message). See README, "Institution sign-in".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# What mentorkit reads from an assertion, and the attributes an IdP usually releases for it.
SAML_ATTRIBUTE_DEFAULTS = {
    "email": ["urn:oid:0.9.2342.19200300.100.1.3", "mail"],
    "name": ["urn:oid:2.16.840.1.113730.3.1.241", "displayName"],
    "uid": ["urn:oid:1.3.6.1.4.1.5923.1.1.1.6", "eduPersonPrincipalName"],
}
DEFAULT_SCOPES = ["openid", "profile", "email"]
# allauth looks a provider up by these names before our ids (see sso.actions)
RESERVED_IDS = {"saml", "openid_connect", "oidc"}


class SSOConfigError(Exception):
    """The configuration file is unusable; the message is the one line start-up prints."""


@dataclass(frozen=True)
class IdentityProvider:
    """One institution's identity provider, SAML or OpenID Connect."""

    protocol: str  # "saml" or "oidc"
    id: str
    name: str
    domains: tuple[str, ...] = ()
    program: str | None = None  # the name of a program first sign-ins are enrolled in
    settings: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def serves(self, email: str) -> bool:
        domain = email.rpartition("@")[2].strip().lower()
        return bool(domain) and domain in self.domains


class _Problem(Exception):
    pass


def _text(entry: dict, key: str, *, required: bool = True, where: str = "") -> str | None:
    value = entry.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _Problem(f"{where}{key} must be a non-empty string")
    return value.strip()


def _url(entry: dict, key: str, *, where: str = "", required: bool = True) -> str | None:
    value = _text(entry, key, where=where, required=required)
    if value is not None and not re.match(r"^https?://[^\s/]+", value):
        raise _Problem(f"{where}{key} must be an http(s) URL, not {value!r}")
    return value


def _certificate(value: str, where: str) -> str:
    from cryptography import x509

    body = re.sub(r"-----(BEGIN|END) CERTIFICATE-----|\s", "", value)
    pem = "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n"
    try:
        x509.load_pem_x509_certificate(pem.encode())
    except ValueError:
        raise _Problem(f"{where}x509cert is not a PEM or base64 X.509 certificate") from None
    return body


def _common(entry: Any, protocol: str, seen: set[str]) -> tuple[str, str, tuple, str | None]:
    if not isinstance(entry, dict):
        raise _Problem("each provider must be an object")
    provider_id = entry.get("id")
    if not isinstance(provider_id, str) or not SLUG.match(provider_id):
        raise _Problem("id must be lowercase letters, digits and dashes (at most 50)")
    if provider_id in RESERVED_IDS:
        raise _Problem(f"id {provider_id!r} is the name of one of allauth's providers")
    if provider_id in seen:
        raise _Problem("id is used by another provider")
    seen.add(provider_id)
    name = _text(entry, "name")
    domains = entry.get("domains", [])
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        raise _Problem("domains must be a list of domain names")
    domains = tuple(d.strip().lower() for d in domains)
    for domain in domains:
        if not DOMAIN.match(domain):
            raise _Problem(f"domains: {domain!r} is not a domain name")
    program = entry.get("program")
    if program is not None and (not isinstance(program, str) or not program.strip()):
        raise _Problem("program must be a program's name or null")
    return provider_id, name or provider_id, domains, program


def _saml(entry: dict, seen: set[str]) -> IdentityProvider:
    provider_id, name, domains, program = _common(entry, "saml", seen)
    idp = entry.get("idp")
    if not isinstance(idp, dict):
        raise _Problem("idp must be an object with entity_id and sso_url and x509cert")
    idp_settings: dict[str, Any] = {"entity_id": _text(idp, "entity_id", where="idp.")}
    if idp.get("metadata_url"):
        idp_settings["metadata_url"] = _url(idp, "metadata_url", where="idp.")
    else:
        idp_settings["sso_url"] = _url(idp, "sso_url", where="idp.")
        idp_settings["x509cert"] = _certificate(_text(idp, "x509cert", where="idp.") or "", "idp.")
        if idp.get("slo_url"):
            idp_settings["slo_url"] = _url(idp, "slo_url", where="idp.")
    attributes = entry.get("attributes", {})
    if not isinstance(attributes, dict):
        raise _Problem("attributes must be an object naming the email, name and uid attributes")
    unknown = set(attributes) - set(SAML_ATTRIBUTE_DEFAULTS)
    if unknown:
        raise _Problem(f"attributes: unknown key {sorted(unknown)[0]!r} (email, name, uid)")
    mapping = {}
    for key, defaults in SAML_ATTRIBUTE_DEFAULTS.items():
        given = attributes.get(key)
        if given is not None and (not isinstance(given, str) or not given.strip()):
            raise _Problem(f"attributes.{key} must be an attribute name")
        mapping[key] = [given.strip()] if given else defaults
    advanced: dict[str, Any] = {
        # Every assertion signed by the IdP's key, for our entity id, within its validity;
        # an assertion the IdP sends unasked (IdP-initiated) is refused: it has no state.
        "strict": True,
        "want_assertion_signed": True,
        "reject_idp_initiated_sso": True,
        "allow_single_label_domains": False,
    }
    sp = entry.get("sp", {})
    if not isinstance(sp, dict):
        raise _Problem("sp must be an object with x509cert and private_key")
    if sp:
        advanced["x509cert"] = _certificate(_text(sp, "x509cert", where="sp.") or "", "sp.")
        advanced["private_key"] = _text(sp, "private_key", where="sp.")
        advanced["authn_request_signed"] = True
    settings: dict[str, Any] = {
        "idp": idp_settings,
        "attribute_mapping": mapping,
        "advanced": advanced,
    }
    if sp.get("entity_id"):
        settings["sp"] = {"entity_id": _text(sp, "entity_id", where="sp.")}
    return IdentityProvider("saml", provider_id, name, domains, program, settings)


def _oidc(entry: dict, seen: set[str]) -> IdentityProvider:
    provider_id, name, domains, program = _common(entry, "oidc", seen)
    scopes = entry.get("scopes", DEFAULT_SCOPES)
    if not isinstance(scopes, list) or "openid" not in scopes:
        raise _Problem("scopes must be a list that includes 'openid'")
    settings = {
        "server_url": _url(entry, "server_url"),
        "client_id": _text(entry, "client_id"),
        "secret": _text(entry, "client_secret", required=False) or "",
        "scope": scopes,
    }
    return IdentityProvider("oidc", provider_id, name, domains, program, settings)


def load(path: str | Path) -> list[IdentityProvider]:
    """The providers the file lists, or `SSOConfigError` with the one line to print."""
    path = Path(path)
    try:
        data = json.loads(path.read_text())
    except OSError as exc:
        raise SSOConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SSOConfigError(f"{path}: not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise SSOConfigError(f'{path}: must be an object with "saml" and/or "oidc" lists')
    unknown = set(data) - {"saml", "oidc"}
    if unknown:
        raise SSOConfigError(f"{path}: unknown key {sorted(unknown)[0]!r} (saml, oidc)")
    providers: list[IdentityProvider] = []
    seen: set[str] = set()
    claimed: dict[str, str] = {}
    for protocol, build in (("saml", _saml), ("oidc", _oidc)):
        entries = data.get(protocol, [])
        if not isinstance(entries, list):
            raise SSOConfigError(f"{path}: {protocol} must be a list of providers")
        for number, entry in enumerate(entries, start=1):
            label = entry.get("id") if isinstance(entry, dict) else None
            where = f"{protocol} provider {label!r}" if label else f"{protocol} provider #{number}"
            try:
                provider = build(entry, seen)
                for domain in provider.domains:
                    if domain in claimed:
                        raise _Problem(f"domain {domain} is already {claimed[domain]!r}'s")
                    claimed[domain] = provider.id
            except _Problem as problem:
                raise SSOConfigError(f"{path}: {where}: {problem}") from None
            providers.append(provider)
    return providers


def socialaccount_providers(providers: list[IdentityProvider]) -> dict[str, Any]:
    """allauth's SOCIALACCOUNT_PROVIDERS for these providers (its apps, from settings)."""
    saml = [
        {"client_id": p.id, "provider_id": p.id, "name": p.name, "settings": p.settings}
        for p in providers
        if p.protocol == "saml"
    ]
    oidc = [
        {
            "provider_id": p.id,
            "name": p.name,
            "client_id": p.settings["client_id"],
            "secret": p.settings["secret"],
            "settings": {
                "server_url": p.settings["server_url"],
                "oauth_pkce_enabled": True,
                "fetch_userinfo": True,
                "scope": p.settings["scope"],
                # Where the client has no secret (a public client), PKCE alone proves it.
                **({"token_auth_method": "none"} if not p.settings["secret"] else {}),
            },
        }
        for p in providers
        if p.protocol == "oidc"
    ]
    return {
        "saml": {"APPS": saml},
        "openid_connect": {"APPS": oidc, "OAUTH_PKCE_ENABLED": True},
    }


def sign_in_origins(providers: list[IdentityProvider]) -> list[str]:
    """Where pressing "Sign in with …" (or "Sign out", for single logout) sends the browser:
    CSP's form-action must allow them (a form's redirect counts as its action)."""
    origins = []
    for p in providers:
        if p.protocol == "saml":
            idp = p.settings["idp"]
            urls = [idp.get("sso_url") or idp["metadata_url"], idp.get("slo_url") or ""]
        else:
            urls = [p.settings["server_url"]]
        for url in filter(None, urls):
            origin = "/".join(url.split("/", 3)[:3])
            if origin not in origins:
                origins.append(origin)
    return origins


def content_security_policy(policy: dict, providers: list[IdentityProvider]) -> dict:
    """`policy` with the providers' sign-in pages added to form-action."""
    directives = dict(policy["DIRECTIVES"])
    directives["form-action"] = [*directives["form-action"], *sign_in_origins(providers)]
    return {**policy, "DIRECTIVES": directives}
