"""Who an imported workspace mentions but who has no account here."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

# No mail reaches an address at .invalid (RFC 2606), so a stand-in can never be signed in to.
STAND_IN_DOMAIN = "stand-in.invalid"


class StandIn(models.Model):
    """A mentor (or anyone else) named by an imported workspace, who has no account here.

    The records that need a person (feedback from a mentor, an action item a mentor owns, a
    goal revision a mentor made) keep that person's name through an account that cannot sign
    in: inactive, with no usable password and an address at `.invalid`. Their real address
    is kept here, for the invitation to the team and for the next export. A stand-in never
    becomes the person's account: they join through the invitation, with their own.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stand_in"
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stand_ins"
    )
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField("e-mail")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["mentee", "email"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "email"], name="one_stand_in_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.name or self.email} (stand-in for {self.mentee_id})"
