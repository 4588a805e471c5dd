"""Practice 1 with meetings: the agreement, meetings held against its cadence, actions closed on time,
and disagreements recorded (counted, not judged)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from mentorkit.health import Indicator, State, register
from mentorkit.teams.health import agreement_health
from mentorkit.teams.models import Agreement

from .models import ActionItem, ActionStatus, Disagreement, Meeting, MeetingStatus

WINDOW = timedelta(weeks=8)


@register(1)
def communication_health(mentees, today):
    ids = [m.pk for m in mentees]
    base = agreement_health(mentees, today)
    now = timezone.now()
    held = dict(
        Meeting.objects.filter(
            mentee_id__in=ids,
            status=MeetingStatus.HELD,
            starts_at__gte=now - WINDOW,
            starts_at__lt=now,
        )
        .values_list("mentee_id")
        .annotate(n=Count("id"))
    )
    cadence = {}
    for mentee_id, days in Agreement.objects.filter(mentee_id__in=ids).values_list(
        "mentee_id", "cadence"
    ):
        cadence[mentee_id] = min(days, cadence.get(mentee_id, days))
    actions = defaultdict(lambda: [0, 0])  # mentee -> [closed on time, due in the window]
    for row in (
        ActionItem.objects.filter(mentee_id__in=ids, due_on__gte=today - WINDOW, due_on__lt=today)
        .exclude(status=ActionStatus.DROPPED)
        .values("mentee_id")
        .annotate(
            due=Count("id"),
            on_time=Count("id", filter=Q(status=ActionStatus.DONE, closed_on__lte=F("due_on"))),
        )
    ):
        actions[row["mentee_id"]] = [row["on_time"], row["due"]]
    disagreements = dict(
        Disagreement.objects.filter(mentorship__mentee_id__in=ids)
        .values_list("mentorship__mentee_id")
        .annotate(n=Count("id"))
    )

    url = reverse("meetings:list")
    result = {}
    for mentee in mentees:
        agreement = base[mentee.pk]
        if agreement.state == State.MISSING:
            result[mentee.pk] = agreement
            continue
        expected = max(1, round(WINDOW.days / cadence[mentee.pk])) if mentee.pk in cadence else None
        n_held = held.get(mentee.pk, 0)
        on_time, due = actions[mentee.pk]
        n_dis = disagreements.get(mentee.pk, 0)
        facts = [
            f"{on_time} of {due} actions closed on time" if due else "no actions were due",
            f"{n_dis} disagreement{'s' if n_dis != 1 else ''} recorded",
        ]
        if expected is None:
            meetings = f"{n_held} meetings in 8 weeks"
        else:
            meetings = f"{n_held} meetings in 8 weeks ({expected} agreed)"
        if agreement.state != State.GOOD:
            # The agreement's problem is the headline: it is the first thing to fix.
            value, state = agreement.value, State.ATTENTION
            facts.insert(0, meetings)
        else:
            value = meetings
            state = State.GOOD if expected and n_held >= 0.75 * expected else State.ATTENTION
            facts.insert(0, "agreement in place")
        result[mentee.pk] = Indicator(1, value, "; ".join(facts).capitalize() + ".", state, url)
    return result
