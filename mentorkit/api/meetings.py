"""Meeting series, meetings and action items in the JSON API.

Writes are validated by the same forms as the web pages (`SeriesForm`,
`NotesForm`, `MoveMeetingForm`, `ActionItemForm`), so a rule the web refuses
is refused here with the same words: 422 `{"detail": "field: message"}`.
Everything is looked up through `visible_to`, so what the caller may not see
answers 404.
"""

# No `from __future__ import annotations` here: ninja reads the views' annotations at import.
from datetime import date, datetime, time
from typing import Literal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from mentorkit.meetings import actions
from mentorkit.meetings.forms import ActionItemForm, MoveMeetingForm, NotesForm, SeriesForm
from mentorkit.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Meeting,
    MeetingStatus,
    Series,
)
from mentorkit.teams.models import Mentorship

from .schemas import Id, PersonRef, person_ref

router = Router()

Weekday = Literal["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def form_problem(form) -> HttpError:
    """A 422 naming each field and what is wrong with it, in the form's own words."""
    lines = [
        message if name == "__all__" else f"{name}: {message}"
        for name, messages in form.errors.items()
        for message in messages
    ]
    return HttpError(422, "; ".join(lines) or "The request is not valid.")


def form_data(values: dict) -> dict:
    """API values as a form would receive them: a missing value (None) is an empty field."""
    return {name: "" if value is None else value for name, value in values.items()}


# --- Series ------------------------------------------------------------------------------


class SeriesOut(Schema):
    id: int
    title: str
    mentee: PersonRef
    mentorships: list[int] = Field(description="Ids of the mentorships the series is with.")
    rule: str = Field(description="The RFC 5545 RRULE value, e.g. FREQ=WEEKLY;BYDAY=TU,WE.")
    description: str = Field(description='The rhythm in words, e.g. "Weekly on Tuesday".')
    first_start: datetime = Field(
        description="The first occurrence (DTSTART), in the series' zone."
    )
    time_zone: str
    duration_minutes: int
    location: str
    video_url: str
    uid: str = Field(description="The iCalendar UID of the series.")
    sequence: int = Field(description="The iCalendar SEQUENCE, bumped on each change.")

    @staticmethod
    def resolve_mentee(obj) -> dict | None:
        return person_ref(obj.mentee)

    @staticmethod
    def resolve_mentorships(obj) -> list[int]:
        return sorted(m.pk for m in obj.mentorships.all())

    @staticmethod
    def resolve_first_start(obj) -> datetime:
        return obj.local_first_start


class SeriesIn(Schema):
    """A new series. The rhythm is given as on the web form; the API stores it as an RRULE."""

    title: str
    mentee: Id | None = Field(
        None, description="Whose series: omit for your own; a mentor gives a mentee they mentor."
    )
    mentorships: list[Id] = Field(description="Ids of the active mentorships it is with.")
    frequency: Literal["weekly", "monthly"]
    interval: int = Field(1, description="Every … weeks or months.")
    weekdays: list[Weekday] = Field(default_factory=list, description="For weekly series.")
    month_ordinal: int | None = Field(
        None, description="For monthly series: 1 to 4, or -1 for the last."
    )
    month_weekday: Weekday | None = Field(None, description="For monthly series.")
    starts_on: date = Field(description="The first meeting is on or after this date.")
    start_time: time = Field(description="Wall-clock time in `time_zone`.")
    time_zone: str | None = Field(None, description="Defaults to the mentee's time zone.")
    duration_minutes: int = 60
    ends: Literal["never", "until", "count"] = "never"
    until: date | None = None
    count: int | None = None
    location: str = ""
    video_url: str = ""


class SeriesPatch(Schema):
    """Changes to a series; omitted fields stay as they are. Meetings already recorded,
    moved or skipped stay as they were; the others follow the new rhythm."""

    title: str | None = None
    mentorships: list[Id] | None = None
    frequency: Literal["weekly", "monthly"] | None = None
    interval: int | None = None
    weekdays: list[Weekday] | None = None
    month_ordinal: int | None = None
    month_weekday: Weekday | None = None
    starts_on: date | None = None
    start_time: time | None = None
    time_zone: str | None = None
    duration_minutes: int | None = None
    ends: Literal["never", "until", "count"] | None = None
    until: date | None = None
    count: int | None = None
    location: str | None = None
    video_url: str | None = None


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


@router.get("/series", response=list[SeriesOut], tags=["meetings"])
@paginate(LimitOffsetPagination)
def list_series(request):
    """Series the caller takes part in: as the mentee, or as a mentor while the mentorship is active."""
    return series_visible_to(request.auth).order_by("title", "id")


@router.get("/series/{series_id}", response=SeriesOut, tags=["meetings"])
def get_series(request, series_id: Id):
    return get_object_or_404(series_visible_to(request.auth), pk=series_id)


@router.post("/series", response={201: SeriesOut}, tags=["meetings"])
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


@router.patch("/series/{series_id}", response=SeriesOut, tags=["meetings"])
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


class AgendaTopicOut(Schema):
    id: int
    title: str
    discussed: bool


class MeetingOut(Schema):
    id: int
    series: int
    title: str
    mentee: PersonRef
    original_start: datetime = Field(description="Where the rule puts it (RECURRENCE-ID).")
    starts_at: datetime = Field(description="When it is, in the series' zone.")
    ends_at: datetime
    duration_minutes: int
    time_zone: str
    moved: bool
    status: MeetingStatus
    summary: str
    notes: str = Field(description="Markdown.")
    attendees: list[int] = Field(description="Ids of the people who attended.")
    agenda: list[AgendaTopicOut]
    version: int = Field(description="Send it back when changing the notes.")

    @staticmethod
    def resolve_series(obj) -> int:
        return obj.series_id

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.series.title

    @staticmethod
    def resolve_mentee(obj) -> dict | None:
        return person_ref(obj.mentee)

    @staticmethod
    def resolve_original_start(obj) -> datetime:
        return obj.original_start.astimezone(obj.series.zone)

    @staticmethod
    def resolve_starts_at(obj) -> datetime:
        return obj.starts_at.astimezone(obj.series.zone)

    @staticmethod
    def resolve_ends_at(obj) -> datetime:
        return obj.ends_at.astimezone(obj.series.zone)

    @staticmethod
    def resolve_time_zone(obj) -> str:
        return obj.series.time_zone

    @staticmethod
    def resolve_moved(obj) -> bool:
        return obj.is_moved

    @staticmethod
    def resolve_attendees(obj) -> list[int]:
        return sorted(u.pk for u in obj.attendees.all())

    @staticmethod
    def resolve_agenda(obj) -> list[AgendaItem]:
        return list(obj.agenda_items.all())


class MeetingConflictOut(Schema):
    detail: str
    current: MeetingOut


class MeetingFilters(Schema):
    series: Id | None = None
    from_: datetime | None = Field(
        None, alias="from", description="Meetings starting at or after (a date or date-time)."
    )
    to: datetime | None = Field(None, description="Meetings starting before.")


class MeetingPatch(Schema):
    """Record a meeting. `version` is the one you read: if someone saved since, the answer is 409
    with what they saved, and nothing is overwritten."""

    version: int
    status: Literal["scheduled", "held", "cancelled"] | None = None
    summary: str | None = None
    notes: str | None = None
    attendees: list[Id] | None = None


class MoveIn(Schema):
    starts_at: str = Field(description="YYYY-MM-DDTHH:MM, wall-clock time in the series' zone.")


def meetings_visible_to(user):
    return (
        Meeting.objects.visible_to(user)
        .select_related("series", "mentee")
        .prefetch_related("attendees", "agenda_items")
    )


def _aware(value: datetime) -> datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


@router.get("/meetings", response=list[MeetingOut], tags=["meetings"])
@paginate(LimitOffsetPagination)
def list_meetings(request, filters: Query[MeetingFilters]):
    """Meetings of the caller's series, by start. Dates without a zone are in the caller's zone."""
    meetings = meetings_visible_to(request.auth).order_by("starts_at", "id")
    if filters.series is not None:
        meetings = meetings.filter(series_id=filters.series)
    if filters.from_ is not None:
        meetings = meetings.filter(starts_at__gte=_aware(filters.from_))
    if filters.to is not None:
        meetings = meetings.filter(starts_at__lt=_aware(filters.to))
    return meetings


@router.get("/meetings/{meeting_id}", response=MeetingOut, tags=["meetings"])
def get_meeting(request, meeting_id: Id):
    return get_object_or_404(meetings_visible_to(request.auth), pk=meeting_id)


@router.patch(
    "/meetings/{meeting_id}", response={200: MeetingOut, 409: MeetingConflictOut}, tags=["meetings"]
)
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


@router.post("/meetings/{meeting_id}/skip", response=MeetingOut, tags=["meetings"])
def skip_meeting(request, meeting_id: Id):
    """Skip this occurrence only (an EXDATE in calendars); the rest of the series is unchanged."""
    meeting = get_object_or_404(meetings_visible_to(request.auth), pk=meeting_id)
    try:
        actions.skip(meeting)
    except actions.Refused as refusal:
        raise HttpError(409, str(refusal)) from refusal
    return get_object_or_404(meetings_visible_to(request.auth), pk=meeting_id)


@router.post("/meetings/{meeting_id}/restore", response=MeetingOut, tags=["meetings"])
def restore_meeting(request, meeting_id: Id):
    """Put a skipped meeting back on."""
    meeting = get_object_or_404(meetings_visible_to(request.auth), pk=meeting_id)
    actions.restore(meeting)
    return get_object_or_404(meetings_visible_to(request.auth), pk=meeting_id)


@router.post("/meetings/{meeting_id}/move", response=MeetingOut, tags=["meetings"])
def move_meeting(request, meeting_id: Id, payload: MoveIn):
    """Move this occurrence only; refused if it would overlap another meeting of the series."""
    meeting = get_object_or_404(meetings_visible_to(request.auth), pk=meeting_id)
    form = MoveMeetingForm({"starts_at": payload.starts_at}, meeting=meeting)
    if not form.is_valid():
        raise form_problem(form)
    actions.move(meeting, form.cleaned_data["starts_at"])
    return get_object_or_404(meetings_visible_to(request.auth), pk=meeting_id)


# --- Action items ------------------------------------------------------------------------


class ActionItemOut(Schema):
    id: int
    mentee: PersonRef
    meeting: int | None = Field(description="The meeting it came from.")
    title: str
    owner: PersonRef
    due_on: date | None
    status: ActionStatus
    closed_on: date | None
    overdue: bool
    created_at: datetime

    @staticmethod
    def resolve_mentee(obj) -> dict | None:
        return person_ref(obj.mentee)

    @staticmethod
    def resolve_meeting(obj) -> int | None:
        return obj.meeting_id

    @staticmethod
    def resolve_owner(obj) -> dict | None:
        return person_ref(obj.owner)

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue


class ActionItemIn(Schema):
    meeting: Id = Field(description="The meeting it comes from.")
    title: str
    owner: Id = Field(description="The mentee or one of the series' mentors.")
    due_on: date | None = None


class ActionItemPatch(Schema):
    status: ActionStatus | None = None
    title: str | None = None
    due_on: date | None = None


class ActionFilters(Schema):
    status: ActionStatus | None = None
    meeting: Id | None = None


def action_items_visible_to(user):
    return ActionItem.objects.visible_to(user).select_related("mentee", "owner")


@router.get("/action-items", response=list[ActionItemOut], tags=["meetings"])
@paginate(LimitOffsetPagination)
def list_action_items(request, filters: Query[ActionFilters]):
    """Action items of the caller's workspace and of the mentees they actively mentor."""
    items = action_items_visible_to(request.auth).order_by("status", "due_on", "id")
    if filters.status is not None:
        items = items.filter(status=filters.status)
    if filters.meeting is not None:
        items = items.filter(meeting_id=filters.meeting)
    return items


@router.get("/action-items/{item_id}", response=ActionItemOut, tags=["meetings"])
def get_action_item(request, item_id: Id):
    return get_object_or_404(action_items_visible_to(request.auth), pk=item_id)


@router.post("/action-items", response={201: ActionItemOut}, tags=["meetings"])
def create_action_item(request, payload: ActionItemIn):
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.auth).select_related("series"), pk=payload.meeting
    )
    form = ActionItemForm(
        payload.model_dump(exclude={"meeting"}), participants=meeting.participants()
    )
    if not form.is_valid():
        raise form_problem(form)
    item = form.save(commit=False)
    item.meeting = meeting
    item.mentee_id = meeting.mentee_id
    item.save()
    return Status(201, get_object_or_404(action_items_visible_to(request.auth), pk=item.pk))


@router.patch("/action-items/{item_id}", response=ActionItemOut, tags=["meetings"])
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
