"""Practice 3: feedback in both directions within the agreed rhythm (or the last quarter),
and the share of feedback received that was acted on."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from mentorkit.health import Indicator, State, register
from mentorkit.teams.models import Agreement, FeedbackRhythm

from .models import Direction, Feedback

RHYTHM_DAYS = {
    FeedbackRhythm.EVERY_MEETING: 31,
    FeedbackRhythm.MONTHLY: 31,
    FeedbackRhythm.QUARTERLY: 91,
    FeedbackRhythm.TWICE_YEARLY: 183,
    FeedbackRhythm.YEARLY: 365,
}
QUARTER = 91
ACTED_ENOUGH = 0.5


@register(3)
def feedback_health(mentees, today):
    ids = [m.pk for m in mentees]
    window = {mentee_id: QUARTER for mentee_id in ids}
    for mentee_id, rhythm in Agreement.objects.filter(mentee_id__in=ids).values_list(
        "mentee_id", "feedback_rhythm"
    ):
        days = RHYTHM_DAYS.get(rhythm, QUARTER)
        window[mentee_id] = min(days, window[mentee_id]) if mentee_id in window else days
    longest = max(window.values(), default=QUARTER)
    latest: dict[int, dict[str, date]] = defaultdict(dict)
    for row in (
        Feedback.objects.filter(
            mentee_id__in=ids,
            direction__in=[Direction.TO_MENTEE, Direction.TO_MENTOR],
            created_at__gte=timezone.now() - timedelta(days=longest + 1),
        )
        .values("mentee_id", "direction")
        .annotate(last=Max("created_at"))
    ):
        latest[row["mentee_id"]][row["direction"]] = timezone.localdate(row["last"])
    acted = {
        row["mentee_id"]: (row["acted"], row["total"])
        for row in Feedback.objects.filter(
            mentee_id__in=ids,
            direction__in=[Direction.TO_MENTEE, Direction.TO_MENTOR],
            created_at__gte=timezone.now() - timedelta(days=365),
        )
        .values("mentee_id")
        .annotate(total=Count("id"), acted=Count("id", filter=Q(acted_at__isnull=False)))
    }
    url = reverse("feedback:index")
    result = {}
    for mentee_id in ids:
        days = window[mentee_id]
        since = today - timedelta(days=days)
        ways = {direction for direction, day in latest[mentee_id].items() if day >= since}
        done, total = acted.get(mentee_id, (0, 0))
        share = f"{done} of {total} acted on this year" if total else "nothing received this year"
        period = "this quarter" if days == QUARTER else f"in the last {days} days"
        if ways == {Direction.TO_MENTEE, Direction.TO_MENTOR}:
            value, state = f"Both directions {period}", State.GOOD
        elif ways:
            only = "to the mentee" if Direction.TO_MENTEE in ways else "to the mentors"
            value, state = f"Only {only} {period}", State.ATTENTION
        else:
            value, state = f"No feedback {period}", State.MISSING
        if state == State.GOOD and total and done / total < ACTED_ENOUGH:
            state = State.ATTENTION
        result[mentee_id] = Indicator(3, value, share + ".", state, url)
    return result
