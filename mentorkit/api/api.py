"""The JSON API, mounted at /api/v1/. Documentation: /api/v1/docs, schema: /api/v1/openapi.json.

Every lookup goes through a queryset limited to the caller, so what they may not
see answers 404, exactly like something that does not exist. Only the mentee
writes to their own records; their mentors read what is shared with the team.
"""

# No `from __future__ import annotations` here: ninja reads the views' annotations at import.
import logging

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination, paginate

from mentorkit.teams.actions import ActionError, change_status, invite_mentor
from mentorkit.teams.models import Mentorship, Need

from .auth import TokenAuth
from .feedback import router as feedback_router
from .growth import router as growth_router
from .meetings import router as meetings_router
from .outcome_imports import router as outcome_imports_router
from .outcomes import router as outcomes_router
from .plans import router as plans_router
from .schemas import (
    PRIORITY_BY_NAME,
    Id,
    MentorshipIn,
    MentorshipOut,
    MentorshipPatch,
    MeOut,
    NeedIn,
    NeedOut,
    NeedPatch,
)

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="mentorkit API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    description=(
        "Send a personal access token with every request: `Authorization: Bearer <token>` "
        "(create one with `mentorkit token create --user EMAIL`). Errors are JSON: "
        '`{"detail": "<what went wrong>"}`. Lists are paginated with `limit` and `offset`.'
    ),
)

api.add_router("/", meetings_router)
api.add_router("/", plans_router)
api.add_router("/", feedback_router)
api.add_router("/", growth_router)
api.add_router("/", outcome_imports_router)
api.add_router("/", outcomes_router)

# --- Errors: always JSON, always a readable `detail` ------------------------------------


def _problem(request, status: int, detail: str, **extra):
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = _problem(
        request,
        401,
        "Send a valid personal access token as 'Authorization: Bearer <token>'; "
        "this one is missing, revoked or unknown.",
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(ValidationError)
def invalid_request(request, exc):
    return _problem(request, 422, describe_errors(exc.errors), errors=exc.errors)


@api.exception_handler(DjangoValidationError)
def invalid_record(request, exc):
    return _problem(request, 422, " ".join(exc.messages))


@api.exception_handler(ActionError)
def refused(request, exc):
    return _problem(request, 400, str(exc))


@api.exception_handler(Http404)
def not_found(request, exc):
    return _problem(request, 404, "Not found.")


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc):
    return _problem(
        request,
        413,
        "The request body is too large; send at most 2.5 MB (a file up to 5 MB "
        "can be imported on the import page).",
    )


@api.exception_handler(Exception)
def unexpected(request, exc):
    logger.exception("API error on %s %s", request.method, request.path)
    return _problem(request, 500, "Something went wrong on our side; it has been logged.")


def describe_errors(errors: list[dict]) -> str:
    """One line per problem, e.g. "email: Enter a valid e-mail address."."""
    sources = {"body", "payload", "query", "path", "header", "cookie", "form", "file"}
    lines = []
    for error in errors:
        where = ".".join(str(part) for part in error.get("loc", ()) if part not in sources)
        message = str(error.get("msg", "Invalid value.")).removeprefix("Value error, ")
        lines.append(f"{where}: {message}" if where else message)
    return "; ".join(lines) or "The request is not valid."


# --- People ------------------------------------------------------------------------------


@api.get("/me", response=MeOut, tags=["people"])
def me(request):
    """The account the token belongs to."""
    return request.auth


# --- Mentorships -------------------------------------------------------------------------


def mentorships_visible_to(user):
    return Mentorship.objects.visible_to(user).select_related("mentee", "mentor")


@api.get("/mentorships", response=list[MentorshipOut], tags=["mentorships"])
@paginate(LimitOffsetPagination)
def list_mentorships(request):
    """The caller's mentorships as a mentee (all) and as a mentor (unless declined)."""
    return mentorships_visible_to(request.auth)


@api.get("/mentorships/{mentorship_id}", response=MentorshipOut, tags=["mentorships"])
def get_mentorship(request, mentorship_id: Id):
    return get_object_or_404(mentorships_visible_to(request.auth), pk=mentorship_id)


@api.post("/mentorships", response={201: MentorshipOut}, tags=["mentorships"])
def invite(request, payload: MentorshipIn):
    """Invite a mentor onto the caller's team; they receive the invitation link by e-mail."""
    mentorship, _link = invite_mentor(
        request.auth,
        invited_email=payload.email,
        invited_name=payload.name,
        role=payload.role,
        discipline=payload.discipline,
        focus=payload.focus,
        message=payload.message,
    )
    return Status(201, mentorship)


# Where each status may go next, by the mentee's hand. Ended and declined are final:
# to work together again, the mentee sends a new invitation.
@api.patch("/mentorships/{mentorship_id}", response=MentorshipOut, tags=["mentorships"])
@transaction.atomic
def change_mentorship(request, mentorship_id: Id, payload: MentorshipPatch):
    """Only the mentee changes a mentorship; for anyone else it does not exist."""
    mentorship = get_object_or_404(
        Mentorship.objects.filter(mentee=request.auth)
        .select_related("mentee", "mentor")
        .select_for_update(of=("self",)),
        pk=mentorship_id,
    )
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    fields = change_status(mentorship, changes.pop("status")) if "status" in changes else []
    for name, value in changes.items():
        if getattr(mentorship, name) != value:
            setattr(mentorship, name, value)
            fields.append(name)
    if fields:
        mentorship.save(update_fields=fields)
    return mentorship


# --- Needs -------------------------------------------------------------------------------


def needs_visible_to(user):
    return (
        Need.objects.visible_to(user)
        .select_related("mentee")
        .prefetch_related("covered_by")
        .order_by("priority", "name", "id")
    )


def own_active_mentorships(user, ids: list[int]) -> list[Mentorship]:
    """The caller's active mentorships with these ids; any other id is refused."""
    wanted = set(ids)
    found = list(Mentorship.objects.active().filter(mentee=user, pk__in=wanted))
    missing = sorted(wanted - {m.pk for m in found})
    if missing:
        which = ", ".join(str(pk) for pk in missing)
        raise HttpError(422, f"covered_by: {which} is not one of your active mentorships.")
    return found


def save_need(need: Need, fields: list[str] | None = None) -> None:
    """Save, turning a clash with another of the mentee's needs into a readable refusal."""
    clash = Need.objects.filter(mentee_id=need.mentee_id, name=need.name).exclude(pk=need.pk)
    if clash.exists():
        raise ActionError(f"You already have a need called '{need.name}'.")
    try:
        with transaction.atomic():
            need.save(update_fields=fields)
    except IntegrityError as exc:  # the same name written concurrently
        raise ActionError(f"You already have a need called '{need.name}'.") from exc


@api.get("/needs", response=list[NeedOut], tags=["needs"])
@paginate(LimitOffsetPagination)
def list_needs(request, mentee: Query[Id | None] = None):
    """Development needs the caller may see: their own, and those their mentees share.

    `?mentee=<id>` keeps one mentee's needs.
    """
    needs = needs_visible_to(request.auth)
    return needs if mentee is None else needs.filter(mentee_id=mentee)


@api.get("/needs/{need_id}", response=NeedOut, tags=["needs"])
def get_need(request, need_id: Id):
    return get_object_or_404(needs_visible_to(request.auth), pk=need_id)


@api.post("/needs", response={201: NeedOut}, tags=["needs"])
@transaction.atomic
def create_need(request, payload: NeedIn):
    """Record one of the caller's development needs, and which of their mentors cover it."""
    covering = own_active_mentorships(request.auth, payload.covered_by)
    need = Need(
        mentee=request.auth,
        name=payload.name,
        priority=PRIORITY_BY_NAME[payload.priority],
        notes=payload.notes,
        visibility=payload.visibility,
    )
    save_need(need)
    need.covered_by.set(covering)
    return Status(201, need)


@api.patch("/needs/{need_id}", response=NeedOut, tags=["needs"])
@transaction.atomic
def change_need(request, need_id: Id, payload: NeedPatch):
    """Only the mentee changes their needs; for anyone else they do not exist."""
    need = get_object_or_404(
        Need.objects.owned_by(request.auth).select_related("mentee"), pk=need_id
    )
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    covered_by = changes.pop("covered_by", None)
    if "priority" in changes:
        changes["priority"] = PRIORITY_BY_NAME[changes["priority"]]
    fields = [name for name, value in changes.items() if getattr(need, name) != value]
    for name in fields:
        setattr(need, name, changes[name])
    if fields:
        save_need(need, fields)
    if covered_by is not None:
        need.covered_by.set(own_active_mentorships(request.auth, covered_by))
    return need


@api.delete("/needs/{need_id}", response={204: None}, tags=["needs"])
def delete_need(request, need_id: Id):
    get_object_or_404(Need.objects.owned_by(request.auth), pk=need_id).delete()
    return Status(204, None)
