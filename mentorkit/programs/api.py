"""Programs in the JSON API: the programs a director directs, and their roster.

Only a program's directors see it here; for anyone else it does not exist (404).
Mentees' records reach the program through their own routers, filtered by the
`program` visibility, never from here.
"""

# No `from __future__ import annotations` here: ninja reads the views' annotations at import.
from datetime import date
from typing import Literal

from django.db.models import Count
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from mentorkit.api.common import Id, Pagination, PersonRef, paginate, person_ref

from . import checkins, mentors
from .models import Enrollment, EnrollmentStatus, Program, ProgramKind, Track

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
    """The program's roster: each enrolled mentee with the cohort they entered, where they
    are in the program, and whether they need a check-in (those who do first)."""
    program = get_object_or_404(Program.objects.directed_by(request.auth), pk=program_id)
    return (
        checkins.with_checkins(Enrollment.objects.filter(program=program), program)
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


@router.get("/programs/{program_id}/mentors", response=list[MentorOut])
@paginate(Pagination)
def list_mentors(request, program_id: Id):
    """Everyone who mentors one of the program's mentees now, with their load and capacity."""
    program = get_object_or_404(Program.objects.directed_by(request.auth), pk=program_id)
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
            }
            for row in rows
        ]
