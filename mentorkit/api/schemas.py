"""What the API reads and writes. Every schema lists its fields; none mirrors a model wholesale."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from ninja import Field, Schema
from pydantic import StringConstraints, field_validator

from mentorkit.teams.models import MentorshipStatus, Priority, Role
from mentorkit.visibility import Visibility


def _trimmed(max_length: int, min_length: int = 0) -> StringConstraints:
    """Trimmed of surrounding spaces, within the model field's length."""
    return StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)


# Strings, by the length of the model field they are written to.
RequiredName = Annotated[str, _trimmed(120, min_length=1)]
EmailText = Annotated[str, _trimmed(254, min_length=1)]
ShortText = Annotated[str, _trimmed(120)]
PersonName = Annotated[str, _trimmed(200)]
LongText = Annotated[str, _trimmed(300)]
Message = Annotated[str, _trimmed(5000)]


# A database id: anything else is a validation error rather than a database error.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

# Priorities travel as words; the database keeps them as numbers so they sort.
PriorityName = Literal["high", "medium", "low"]
PRIORITY_BY_NAME: dict[str, Priority] = {
    "high": Priority.HIGH,
    "medium": Priority.MEDIUM,
    "low": Priority.LOW,
}
NAME_BY_PRIORITY = {value: name for name, value in PRIORITY_BY_NAME.items()}


class PersonRef(Schema):
    id: int
    name: str


def person_ref(user) -> dict | None:
    return None if user is None else {"id": user.pk, "name": user.display_name}


# --- People ----------------------------------------------------------------------------


class MeOut(Schema):
    id: int
    email: str
    name: str
    pronouns: str
    career_stage: str
    institution: str
    department: str
    discipline: str
    expertise: list[str] = Field(description="Keywords, lower case.")
    orcid: str
    time_zone: str
    calendar_feed_url: str = Field(
        description="The secret address of the caller's iCalendar feed (created on first request); "
        "get a new one on the profile page."
    )

    @staticmethod
    def resolve_expertise(obj) -> list[str]:
        return obj.expertise_keywords

    @staticmethod
    def resolve_calendar_feed_url(obj) -> str:
        from mentorkit.meetings.calendar import feed_url

        return feed_url(obj)


# --- Mentorships -----------------------------------------------------------------------


class MentorshipOut(Schema):
    id: int
    mentee: PersonRef
    mentor: PersonRef | None = Field(description="Null until the invitation is accepted.")
    invited_email: str | None = Field(description="Shown to the mentee only.")
    invited_name: str | None = Field(description="Shown to the mentee only.")
    role: Role
    discipline: str
    focus: str
    status: MentorshipStatus
    started_on: date | None
    ended_on: date | None

    @staticmethod
    def resolve_mentee(obj) -> dict | None:
        return person_ref(obj.mentee)

    @staticmethod
    def resolve_mentor(obj) -> dict | None:
        return person_ref(obj.mentor) if obj.mentor_id else None

    @staticmethod
    def resolve_invited_email(obj, context) -> str | None:
        return obj.invited_email if _is_mentee(obj, context) else None

    @staticmethod
    def resolve_invited_name(obj, context) -> str | None:
        return obj.invited_name if _is_mentee(obj, context) else None


def _is_mentee(obj, context) -> bool:
    return obj.mentee_id == context["request"].auth.pk


class MentorshipIn(Schema):
    """An invitation to join the caller's mentoring team; the mentor receives it by e-mail."""

    email: EmailText
    name: PersonName = ""
    role: Role = Role.RESEARCH
    discipline: ShortText = ""
    focus: LongText = Field("", description="What this mentor helps with.")
    message: Message = Field("", description="A note to go with the invitation.")

    @field_validator("email")
    @classmethod
    def email_is_valid(cls, value: str) -> str:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError("Enter a valid e-mail address.") from None
        return value.lower()


class MentorshipPatch(Schema):
    """Changes the mentee makes to one of their mentorships; omitted fields stay as they are.

    Status moves between `active` and `paused`, and to `ended`. An invitation not yet
    answered can only be withdrawn (`ended`). An ended or declined mentorship stays so.
    """

    role: Role | None = None
    discipline: ShortText | None = None
    focus: LongText | None = None
    status: Literal["active", "paused", "ended"] | None = None


# --- Needs -----------------------------------------------------------------------------


class NeedOut(Schema):
    id: int
    mentee: PersonRef
    name: str
    priority: PriorityName
    notes: str
    visibility: Visibility
    covered_by: list[int] = Field(description="Ids of the mentorships that cover this need.")
    created_at: datetime

    @staticmethod
    def resolve_mentee(obj) -> dict | None:
        return person_ref(obj.mentee)

    @staticmethod
    def resolve_priority(obj) -> str:
        return NAME_BY_PRIORITY[obj.priority]

    @staticmethod
    def resolve_covered_by(obj) -> list[int]:
        # Read through the prefetch cache: `values_list` would query once per need.
        return sorted(m.pk for m in obj.covered_by.all())


class NeedIn(Schema):
    """A development need of the caller's. `covered_by` lists their own active mentorships."""

    name: RequiredName
    priority: PriorityName = Field("medium", description="high, medium or low.")
    notes: LongText = ""
    visibility: Visibility = Visibility.TEAM
    covered_by: list[Id] = Field(
        default_factory=list, description="Ids of the caller's active mentorships."
    )


class NeedPatch(Schema):
    """Changes to one of the caller's needs; omitted fields stay as they are."""

    name: RequiredName | None = None
    priority: PriorityName | None = None
    notes: LongText | None = None
    visibility: Visibility | None = None
    covered_by: list[Id] | None = Field(
        None, description="Replaces the whole list: ids of the caller's active mentorships."
    )
