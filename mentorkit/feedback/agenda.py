"""Open feedback requests of the meeting's mentorships, proposed on its agenda."""

from __future__ import annotations

from mentorkit.meetings.agenda import Suggestion, register

from .models import FeedbackRequest


@register("Feedback asked for", everything="feedback:index")
def open_requests(meeting, viewer):
    requests = (
        FeedbackRequest.objects.visible_to(viewer)
        .open()
        .filter(mentee_id=meeting.mentee_id)
        .select_related("requested_by", "asked_of")
        .order_by("due_on", "id")
    )
    return requests, lambda r: Suggestion(
        "feedback",
        r.title,
        f"{r.requested_by.display_name} asked {r.asked_of.display_name}, by {r.due_on:%-d %b}"
        + (" · overdue" if r.is_overdue else ""),
        r.get_absolute_url(),
    )
