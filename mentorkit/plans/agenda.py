"""Goals due for review by the meeting's day, proposed on its agenda."""

from __future__ import annotations

from django.utils import timezone

from mentorkit.meetings.agenda import Suggestion, register

from .models import Goal


@register("Goals due for review", everything="plans:due")
def goals_due_for_review(meeting, viewer):
    day = timezone.localdate(meeting.starts_at)
    goals = (
        Goal.objects.visible_to(viewer)
        .filter(mentee_id=meeting.mentee_id)
        .due_for_review(day)
        .order_by("next_review_on", "id")
    )
    return goals, lambda goal: Suggestion(
        "goal",
        goal.statement,
        f"{goal.get_status_display()}, last reviewed "
        + (f"{goal.last_reviewed_on:%-d %b %Y}" if goal.last_reviewed_on else "never"),
        goal.get_absolute_url(),
    )
