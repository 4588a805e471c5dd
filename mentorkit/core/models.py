"""What is kept from a workspace between requests, and the version that keys it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class WorkspaceVersion(models.Model):
    """Raised by every write to a mentee's workspace (see `versions.py`). No foreign key: a
    deletion's own writes raise it while the account is on its way out."""

    mentee_id = models.BigIntegerField(primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Workspace {self.mentee_id}: version {self.version}"


class HealthSnapshot(models.Model):
    """A mentee's seven indicators, as computed at `version` for one day and hour."""

    mentee = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    version = models.PositiveBigIntegerField()
    bucket = models.CharField(max_length=20)  # the day and hour they were computed for
    indicators = models.JSONField()

    class Meta:
        verbose_name = "cached health indicators"
        verbose_name_plural = "cached health indicators"

    def __str__(self) -> str:
        return f"Health of {self.mentee_id} at version {self.version}"
