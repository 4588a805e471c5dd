"""Outcomes and reflections in the JSON API. Writes go through the page's forms and actions,
so the API refuses exactly what the pages refuse; what the caller may not see answers 404."""

# No `from __future__ import annotations` here: ninja reads the views' annotations at import.
from datetime import date, datetime

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from mentorkit.api.common import (
    Id,
    Input,
    Pagination,
    PersonRef,
    form_data,
    form_problem,
    paginate,
    person_ref,
)
from mentorkit.outcomes import actions
from mentorkit.outcomes.forms import CelebrateForm, OutcomeForm, ReflectionForm
from mentorkit.outcomes.models import (
    NEWEST_FIRST,
    GrantRole,
    Outcome,
    OutcomeKind,
    OutcomeResult,
    PublicAccess,
    Reflection,
)

router = Router(tags=["outcomes"])
OUTCOME_FIELDS: list[str] = list(OutcomeForm.base_fields)


class OutcomeOut(Schema):
    id: int
    mentee: PersonRef
    kind: str
    title: str
    venue: str
    submitted_on: date | None
    decided_on: date | None
    result: str
    details: str
    authors: str
    year: int | None
    doi: str
    pmid: str
    pmcid: str
    public_access: str
    url: str
    activity_code: str
    award_number: str
    agency: str
    role: str
    project_start: date | None
    project_end: date | None
    previous: int | None = Field(description="The earlier attempt this one follows.")
    visibility: str
    source: str
    celebrated_on: date | None
    celebration_note: str

    @staticmethod
    def resolve_mentee(obj) -> dict | None:
        return person_ref(obj.mentee)

    @staticmethod
    def resolve_previous(obj) -> int | None:
        return obj.previous_id


class OutcomeIn(Input):
    form = OutcomeForm

    kind: str = Field("paper", description=", ".join(OutcomeKind.values))
    title: str
    venue: str = ""
    submitted_on: date | None = None
    decided_on: date | None = Field(None, description="Required for a success or a failure.")
    result: str = Field("pending", description=", ".join(OutcomeResult.values))
    details: str = ""
    authors: str = ""
    year: int | None = None
    doi: str = ""
    pmid: str = ""
    pmcid: str = Field("", description="A paper's PubMed Central id, e.g. PMC1234567.")
    public_access: str = Field("", description=", ".join(PublicAccess.values) + " or empty.")
    url: str = ""
    activity_code: str = Field("", description="A grant's activity code: R01, K23…")
    award_number: str = ""
    agency: str = ""
    role: str = Field("", description=", ".join(GrantRole.values) + " or empty.")
    project_start: date | None = None
    project_end: date | None = None
    previous: int | None = Field(None, description="An earlier outcome of yours this follows.")
    visibility: str = Field("team", description="private, team or program.")


class OutcomePatch(Input):
    form = OutcomeForm
    change = True

    kind: str | None = None
    title: str | None = None
    venue: str | None = None
    submitted_on: date | None = None
    decided_on: date | None = None
    result: str | None = None
    details: str | None = None
    authors: str | None = None
    year: int | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    public_access: str | None = None
    url: str | None = None
    activity_code: str | None = None
    award_number: str | None = None
    agency: str | None = None
    role: str | None = None
    project_start: date | None = None
    project_end: date | None = None
    previous: int | None = None
    visibility: str | None = None


class ReflectionOut(Schema):
    outcome: int
    what_happened: str
    learned: str
    next_steps: str
    shared_with: list[PersonRef] = Field(description="Only the mentee sees this list.")
    updated_at: datetime

    @staticmethod
    def resolve_outcome(obj) -> int:
        return obj.outcome_id

    @staticmethod
    def resolve_shared_with(obj, context) -> list[dict]:
        if obj.outcome.mentee_id != context["request"].auth.pk:
            return []
        return [{"id": u.pk, "name": u.display_name} for u in obj.shared_with.all()]


class ReflectionIn(Input):
    form = ReflectionForm

    what_happened: str
    learned: str = ""
    next_steps: str = ""
    shared_with: list[Id] = Field(default_factory=list, description="Ids of active mentors.")


class CelebrateIn(Input):
    form = CelebrateForm

    note: str = ""


def _outcomes(user):
    return Outcome.objects.visible_to(user).select_related("mentee")


def _form_values(outcome: Outcome) -> dict:
    fields = OUTCOME_FIELDS
    values = {name: getattr(outcome, name) for name in fields if name != "previous"}
    values["previous"] = outcome.previous_id
    return values


def _save(form, user) -> Outcome:
    if not form.is_valid():
        raise form_problem(form)
    with transaction.atomic():
        outcome = actions.save_outcome(form)
    if outcome is None:
        raise form_problem(form)
    return get_object_or_404(_outcomes(user), pk=outcome.pk)


@router.get("/outcomes", response=list[OutcomeOut])
@paginate(Pagination)
def list_outcomes(request, kind: str = "", result: str = "", mentee: Id | None = None):
    """Outcomes you may see: your own, and your mentees' shared with you. Filter by kind,
    result or mentee id."""
    outcomes = _outcomes(request.auth).order_by(*NEWEST_FIRST)
    if kind:
        outcomes = outcomes.filter(kind=kind)
    if result:
        outcomes = outcomes.filter(result=result)
    if mentee:
        outcomes = outcomes.filter(mentee_id=mentee)
    return outcomes


@router.post("/outcomes", response={201: OutcomeOut})
def create_outcome(request, payload: OutcomeIn):
    form = OutcomeForm(form_data(payload.model_dump()), mentee=request.auth)
    return Status(201, _save(form, request.auth))


@router.get("/outcomes/{outcome_id}", response=OutcomeOut)
def get_outcome(request, outcome_id: Id):
    return get_object_or_404(_outcomes(request.auth), pk=outcome_id)


@router.patch("/outcomes/{outcome_id}", response=OutcomeOut)
def update_outcome(request, outcome_id: Id, payload: OutcomePatch):
    """Change some fields of one of your outcomes; the rest keep their values."""
    outcome = get_object_or_404(Outcome.objects.owned_by(request.auth), pk=outcome_id)
    data = form_data({**_form_values(outcome), **payload.model_dump(exclude_unset=True)})
    form = OutcomeForm(data, instance=outcome, mentee=request.auth)
    return _save(form, request.auth)


@router.delete("/outcomes/{outcome_id}", response={204: None})
def delete_outcome(request, outcome_id: Id):
    get_object_or_404(Outcome.objects.owned_by(request.auth), pk=outcome_id).delete()
    return Status(204, None)


@router.get("/outcomes/{outcome_id}/chain", response=list[OutcomeOut])
def outcome_chain(request, outcome_id: Id):
    """Every attempt in this outcome's chain that you may see, first to last."""
    outcome = get_object_or_404(_outcomes(request.auth), pk=outcome_id)
    visible = set(
        _outcomes(request.auth).filter(mentee_id=outcome.mentee_id).values_list("pk", flat=True)
    )
    return [o for o in outcome.chain() if o.pk in visible]


@router.post("/outcomes/{outcome_id}/celebrate", response=OutcomeOut)
def celebrate(request, outcome_id: Id, payload: CelebrateIn):
    """Mark one of your successes celebrated with your mentors (409 for anything else)."""
    outcome = get_object_or_404(Outcome.objects.owned_by(request.auth), pk=outcome_id)
    form = CelebrateForm(payload.model_dump(), outcome=outcome)
    if not form.is_valid():
        if form.errors.get("__all__"):
            raise HttpError(409, " ".join(str(e) for e in form.errors["__all__"]))
        raise form_problem(form)
    if not actions.celebrate(outcome, form.cleaned_data["note"]):
        raise Http404  # deleted meanwhile
    return get_object_or_404(_outcomes(request.auth), pk=outcome.pk)


@router.delete("/outcomes/{outcome_id}/celebrate", response=OutcomeOut)
def uncelebrate(request, outcome_id: Id):
    """No longer celebrated. An outcome deleted meanwhile, even mid-request, is a 404."""
    outcome = get_object_or_404(Outcome.objects.owned_by(request.auth), pk=outcome_id)
    if not actions.uncelebrate(outcome):
        raise Http404
    return get_object_or_404(_outcomes(request.auth), pk=outcome.pk)


def _reflections(user):
    return (
        Reflection.objects.visible_to(user)
        .select_related("outcome")
        .prefetch_related("shared_with")
    )


@router.get("/reflections", response=list[ReflectionOut])
@paginate(Pagination)
def list_reflections(request):
    """Your reflections, and those your mentees shared with you."""
    return _reflections(request.auth).order_by("-updated_at", "-id")


@router.get("/outcomes/{outcome_id}/reflection", response=ReflectionOut)
def get_reflection(request, outcome_id: Id):
    return get_object_or_404(_reflections(request.auth), outcome_id=outcome_id)


@router.put("/outcomes/{outcome_id}/reflection", response=ReflectionOut)
def put_reflection(request, outcome_id: Id, payload: ReflectionIn):
    """Write or replace the reflection on one of your outcomes, and who may read it."""
    outcome = get_object_or_404(Outcome.objects.owned_by(request.auth), pk=outcome_id)
    instance = Reflection.objects.filter(outcome=outcome).first()
    form = ReflectionForm(payload.model_dump(), instance=instance, mentee=request.auth)
    if not form.is_valid():
        raise form_problem(form)
    reflection = actions.save_reflection(form, outcome)
    return get_object_or_404(_reflections(request.auth), pk=reflection.pk)
