"""The PDFs readers downloaded, which the background loop keeps ready (`prerender.py`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

# A document nobody downloaded for this long is no longer rendered in the background.
KEPT_READY_FOR = timedelta(days=30)
# A claim older than this belongs to a copy of the loop that died (or a render that failed).
STALE_CLAIM = timedelta(minutes=10)


class KeptDocumentQuerySet(models.QuerySet):
    def still_wanted(self, now: datetime):
        return self.filter(downloaded_at__gt=now - KEPT_READY_FOR)

    def claimable(self, now: datetime):
        return self.filter(Q(claimed_at=None) | Q(claimed_at__lt=now - STALE_CLAIM))

    def due(self, now: datetime):
        """Downloaded lately, and behind: its workspace changed since it was rendered, or the
        reader's day that it shows is over. Not claimed by a live copy of the loop."""
        from mentorkit.core.models import WorkspaceVersion

        current = WorkspaceVersion.objects.filter(mentee_id=OuterRef("workspace_id"))
        current_version = Coalesce(Subquery(current.values("version")[:1]), Value(0))
        return (
            self.still_wanted(now)
            .claimable(now)
            .filter(Q(version__lt=current_version) | Q(fresh_until__lte=now))
        )


class KeptDocument(models.Model):
    """A document (`kind` with its `arguments`, on `paper`) that `reader` downloaded as a PDF.

    The PDF itself is in the cache, under the key the download reads; this row says which
    version of the workspace it was rendered at, so the loop renders it again after a change.
    """

    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)  # a registered document (`render.register`)
    arguments = models.CharField(max_length=200, blank=True)  # canonical JSON
    paper = models.CharField(max_length=10)
    workspace = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    version = models.PositiveBigIntegerField()  # of the workspace, when last rendered or served
    fresh_until = models.DateTimeField()  # the end of the reader's day that it shows
    downloaded_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)

    objects = KeptDocumentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reader", "kind", "arguments", "paper"], name="one_kept_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.arguments} for {self.reader_id} at version {self.version}"
