"""The caller's own account in the JSON API."""

# No `from __future__ import annotations` here: ninja reads the views' annotations at import.
from ninja import Field, Router, Schema

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
