from __future__ import annotations

import secrets

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.helpers import render_authentication_error
from django.contrib.auth import get_user_model
from django.shortcuts import render

from mentorkit.audit.actions import record
from mentorkit.audit.models import EventKind

from . import actions
from .providers import for_sociallogin


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Institution sign-in: accounts created just in time from what the IdP asserted."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        # The institution vouches for its people: a first sign-in creates the account,
        # invitation or not. Which account it links to is allauth's rule (see settings).
        return for_sociallogin(sociallogin) is not None

    def pre_social_login(self, request, sociallogin) -> None:
        """An assertion naming the address of an account that is not linked yet signs
        nobody in: the owner signs in to that account first, then links it."""
        refuse_wrong_nonce(request, sociallogin)
        if sociallogin.is_existing or sociallogin.state.get("process") == "connect":
            return
        # An invitation link stashes its address as verified, for a sign-up with a password;
        # an account made from an assertion has the address the institution asserted,
        # so an invitation is accepted through SSO only by the person it was sent to.
        request.session.pop("account_verified_email", None)
        email = (sociallogin.user.email or "").strip().lower() if sociallogin.user else ""
        refuse_unvouched_address(request, sociallogin, email)
        existing = get_user_model().objects.filter(email=email).first() if email else None
        if existing is None:
            return
        provider = sociallogin.account.get_provider()
        record(
            EventKind.SSO_REFUSED,
            f"A first sign-in through {provider.name} named this account's address; "
            "it was not linked.",
            [existing],
            provider=sociallogin.account.provider,
        )
        raise ImmediateHttpResponse(
            render(
                request,
                "sso/link_first.html",
                {"email": email, "provider": provider},
                status=409,
            )
        )

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.email = (user.email or "").strip().lower()
        user.name = (data.get("name") or "").strip()[:200]
        return user

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        """Say on the page why the answer was refused, and keep it as a security event."""
        reason = refusal_reason(error, exception, extra_context or {})
        if extra_context is not None:
            extra_context["refusal"] = reason
        name = getattr(provider, "name", "an institution")
        record(
            EventKind.SSO_REFUSED,
            f"A sign-in through {name} refused: {reason}",
            [],
            provider=getattr(getattr(provider, "app", None), "provider_id", "") or "",
            error=str(error or ""),
            reason=str((extra_context or {}).get("saml_last_error_reason") or exception or "")[
                :300
            ],
        )

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        provider = for_sociallogin(sociallogin)
        if provider is not None:
            actions.provisioned_by_sign_in(user, provider)
        return user


def refuse_unvouched_address(request, sociallogin, email: str) -> None:
    """A first sign-in makes an account only with an address the institution vouches for:
    one it asserted (not typed into a form afterwards), at one of its domains, and not
    marked unverified by it. Invitations go by address, so this is what binds them."""
    provider = for_sociallogin(sociallogin)
    claims = sociallogin.account.extra_data or {}
    asserted = (claims.get("userinfo") or claims.get("id_token") or {}) if claims else {}
    if not email:
        reason = "it did not release your e-mail address, which mentorkit needs."
    elif provider is not None and provider.domains and not provider.serves(email):
        reason = f"the address it gave, {email}, is not at {', '.join(provider.domains)}."
    elif isinstance(asserted, dict) and asserted.get("email_verified") is False:
        reason = f"it marked the address {email} as not verified."
    else:
        return
    raise ImmediateHttpResponse(
        render_authentication_error(
            request, sociallogin.account.get_provider(), extra_context={"unvouched": reason}
        )
    )


def refuse_wrong_nonce(request, sociallogin) -> None:
    """An OpenID Connect ID token must carry the nonce its sign-in sent (sso.oidc)."""
    expected = sociallogin.state.get("nonce")
    if sociallogin.account.get_provider().id != "openid_connect" or expected is None:
        return
    id_token = (sociallogin.account.extra_data or {}).get("id_token") or {}
    if not secrets.compare_digest(str(id_token.get("nonce", "")), expected):
        raise ImmediateHttpResponse(
            render_authentication_error(
                request,
                sociallogin.account.get_provider(),
                extra_context={"oidc_reason": "nonce"},
            )
        )


# python3-saml's reasons (and allauth's codes), in the words of the page.
SAML_REASONS = [
    ("Signature validation failed", "its signature does not match: it was changed on the way"),
    ("No Signature found", "it was not signed by your institution"),
    ("expired", "it has expired; sign in again"),
    ("is not a valid audience", "it was addressed to another service, not mentorkit"),
    ("InResponseTo", "it does not answer a sign-in this browser started"),
]


def refusal_reason(error, exception, context: dict) -> str:
    saml = str(context.get("saml_last_error_reason") or "")
    for needle, words in SAML_REASONS:
        if needle.lower() in saml.lower():
            return f"The answer from your institution was refused: {words}."
    if context.get("unvouched"):
        return f"The answer from your institution was refused: {context['unvouched']}"
    if context.get("oidc_reason") == "nonce":
        return "The answer from your institution was refused: its ID token was issued for another sign-in."
    if str(error) == "cancelled":
        return "The sign-in was cancelled at your institution."
    unmatched_state = "state_id" in context and "callback_view" in context
    if unmatched_state or (exception is not None and "state" in str(exception).lower()):
        return "The answer does not match a sign-in this browser started (it may have been used already)."
    return "The answer from your institution could not be verified, so you were not signed in."
