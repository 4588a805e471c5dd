"""What the mentee offers in the JSON API: the ledger of contributions to each mentor.
The mentee and the mentor each contribution was for (while active) see it; others get 404."""

# No `from __future__ import annotations` here: ninja reads the views' annotations at import.
from datetime import date, datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from mentorkit.growth.forms import ContributionForm
from mentorkit.growth.models import Contribution

from .meetings import form_problem
from .schemas import Id, PersonRef, person_ref

router = Router(tags=["growth"])


class ContributionOut(Schema):
    id: int
    mentee: PersonRef
    mentorship: int = Field(description="The mentorship of the mentor it was for.")
    kind: str
    contributed_on: date
    description: str
    link: str
    acknowledged_at: datetime | None

    @staticmethod
    def resolve_mentee(obj) -> dict | None:
        return person_ref(obj.mentee)

    @staticmethod
    def resolve_mentorship(obj) -> int:
        return obj.mentorship_id


class ContributionIn(Schema):
    mentorship: Id
    kind: str = "resource"
    contributed_on: date | None = Field(None, description="Today if left out; not in the future.")
    description: str
    link: str = ""


def _contributions(user):
    return Contribution.objects.visible_to(user).select_related("mentee")


@router.get("/contributions", response=list[ContributionOut])
@paginate(LimitOffsetPagination)
def list_contributions(request):
    """Your contributions, and those made to you as a mentor."""
    return _contributions(request.auth).order_by("-contributed_on", "-id")


@router.get("/contributions/{contribution_id}", response=ContributionOut)
def get_contribution(request, contribution_id: Id):
    return get_object_or_404(_contributions(request.auth), pk=contribution_id)


@router.post("/contributions", response={201: ContributionOut})
def create_contribution(request, payload: ContributionIn):
    data = payload.model_dump()
    data["contributed_on"] = data["contributed_on"] or timezone.localdate()
    form = ContributionForm(data, mentee=request.auth)
    if not form.is_valid():
        raise form_problem(form)
    contribution = form.save(commit=False)
    contribution.mentee = request.auth
    contribution.save()
    return Status(201, get_object_or_404(_contributions(request.auth), pk=contribution.pk))


@router.post("/contributions/{contribution_id}/acknowledge", response=ContributionOut)
def acknowledge(request, contribution_id: Id):
    """The mentor it was for acknowledges it."""
    contribution = get_object_or_404(
        _contributions(request.auth).filter(mentorship__mentor=request.auth), pk=contribution_id
    )
    if contribution.acknowledged_at is None:
        contribution.acknowledged_at = timezone.now()
        contribution.save(update_fields=["acknowledged_at"])
    return contribution
