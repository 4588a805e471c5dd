"""Practice 2: are the goals reviewed in their rhythm, and is success being redefined?

The share of open goals (of active plans) reviewed within their interval, and the number
of goals redefined in the last year — shown, never penalised: adapting a plan is healthy.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse

from mentorkit.health import Indicator, State, register

from .models import CLOSED_STATUSES, Goal, GoalRevision, PlanStatus, RevisionKind

ON_SCHEDULE = 0.75


@register(2)
def goals_health(mentees, today):
    ids = [m.pk for m in mentees]
    rows = (
        Goal.objects.filter(mentee_id__in=ids, plan__status=PlanStatus.ACTIVE)
        .exclude(status__in=CLOSED_STATUSES)
        .values("mentee_id")
        .annotate(open=Count("id"), on_time=Count("id", filter=Q(next_review_on__gt=today)))
    )
    goals = {row["mentee_id"]: (row["open"], row["on_time"]) for row in rows}
    redefined = dict(
        GoalRevision.objects.filter(
            goal__mentee_id__in=ids,
            kind=RevisionKind.REDEFINED,
            changed_at__date__gte=today - timedelta(days=365),
        )
        .values_list("goal__mentee_id")
        .annotate(n=Count("goal_id", distinct=True))
    )
    url = reverse("plans:index")
    result = {}
    for mentee_id in ids:
        total, on_time = goals.get(mentee_id, (0, 0))
        revised = redefined.get(mentee_id, 0)
        revised_text = f"{revised} goal{'s' if revised != 1 else ''} redefined in the last year"
        if not total:
            result[mentee_id] = Indicator(
                2, "No open goals", "Set goals in a career development plan.", State.MISSING, url
            )
            continue
        share = on_time / total
        result[mentee_id] = Indicator(
            2,
            f"{on_time} of {total} goals reviewed on time",
            f"{revised_text}{' — adapting is healthy' if revised else ''}.",
            State.GOOD if share >= ON_SCHEDULE else State.ATTENTION,
            url,
        )
    return result
