"""What institution sign-in keeps: provisioning (SCIM) tokens, and who SCIM manages."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from mentorkit.accounts.models import hash_token
from mentorkit.audit.actions import record
from mentorkit.audit.models import EventKind


class ScimTokenQuerySet(models.QuerySet["ScimToken"]):
    def active(self) -> ScimTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ScimToken(models.Model):
    """A bearer token with which one identity provider manages its people over SCIM.

    Stored only as a hash; the plain value is shown once, when it is issued.
    """

    PREFIX = "mkscim_"

    provider = models.CharField(max_length=50, help_text="The id of a provider in the file.")
    name = models.CharField(max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=16, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ScimTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "SCIM token"

    def __str__(self) -> str:
        return f"{self.provider}: {self.name or 'SCIM'} ({self.hint}…)"

    @classmethod
    def issue(cls, provider_id: str, name: str = "") -> tuple[ScimToken, str]:
        """A new token for the provider; the plain value is returned once and never stored."""
        from .providers import by_id

        provider = by_id(provider_id)
        if provider is None:
            raise ValueError(f"no identity provider {provider_id!r} in MENTORKIT_SSO_CONFIG")
        plain = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            provider=provider.id, name=name, key_hash=hash_token(plain), hint=plain[:12]
        )
        record(
            EventKind.SCIM_TOKEN_CREATED,
            f"SCIM token for {provider.name} ({token.hint}…) created.",
            [],
            provider=provider.id,
        )
        return token, plain

    @classmethod
    def authenticate(cls, plain: str) -> ScimToken | None:
        token = cls.objects.active().filter(key_hash=hash_token(plain)).first()
        if token is None:
            return None
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token


class ScimIdentity(models.Model):
    """An account as an identity provider's SCIM client knows it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scim_identity"
    )
    provider = models.CharField(max_length=50)
    user_name = models.CharField(max_length=254)
    external_id = models.CharField(max_length=254, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set by a SCIM DELETE: the account is deactivated, its records stay, SCIM sees it no more.
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "SCIM identity"
        verbose_name_plural = "SCIM identities"
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "user_name"], name="one_scim_user_name_per_provider"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_name} at {self.provider}"
