"""What a mentee does with the directory that is kept: their choices."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from .models import MatchPreference


@transaction.atomic
def prefer(program, mentee, mentor, rank: int) -> None:
    """Rank `mentor` as the mentee's choice number `rank` (1–3) in `program`, or no choice
    (0); a rank already given to another mentor moves to this one."""
    mine = MatchPreference.objects.filter(program=program, mentee=mentee)
    mine.filter(Q(mentor=mentor) | Q(rank=rank)).delete()
    if rank:
        MatchPreference.objects.create(program=program, mentee=mentee, mentor=mentor, rank=rank)
