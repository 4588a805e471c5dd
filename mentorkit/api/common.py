"""What every app's API router shares: the token, ids and short texts, people, the form bridge.

Each app keeps its router in `<app>/api.py` (django-ninja), and `api/api.py`
assembles them under /api/v1/ with the error handlers. Writes go through the
pages' forms (`form_data` turns API values into form input, `form_problem`
turns a form's errors into a 422), so the API refuses what the pages refuse,
in the same words.
"""

# No `from __future__ import annotations` here: ninja reads annotations at import.
import zoneinfo
from typing import Annotated

from django.utils import timezone
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer
from pydantic import ConfigDict, StringConstraints

from mentorkit.accounts.models import ApiToken

__all__ = ["paginate"]  # every list is paginated the same way, with `Pagination`

MAX_LIMIT = 500
MAX_OFFSET = 10**9


class TokenAuth(HttpBearer):
    """The user a live token belongs to becomes `request.auth`; anything else is a 401."""

    def authenticate(self, request, token: str):
        user = ApiToken.authenticate(token.strip())
        if user is None:
            return None
        # Dates such as "ended today" are the user's dates, as in the web pages.
        try:
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return user


class Pagination(LimitOffsetPagination):
    """`limit` (1–500, 100 by default) and `offset`, each bounded: out of range is a 422."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


# A database id: anything else is a validation error rather than a database error.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


def trimmed(max_length: int, min_length: int = 0) -> StringConstraints:
    """Trimmed of surrounding spaces, within the model field's length."""
    return StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)


class PersonRef(Schema):
    id: int
    name: str


def person_ref(user) -> dict | None:
    return None if user is None else {"id": user.pk, "name": user.display_name}


class Input(Schema):
    """A request body: every field it takes is listed, and any other is refused (422)."""

    model_config = ConfigDict(extra="forbid")


class Problem(Schema):
    """Every error: what went wrong, in a sentence."""

    detail: str


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
