"""Retries that are safe: the first answer to a create, kept per caller and Idempotency-Key."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

# How long a key is remembered (a client retrying after a dropped connection does so soon).
KEPT_FOR = timedelta(hours=24)


class IdempotentRequestQuerySet(models.QuerySet):
    def live(self):
        return self.filter(created_at__gte=timezone.now() - KEPT_FOR)

    def expired(self):
        return self.filter(created_at__lt=timezone.now() - KEPT_FOR)


class IdempotentRequest(models.Model):
    """A create sent with `Idempotency-Key`: what it was (a fingerprint) and what it answered.

    `status` is null while the first request is still being answered.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = IdempotentRequestQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_request_per_idempotency_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} of user {self.user_id}"
