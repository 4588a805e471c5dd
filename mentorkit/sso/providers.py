"""The configured identity providers, as the sign-in page and the adapter ask for them."""

from __future__ import annotations

from django.conf import settings

from .config import IdentityProvider


def configured() -> list[IdentityProvider]:
    return list(settings.SSO_PROVIDERS)


def by_id(provider_id: str) -> IdentityProvider | None:
    return next((p for p in configured() if p.id == provider_id), None)


def for_email(email: str) -> IdentityProvider | None:
    """Home-realm discovery: the provider whose domains include the address's domain."""
    return next((p for p in configured() if p.serves(email)), None)


def for_sociallogin(sociallogin) -> IdentityProvider | None:
    # Each app has our provider's id as its allauth provider_id, so accounts from two
    # institutions never share a namespace of uids.
    return by_id(sociallogin.account.provider)
