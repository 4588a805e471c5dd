"""Security events: who did what to an account, when, and from which address.

An event names records (a token's name, a mentorship's parties, a window's title) but
never holds the content of a private record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class EventKind(models.TextChoices):
    SIGNED_IN = "signed_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    SSO_SIGNED_IN = "sso_signed_in", "Signed in through the institution"
    SSO_REFUSED = "sso_refused", "Institution sign-in refused"
    ACCOUNT_LINKED = "account_linked", "Institution account linked"
    ACCOUNT_UNLINKED = "account_unlinked", "Institution account unlinked"
    SCIM_PROVISIONED = "scim_provisioned", "Account provisioned by the institution"
    SCIM_CHANGED = "scim_changed", "Account changed by the institution"
    ACCOUNT_DEACTIVATED = "account_deactivated", "Account deactivated"
    ACCOUNT_REACTIVATED = "account_reactivated", "Account reactivated"
    SCIM_TOKEN_CREATED = "scim_token_created", "Provisioning token created"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    PASSWORD_RESET = "password_reset", "Password reset"
    MFA_ADDED = "mfa_added", "Two-factor method added"
    MFA_REMOVED = "mfa_removed", "Two-factor method removed"
    TOKEN_CREATED = "token_created", "API token created"
    TOKEN_REVOKED = "token_revoked", "API token revoked"
    CALENDAR_RENEWED = "calendar_renewed", "Calendar address renewed"
    MENTORSHIP_INVITED = "mentorship_invited", "Mentor invited"
    MENTORSHIP_STATUS = "mentorship_status", "Mentorship status changed"
    MENTORSHIP_ROLE = "mentorship_role", "Mentorship role changed"
    WINDOW_OPENED = "window_opened", "Evaluation window opened"
    WINDOW_CLOSED = "window_closed", "Evaluation window closed"
    EXPORTED = "exported", "Exported"
    IMPORTED = "imported", "Imported"
    ACCOUNT_DELETED = "account_deleted", "Account deleted"


class SecurityEventQuerySet(models.QuerySet["SecurityEvent"]):
    def concerning(self, user) -> SecurityEventQuerySet:
        return self.filter(user=user).select_related("actor").order_by("-at", "-id")


class SecurityEvent(models.Model):
    # The person the event concerns: it is shown on their profile, and goes with their account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="security_events",
    )
    # Who did it, when that is someone else (a mentee ending a mentorship, a director).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    summary = models.CharField(max_length=300)
    at = models.DateTimeField(default=timezone.now)
    address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    via = models.CharField(max_length=20)  # "web", "api" or "command line"
    detail = models.JSONField(default=dict, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"], name="audit_user_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary}"

    @property
    def by_someone_else(self) -> bool:
        return self.actor_id is not None and self.actor_id != self.user_id
