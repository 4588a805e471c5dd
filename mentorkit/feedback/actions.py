"""Writes on feedback that touch several rows; each one a transaction."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from mentorkit.audit.actions import record
from mentorkit.audit.models import EventKind
from mentorkit.meetings.models import ActionItem
from mentorkit.teams.models import Mentorship

from . import instruments
from .models import (
    Direction,
    EvaluationParticipation,
    EvaluationRating,
    EvaluationResponse,
    EvaluationWindow,
    Feedback,
    FeedbackRequest,
    Rating,
    RequestStatus,
)


class FeedbackError(Exception):
    """A write refused for a reason the user can act on; the message says which."""


@transaction.atomic
def request_feedback(form, user) -> FeedbackRequest:
    request = form.save(commit=False)
    mentorship = form.cleaned_data["mentorship"]
    request.mentee_id = mentorship.mentee_id
    request.requested_by = user
    request.asked_of_id = (
        mentorship.mentor_id if mentorship.mentee_id == user.pk else mentorship.mentee_id
    )
    request.save()
    return request


def direction_from(mentorship: Mentorship, author) -> str:
    return Direction.TO_MENTOR if mentorship.mentee_id == author.pk else Direction.TO_MENTEE


@transaction.atomic
def give_feedback(
    mentorship: Mentorship,
    author,
    *,
    text: str,
    topic: str,
    ratings: dict[str, int] | None = None,
    request: FeedbackRequest | None = None,
    direction: str | None = None,
) -> Feedback:
    """Record feedback (and its ratings); answering a request closes it."""
    direction = direction or direction_from(mentorship, author)
    instrument = instruments.get(instruments.DEFAULT) if ratings else None
    if instrument is not None:
        problems = instrument.check(ratings or {})
        if problems:
            raise FeedbackError("ratings: " + "; ".join(problems))
    feedback = Feedback.objects.create(
        mentorship=mentorship,
        mentee_id=mentorship.mentee_id,
        request=request,
        author=author,
        direction=direction,
        topic=request.topic if request else topic,
        text=text.strip(),
        instrument=instrument.key if instrument else "",
        instrument_version=instrument.version if instrument else None,
    )
    if instrument is not None:
        Rating.objects.bulk_create(
            Rating(feedback=feedback, item=key, domain=instrument.domain_of(key), value=value)
            for key, value in (ratings or {}).items()
        )
    if request is not None:
        FeedbackRequest.objects.filter(pk=request.pk).update(status=RequestStatus.ANSWERED)
        request.status = RequestStatus.ANSWERED
    return feedback


@transaction.atomic
def withdraw(request: FeedbackRequest) -> None:
    request.status = RequestStatus.WITHDRAWN
    request.save(update_fields=["status"])


@transaction.atomic
def act_on(feedback: Feedback, user, *, note: str, action_title="", action_due_on=None, goal=None):
    """Say what was done with a piece of feedback; optionally an action item and a goal."""
    if action_title:
        item = ActionItem.objects.create(
            mentee_id=feedback.mentee_id,
            title=action_title,
            owner=user,
            due_on=action_due_on,
        )
        feedback.action_items.add(item)
    if goal is not None:
        feedback.goals.add(goal)
    feedback.acted_at = timezone.now()
    feedback.acted_note = note.strip()
    feedback.save(update_fields=["acted_at", "acted_note"])
    return feedback


@transaction.atomic
def open_window(form, director) -> EvaluationWindow:
    window = form.save(commit=False)
    window.opened_by = director
    window.save()
    record(
        EventKind.WINDOW_OPENED,
        f"Evaluation window “{window.title}” of {window.program} opened, "
        f"{window.opens_on:%d %b %Y} to {window.closes_on:%d %b %Y}.",
        [director, *window.program.directors.all()],
        window=window.pk,
    )
    return window


@transaction.atomic
def close_window(window: EvaluationWindow) -> None:
    """Close a window early: from today, its results can be released."""
    window.closed_early_on = timezone.localdate()
    window.save(update_fields=["closed_early_on"])
    record(
        EventKind.WINDOW_CLOSED,
        f"Evaluation window “{window.title}” of {window.program} closed early.",
        window.program.directors.all(),
        window=window.pk,
    )


def submit_evaluation(
    window: EvaluationWindow, evaluator, mentorship: Mentorship, ratings: dict, comment: str
) -> None:
    """Store an anonymous evaluation: the response has no evaluator and no time; only the
    participation (kept apart) records that this evaluator has answered for this mentor."""
    if not window.is_open():
        raise FeedbackError("This evaluation window is not open.")
    if mentorship.mentor_id is None:
        raise FeedbackError("This mentorship has no mentor yet.")
    instrument = instruments.get(window.instrument)
    problems = instrument.check(ratings)
    if problems:
        raise FeedbackError("ratings: " + "; ".join(problems))
    try:
        with transaction.atomic():
            EvaluationParticipation.objects.create(
                window=window, evaluator=evaluator, mentor_id=mentorship.mentor_id
            )
            response = EvaluationResponse.objects.create(
                window=window, mentor_id=mentorship.mentor_id, comment=comment.strip()
            )
            EvaluationRating.objects.bulk_create(
                EvaluationRating(
                    response=response, item=key, domain=instrument.domain_of(key), value=value
                )
                for key, value in ratings.items()
            )
    except IntegrityError as error:
        raise FeedbackError(
            "You have already evaluated this mentor in this window; each mentee answers once."
        ) from error
