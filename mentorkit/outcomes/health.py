"""Practice 7: the share of decided outcomes — failures included — with a reflection, and
celebrations, over the last year. Two queries for any number of mentees."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse

from mentorkit.health import Indicator, State, register

from .models import DECIDED, Outcome, OutcomeResult

YEAR = timedelta(days=365)


@register(7)
def outcomes_health(mentees, today):
    ids = [m.pk for m in mentees]
    since = today - YEAR
    decided = {
        row["mentee_id"]: row
        for row in Outcome.objects.filter(
            mentee_id__in=ids, result__in=DECIDED, decided_on__gte=since
        )
        .values("mentee_id")
        .annotate(
            n=Count("id"),
            reflected=Count("id", filter=Q(reflection__isnull=False)),
            failures=Count("id", filter=Q(result=OutcomeResult.FAILURE)),
            successes=Count("id", filter=Q(result=OutcomeResult.SUCCESS)),
        )
    }
    celebrated = dict(
        Outcome.objects.filter(mentee_id__in=ids, celebrated_on__gte=since)
        .values_list("mentee_id")
        .annotate(n=Count("id"))
    )
    url = reverse("outcomes:index")
    result = {}
    for mentee_id in ids:
        row = decided.get(mentee_id)
        parties = celebrated.get(mentee_id, 0)
        celebrations = f"{parties} celebration{'s' if parties != 1 else ''} in the last year"
        if not row:
            result[mentee_id] = Indicator(
                7,
                "No decided outcomes this year",
                f"Record papers, grants and talks, and how they ended; {celebrations}.",
                State.MISSING,
                url,
            )
            continue
        share = round(100 * row["reflected"] / row["n"])
        good = share >= 50 and (parties or not row["successes"])
        result[mentee_id] = Indicator(
            7,
            f"{share}% of decided outcomes reflected on",
            f"{row['reflected']} of {row['n']} ({row['failures']} "
            f"failure{'s' if row['failures'] != 1 else ''}); {celebrations}.",
            State.GOOD if good else State.ATTENTION,
            url,
        )
    return result
