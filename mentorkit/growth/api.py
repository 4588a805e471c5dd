"""Growth in the JSON API: the ledger of contributions to each mentor (the mentee and the
mentor it was for see it), development activities and markers of independence (visible like
every mentee record). What the caller may not see answers 404."""

# No `from __future__ import annotations` here: ninja reads the views' annotations at import.
from datetime import date, datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

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
from mentorkit.growth import actions
from mentorkit.growth.expertise import mentor_keywords_for
from mentorkit.growth.forms import ActivityForm, ContributionForm, MarkerForm
from mentorkit.growth.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Contribution,
    IndependenceMarker,
    MarkerKind,
)

router = Router(tags=["growth"])
ACTIVITY_FIELDS: list[str] = list(ActivityForm.base_fields)


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


class ContributionIn(Input):
    form = ContributionForm

    mentorship: Id
    kind: str = "resource"
    contributed_on: date | None = Field(None, description="Today if left out; not in the future.")
    description: str
    link: str = ""


def _contributions(user):
    return Contribution.objects.visible_to(user).select_related("mentee")


@router.get("/contributions", response=list[ContributionOut])
@paginate(Pagination)
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
    contribution = actions.record_contribution(form, request.auth)
    return Status(201, get_object_or_404(_contributions(request.auth), pk=contribution.pk))


@router.post("/contributions/{contribution_id}/acknowledge", response=ContributionOut)
def acknowledge(request, contribution_id: Id):
    """The mentor it was for acknowledges it."""
    contribution = get_object_or_404(
        _contributions(request.auth).filter(mentorship__mentor=request.auth), pk=contribution_id
    )
    actions.acknowledge_contribution(contribution)
    return contribution


# --- Autonomy (practice 5): development activities and markers of independence ---------


class ActivityOut(Schema):
    id: int
    mentee: PersonRef
    kind: str
    title: str
    topics: list[str]
    starts_on: date
    ends_on: date | None
    status: str
    outcome: str
    beyond_expertise: bool = Field(
        description="Beyond every active mentor's expertise: the mentee's override, else "
        "computed from the mentors' expertise keywords."
    )
    beyond_override: bool | None = Field(description="null: computed.")
    visibility: str

    @staticmethod
    def resolve_mentee(obj) -> dict | None:
        return person_ref(obj.mentee)

    @staticmethod
    def resolve_topics(obj) -> list[str]:
        return obj.topic_list

    @staticmethod
    def resolve_beyond_expertise(obj) -> bool:
        return obj.beyond


class ActivityIn(Input):
    form = ActivityForm

    kind: str = Field("course", description=", ".join(ActivityKind.values))
    title: str
    topics: str = Field(description="Skills or topics, separated by commas.")
    starts_on: date | None = Field(None, description="Today if left out.")
    ends_on: date | None = None
    status: str = Field("planned", description=", ".join(ActivityStatus.values))
    outcome: str = ""
    visibility: str = "team"


class ActivityPatch(Input):
    form = ActivityForm
    change = True

    kind: str | None = None
    title: str | None = None
    topics: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    status: str | None = None
    outcome: str | None = None
    beyond_override: bool | None = Field(None, description="true, false, or null to compute.")
    visibility: str | None = None


class MarkerOut(Schema):
    id: int
    mentee: PersonRef
    kind: str
    label: str
    achieved_on: date
    note: str
    visibility: str

    @staticmethod
    def resolve_mentee(obj) -> dict | None:
        return person_ref(obj.mentee)

    @staticmethod
    def resolve_label(obj) -> str:
        return obj.get_kind_display()


class MarkerIn(Input):
    form = MarkerForm

    kind: str = Field(description=", ".join(MarkerKind.values))
    achieved_on: date
    note: str = ""
    visibility: str = "team"


def _flagged(activities) -> list:
    """The activities with `beyond` set, from their mentees' mentors' keywords (one query)."""
    activities = list(activities)
    keywords = mentor_keywords_for({a.mentee_id for a in activities})
    for activity in activities:
        activity.beyond = activity.is_beyond(keywords[activity.mentee_id])
    return activities


class FlaggedPage:
    """A queryset the paginator slices; only the slice asked for is read and flagged."""

    def __init__(self, queryset):
        self.queryset = queryset

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list:
        return _flagged(self.queryset[window])


def _activities(user):
    return Activity.objects.visible_to(user).select_related("mentee")


def _one_activity(user, pk):
    return _flagged([get_object_or_404(_activities(user), pk=pk)])[0]


@router.get("/activities", response=list[ActivityOut])
@paginate(Pagination)
def list_activities(request, mentee: Id | None = None, status: str = ""):
    """Development activities you may see (yours, and your mentees' shared with you)."""
    queryset = _activities(request.auth).order_by("-starts_on", "-id")
    if mentee:
        queryset = queryset.filter(mentee_id=mentee)
    if status:
        queryset = queryset.filter(status=status)
    return FlaggedPage(queryset)


@router.post("/activities", response={201: ActivityOut})
def create_activity(request, payload: ActivityIn):
    data = payload.model_dump()
    data["starts_on"] = data["starts_on"] or timezone.localdate()
    form = ActivityForm(form_data(data))
    if not form.is_valid():
        raise form_problem(form)
    activity = actions.add_activity(form, request.auth)
    return Status(201, _one_activity(request.auth, activity.pk))


@router.get("/activities/{activity_id}", response=ActivityOut)
def get_activity(request, activity_id: Id):
    return _one_activity(request.auth, activity_id)


@router.patch("/activities/{activity_id}", response=ActivityOut)
def update_activity(request, activity_id: Id, payload: ActivityPatch):
    activity = get_object_or_404(Activity.objects.owned_by(request.auth), pk=activity_id)
    values = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
    changes = payload.model_dump(exclude_unset=True)
    data = form_data({**values, **changes})
    override = changes.get("beyond_override", activity.beyond_override)
    data["beyond_override"] = "" if override is None else str(override)
    form = ActivityForm(data, instance=activity)
    if not form.is_valid():
        raise form_problem(form)
    form.save()
    return _one_activity(request.auth, activity.pk)


@router.delete("/activities/{activity_id}", response={204: None})
def delete_activity(request, activity_id: Id):
    get_object_or_404(Activity.objects.owned_by(request.auth), pk=activity_id).delete()
    return Status(204, None)


def _markers(user):
    return IndependenceMarker.objects.visible_to(user).select_related("mentee")


@router.get("/independence-markers", response=list[MarkerOut])
@paginate(Pagination)
def list_markers(request, mentee: Id | None = None):
    """Markers on the path to independence you may see, in the order they were reached."""
    markers = _markers(request.auth).order_by("achieved_on", "id")
    return markers.filter(mentee_id=mentee) if mentee else markers


@router.post("/independence-markers", response={201: MarkerOut})
def create_marker(request, payload: MarkerIn):
    form = MarkerForm(payload.model_dump(), mentee=request.auth)
    marker = actions.record_marker(form, request.auth) if form.is_valid() else None
    if marker is None:
        raise form_problem(form)
    return Status(201, get_object_or_404(_markers(request.auth), pk=marker.pk))


@router.get("/independence-markers/{marker_id}", response=MarkerOut)
def get_marker(request, marker_id: Id):
    return get_object_or_404(_markers(request.auth), pk=marker_id)


@router.delete("/independence-markers/{marker_id}", response={204: None})
def delete_marker(request, marker_id: Id):
    get_object_or_404(IndependenceMarker.objects.owned_by(request.auth), pk=marker_id).delete()
    return Status(204, None)
