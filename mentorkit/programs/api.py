"""Programs in the JSON API: the programs a person runs (as a director or an administrator),
their roster and mentors, nudges, bulk import and exports.

Only a program's directors and administrators see it here; for anyone else it does not
exist (404). Mentees' records reach the program through their own routers, filtered by the
`program` visibility, for directors only, never from here.
"""

# No `from __future__ import annotations` here: ninja reads the views' annotations at import.
from datetime import date, datetime
from typing import Literal

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from mentorkit.api.common import Id, Input, Pagination, PersonRef, paginate, person_ref
from mentorkit.teams.actions import ActionError

from . import checkins, exports, imports, kept, mentors, nudges
from .models import Audience, Enrollment, EnrollmentStatus, Program, ProgramKind, Track

EXPORT_DOC = {
    "responses": {
        "200": {
            "description": "The table as a file.",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
        }
    }
}

router = Router(tags=["programs"])


class ProgramOut(Schema):
    id: int
    name: str
    kind: ProgramKind
    description: str
    mentees: int = Field(description="How many mentees are enrolled.")

    @staticmethod
    def resolve_mentees(obj) -> int:
        return obj.n_mentees


class EnrollmentOut(Schema):
    id: int
    mentee: PersonRef
    cohort_year: int
    enrolled_on: date
    status: EnrollmentStatus
    track: Track | Literal[""] = Field(description="Empty when not set.")
    ended_on: date | None
    needs_check_in: bool = Field(description="Whether any rule of the program's check-ins holds.")
    check_in_reasons: list[str] = Field(
        description="The rules that hold, by key: " + ", ".join(checkins.RULE_KEYS) + "."
    )

    @staticmethod
    def resolve_mentee(obj) -> dict | None:
        return person_ref(obj.mentee)

    @staticmethod
    def resolve_needs_check_in(obj) -> bool:
        return obj.attention > 0

    @staticmethod
    def resolve_check_in_reasons(obj) -> list[str]:
        return [rule.key for rule in checkins.reasons(obj)]


def programs_run_by(user):
    return Program.objects.run_by(user).annotate(n_mentees=Count("enrollments", distinct=True))


def program_run_by(request, program_id: int) -> Program:
    return get_object_or_404(Program.objects.run_by(request.auth), pk=program_id)


@router.get("/programs", response=list[ProgramOut])
@paginate(Pagination)
def list_programs(request):
    """The programs the caller directs or administers."""
    return programs_run_by(request.auth).order_by("name", "id")


@router.get("/programs/{program_id}", response=ProgramOut)
def get_program(request, program_id: Id):
    return get_object_or_404(programs_run_by(request.auth), pk=program_id)


@router.get("/programs/{program_id}/enrollments", response=list[EnrollmentOut])
@paginate(Pagination)
def list_enrollments(request, program_id: Id):
    """The program's roster: each enrolled mentee with the cohort they entered, where they
    are in the program, and whether they need a check-in (those who do first)."""
    program = program_run_by(request, program_id)
    return (
        kept.with_kept_checkins(Enrollment.objects.filter(program=program), program)
        .select_related("mentee")
        .order_by("-attention", "-cohort_year", "mentee__name", "id")
    )


class MentorOut(Schema):
    mentor: PersonRef
    mentees_in_program: list[PersonRef]
    load: int = Field(description="Active mentorships, in every program and none.")
    capacity: int | None = Field(description="What the mentor said they can take; null: no limit.")
    over_capacity: bool
    accepting_mentees: bool = Field(description="False when not taking new mentees or away.")
    days_since_met: int | None = Field(
        description="Since the mentor last met a mentee (a meeting held or written up)."
    )
    days_since_feedback: int | None = Field(
        description="Since feedback last went either way in one of the mentor's mentorships."
    )
    days_since_action_closed: int | None = Field(
        description="Since the mentor last closed an action item they owned."
    )


@router.get("/programs/{program_id}/mentors", response=list[MentorOut])
@paginate(Pagination)
def list_mentors(request, program_id: Id):
    """Everyone who mentors one of the program's mentees now, with their load and capacity."""
    program = program_run_by(request, program_id)
    return _MentorRows(program)


class _MentorRows:
    """The program's mentors as a sliceable sequence of rows, for the pagination: each page
    reads its mentors, then their mentees in the program."""

    def __init__(self, program):
        self.program = program
        self.mentors = mentors.mentors_of(program)

    def count(self) -> int:
        return self.mentors.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page):
        rows = mentors.rows_for(self.program, list(self.mentors[page]))
        return [
            {
                "mentor": person_ref(row.mentor),
                "mentees_in_program": [{"id": i, "name": n} for i, n in row.in_program],
                "load": row.load,
                "capacity": row.capacity,
                "over_capacity": row.over_capacity,
                "accepting_mentees": row.mentor.taking_new_mentees,
                "days_since_met": row.days_since_met,
                "days_since_feedback": row.days_since_feedback,
                "days_since_action_closed": row.days_since_action_closed,
            }
            for row in rows
        ]


# --- Nudges ------------------------------------------------------------------------------


class NudgeIn(Input):
    audience: Audience
    subject: str = Field(min_length=1, max_length=150)
    body: str = Field(
        min_length=1,
        max_length=5000,
        description="Placeholders: " + ", ".join(f"{{{p}}}" for p in nudges.PLACEHOLDERS) + ".",
    )


class RecipientOut(Schema):
    recipient: PersonRef
    sent_at: datetime | None = Field(description="Null: not sent yet (within minutes).")


class NudgeOut(Schema):
    id: int
    audience: Audience
    subject: str
    body: str
    created_at: datetime
    sent_by: PersonRef | None
    recipients: list[RecipientOut]

    @staticmethod
    def resolve_sent_by(obj) -> dict | None:
        return person_ref(obj.sent_by) if obj.sent_by else None

    @staticmethod
    def resolve_recipients(obj) -> list[dict]:
        return [{"recipient": person_ref(r.user), "sent_at": r.sent_at} for r in nudges.log(obj)]


@router.get("/programs/{program_id}/nudges", response=list[NudgeOut])
@paginate(Pagination)
def list_nudges(request, program_id: Id):
    """The program's nudges, the latest first, each with whom it went to and when."""
    program = program_run_by(request, program_id)
    return program.nudges.select_related("sent_by")


@router.post("/programs/{program_id}/nudges", response={201: NudgeOut})
def send_nudge(request, program_id: Id, payload: NudgeIn):
    """Send a nudge to part of the program: each recipient gets it once, by e-mail, from the
    background loop. An unknown placeholder, or nobody in the group, is a 422."""
    program = program_run_by(request, program_id)
    try:
        nudge, _count = nudges.send(program, request.auth, **payload.model_dump())
    except nudges.NudgeProblem as problem:
        raise HttpError(422, str(problem)) from None
    return Status(201, nudge)


# --- Bulk import -------------------------------------------------------------------------


class ProgramImportIn(Input):
    filename: str = Field(
        "import.csv", max_length=200, description="Its name: .xlsx is read as XLSX, else CSV."
    )
    content: str = Field(
        "", description="A CSV file's text; for XLSX, leave empty and send content_base64."
    )
    content_base64: str = Field("", description="The file's bytes in base64 (XLSX).")


class ProgramImportProblemOut(Schema):
    line: int = Field(description="The row in the file (the header is row 1).")
    value: str = Field(description="The e-mail address or value the row named.")
    reason: str


class ProgramImportPreviewOut(Schema):
    kind: Literal["mentees", "mentorships"]
    new: list[dict] = Field(description="Each row that will be invited, as read.")
    problems: list[ProgramImportProblemOut]
    token: str = Field(description="Send it to …/import/confirm within an hour.")


class ProgramImportConfirmIn(Input):
    token: str


class ProgramImportConfirmOut(Schema):
    invited: int


def _bytes_of(payload: ProgramImportIn) -> bytes:
    import base64
    import binascii

    if bool(payload.content) == bool(payload.content_base64):
        raise HttpError(422, "Send either content (a CSV's text) or content_base64 (a file).")
    if payload.content:
        return payload.content.encode()
    try:
        return base64.b64decode(payload.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise HttpError(422, "content_base64 is not base64.") from None


@router.post("/programs/{program_id}/import/preview", response=ProgramImportPreviewOut)
def import_preview(request, program_id: Id, payload: ProgramImportIn):
    """Read a file of mentees or of mentorships and answer, row by row, what confirming would
    do; nothing is saved."""
    program = program_run_by(request, program_id)
    try:
        found = imports.preview(program, _bytes_of(payload), payload.filename)
    except imports.FileProblem as problem:
        raise HttpError(422, str(problem)) from None
    return {
        "kind": found.kind,
        "new": found.as_session(),
        "problems": [{"line": n, "value": v, "reason": why} for n, v, why in found.problems],
        "token": found.token(program, request.auth),
    }


@router.post("/programs/{program_id}/import/confirm", response={201: ProgramImportConfirmOut})
def import_confirm(request, program_id: Id, payload: ProgramImportConfirmIn):
    """Invite every row of a preview, all or none (409 if someone was enrolled or invited
    meanwhile: preview again)."""
    program = program_run_by(request, program_id)
    try:
        rows = imports.rows_of(payload.token, program, request.auth)
    except imports.FileProblem as problem:
        raise HttpError(422, str(problem)) from None
    try:
        count = imports.confirm(program, request.auth, rows)
    except ActionError as error:
        raise HttpError(409, f"Nothing was imported: {error} Preview the file again.") from None
    return Status(201, {"invited": count})


# --- Exports -----------------------------------------------------------------------------


@router.get("/programs/{program_id}/export", response={200: None}, openapi_extra=EXPORT_DOC)
def export(
    request,
    program_id: Id,
    what: Literal["roster", "mentors", "training", "checkins", "health"] = "roster",
    format: Literal["csv", "xlsx"] = "csv",
):
    """One of the program's tables as a CSV or XLSX file; `health` (the health matrix of
    the active mentees) for its directors only."""
    program = program_run_by(request, program_id)
    try:
        content, content_type, filename = exports.render(
            program,
            what,
            format,
            sees_records=program.sees_records,  # type: ignore[attr-defined]  # run_by's
        )
    except exports.ExportError as error:
        raise HttpError(422, str(error)) from None
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
