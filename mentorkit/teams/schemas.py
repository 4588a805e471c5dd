"""What the team's API reads and writes. Every schema lists its fields; none mirrors a model wholesale."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from ninja import Field, Schema
from pydantic import field_validator

from mentorkit.api.common import Id, Input, PersonRef, person_ref, trimmed
from mentorkit.teams.forms import AgreementForm, InsightForm, MentorNoteForm
from mentorkit.teams.models import (
    Cadence,
    Channel,
    EndReason,
    FeedbackRhythm,
    MentorshipStatus,
    Priority,
    ResponseTime,
    Role,
)
from mentorkit.visibility import Visibility

# Strings, by the length of the model field they are written to.
RequiredName = Annotated[str, trimmed(120, min_length=1)]
EmailText = Annotated[str, trimmed(254, min_length=1)]
ShortText = Annotated[str, trimmed(120)]
PersonName = Annotated[str, trimmed(200)]
LongText = Annotated[str, trimmed(300)]
Message = Annotated[str, trimmed(5000)]


# Priorities travel as words; the database keeps them as numbers so they sort.
PriorityName = Literal["high", "medium", "low"]
PRIORITY_BY_NAME: dict[str, Priority] = {
    "high": Priority.HIGH,
    "medium": Priority.MEDIUM,
    "low": Priority.LOW,
}
NAME_BY_PRIORITY = {value: name for name, value in PRIORITY_BY_NAME.items()}


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
    end_reason: EndReason | Literal[""] = Field(description="Why it ended; empty until then.")

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


class MentorshipIn(Input):
    """An invitation to join the caller's mentoring team; the mentor receives it by e-mail."""

    email: EmailText = Field(json_schema_extra={"format": "email"})
    name: PersonName = ""
    role: Role = Role.RESEARCH
    discipline: ShortText = ""
    focus: LongText = Field("", description="What this mentor helps with.")
    message: Message = Field("", description="A note to go with the invitation.")
    replaces: int | None = Field(
        None,
        ge=1,
        le=2**31 - 1,
        description="An ended mentorship of the caller's that the new mentor takes the place of.",
    )
    inherit_agreement: bool = Field(
        False, description="With `replaces`: start from that mentorship's agreement."
    )
    inherit_actions: bool = Field(
        False, description="With `replaces`: hand its mentor's open action items over."
    )

    @field_validator("email")
    @classmethod
    def email_is_valid(cls, value: str) -> str:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError("Enter a valid e-mail address.") from None
        return value.lower()


class MentorshipEnd(Input):
    """Ending an open mentorship: why (the other member is told), and an optional note to them."""

    reason: Literal["completed", "changed_focus", "moved", "mismatch", "other"]
    note: Annotated[str, trimmed(1000)] = Field("", description="Sent to the other member.")


class MentorshipPatch(Input):
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


class NeedIn(Input):
    """A development need of the caller's. `covered_by` lists their own active mentorships."""

    name: RequiredName
    priority: PriorityName = Field("medium", description="high, medium or low.")
    notes: LongText = ""
    visibility: Visibility = Visibility.TEAM
    covered_by: list[Id] = Field(
        default_factory=list, description="Ids of the caller's active mentorships."
    )


class NeedPatch(Input):
    """Changes to one of the caller's needs; omitted fields stay as they are."""

    name: RequiredName | None = None
    priority: PriorityName | None = None
    notes: LongText | None = None
    visibility: Visibility | None = None
    covered_by: list[Id] | None = Field(
        None, description="Replaces the whole list: ids of the caller's active mentorships."
    )


# --- The agreement ---------------------------------------------------------------------


class AgreementRevisionOut(Schema):
    version: int
    changed_by: PersonRef | None
    changed_at: datetime
    changes: dict[str, list[str]] = Field(description="{term: [before, after]}")
    note: str = Field(description="Why it changed.")

    @staticmethod
    def resolve_changed_by(obj) -> dict | None:
        return person_ref(obj.changed_by)


class AgreementOut(Schema):
    id: int
    mentee: PersonRef
    mentorship: int | None = Field(description="Null for one agreement with the whole team.")
    with_whom: str
    cadence: Cadence = Field(description="Days between meetings.")
    meeting_minutes: int
    channels: list[Channel]
    response_hours: ResponseTime
    feedback_rhythm: FeedbackRhythm
    authorship: str
    confidentiality: str
    disagreements: str = Field(description="How disagreements are raised and handled.")
    next_review_on: date
    version: int
    acknowledged_by: list[int] = Field(
        description="Ids of the parties who acknowledged the current version."
    )
    revisions: list[AgreementRevisionOut]

    @staticmethod
    def resolve_mentee(obj) -> dict | None:
        return person_ref(obj.mentee)

    @staticmethod
    def resolve_mentorship(obj) -> int | None:
        return obj.mentorship_id

    @staticmethod
    def resolve_acknowledged_by(obj) -> list[int]:
        return sorted({a.user_id for a in obj.acknowledgements.all() if a.version == obj.version})

    @staticmethod
    def resolve_revisions(obj) -> list:
        return list(obj.revisions.all())


class AgreementPatch(Input):
    """New terms, as on the page; every party is asked to acknowledge the new version.
    Omitted terms stay as they are (null too); `note` (why it changes) is kept in the history."""

    form = AgreementForm

    note: Annotated[str, trimmed(300, min_length=1)] = Field(description="Why this change.")
    cadence: Cadence | None = None
    meeting_minutes: int | None = None
    channels: list[Channel] | None = None
    response_hours: ResponseTime | None = None
    feedback_rhythm: FeedbackRhythm | None = None
    authorship: str | None = None
    confidentiality: str | None = None
    disagreements: str | None = None
    next_review_on: date | None = None


# --- Insights and a mentor's notes -----------------------------------------------------


class InsightOut(Schema):
    id: int
    mentee: PersonRef
    source: int | None = Field(description="The mentorship of the mentor it came from.")
    source_mentor: PersonRef | None
    text: str
    recorded_on: date
    visibility: Visibility
    shared_with_primary: bool

    @staticmethod
    def resolve_mentee(obj) -> dict | None:
        return person_ref(obj.mentee)

    @staticmethod
    def resolve_source(obj) -> int | None:
        return obj.source_id

    @staticmethod
    def resolve_source_mentor(obj) -> dict | None:
        return person_ref(obj.source.mentor) if obj.source_id else None

    @staticmethod
    def resolve_shared_with_primary(obj) -> bool:
        return obj.shared_with_primary_at is not None


class InsightIn(Input):
    """Something one of the caller's mentors said that is worth keeping (private by default)."""

    form = InsightForm

    source: Id = Field(description="The mentorship of the mentor it came from.")
    text: Annotated[str, trimmed(5000, min_length=1)]
    recorded_on: date | None = None
    visibility: Visibility = Visibility.PRIVATE


class MentorNoteOut(Schema):
    id: int
    mentorship: int
    body: str
    created_at: datetime

    @staticmethod
    def resolve_mentorship(obj) -> int:
        return obj.mentorship_id


class MentorNoteIn(Input):
    form = MentorNoteForm

    body: Annotated[str, trimmed(10000, min_length=1)]
