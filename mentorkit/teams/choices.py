"""The words of a mentorship: its roles and statuses. Imports nothing of the project's own,
so that `mentorkit.visibility` can use them without importing any app's models."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    PRIMARY = "primary", "Primary"
    CO_PRIMARY = "co_primary", "Co-primary"
    RESEARCH = "research", "Research"
    METHODS = "methods", "Methods / statistics"
    CLINICAL = "clinical", "Clinical"
    CAREER = "career", "Career"
    PEER = "peer", "Peer"
    SPONSOR = "sponsor", "Sponsor"
    EXTERNAL = "external", "External"


PRIMARY_ROLES = (Role.PRIMARY, Role.CO_PRIMARY)
# The roles a mentor says they take (the profile, the directory, a round asking for roles).
TAKEN_ROLES = [
    (role.value, role.label)
    for role in (Role.RESEARCH, Role.METHODS, Role.CLINICAL, Role.CAREER, Role.PEER, Role.SPONSOR)
]


class MentorshipStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    ENDED = "ended", "Ended"
    DECLINED = "declined", "Declined"


# A mentee may not have two of these at once with the same person.
OPEN_STATUSES = (MentorshipStatus.INVITED, MentorshipStatus.ACTIVE, MentorshipStatus.PAUSED)


class EndReason(models.TextChoices):
    """Why a mentorship ended, as the other person is told it: no blame in the words."""

    COMPLETED = "completed", "It completed its purpose"
    CHANGED_FOCUS = "changed_focus", "The work changed focus"
    MOVED = "moved", "One of us moved on"
    MISMATCH = "mismatch", "Not the right fit (no fault on either side)"
    OTHER = "other", "Another reason"
    # A no-fault exit through the program's neutral contact: to everyone else, just "ended".
    CONFIDENTIAL = "confidential", "Ended"


# The reasons either member may give; CONFIDENTIAL is only the neutral contact's path.
PUBLIC_END_REASONS = [c for c in EndReason.choices if c[0] != EndReason.CONFIDENTIAL]
