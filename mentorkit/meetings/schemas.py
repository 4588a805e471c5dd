"""What the meetings API reads and writes. Every schema lists its fields."""

# No `from __future__ import annotations` here: ninja reads the annotations at import.
from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from mentorkit.api.common import DayOrMoment, Id, Input, PersonRef, WallTime, person_ref

from .forms import ActionItemForm, DisagreementForm, MoveMeetingForm, NotesForm, SeriesForm
from .models import ActionStatus, AgendaItem, Ending, MeetingStatus

Weekday = Literal["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


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


class SeriesIn(Input):
    """A new series. The rhythm is given as on the web form; the API stores it as an RRULE."""

    form = SeriesForm

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
    start_time: WallTime = Field(description="Wall-clock time in `time_zone`.")
    time_zone: str | None = Field(None, description="Defaults to the mentee's time zone.")
    duration_minutes: int = 60
    ends: Literal["never", "until", "count"] = "never"
    until: date | None = None
    count: int | None = None
    location: str = ""
    video_url: str = ""


class SeriesPatch(Input):
    """Changes to a series; omitted fields stay as they are. Meetings already recorded,
    moved or skipped stay as they were; the others follow the new rhythm."""

    form = SeriesForm
    change = True

    title: str | None = None
    mentorships: list[Id] | None = None
    frequency: Literal["weekly", "monthly"] | None = None
    interval: int | None = None
    weekdays: list[Weekday] | None = None
    month_ordinal: int | None = None
    month_weekday: Weekday | None = None
    starts_on: date | None = None
    start_time: WallTime | None = None
    time_zone: str | None = None
    duration_minutes: int | None = None
    ends: Literal["never", "until", "count"] | None = None
    until: date | None = None
    count: int | None = None
    location: str | None = None
    video_url: str | None = None


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
    from_: DayOrMoment | None = Field(
        None, alias="from", description="Meetings starting at or after (a date or date-time)."
    )
    to: DayOrMoment | None = Field(None, description="Meetings starting before.")


class MeetingPatch(Input):
    """Record a meeting. `version` is the one you read: if someone saved since, the answer is 409
    with what they saved, and nothing is overwritten."""

    form = NotesForm
    change = True

    version: int
    status: Literal["scheduled", "held", "cancelled"] | None = None
    summary: str | None = None
    notes: str | None = None
    attendees: list[Id] | None = None


class MoveIn(Input):
    form = MoveMeetingForm

    starts_at: str = Field(
        description="YYYY-MM-DDTHH:MM, wall-clock time in the series' zone.",
        json_schema_extra={"pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$"},
    )


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


class ActionItemIn(Input):
    form = ActionItemForm

    meeting: Id = Field(description="The meeting it comes from.")
    title: str
    owner: Id = Field(description="The mentee or one of the series' mentors.")
    due_on: date | None = None


class ActionItemPatch(Input):
    form = ActionItemForm
    change = True

    status: ActionStatus | None = None
    title: str | None = None
    due_on: date | None = None


class ActionFilters(Schema):
    status: ActionStatus | None = None
    meeting: Id | None = None


class DisagreementOut(Schema):
    id: int
    meeting: int
    mentorship: int = Field(description="The mentorship it was with.")
    mentor: PersonRef | None
    topic: str
    mentee_view: str
    mentor_view: str
    ending: Ending
    follow_up: str
    recorded_by: PersonRef | None
    created_at: datetime

    @staticmethod
    def resolve_meeting(obj) -> int:
        return obj.meeting_id

    @staticmethod
    def resolve_mentorship(obj) -> int:
        return obj.mentorship_id

    @staticmethod
    def resolve_mentor(obj) -> dict | None:
        return person_ref(obj.mentorship.mentor)

    @staticmethod
    def resolve_recorded_by(obj) -> dict | None:
        return person_ref(obj.recorded_by)


class DisagreementIn(Input):
    """A disagreement raised in a meeting, with both views and how it ended (counted, not judged)."""

    form = DisagreementForm

    meeting: Id
    mentorship: Id = Field(description="One of the meeting's series' mentorships.")
    topic: str
    mentee_view: str
    mentor_view: str
    ending: Ending = Ending.OPEN
    follow_up: str = ""


class DisagreementFilters(Schema):
    meeting: Id | None = None
