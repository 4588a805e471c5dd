"""Security events of institution sign-in that allauth signals (the rest: audit.signals)."""

from __future__ import annotations

from allauth.account.signals import user_logged_in
from allauth.mfa.signals import authenticator_added, authenticator_removed
from allauth.socialaccount.signals import social_account_added, social_account_removed
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from mentorkit.audit.actions import record
from mentorkit.audit.models import EventKind

from . import actions, two_factor
from .saml import provider as saml_provider


@receiver(social_account_added, dispatch_uid="sso_account_linked")
def linked(sender, request, sociallogin, **kwargs):
    provider = sociallogin.account.get_provider()
    user = sociallogin.user
    record(
        EventKind.ACCOUNT_LINKED,
        f"Signed in with the password, then linked to {provider.name}.",
        [user],
        actor=user,
        provider=sociallogin.account.provider,
    )


@receiver(social_account_removed, dispatch_uid="sso_account_unlinked")
def unlinked(sender, request, socialaccount, **kwargs):
    provider = socialaccount.get_provider()
    record(
        EventKind.ACCOUNT_UNLINKED,
        f"No longer linked to {provider.name}.",
        [socialaccount.user],
        provider=socialaccount.provider,
    )


@receiver(user_logged_in, dispatch_uid="sso_signed_in")
def signed_in_through_institution(sender, request, user, sociallogin=None, **kwargs):
    # allauth's signal (Django's, which audit.signals hears, has no sociallogin)
    if sociallogin is None:
        return
    subject = getattr(request, saml_provider.PENDING, None)
    if subject is not None:  # kept in the session that has just begun, for single logout
        request.session[actions.SAML_SUBJECT] = subject
    provider = sociallogin.account.get_provider()
    record(
        EventKind.SSO_SIGNED_IN,
        f"The session was begun through {provider.name}.",
        [user],
        actor=user,
        provider=sociallogin.account.provider,
    )


@receiver(auth_signals.user_logged_in, dispatch_uid="sso_two_factor_at_sign_in")
def two_factor_at_sign_in(sender, request, user, **kwargs):
    two_factor.remember_for_session(request, user)


@receiver(authenticator_added, dispatch_uid="sso_two_factor_added")
@receiver(authenticator_removed, dispatch_uid="sso_two_factor_removed")
def two_factor_changed(sender, request, user, **kwargs):
    two_factor.remember_for_session(request, user)
