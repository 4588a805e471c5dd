"""The mentoring team in the JSON API: mentorships, development needs, the agreement,
insights and a mentor's private notes.

Every lookup goes through a queryset limited to the caller, so what they may not
see answers 404, exactly like something that does not exist.
"""

# No `from __future__ import annotations` here: ninja reads the views' annotations at import.
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.errors import HttpError

from mentorkit.api.common import (
    Id,
    Pagination,
    form_data,
    form_problem,
    paginate,
)

from . import actions
from .actions import ActionError, invite_mentor
from .forms import AgreementForm, InsightForm, MentorNoteForm
from .models import Agreement, Insight, MentorNote, Mentorship, MentorshipStatus, Need
from .schemas import (
    PRIORITY_BY_NAME,
    AgreementOut,
    AgreementPatch,
    InsightIn,
    InsightOut,
    MentorNoteIn,
    MentorNoteOut,
    MentorshipEnd,
    MentorshipIn,
    MentorshipOut,
    MentorshipPatch,
    NeedIn,
    NeedOut,
    NeedPatch,
)

router = Router()


# --- Mentorships -------------------------------------------------------------------------


def mentorships_visible_to(user):
    return Mentorship.objects.visible_to(user).select_related("mentee", "mentor")


@router.get("/mentorships", response=list[MentorshipOut], tags=["mentorships"])
@paginate(Pagination)
def list_mentorships(request):
    """The caller's mentorships as a mentee (all) and as a mentor (unless declined)."""
    return mentorships_visible_to(request.auth)


@router.get("/mentorships/{mentorship_id}", response=MentorshipOut, tags=["mentorships"])
def get_mentorship(request, mentorship_id: Id):
    return get_object_or_404(mentorships_visible_to(request.auth), pk=mentorship_id)


@router.post("/mentorships", response={201: MentorshipOut}, tags=["mentorships"])
def invite(request, payload: MentorshipIn):
    """Invite a mentor onto the caller's team; they receive the invitation link by e-mail.
    With `replaces`, in the place of an ended mentorship: on accepting, the new mentor takes
    over what `inherit_agreement` and `inherit_actions` consent to."""
    earlier = None
    if payload.replaces is not None:
        earlier = get_object_or_404(
            Mentorship.objects.filter(mentee=request.auth, status=MentorshipStatus.ENDED),
            pk=payload.replaces,
        )
    elif payload.inherit_agreement or payload.inherit_actions:
        raise HttpError(422, "inherit_agreement and inherit_actions need replaces.")
    mentorship, _link = invite_mentor(
        request.auth,
        replaces=earlier,
        inherit_agreement=payload.inherit_agreement,
        inherit_actions=payload.inherit_actions,
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
@router.post("/mentorships/{mentorship_id}/end", response=MentorshipOut, tags=["mentorships"])
def end_mentorship(request, mentorship_id: Id, payload: MentorshipEnd):
    """Either member ends an active or paused mentorship, with a reason the other is told by
    e-mail; the mentor's access ends with it. For anyone else it does not exist."""
    mentorship = get_object_or_404(
        Mentorship.objects.filter(Q(mentee=request.auth) | Q(mentor=request.auth)).select_related(
            "mentee", "mentor"
        ),
        pk=mentorship_id,
    )
    return actions.end_mentorship(mentorship, request.auth, payload.reason, payload.note)


@router.patch("/mentorships/{mentorship_id}", response=MentorshipOut, tags=["mentorships"])
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
    actions.change_mentorship(mentorship, changes)
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


@router.get("/needs", response=list[NeedOut], tags=["needs"])
@paginate(Pagination)
def list_needs(request, mentee: Query[Id | None] = None):
    """Development needs the caller may see: their own, and those their mentees share.

    `?mentee=<id>` keeps one mentee's needs.
    """
    needs = needs_visible_to(request.auth)
    return needs if mentee is None else needs.filter(mentee_id=mentee)


@router.get("/needs/{need_id}", response=NeedOut, tags=["needs"])
def get_need(request, need_id: Id):
    return get_object_or_404(needs_visible_to(request.auth), pk=need_id)


@router.post("/needs", response={201: NeedOut}, tags=["needs"])
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


@router.patch("/needs/{need_id}", response=NeedOut, tags=["needs"])
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


@router.delete("/needs/{need_id}", response={204: None}, tags=["needs"])
def delete_need(request, need_id: Id):
    get_object_or_404(Need.objects.owned_by(request.auth), pk=need_id).delete()
    return Status(204, None)


# --- The agreement -----------------------------------------------------------------------


def agreements_visible_to(user):
    return (
        Agreement.objects.visible_to(user)
        .select_related("mentee", "mentorship__mentor")
        .prefetch_related("acknowledgements", "revisions__changed_by")
        .order_by("mentee_id", "mentorship_id", "id")
    )


@router.get("/agreements", response=list[AgreementOut], tags=["agreements"])
@paginate(Pagination)
def list_agreements(request):
    """The caller's agreements: their own, and those that bind them as an active mentor."""
    return agreements_visible_to(request.auth)


@router.get("/agreements/{agreement_id}", response=AgreementOut, tags=["agreements"])
def get_agreement(request, agreement_id: Id):
    return get_object_or_404(agreements_visible_to(request.auth), pk=agreement_id)


@router.patch("/agreements/{agreement_id}", response=AgreementOut, tags=["agreements"])
def change_agreement(request, agreement_id: Id, payload: AgreementPatch):
    """Any party proposes new terms, with the reason; a changed term makes a new version
    that every party acknowledges again. Validated by the page's form."""
    agreement = get_object_or_404(agreements_visible_to(request.auth), pk=agreement_id)
    current = AgreementForm(instance=agreement, mentee=agreement.mentee)
    values = {name: current.get_initial_for_field(f, name) for name, f in current.fields.items()}
    form = AgreementForm(
        form_data({**values, **payload.model_dump(exclude_unset=True, exclude_none=True)}),
        instance=agreement,
        mentee=agreement.mentee,
    )
    if not form.is_valid():
        raise form_problem(form)
    actions.revise_agreement(agreement, form, request.auth, form.cleaned_data["note"])
    return get_object_or_404(agreements_visible_to(request.auth), pk=agreement_id)


@router.post("/agreements/{agreement_id}/acknowledge", response=AgreementOut, tags=["agreements"])
def acknowledge_agreement(request, agreement_id: Id):
    """The caller, a party, has read the current version: "we work this way"."""
    agreement = get_object_or_404(agreements_visible_to(request.auth), pk=agreement_id)
    actions.acknowledge_agreement(agreement, request.auth)
    return get_object_or_404(agreements_visible_to(request.auth), pk=agreement_id)


# --- Insights ------------------------------------------------------------------------------


def insights_visible_to(user):
    return (
        Insight.objects.visible_to(user)
        .select_related("mentee", "source__mentor")
        .order_by("-recorded_on", "-id")
    )


@router.get("/insights", response=list[InsightOut], tags=["insights"])
@paginate(Pagination)
def list_insights(request, mentee: Query[Id | None] = None):
    """Insights the caller may read: their own, those their mentees share with the team, and,
    for a primary mentor, those shared with the primary mentors. `?mentee=<id>` keeps one mentee's."""
    insights = insights_visible_to(request.auth)
    return insights if mentee is None else insights.filter(mentee_id=mentee)


@router.get("/insights/{insight_id}", response=InsightOut, tags=["insights"])
def get_insight(request, insight_id: Id):
    return get_object_or_404(insights_visible_to(request.auth), pk=insight_id)


@router.post("/insights", response={201: InsightOut}, tags=["insights"])
def create_insight(request, payload: InsightIn):
    """Keep an insight from one of the caller's mentors; private unless said otherwise."""
    data = payload.model_dump()
    data["recorded_on"] = data["recorded_on"] or timezone.localdate()
    form = InsightForm(form_data(data), mentee=request.auth)
    if not form.is_valid():
        raise form_problem(form)
    insight = actions.record_insight(form, request.auth)
    return Status(201, get_object_or_404(insights_visible_to(request.auth), pk=insight.pk))


@router.post("/insights/{insight_id}/share", response=InsightOut, tags=["insights"])
def share_insight(request, insight_id: Id):
    """Share one of the caller's insights with their primary mentors."""
    insight = get_object_or_404(Insight.objects.owned_by(request.auth), pk=insight_id)
    actions.share_with_primary(insight, True)
    return get_object_or_404(insights_visible_to(request.auth), pk=insight_id)


@router.delete("/insights/{insight_id}/share", response=InsightOut, tags=["insights"])
def unshare_insight(request, insight_id: Id):
    """Stop sharing one of the caller's insights with their primary mentors."""
    insight = get_object_or_404(Insight.objects.owned_by(request.auth), pk=insight_id)
    actions.share_with_primary(insight, False)
    return get_object_or_404(insights_visible_to(request.auth), pk=insight_id)


# --- A mentor's private notes --------------------------------------------------------------


@router.get("/mentorships/{mentorship_id}/notes", response=list[MentorNoteOut], tags=["notes"])
@paginate(Pagination)
def list_mentor_notes(request, mentorship_id: Id):
    """The caller's own notes on a mentorship in which they are the active mentor.
    Nobody else reads them: for the mentee and everyone else the route does not exist."""
    mentorship = get_object_or_404(Mentorship.objects.of_mentor(request.auth), pk=mentorship_id)
    return MentorNote.objects.visible_to(request.auth).filter(mentorship=mentorship)


@router.post("/mentorships/{mentorship_id}/notes", response={201: MentorNoteOut}, tags=["notes"])
def create_mentor_note(request, mentorship_id: Id, payload: MentorNoteIn):
    mentorship = get_object_or_404(Mentorship.objects.of_mentor(request.auth), pk=mentorship_id)
    form = MentorNoteForm(payload.model_dump())
    if not form.is_valid():
        raise form_problem(form)
    return Status(201, actions.keep_mentor_note(form, mentorship, request.auth))
