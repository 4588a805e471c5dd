"""How published matches went after 3 and 6 months, taken once by the background loop.

`take_due(now)` runs in each pass of `mentorkit remind` (from `reminders.plan`): for every
round published 3 (or 6) months ago — within the month after, so a loop that was down for a
while does not record a late state as the state at 3 months — it keeps, for each invitation
the round sent, the mentorship's status, how many meetings the pair held since, and how many
of the mentee's seven practices were on track. A unique constraint keeps one per mentorship
and milestone, whichever copy of the loop gets there first.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q

from .models import MatchFollowUp, MatchRound, RoundStatus

MILESTONES = (3, 6)
LATE = timedelta(days=31)  # after this, a milestone missed is left missing


def take_due(now: datetime) -> int:
    """Take the follow-ups now due; returns how many were taken."""
    from mentorkit.health import health_for
    from mentorkit.meetings.models import MeetingStatus
    from mentorkit.teams.models import Mentorship

    taken = []
    for months in MILESTONES:
        due = now - relativedelta(months=months)
        for round_ in MatchRound.objects.filter(
            status=RoundStatus.PUBLISHED, published_at__lte=due, published_at__gt=due - LATE
        ).defer("inputs"):
            done = set(
                MatchFollowUp.objects.filter(round=round_, months=months).values_list(
                    "mentorship_id", flat=True
                )
            )
            wanted = [row for row in round_.published if row[2] not in done]
            if not wanted:
                continue
            since = round_.published_at
            found = {
                m.pk: m
                for m in Mentorship.objects.filter(pk__in=[row[2] for row in wanted])
                .select_related("mentee")
                .annotate(
                    held=Count(
                        "meeting_series__meetings",
                        filter=Q(
                            meeting_series__meetings__starts_at__gte=since,
                            meeting_series__meetings__starts_at__lte=now,
                        )
                        & (
                            Q(meeting_series__meetings__status=MeetingStatus.HELD)
                            | ~Q(meeting_series__meetings__notes="")
                            | ~Q(meeting_series__meetings__summary="")
                        )
                        & ~Q(meeting_series__meetings__status=MeetingStatus.CANCELLED),
                        distinct=True,
                    )
                )
            }
            health = health_for([m.mentee for m in found.values()])
            scores = {(e, m): s for e, m, s in round_.result.get("pairs", [])}
            for mentee_id, mentor_id, pk in wanted:
                if (mentorship := found.get(pk)) is None:
                    continue
                indicators = health.get(mentee_id, [])
                taken.append(
                    MatchFollowUp(
                        round=round_,
                        mentorship=mentorship,
                        months=months,
                        score=scores.get((mentee_id, mentor_id), 0.0),
                        status=mentorship.status,
                        meetings=mentorship.held,
                        on_track=sum(1 for i in indicators if i.state == "good"),
                        of=len(indicators),
                        taken_at=now,
                    )
                )
    MatchFollowUp.objects.bulk_create(taken, ignore_conflicts=True)
    return len(taken)
