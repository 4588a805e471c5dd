"""Sign-in events, from Django's and allauth's signals."""

from __future__ import annotations

from allauth.account.signals import password_changed, password_reset
from allauth.mfa.signals import authentication_failed as mfa_failed
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .actions import record
from .models import EventKind


def account_for(login: str):
    """The account an attempted sign-in named, if there is one."""
    login = (login or "").strip().lower()
    return get_user_model().objects.filter(email=login).first() if login else None


@receiver(user_logged_in, dispatch_uid="audit_signed_in")
def signed_in(sender, request, user, **kwargs):
    record(EventKind.SIGNED_IN, "A new session began.", [user], actor=user)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    login = credentials.get("email") or credentials.get("username") or ""
    user = account_for(login)
    # An unknown address is kept for staff only (it concerns nobody's profile).
    detail = {} if user else {"login": login[:254]}
    record(EventKind.SIGN_IN_FAILED, "A sign-in with a wrong password.", [user], **detail)


@receiver(password_changed, dispatch_uid="audit_password_changed")
def changed_password(sender, request, user, **kwargs):
    record(EventKind.PASSWORD_CHANGED, "Password changed.", [user], actor=user)


@receiver(password_reset, dispatch_uid="audit_password_reset")
def reset_password(sender, request, user, **kwargs):
    record(EventKind.PASSWORD_RESET, "Password reset through an e-mailed link.", [user])


@receiver(authenticator_added, dispatch_uid="audit_mfa_added")
def added_authenticator(sender, request, user, authenticator, **kwargs):
    label = authenticator.get_type_display()
    record(EventKind.MFA_ADDED, f"Two-factor method added: {label}.", [user], actor=user)


@receiver(authenticator_removed, dispatch_uid="audit_mfa_removed")
def removed_authenticator(sender, request, user, authenticator, **kwargs):
    label = authenticator.get_type_display()
    record(EventKind.MFA_REMOVED, f"Two-factor method removed: {label}.", [user], actor=user)


@receiver(mfa_failed, dispatch_uid="audit_mfa_failed")
def wrong_second_factor(sender, request, user, authenticator, **kwargs):
    record(EventKind.SIGN_IN_FAILED, "A wrong two-factor code.", [user])
