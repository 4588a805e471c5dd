"""Training grants in the JSON API: a program's grants with their appointments (its directors
and administrators), and Tables 5 and 8 as JSON rows or CSV (its directors).

A program the caller does not run, or a table of one they do not direct, does not exist
(404), exactly as on the pages.
"""

# No `from __future__ import annotations` here: ninja reads the views' annotations at import.
from datetime import date
from typing import Literal

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from mentorkit.api.common import Id, Input, Pagination, PersonRef, Problem, paginate, person_ref
from mentorkit.programs.models import Program

from . import tables
from .choices import ActivityCode, AppointmentStatus, Level
from .models import Appointment, TraineeRecord

router = Router(tags=["training grants"])


class BudgetPeriodOut(Schema):
    number: int
    starts_on: date
    ends_on: date


class AppointmentOut(Schema):
    id: int
    trainee: PersonRef
    level: Level
    starts_on: date
    ends_on: date
    status: AppointmentStatus
    budget_period: int | None = Field(description="The budget period it starts in.")
    months: float = Field(description="Months of support it gives, start to end.")
    termination_filed_on: date | None
    termination_late: bool = Field(description="Filed more than 30 days after the end.")

    @staticmethod
    def resolve_trainee(obj) -> dict | None:
        return person_ref(obj.trainee)


class GrantOut(Schema):
    id: int
    activity_code: ActivityCode
    award_number: str
    title: str
    project_start: date
    project_end: date
    is_nrsa: bool = Field(description="Kirschstein-NRSA: months count towards the limits.")
    budget_periods: list[BudgetPeriodOut]
    slots_predoc: int
    slots_postdoc: int
    slots_short_term: int
    slots_scholar: int
    pd_pis: list[PersonRef]
    appointments: list[AppointmentOut]

    @staticmethod
    def resolve_budget_periods(obj) -> list[dict]:
        return [{"number": n, "starts_on": s, "ends_on": e} for n, s, e in obj.budget_periods()]

    @staticmethod
    def resolve_pd_pis(obj) -> list:
        return [person_ref(u) for u in obj.pd_pis.all()]

    @staticmethod
    def resolve_appointments(obj) -> list:
        return list(obj.appointments.all())


@router.get("/programs/{program_id}/grants", response=list[GrantOut])
@paginate(Pagination)
def list_grants(request, program_id: Id):
    """The program's training grants, each with its budget periods and appointments."""
    program = get_object_or_404(Program.objects.run_by(request.auth), pk=program_id)
    appointments = Appointment.objects.select_related("trainee", "grant").order_by(
        "starts_on", "pk"
    )
    return program.training_grants.prefetch_related(
        "pd_pis", Prefetch("appointments", queryset=appointments)
    ).order_by("-project_start", "id")


class RowOut(Schema):
    cells: list[str] = Field(description="In the order of `columns`.")
    sources: str = Field(description="Where each cell came from (not an NIH column).")


class SectionOut(Schema):
    key: str = Field(description="8A, 8B, 5A or 5B.")
    title: str
    part: str
    columns: list[str]
    rows: list[RowOut]


class TableOut(Schema):
    table: str
    heading: str
    sections: list[SectionOut]
    notes: list[str] = Field(description="What each table holds, and what was not confirmed.")


CSV_TOO = {"responses": {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}}
TableFormat = Literal["json", "csv"]
AS_FORMAT = Query("json", alias="format", description="json (rows) or csv.")
ONE_GRANT = Query(None, description="One of the program's grants; all without.")


def _table(request, program_id: int, which: str, fmt: str, grant: int | None):
    program = get_object_or_404(Program.objects.directed_by(request.auth), pk=program_id)
    if grant is not None:
        get_object_or_404(program.training_grants.all(), pk=grant)
    report = tables.build(program, which, grant_ids=[grant] if grant else None)
    if fmt == "csv":
        return HttpResponse(tables.to_csv(report), content_type="text/csv; charset=utf-8")
    return tables.as_json(report)


@router.get("/programs/{program_id}/reports/table8", response=TableOut, openapi_extra=CSV_TOO)
def table8(
    request,
    program_id: Id,
    fmt: TableFormat = AS_FORMAT,
    grant: Id | None = ONE_GRANT,
):
    """Table 8 (Program Outcomes) of the program's trainees, as JSON rows or CSV."""
    return _table(request, program_id, "table8", fmt, grant)


@router.get("/programs/{program_id}/reports/table5", response=TableOut, openapi_extra=CSV_TOO)
def table5(
    request,
    program_id: Id,
    fmt: TableFormat = AS_FORMAT,
    grant: Id | None = ONE_GRANT,
):
    """Table 5 (Publications of Those in Training), as JSON rows or CSV."""
    return _table(request, program_id, "table5", fmt, grant)


MARKDOWN = {"responses": {200: {"description": "The section", "content": {"text/markdown": {}}}}}


@router.get("/programs/{program_id}/reports/progress", response={200: None}, openapi_extra=MARKDOWN)
def progress_section(request, program_id: Id):
    """The progress report's section on trainees, as Markdown (one paragraph per trainee
    appointed in the last year, and the statement on the use of IDPs)."""
    from mentorkit.grants.progress import rendered

    program = get_object_or_404(Program.objects.directed_by(request.auth), pk=program_id)
    return HttpResponse(
        rendered(program, "progress", "md"), content_type="text/markdown; charset=utf-8"
    )


@router.get(
    "/programs/{program_id}/reports/common-metric", response={200: None}, openapi_extra=CSV_TOO
)
def common_metric(request, program_id: Id):
    """The CTSA common metric on careers in clinical and translational research, as CSV."""
    from mentorkit.grants import progress

    program = get_object_or_404(Program.objects.directed_by(request.auth), pk=program_id)
    return HttpResponse(progress.common_metric_csv(program), content_type="text/csv; charset=utf-8")


# --- awards from NIH RePORTER ---------------------------------------------------------------


class ReporterPreviewIn(Input):
    content: str = Field(
        "", description="The text of a RePORTER projects/search answer (API v2, JSON)."
    )
    search_online: bool = Field(
        False, description="Instead of content: search RePORTER by the trainee's name."
    )


class ReporterAwardOut(Schema):
    award_number: str = Field(description="The core number, e.g. R01AI187345.")
    activity_code: str
    agency: str = Field(description="The administering institute, e.g. NIAID.")
    title: str
    project_start: date | None
    project_end: date | None
    principal_investigators: list[str]
    status: Literal["add", "recorded", "not_theirs"]
    role: str = Field(description="pi, mpi or other: the trainee's role, as it would be saved.")
    matched_by: str = Field(description='"name", "award number", or "" when not theirs.')

    @staticmethod
    def resolve_project_start(obj) -> date | None:
        return obj.starts_on

    @staticmethod
    def resolve_project_end(obj) -> date | None:
        return obj.ends_on

    @staticmethod
    def resolve_principal_investigators(obj) -> list[str]:
        return obj.pis


class ReporterPreviewOut(Schema):
    awards: list[ReporterAwardOut]
    token: str = Field(description="Send it to …/reporter/confirm within an hour.")


class ReporterConfirmIn(Input):
    token: str


class ReporterAddedOut(Schema):
    id: int
    award_number: str
    title: str


class ReporterConfirmOut(Schema):
    created: list[ReporterAddedOut]


def _record_directed(request, program_id: int, record_id: int):
    program = get_object_or_404(Program.objects.directed_by(request.auth), pk=program_id)
    return get_object_or_404(
        TraineeRecord.objects.filter(program=program).select_related("trainee"), pk=record_id
    )


REPORTER = "/programs/{program_id}/trainees/{record_id}/reporter"


@router.post(REPORTER + "/preview", response={200: ReporterPreviewOut, 502: Problem})
def reporter_preview(request, program_id: Id, record_id: Id, payload: ReporterPreviewIn):
    """What a RePORTER answer would add to a trainee's grants (their program's directors);
    nothing is saved."""
    from . import reporter
    from .reporter_views import known_numbers

    trainee = _record_directed(request, program_id, record_id).trainee
    if bool(payload.content.strip()) == payload.search_online:
        raise HttpError(422, "Send either content (RePORTER's answer) or search_online.")
    try:
        text = reporter.search_online(trainee) if payload.search_online else payload.content
    except reporter.ReporterError as error:
        raise HttpError(502, str(error)) from error
    try:
        awards = reporter.match(
            reporter.parse(text), trainee, known_numbers(trainee), by_program=True
        )
    except reporter.ReporterError as error:
        raise HttpError(422, str(error)) from error
    return {"awards": awards, "token": reporter.token_for(trainee, awards)}


@router.post(REPORTER + "/confirm", response={201: ReporterConfirmOut})
def reporter_confirm(request, program_id: Id, record_id: Id, payload: ReporterConfirmIn):
    """Add every new award of a preview to the trainee's grants, marked for the program;
    all or none."""
    from . import reporter

    trainee = _record_directed(request, program_id, record_id).trainee
    try:
        added = reporter.confirm(trainee, payload.token, by_program=True)
    except reporter.ReporterError as error:
        raise HttpError(422, str(error)) from error
    return Status(201, {"created": added})
