"""Writes of institution sign-in: accounts made at first sign-in, SCIM changes, tokens."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from mentorkit.audit.actions import record
from mentorkit.audit.models import EventKind

from .config import IdentityProvider


@transaction.atomic
def provisioned_by_sign_in(user, provider: IdentityProvider) -> None:
    """A first sign-in through `provider` created `user`: enrol them where it says."""
    record(
        EventKind.ACCOUNT_LINKED,
        f"Account created at a first sign-in with {provider.name}.",
        [user],
        actor=user,
        provider=provider.id,
    )
    enrol_in_provider_program(user, provider)


def enrol_in_provider_program(user, provider: IdentityProvider) -> None:
    from mentorkit.programs.models import Enrollment, Program

    if not provider.program:
        return
    program = Program.objects.filter(name=provider.program).first()
    if program is None:
        return
    Enrollment.objects.get_or_create(
        program=program, mentee=user, defaults={"cohort_year": timezone.localdate().year}
    )


def discovered_redirect(request, email: str) -> None:
    """Send the visitor to the identity provider serving `email`'s domain, if one does.

    Raises allauth's ImmediateHttpResponse (its middleware answers with the redirect).
    """
    from allauth.core.exceptions import ImmediateHttpResponse
    from allauth.socialaccount.adapter import get_adapter

    from .providers import for_email

    provider = for_email(email or "")
    if provider is None or request is None:
        return
    # Our provider's id is its allauth app's provider_id, for SAML and OIDC alike.
    allauth_provider = get_adapter().get_provider(request, provider.id)
    raise ImmediateHttpResponse(allauth_provider.redirect_from_request(request))


@transaction.atomic
def deactivate(user, provider: IdentityProvider, *, removed: bool = False) -> None:
    """The institution disabled this person: every session and API token ends at once,
    and no sign-in works until it is reactivated. Their records stay."""
    from mentorkit.accounts.models import ApiToken

    type(user).objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    user.end_every_session()
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    record(
        EventKind.ACCOUNT_DEACTIVATED,
        f"Deactivated by {provider.name}"
        + (" (removed from its directory)" if removed else "")
        + ": every session and API token ended.",
        [user],
        provider=provider.id,
    )


@transaction.atomic
def reactivate(user, provider: IdentityProvider) -> None:
    """Signing in works again; the sessions and tokens that were ended stay ended."""
    type(user).objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
    record(
        EventKind.ACCOUNT_REACTIVATED,
        f"Reactivated by {provider.name}.",
        [user],
        provider=provider.id,
    )


def provisioned_by_scim(user, provider: IdentityProvider) -> None:
    record(
        EventKind.SCIM_PROVISIONED,
        f"Account created by {provider.name}'s directory (SCIM).",
        [user],
        provider=provider.id,
    )
    enrol_in_provider_program(user, provider)


def changed_by_scim(user, provider: IdentityProvider) -> None:
    record(
        EventKind.SCIM_CHANGED,
        f"Name or address updated by {provider.name}'s directory (SCIM).",
        [user],
        provider=provider.id,
    )


SAML_SUBJECT = "mentorkit_saml_subject"


def single_logout_url(request, subject: dict | None) -> str | None:
    """Where to send the browser so that the IdP ends its session too (SAML single
    logout), for a session that began with a SAML sign-in at an IdP that has an slo_url."""
    from allauth.socialaccount.adapter import get_adapter
    from allauth.socialaccount.models import SocialApp
    from allauth.socialaccount.providers.saml.utils import build_auth
    from django.urls import reverse
    from onelogin.saml2.errors import OneLogin_Saml2_Error

    from .providers import by_id

    provider = by_id((subject or {}).get("provider", ""))
    if subject is None or provider is None or not provider.settings["idp"].get("slo_url"):
        return None
    try:
        allauth_provider = get_adapter().get_provider(request, provider.id)
        return build_auth(request, allauth_provider).logout(
            return_to=request.build_absolute_uri(reverse("account_login")),
            name_id=subject.get("name_id"),
            session_index=subject.get("session_index"),
            name_id_format=subject.get("name_id_format"),
            nq=subject.get("nq"),
            spnq=subject.get("spnq"),
        )
    except (SocialApp.DoesNotExist, OneLogin_Saml2_Error):
        return None
