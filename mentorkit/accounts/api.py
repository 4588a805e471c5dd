"""The caller's own account in the JSON API."""

# No `from __future__ import annotations` here: ninja reads the views' annotations at import.
from datetime import date

from ninja import Field, Router, Schema
from ninja.errors import HttpError

from mentorkit.api.common import Input
from mentorkit.teams.choices import TAKEN_ROLES

router = Router(tags=["people"])


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


@router.get("/me", response=MeOut)
def me(request):
    """The account the token belongs to."""
    return request.auth


class CapacityOut(Schema):
    mentee_capacity: int | None = Field(
        description="How many mentees you can take; null: no limit."
    )
    accepting_mentees: bool
    away_until: date | None = Field(description="No new mentees until this day.")
    mentor_roles: list[str] = Field(
        description="The roles taken as a mentor: research, methods, clinical, career, peer, sponsor."
    )
    in_institution_directory: bool = Field(
        description="Listed in the institution's mentor directory."
    )
    current_mentees: int = Field(description="Active mentorships in which you are the mentor.")

    @staticmethod
    def resolve_current_mentees(obj) -> int:
        from mentorkit.teams.models import Mentorship

        return Mentorship.objects.of_mentor(obj).count()


class CapacityPatch(Input):
    """A mentor's capacity; omitted fields stay as they are."""

    mentee_capacity: int | None = Field(None, ge=0, le=50)
    accepting_mentees: bool | None = None
    away_until: date | None = Field(None, description="null: not away.")
    mentor_roles: list[str] | None = Field(None, max_length=6)
    in_institution_directory: bool | None = None


@router.get("/me/capacity", response=CapacityOut)
def capacity(request):
    """How many mentees the caller can take, whether they take new ones, and how many now."""
    return request.auth


@router.patch("/me/capacity", response=CapacityOut)
def change_capacity(request, payload: CapacityPatch):
    """Set the number of mentees the caller can take (null for no limit), or stop taking new
    ones. A capacity below the current load is refused: end or pause a mentorship first."""
    user = request.auth
    changes = payload.model_dump(exclude_unset=True)
    for flag in ("accepting_mentees", "in_institution_directory", "mentor_roles"):
        if flag in changes and changes[flag] is None:
            raise HttpError(
                422, f"{flag}: {'a list' if flag == 'mentor_roles' else 'true or false'}, not null."
            )
    known = dict(TAKEN_ROLES)
    if unknown := [r for r in changes.get("mentor_roles") or [] if r not in known]:
        raise HttpError(422, f"mentor_roles: {unknown[0]!r} is not one of {', '.join(known)}.")
    if "mentor_roles" in changes:
        changes["mentor_roles"] = sorted(set(changes["mentor_roles"]), key=list(known).index)
    if problem := user.capacity_problem(changes.get("mentee_capacity")):
        raise HttpError(422, f"mentee_capacity: {problem[:1].lower()}{problem[1:]}")
    for name, value in changes.items():
        setattr(user, name, value)
    if changes:
        user.save(update_fields=list(changes))
    return user
