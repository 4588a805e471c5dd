"""What every app's API router shares: the token, ids and short texts, people, the form bridge.

Each app keeps its router in `<app>/api.py` (django-ninja), and `api/api.py`
assembles them under /api/v1/ with the error handlers. Writes go through the
pages' forms (`form_data` turns API values into form input, `form_problem`
turns a form's errors into a 422), so the API refuses what the pages refuse,
in the same words.
"""

# No `from __future__ import annotations` here: ninja reads annotations at import.
import re
import types
import zoneinfo
from datetime import UTC, date, datetime, time
from typing import Annotated, Any, ClassVar, Literal, Union, cast, get_args, get_origin

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

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


# --- JSON's types, and nothing pydantic would make of them --------------------------------

_DATE = r"\d{4}-\d{2}-\d{2}"
_TIME = r"\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?"
_OFFSET = r"(?:[Zz]|[+-]\d{2}:\d{2})?"
_SHAPES: dict[type, tuple[re.Pattern, str]] = {
    date: (re.compile(_DATE), "Give a date as YYYY-MM-DD."),
    datetime: (
        re.compile(rf"{_DATE}(?:[Tt ]{_TIME}{_OFFSET})?"),
        "Give a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM[:SS][±HH:MM]).",
    ),
    time: (re.compile(rf"{_TIME}{_OFFSET}"), "Give a time as HH:MM or HH:MM:SS."),
}


def json_type_problem(annotation: Any, value: Any) -> str | None:
    """Why `value`, as read from JSON, is not of the type `annotation` says, or None.

    pydantic, left to itself, reads "12" as 12, 1 or "yes" as true and 0 as 1 January 1970;
    the document promises JSON's types (a date is a string of the form YYYY-MM-DD), so the
    API takes nothing else. Values of the right JSON type are left to pydantic's checks.
    """
    origin, args = get_origin(annotation), get_args(annotation)
    if value is None or origin is Literal:
        return None
    if origin is Annotated:
        return json_type_problem(args[0], value)
    if origin in (Union, types.UnionType):
        problems = [json_type_problem(arm, value) for arm in args if arm is not type(None)]
        return None if None in problems else problems[0]
    if origin is list and args and isinstance(value, list):
        return next(filter(None, (json_type_problem(args[0], item) for item in value)), None)
    if origin is dict and len(args) == 2 and isinstance(value, dict):
        return next(filter(None, (json_type_problem(args[1], v) for v in value.values())), None)
    if annotation is bool and not isinstance(value, bool):
        return "Give true or false."
    if annotation is int and (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (isinstance(value, float) and not value.is_integer())
    ):
        return "Give a whole number."
    if annotation is float and (isinstance(value, bool) or not isinstance(value, int | float)):
        return "Give a number."
    if annotation in _SHAPES:
        shape, message = _SHAPES[annotation]
        if not isinstance(value, str) or not shape.fullmatch(value):
            return message
    return None


def _json_typed(annotation: type):
    def check(value):
        problem = json_type_problem(annotation, value)
        if problem:
            raise ValueError(problem)
        return value

    return BeforeValidator(check)


def _in_utc(value: datetime) -> datetime:
    """The moment in UTC, one without an offset being in the caller's zone. Databases are given
    UTC (PostgreSQL refuses an offset beyond ±15:59, which ISO 8601 allows); a moment that UTC
    puts before year 1 or after 9999 is the earliest or the latest there is."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        earliest, latest = datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)
        return earliest if value.year == 1 else latest


# A query's "from" or "to": a date, or a date and time; without an offset, in the caller's zone.
DayOrMoment = Annotated[
    datetime,
    _json_typed(datetime),
    AfterValidator(_in_utc),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}
    ),
]

_WALL_TIME = r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?"


def _wall_time(value):
    if not isinstance(value, str) or not re.fullmatch(_WALL_TIME, value):
        raise ValueError("Give a time as HH:MM or HH:MM:SS, without an offset.")
    return value


# A wall-clock time, such as 14:00, in a zone given beside it.
WallTime = Annotated[
    time,
    BeforeValidator(_wall_time),
    WithJsonSchema(
        {"type": "string", "pattern": f"^{_WALL_TIME}$", "description": "HH:MM or HH:MM:SS."}
    ),
]


# --- Request bodies ---------------------------------------------------------------------

# Every text of a body: no NUL (RefuseNulMiddleware answers 422); a required one, not blank
# either (the forms strip spaces, as Python's str.strip does, before they look).
NO_NUL = r"^[^\x00]*$"
NOT_BLANK = r"^[^\x00]*[^\s\x00\x1c-\x1f\x85][^\x00]*$"
MAX_ENUM = 50  # longer lists of choices (the time zones) are described, not listed


class Input(Schema):
    """A request body: every field it takes is listed, and any other is refused (422).

    Each value must be of the JSON type its field's schema says (see `json_type_problem`).
    A body that a page's form validates names it in `form`; the document then states that
    form's rules for each field of the same name (or the name in `form_names`): its choices,
    its length, its bounds, and whether it may be blank. In a `change` (a PATCH), a field the
    form requires may be left out but not sent as null.
    """

    model_config = ConfigDict(extra="forbid")
    form: ClassVar[type[forms.BaseForm] | None] = None
    form_names: ClassVar[dict[str, str]] = {}
    change: ClassVar[bool] = False

    @field_validator("*", mode="before")
    @classmethod
    def of_its_json_type(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        problem = field and json_type_problem(field.annotation, value)
        if problem:
            raise ValueError(problem)
        return value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        schema = handler(core_schema)
        described = handler.resolve_ref_schema(schema)
        fields = cls.form.base_fields if cls.form else {}
        for name, prop in described.get("properties", {}).items():
            form_name = cls.form_names.get(name, name)
            field = fields.get(form_name)
            state_rules(prop, field, model_field(cls.form, form_name), cls.change)
        return schema


def model_field(form, name: str):
    """The model field behind a ModelForm's field, whose validators hold the model's bounds."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def state_rules(prop: dict, field, column, change: bool) -> None:
    """Add what `field` (a form field, or None) and `column` (the model field behind it, or
    None) refuse to `prop`, a property's JSON Schema."""
    branches = prop.get("anyOf", [prop])
    values = [branch for branch in branches if branch.get("type") != "null"]
    required = field is not None and field.required
    if change and required and len(values) < len(branches):
        prop.pop("anyOf")
        prop.update(values[0] if len(values) == 1 else {"anyOf": values})
        values = [prop]
    for branch in values:
        if set(branch) & {"$ref", "enum", "const", "format"}:
            continue
        kind = branch.get("type")
        if isinstance(field, forms.ModelChoiceField):
            continue  # a record's id: the form says whether it is one the caller may use
        if isinstance(field, forms.ChoiceField) and not isinstance(
            field, forms.MultipleChoiceField
        ):
            # Django keeps a form field's choices as a list of (value, label) pairs.
            options = cast("list[tuple[Any, str]]", field.choices)
            choices = [value for value, _ in options if value != ""]
            if kind in ("string", "integer") and len(choices) <= MAX_ENUM:
                branch["enum"] = choices if required or kind != "string" else [*choices, ""]
                continue
        if kind == "string":
            if isinstance(field, forms.CharField) and field.max_length:
                branch.setdefault("maxLength", field.max_length)
            blank_refused = required or branch.get("minLength", 0) > 0
            branch.setdefault("pattern", NOT_BLANK if blank_refused else NO_NUL)
        if kind == "integer" and isinstance(field, forms.IntegerField):
            validators = [*field.validators, *(column.validators if column else [])]
            for validator in validators:
                if isinstance(validator, MinValueValidator):
                    low = max(validator.limit_value, branch.get("minimum", validator.limit_value))
                    branch["minimum"] = low
                if isinstance(validator, MaxValueValidator):
                    high = min(validator.limit_value, branch.get("maximum", validator.limit_value))
                    branch["maximum"] = high


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
