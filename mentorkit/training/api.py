"""Mentor training in the JSON API: the caller's own courses."""

# No `from __future__ import annotations` here: ninja reads the views' annotations at import.
from datetime import date

from ninja import Field, Router, Schema, Status

from mentorkit.api.common import Input, Pagination, form_data, form_problem, paginate

from . import actions
from .forms import TrainingRecordForm
from .models import CourseKind, TrainingRecord

router = Router(tags=["mentor training"])


class TrainingRecordOut(Schema):
    id: int
    course: str
    kind: CourseKind
    hours: float
    completed_on: date
    evidence_url: str
    verified: bool = Field(description="Whether a director of a program verified it.")

    @staticmethod
    def resolve_verified(obj) -> bool:
        return obj.verified_at is not None


class TrainingRecordIn(Input):
    form = TrainingRecordForm

    course: str = Field(min_length=1, max_length=200)
    kind: CourseKind = CourseKind.LOCAL
    hours: float = Field(ge=0.5, le=200)
    completed_on: date = Field(description="Not in the future.")
    evidence_url: str = Field("", max_length=500)


@router.get("/mentor-training", response=list[TrainingRecordOut])
@paginate(Pagination)
def list_training(request):
    """The caller's courses on mentoring, the latest first."""
    return TrainingRecord.objects.of(request.auth)


@router.post("/mentor-training", response={201: TrainingRecordOut})
def record_training(request, payload: TrainingRecordIn):
    """Record a course the caller took; the form's rules apply (no future date)."""
    form = TrainingRecordForm(form_data(payload.model_dump()))
    if not form.is_valid():
        raise form_problem(form)
    return Status(201, actions.record_course(form, request.auth))
