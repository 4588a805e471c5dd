"""The JSON API, mounted at /api/v1/. Documentation: /api/v1/docs, schema: /api/v1/openapi.json.

This module only assembles: each app's router (`mentorkit/<app>/api.py`), the
token every request carries, and the error handlers that make every refusal a
JSON `{"detail": ...}`. What the routers share lives in `api/common.py`.

Every lookup goes through a queryset limited to the caller, so what they may not
see answers 404, exactly like something that does not exist. Only the mentee
writes to their own records; their mentors read what is shared with the team.
"""

# No `from __future__ import annotations` here: ninja reads the views' annotations at import.
import logging

from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from mentorkit.accounts.api import router as accounts_router
from mentorkit.feedback.api import router as feedback_router
from mentorkit.grants.api import router as grants_router
from mentorkit.growth.api import router as growth_router
from mentorkit.matching.api import router as matching_router
from mentorkit.meetings.api import router as meetings_router
from mentorkit.outcomes.api import router as outcomes_router
from mentorkit.outcomes.imports.api import router as outcome_imports_router
from mentorkit.plans.api import router as plans_router
from mentorkit.programs.api import router as programs_router
from mentorkit.teams.actions import ActionError
from mentorkit.teams.api import router as teams_router
from mentorkit.training.api import router as training_router

from .common import TokenAuth

logger = logging.getLogger(__name__)

PROBLEM = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong, in a sentence."}},
    "required": ["detail"],
}
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
ERRORS = {
    400: "Refused: the change is not allowed (the detail says why).",
    401: "No valid personal access token.",
    404: "Not found, or not yours to see.",
    409: "In conflict with the current state (a stale version, a held meeting, a retry still running).",
    413: "The request body is too large.",
    422: "The request is not valid: each field and what is wrong with it.",
    502: "A service this request needs could not be reached (the detail says which).",
}


class MentorkitAPI(NinjaAPI):
    """The API, whose OpenAPI document declares every error status an operation can answer."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                statuses = {422}
                if operation.get("security") or "security" not in operation:
                    statuses.add(401)
                # A record named in the path, or in the body (a meeting, a request), that the
                # caller may not see is not found.
                if "{" in path or "requestBody" in operation:
                    statuses.add(404)
                if method != "get":
                    statuses |= {400, 409, 413}
                responses = operation.setdefault("responses", {})
                for status, response in responses.items():
                    declared = response.get("content", {}).get("application/json", {})
                    if int(status) in ERRORS and declared.get("schema") == PROBLEM_REF:
                        response["description"] = ERRORS[int(status)]
                for status in sorted(statuses):
                    responses.setdefault(
                        status,
                        {
                            "description": ERRORS[status],
                            "content": {"application/json": {"schema": dict(PROBLEM_REF)}},
                        },
                    )
        return schema


api = MentorkitAPI(
    title="mentorkit API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    description=(
        "Send a personal access token with every request: `Authorization: Bearer <token>` "
        "(create one with `mentorkit token create --user EMAIL`). Errors are JSON: "
        '`{"detail": "<what went wrong>"}`. Lists are paginated with `limit` (1–500, default 100) and `offset`.'
    ),
)

for router in (
    accounts_router,
    teams_router,
    meetings_router,
    plans_router,
    feedback_router,
    growth_router,
    outcome_imports_router,
    outcomes_router,
    programs_router,
    grants_router,
    matching_router,
    training_router,
):
    api.add_router("/", router)

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


# Django's words when `save(update_fields=...)` finds its row gone.
VANISHED = "Save with update_fields did not affect any rows."


@api.exception_handler(ObjectDoesNotExist)
def vanished(request, exc):
    """A record deleted by another request while this one was answered is not found."""
    logger.warning("Vanished while answering %s %s: %s", request.method, request.path, exc)
    return not_found(request, exc)


@api.exception_handler(DatabaseError)
def database_error(request, exc):
    if str(exc) == VANISHED:
        return vanished(request, exc)
    return unexpected(request, exc)


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
