"""Feedback in the JSON API: requests, responses, instruments and — for directors and
mentors, aggregates only — anonymous evaluation results.

Requests and responses are seen by the two people of the mentorship only; what the caller
may not see answers 404. Evaluation results follow the pages exactly: nothing while the
window is open, nothing for a mentor below the window's threshold.
"""

# No `from __future__ import annotations` here: ninja reads the views' annotations at import.
from datetime import date, datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from mentorkit.api.common import (
    Id,
    Input,
    Pagination,
    PersonRef,
    form_problem,
    paginate,
    person_ref,
)
from mentorkit.feedback import actions, instruments, results
from mentorkit.feedback.forms import RequestForm, counterparts
from mentorkit.feedback.models import (
    EvaluationWindow,
    Feedback,
    FeedbackRequest,
    RequestStatus,
    Topic,
)

router = Router(tags=["feedback"])


# --- Requests ------------------------------------------------------------------------------


class RequestOut(Schema):
    id: int
    mentorship: int
    requested_by: PersonRef
    asked_of: PersonRef
    topic: str = Field(description="manuscript, talk, aims, grant, relationship or other.")
    title: str
    details: str
    link: str
    due_on: date
    status: str = Field(description="open, answered or withdrawn.")
    direction: str = Field(description="Who the feedback is for: to_mentee or to_mentor.")
    created_at: datetime

    @staticmethod
    def resolve_mentorship(obj) -> int:
        return obj.mentorship_id

    @staticmethod
    def resolve_requested_by(obj) -> dict | None:
        return person_ref(obj.requested_by)

    @staticmethod
    def resolve_asked_of(obj) -> dict | None:
        return person_ref(obj.asked_of)


class RequestIn(Input):
    form = RequestForm

    to: Id = Field(description="The person asked: a mentor of yours, or a mentee you mentor.")
    topic: str = "other"
    title: str
    details: str = ""
    link: str = ""
    due_on: date


def _requests(user):
    return FeedbackRequest.objects.visible_to(user).select_related("requested_by", "asked_of")


@router.get("/feedback-requests", response=list[RequestOut])
@paginate(Pagination)
def list_requests(request, status: str | None = None):
    """Requests you made or were asked, newest due date last."""
    found = _requests(request.auth)
    if status:
        found = found.filter(status=status)
    return found.order_by("due_on", "id")


@router.get("/feedback-requests/{request_id}", response=RequestOut)
def get_request(request, request_id: Id):
    return get_object_or_404(_requests(request.auth), pk=request_id)


@router.post("/feedback-requests", response={201: RequestOut})
def create_request(request, payload: RequestIn):
    """Ask someone on your team for feedback, validated as the web form."""
    user = request.auth
    if payload.to == user.pk:
        raise HttpError(
            422, "to: You cannot ask yourself for feedback: choose someone on your team."
        )
    mentorship = next(
        (m for m in counterparts(user) if payload.to in (m.mentee_id, m.mentor_id)), None
    )
    if mentorship is None:
        raise HttpError(422, "to: Choose someone you have an active mentorship with.")
    data = payload.model_dump(exclude={"to"}) | {"mentorship": mentorship.pk}
    form = RequestForm(data, user=user)
    if not form.is_valid():
        raise form_problem(form)
    asked = actions.request_feedback(form, user)
    return Status(201, get_object_or_404(_requests(user), pk=asked.pk))


# --- Responses -----------------------------------------------------------------------------


class FeedbackOut(Schema):
    id: int
    mentorship: int
    author: PersonRef
    direction: str = Field(description="to_mentee, to_mentor, or self (a mentor's self-rating).")
    topic: str
    text: str
    request: int | None
    instrument: str = Field(description="The instrument's key when there are ratings, else empty.")
    ratings: dict[str, int] = Field(description="Item key → value on the instrument's scale.")
    created_at: datetime
    acted_at: datetime | None
    acted_note: str
    action_items: list[int]
    goals: list[int]

    @staticmethod
    def resolve_mentorship(obj) -> int:
        return obj.mentorship_id

    @staticmethod
    def resolve_author(obj) -> dict | None:
        return person_ref(obj.author)

    @staticmethod
    def resolve_request(obj) -> int | None:
        return obj.request_id

    @staticmethod
    def resolve_ratings(obj) -> dict[str, int]:
        return {r.item: r.value for r in obj.ratings.all()}

    @staticmethod
    def resolve_action_items(obj) -> list[int]:
        return sorted(i.pk for i in obj.action_items.all())

    @staticmethod
    def resolve_goals(obj) -> list[int]:
        return sorted(g.pk for g in obj.goals.all())


class FeedbackIn(Input):
    to: Id | None = Field(None, description="The person the feedback is for (or give `request`).")
    request: Id | None = Field(None, description="The open request this answers.")
    topic: Topic = Topic.OTHER
    text: str = ""
    ratings: dict[str, int] | None = Field(
        None,
        description="Ratings of the mentoring style (mentee to mentor only): every item of the "
        "mentoring-style instrument, each on its scale.",
    )


def _feedback(user):
    return (
        Feedback.objects.visible_to(user)
        .select_related("author")
        .prefetch_related("ratings", "action_items", "goals")
    )


@router.get("/feedback", response=list[FeedbackOut])
@paginate(Pagination)
def list_feedback(request):
    """Feedback you gave or received (and your self-ratings), newest first."""
    return _feedback(request.auth).order_by("-created_at", "-id")


@router.get("/feedback/{feedback_id}", response=FeedbackOut)
def get_feedback(request, feedback_id: Id):
    return get_object_or_404(_feedback(request.auth), pk=feedback_id)


@router.post("/feedback", response={201: FeedbackOut})
def give_feedback(request, payload: FeedbackIn):
    """Give feedback to someone on your team, or answer a request you were asked."""
    user = request.auth
    asked = None
    if payload.request is not None:
        asked = get_object_or_404(
            FeedbackRequest.objects.visible_to(user).select_related("mentorship"),
            pk=payload.request,
        )
        if asked.asked_of_id != user.pk or asked.status != RequestStatus.OPEN:
            raise HttpError(422, "request: only the person asked answers an open request.")
        mentorship = asked.mentorship
    elif payload.to is not None:
        if payload.to == user.pk:
            raise HttpError(422, "to: feedback goes to someone else on your team.")
        mentorship = next(
            (m for m in counterparts(user) if payload.to in (m.mentee_id, m.mentor_id)), None
        )
        if mentorship is None:
            raise HttpError(422, "to: Choose someone you have an active mentorship with.")
    else:
        raise HttpError(422, "to: say who the feedback is for, or which request it answers.")
    if payload.ratings and mentorship.mentee_id != user.pk:
        raise HttpError(422, "ratings: only the mentee rates the mentoring style.")
    if not payload.text.strip() and not payload.ratings:
        raise HttpError(422, "text: write your feedback (or rate the mentoring style).")
    try:
        feedback = actions.give_feedback(
            mentorship,
            user,
            text=payload.text,
            topic=payload.topic,
            ratings=payload.ratings,
            request=asked,
        )
    except actions.FeedbackError as error:
        raise HttpError(422, str(error)) from error
    return Status(201, get_object_or_404(_feedback(user), pk=feedback.pk))


# --- Instruments ---------------------------------------------------------------------------


class ItemOut(Schema):
    key: str
    text: str


class DomainOut(Schema):
    key: str
    name: str
    items: list[ItemOut]


class InstrumentOut(Schema):
    key: str
    version: int
    name: str
    description: str
    min: int
    max: int
    domains: list[DomainOut]

    @staticmethod
    def resolve_min(obj) -> int:
        return obj.low

    @staticmethod
    def resolve_max(obj) -> int:
        return obj.high


@router.get("/instruments", response=list[InstrumentOut])
def list_instruments(request):
    return list(instruments.registry().values())


@router.get("/instruments/{key}", response=InstrumentOut)
def get_instrument(request, key: str):
    try:
        return instruments.get(key)
    except KeyError as error:
        raise HttpError(404, "Not Found") from error


# --- Evaluation results (aggregates only) --------------------------------------------------


class WindowOut(Schema):
    id: int
    program: str
    title: str
    instrument: str
    opens_on: date
    closes_on: date
    threshold: int
    released: bool = Field(description="Closed: results per mentor can be read.")

    @staticmethod
    def resolve_program(obj) -> str:
        return obj.program.name

    @staticmethod
    def resolve_released(obj) -> bool:
        return obj.is_closed()


class DomainMean(Schema):
    domain: str
    mean: float


class ResultOut(Schema):
    mentor: PersonRef
    shown: bool = Field(description="False when fewer responses than the threshold.")
    responses: int | None = Field(description="Only when shown.")
    domains: list[DomainMean]
    comments: list[str] = Field(description="Only when shown, in a shuffled order.")


@router.get("/evaluations", response=list[WindowOut])
def list_windows(request):
    return list(
        EvaluationWindow.objects.visible_to(request.auth)
        .select_related("program")
        .order_by("-opens_on", "id")
    )


@router.get("/evaluations/{window_id}/results", response=list[ResultOut])
def window_results(request, window_id: Id):
    """Aggregates per mentor: a director gets every mentor of the program, a mentor their own.
    409 while the window is open: nothing is released until it closes."""
    window = get_object_or_404(
        EvaluationWindow.objects.visible_to(request.auth).select_related("program"), pk=window_id
    )
    mentors = window.mentors()
    if not window.is_director(request.auth):
        mentors = mentors.filter(pk=request.auth.pk)
    rows = results.window_results(window, mentors)
    if rows is None:
        raise HttpError(409, "Results are released when the window closes.")
    by_id = {m.pk: m for m in mentors}
    return [
        {
            "mentor": person_ref(by_id[r.mentor_id]),
            "shown": r.shown,
            "responses": r.responses,
            "domains": [{"domain": name, "mean": mean} for name, mean in r.domains],
            "comments": list(r.comments),
        }
        for r in rows
    ]
