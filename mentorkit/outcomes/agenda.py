"""Outcomes decided in the three months before a meeting, still to celebrate or reflect on."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mentorkit.meetings.agenda import Suggestion, register

from .models import Outcome, OutcomeResult

RECENT = timedelta(days=92)


@register("Outcomes to celebrate or reflect on", everything="outcomes:index")
def outcomes_to_discuss(meeting, viewer):
    day = timezone.localdate(meeting.starts_at)
    mine = Outcome.objects.visible_to(viewer).filter(mentee_id=meeting.mentee_id)
    outcomes = (
        mine.to_celebrate(day - RECENT, day) | mine.to_reflect_on(day - RECENT, day)
    ).order_by("decided_on", "id")
    return outcomes, lambda o: Suggestion(
        "outcome",
        ("Celebrate: " if o.result == OutcomeResult.SUCCESS else "Reflect on: ") + o.title,
        f"{o.get_kind_display()}, {o.get_result_display().lower()} "
        f"{o.decided_on:%-d %b %Y}" + (f" — {o.details}" if o.details else ""),
        o.get_absolute_url(),
    )
