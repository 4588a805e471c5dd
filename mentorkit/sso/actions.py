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
