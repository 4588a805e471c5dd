"""Meeting series, meetings, action items and disagreements in the JSON API.

Writes are validated by the same forms as the web pages (`SeriesForm`,
`NotesForm`, `MoveMeetingForm`, `ActionItemForm`, `DisagreementForm`) and go
through the same actions, so a rule the web refuses is refused here with the
same words: 422 `{"detail": "field: message"}`. Everything is looked up
through `visible_to`, so what the caller may not see answers 404.
"""

# No `from __future__ import annotations` here: ninja reads the views' annotations at import.

from django.contrib.auth import get_user_model
from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.errors import HttpError

from mentorkit.api.common import Id, Pagination, form_problem, paginate
from mentorkit.teams.models import Mentorship

from . import actions
from .forms import ActionItemForm, DisagreementForm, MoveMeetingForm, NotesForm, SeriesForm
from .models import ActionItem, Disagreement, Meeting, Series
from .schemas import (
    ActionFilters,
    ActionItemIn,
    ActionItemOut,
    ActionItemPatch,
    DisagreementFilters,
    DisagreementIn,
    DisagreementOut,
    MeetingConflictOut,
    MeetingFilters,
    MeetingOut,
    MeetingPatch,
    MoveIn,
    SeriesIn,
    SeriesOut,
    SeriesPatch,
)

router = Router(tags=["meetings"])

# --- Series ------------------------------------------------------------------------------


def series_visible_to(user):
    return Series.objects.visible_to(user).select_related("mentee").prefetch_related("mentorships")


def current_values(form) -> dict:
    """What an unbound SeriesForm shows for its instance, as form data."""
    values = {name: form.get_initial_for_field(field, name) for name, field in form.fields.items()}
    values["mentorships"] = [getattr(m, "pk", m) for m in values.get("mentorships") or []]
    return values


def mentee_for_new_series(user, mentee_id: int | None):
    if mentee_id is None or mentee_id == user.pk:
        return user
    mentorship = (
        Mentorship.objects.of_mentor(user)
        .select_related("mentee")
        .filter(mentee_id=mentee_id)
        .first()
    )
    if mentorship is None:
        raise HttpError(422, "mentee: not a mentee you actively mentor.")
    return mentorship.mentee


@router.get("/series", response=list[SeriesOut])
@paginate(Pagination)
def list_series(request):
    """Series the caller takes part in: as the mentee, or as a mentor while the mentorship is active."""
    return series_visible_to(request.auth).order_by("title", "id")


@router.get("/series/{series_id}", response=SeriesOut)
def get_series(request, series_id: Id):
    return get_object_or_404(series_visible_to(request.auth), pk=series_id)


@router.post("/series", response={201: SeriesOut})
def create_series(request, payload: SeriesIn):
    """Create a series and its meetings for the next months. Validated exactly as the web form."""
    mentee = mentee_for_new_series(request.auth, payload.mentee)
    data = payload.model_dump(exclude={"mentee"})
    if data["time_zone"] is None:
        data["time_zone"] = mentee.time_zone
    form = SeriesForm(data, mentee=mentee, user=request.auth)
    if not form.is_valid():
        raise form_problem(form)
    series = actions.create_series(form, mentee, request.auth)
    return Status(201, get_object_or_404(series_visible_to(request.auth), pk=series.pk))


@router.patch("/series/{series_id}", response=SeriesOut)
def change_series(request, series_id: Id, payload: SeriesPatch):
    series = get_object_or_404(series_visible_to(request.auth), pk=series_id)
    changes = payload.model_dump(exclude_unset=True)
    current = SeriesForm(instance=series, mentee=series.mentee, user=request.auth)
    form = SeriesForm(
        {**current_values(current), **changes},
        instance=series,
        mentee=series.mentee,
        user=request.auth,
    )
    if "mentorships" not in changes:
        # Left as they are, including mentors the caller could not choose (others', or ended).
        del form.fields["mentorships"]
    if not form.is_valid():
        raise form_problem(form)
    actions.update_series(form)
    return get_object_or_404(series_visible_to(request.auth), pk=series.pk)


# --- Meetings ----------------------------------------------------------------------------


def meetings_visible_to(user):
    return (
        Meeting.objects.visible_to(user)
        .select_related("series", "mentee")
        .prefetch_related("attendees", "agenda_items")
    )


@router.get("/meetings", response=list[MeetingOut])
@paginate(Pagination)
def list_meetings(request, filters: Query[MeetingFilters]):
    """Meetings of the caller's series, by start. Dates without a zone are in the caller's zone."""
    meetings = meetings_visible_to(request.auth).order_by("starts_at", "id")
    if filters.series is not None:
        meetings = meetings.filter(series_id=filters.series)
    if filters.from_ is not None:
        meetings = meetings.filter(starts_at__gte=filters.from_)
    if filters.to is not None:
        meetings = meetings.filter(starts_at__lt=filters.to)
    return meetings


@router.get("/meetings/{meeting_id}", response=MeetingOut)
def get_meeting(request, meeting_id: Id):
    return get_object_or_404(meetings_visible_to(request.auth), pk=meeting_id)


@router.patch("/meetings/{meeting_id}", response={200: MeetingOut, 409: MeetingConflictOut})
def record_meeting(request, meeting_id: Id, payload: MeetingPatch):
    meeting = get_object_or_404(meetings_visible_to(request.auth), pk=meeting_id)
    data = {
        "status": meeting.status,
        "summary": meeting.summary,
        "notes": meeting.notes,
        "attendees": [u.pk for u in meeting.attendees.all()],
        **payload.model_dump(exclude_unset=True),
    }
    form = NotesForm(data, instance=meeting)
    if not form.is_valid():
        raise form_problem(form)
    try:
        actions.save_notes(form, form.cleaned_data["version"])
    except actions.Conflict:
        current = get_object_or_404(meetings_visible_to(request.auth), pk=meeting_id)
        detail = "Someone saved this meeting since you read it: merge with `current` and send its version."
        return Status(409, {"detail": detail, "current": current})
    return get_object_or_404(meetings_visible_to(request.auth), pk=meeting_id)


@router.post("/meetings/{meeting_id}/skip", response=MeetingOut)
def skip_meeting(request, meeting_id: Id):
    """Skip this occurrence only (an EXDATE in calendars); the rest of the series is unchanged."""
    meeting = get_object_or_404(meetings_visible_to(request.auth), pk=meeting_id)
    try:
        actions.skip(meeting)
    except actions.Refused as refusal:
        raise HttpError(409, str(refusal)) from refusal
    return get_object_or_404(meetings_visible_to(request.auth), pk=meeting_id)


@router.post("/meetings/{meeting_id}/restore", response=MeetingOut)
def restore_meeting(request, meeting_id: Id):
    """Put a skipped meeting back on."""
    meeting = get_object_or_404(meetings_visible_to(request.auth), pk=meeting_id)
    actions.restore(meeting)
    return get_object_or_404(meetings_visible_to(request.auth), pk=meeting_id)


@router.post("/meetings/{meeting_id}/move", response=MeetingOut)
def move_meeting(request, meeting_id: Id, payload: MoveIn):
    """Move this occurrence only; refused if it would overlap another meeting of the series."""
    meeting = get_object_or_404(meetings_visible_to(request.auth), pk=meeting_id)
    form = MoveMeetingForm({"starts_at": payload.starts_at}, meeting=meeting)
    if not form.is_valid():
        raise form_problem(form)
    actions.move(meeting, form.cleaned_data["starts_at"])
    return get_object_or_404(meetings_visible_to(request.auth), pk=meeting_id)


# --- Action items ------------------------------------------------------------------------


def action_items_visible_to(user):
    return ActionItem.objects.visible_to(user).select_related("mentee", "owner")


@router.get("/action-items", response=list[ActionItemOut])
@paginate(Pagination)
def list_action_items(request, filters: Query[ActionFilters]):
    """Action items of the caller's workspace and of the mentees they actively mentor."""
    items = action_items_visible_to(request.auth).order_by("status", "due_on", "id")
    if filters.status is not None:
        items = items.filter(status=filters.status)
    if filters.meeting is not None:
        items = items.filter(meeting_id=filters.meeting)
    return items


@router.get("/action-items/{item_id}", response=ActionItemOut)
def get_action_item(request, item_id: Id):
    return get_object_or_404(action_items_visible_to(request.auth), pk=item_id)


@router.post("/action-items", response={201: ActionItemOut})
def create_action_item(request, payload: ActionItemIn):
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.auth).select_related("series"), pk=payload.meeting
    )
    form = ActionItemForm(
        payload.model_dump(exclude={"meeting"}), participants=meeting.participants()
    )
    if not form.is_valid():
        raise form_problem(form)
    item = actions.add_action_item(form, meeting)
    return Status(201, get_object_or_404(action_items_visible_to(request.auth), pk=item.pk))


@router.patch("/action-items/{item_id}", response=ActionItemOut)
@transaction.atomic
def change_action_item(request, item_id: Id, payload: ActionItemPatch):
    item = get_object_or_404(
        action_items_visible_to(request.auth)
        .select_related("meeting__series")
        .select_for_update(of=("self",)),
        pk=item_id,
    )
    changes = payload.model_dump(exclude_unset=True)
    status = changes.pop("status", None)
    if changes:
        people = (
            item.meeting.participants()
            if item.meeting
            else get_user_model().objects.filter(pk__in=[item.mentee_id, item.owner_id])
        )
        data = {"title": item.title, "owner": item.owner_id, "due_on": item.due_on, **changes}
        form = ActionItemForm(data, instance=item, participants=people)
        if not form.is_valid():
            raise form_problem(form)
        form.save()
    if status is not None and status != item.status:
        item.set_status(status)
    return get_object_or_404(action_items_visible_to(request.auth), pk=item.pk)


# --- Disagreements ------------------------------------------------------------------------


def disagreements_visible_to(user):
    return Disagreement.objects.visible_to(user).select_related("mentorship__mentor", "recorded_by")


@router.get("/disagreements", response=list[DisagreementOut])
@paginate(Pagination)
def list_disagreements(request, filters: Query[DisagreementFilters]):
    """Disagreements of the caller's mentorships: as the mentee, or as the mentor while active."""
    disagreements = disagreements_visible_to(request.auth).order_by("-created_at", "-id")
    if filters.meeting is not None:
        disagreements = disagreements.filter(meeting_id=filters.meeting)
    return disagreements


@router.get("/disagreements/{disagreement_id}", response=DisagreementOut)
def get_disagreement(request, disagreement_id: Id):
    return get_object_or_404(disagreements_visible_to(request.auth), pk=disagreement_id)


@router.post("/disagreements", response={201: DisagreementOut})
def create_disagreement(request, payload: DisagreementIn):
    """Record a disagreement raised in one of the caller's meetings."""
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.auth).select_related("series"), pk=payload.meeting
    )
    form = DisagreementForm(payload.model_dump(exclude={"meeting"}), meeting=meeting)
    if not form.is_valid():
        raise form_problem(form)
    disagreement = actions.record_disagreement(form, meeting, request.auth)
    return Status(
        201, get_object_or_404(disagreements_visible_to(request.auth), pk=disagreement.pk)
    )
