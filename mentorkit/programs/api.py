"""Programs in the JSON API: the programs a director directs, and their roster.

Only a program's directors see it here; for anyone else it does not exist (404).
Mentees' records reach the program through their own routers, filtered by the
`program` visibility, never from here.
"""

# No `from __future__ import annotations` here: ninja reads the views' annotations at import.
from datetime import date

from django.db.models import Count
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from mentorkit.api.common import Id, Pagination, PersonRef, paginate, person_ref

from .models import Enrollment, Program, ProgramKind

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

    @staticmethod
    def resolve_mentee(obj) -> dict | None:
        return person_ref(obj.mentee)


def programs_directed_by(user):
    return Program.objects.directed_by(user).annotate(n_mentees=Count("enrollments"))


@router.get("/programs", response=list[ProgramOut])
@paginate(Pagination)
def list_programs(request):
    """The programs the caller directs."""
    return programs_directed_by(request.auth).order_by("name", "id")


@router.get("/programs/{program_id}", response=ProgramOut)
def get_program(request, program_id: Id):
    return get_object_or_404(programs_directed_by(request.auth), pk=program_id)


@router.get("/programs/{program_id}/enrollments", response=list[EnrollmentOut])
@paginate(Pagination)
def list_enrollments(request, program_id: Id):
    """The program's roster: each enrolled mentee with the cohort they entered."""
    program = get_object_or_404(Program.objects.directed_by(request.auth), pk=program_id)
    return (
        Enrollment.objects.filter(program=program)
        .select_related("mentee")
        .order_by("-cohort_year", "mentee__name", "id")
    )
